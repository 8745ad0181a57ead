package source

import (
	"bytes"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
)

// The 18 section headings of the pamphlet, in order.
var pamphletHeadings = []string{
	"The days which shook the world",
	"Peace, bread and land",
	"The policy of Lenin and the Bolsheviks",
	"The soviets, organs of proletarian democracy",
	"The revolutionary wave of 1917-1920",
	"The revolution in Central Europe",
	"The international counter-revolution",
	"An unprecedented wave of reaction",
	"The revolutionary wave of 1934-1936",
	"The Popular Fronts: a policy to stifle the proletariat’s consciousness",
	"Even after its defeat, the proletariat still haunted the bourgeoisie",
	"The revolutionary wave in the colonial and semi-colonial countries",
	"The political obliteration of the proletariat by the revolutionary nationalists",
	"An assessment of the October Revolution",
	"The gains of the October Revolution in the Soviet Union",
	"The overwhelming responsibility of the bourgeoisie",
	"The proletarian revolution\u00a0– a historical necessity",
	"The potential forces of the proletariat",
}

func readPamphlets(t *testing.T) (md, orig *book.Book) {
	t.Helper()
	md, err := Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	orig, err = PamphletOriginal()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []*book.Book{md, orig} {
		if err := b.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	return md, orig
}

func TestPamphletEmbedsTheOriginal(t *testing.T) {
	want, err := os.ReadFile("pamphlet/october-1917.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(PamphletText(), want) {
		t.Error("PamphletText differs from pamphlet/october-1917.txt")
	}
	if !bytes.HasPrefix(PamphletMarkdown(), []byte("---\ntitle: ")) {
		t.Error("PamphletMarkdown does not start with front matter")
	}
	PamphletText()[0] = 'x' // the caller's copy
	if PamphletText()[0] != 'T' {
		t.Error("PamphletText returned the embedded bytes, not a copy")
	}
}

func TestPamphletChapters(t *testing.T) {
	md, orig := readPamphlets(t)
	for name, b := range map[string]*book.Book{"markdown": md, "original": orig} {
		if len(b.Chapters) != 19 {
			t.Fatalf("%s: %d chapters, want 19 (an opening and 18 sections)", name, len(b.Chapters))
		}
		if c := b.Chapters[0]; c.ID != "opening" || c.Title != "" {
			t.Errorf("%s: first chapter %q %q, want the untitled opening", name, c.ID, c.Title)
		}
		for i, want := range pamphletHeadings {
			if got := b.Chapters[i+1].Title; got != want {
				t.Errorf("%s: chapter %d title %q, want %q", name, i+2, got, want)
			}
		}
		// Short questions are paragraphs, not headings.
		peace := b.Chapters[2]
		for _, q := range []string{"Who could do all this?", "Who else then?"} {
			found := false
			for _, bl := range peace.Blocks {
				if p, ok := bl.(book.Paragraph); ok && book.PlainText(p) == q {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no paragraph %q in chapter %q", name, q, peace.Title)
			}
		}
	}
}

func TestPamphletMetadata(t *testing.T) {
	md, orig := readPamphlets(t)
	m := md.Meta
	checks := []struct{ name, got, want string }{
		{"title", m.Title, "The 70th anniversary of the 1917 October Revolution"},
		{"subtitle", m.Subtitle, "The relevance of the proletarian revolution today"},
		{"authors", strings.Join(m.Authors(), "; "), "Lutte Ouvrière"},
		{"translator", m.ByRole(book.Translator)[0].Name, "Workers’ Fight"},
		{"language", m.Language, "en-GB"},
		{"published", m.Published.String(), "1987-11"},
		{"identifier", m.Identifier, "urn:uuid:0de1c3a3-511a-597c-8aa0-c209206b44f9"},
		{"publisher", m.Publisher, "Workers’ Fight, Britain"},
		{"original title", orig.Meta.Title, m.Title},
		{"original subtitle", orig.Meta.Subtitle, m.Subtitle},
		{"original published", orig.Meta.Published.String(), "1987-11"},
		{"original translator", orig.Meta.ByRole(book.Translator)[0].Name, "Workers’ Fight"},
		{"original description", orig.Meta.Description, "LO pamphlet\u00a0– translated by Workers’ Fight\u00a0– Britain"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if m.Rights == "" || m.Description == "" || len(m.Subjects) < 3 {
		t.Errorf("rights %q, description %q, subjects %q: want all filled", m.Rights, m.Description, m.Subjects)
	}
}

type erratum struct {
	line            int
	original, fixed string
}

// readErrata parses the table in pamphlet/ERRATA.md.
func readErrata(t *testing.T) []erratum {
	t.Helper()
	data, err := os.ReadFile("pamphlet/ERRATA.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\| (\\d+) \\| `([^`]+)` \\| `([^`]+)` \\| [^|]+ \\|$")
	var list []erratum
	for _, l := range strings.Split(string(data), "\n") {
		if m := row.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			list = append(list, erratum{n, m[2], m[3]})
		} else if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| Line") {
			t.Errorf("ERRATA.md: cannot read row %q", l)
		}
	}
	if len(list) == 0 {
		t.Fatal("ERRATA.md lists no errata")
	}
	return list
}

// The Markdown manuscript reads exactly like the original text once the
// errata are applied to it: same chapters, titles, blocks and characters.
func TestPamphletMatchesOriginalWithErrata(t *testing.T) {
	md, _ := readPamphlets(t)
	lines := strings.Split(string(PamphletText()), "\n")
	for _, e := range readErrata(t) {
		if e.line < 1 || e.line > len(lines) {
			t.Fatalf("erratum %+v: no such line", e)
		}
		if n := strings.Count(lines[e.line-1], e.original); n != 1 {
			t.Fatalf("erratum %+v: found %d times on its line, want once", e, n)
		}
		lines[e.line-1] = strings.Replace(lines[e.line-1], e.original, e.fixed, 1)
	}
	fixed, err := ReadText([]byte(strings.Join(lines, "\n")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixed.Chapters) != len(md.Chapters) {
		t.Fatalf("%d chapters, want %d", len(fixed.Chapters), len(md.Chapters))
	}
	for i := range md.Chapters {
		a, b := md.Chapters[i], fixed.Chapters[i]
		if a.ID != b.ID || a.Title != b.Title || len(a.Blocks) != len(b.Blocks) {
			t.Errorf("chapter %d: markdown %q %q with %d blocks, original %q %q with %d", i+1, a.ID, a.Title, len(a.Blocks), b.ID, b.Title, len(b.Blocks))
			continue
		}
		for j := range a.Blocks {
			if !reflect.DeepEqual(a.Blocks[j], b.Blocks[j]) {
				t.Errorf("chapter %d block %d:\nmarkdown %q\noriginal %q", i+1, j+1, a.Blocks[j], b.Blocks[j])
			}
		}
	}
}

// The text reader keeps every word of the original body, in order.
func TestPamphletKeepsEveryWord(t *testing.T) {
	md, orig := readPamphlets(t)
	lines := strings.Split(string(PamphletText()), "\n")
	raw := strings.Fields(plainPunctuation(strings.ReplaceAll(strings.Join(lines[4:], "\n"), "•", "")))
	got := strings.Fields(plainPunctuation(bookText(orig)))
	if !reflect.DeepEqual(got, raw) {
		for i := range min(len(got), len(raw)) {
			if got[i] != raw[i] {
				t.Fatalf("word %d: got %q, want %q (of %d and %d words)", i, got[i], raw[i], len(got), len(raw))
			}
		}
		t.Fatalf("got %d words, want %d", len(got), len(raw))
	}
	mdWords := strings.Fields(bookText(md))
	t.Logf("%d chapters, %d words in the body (%d in the Markdown edition)", len(orig.Chapters), len(got), len(mdWords))
	if len(mdWords) != len(got)-1 { // the errata remove one doubled "the"
		t.Errorf("the Markdown edition has %d words, want %d", len(mdWords), len(got)-1)
	}
}

// plainPunctuation undoes the typographic punctuation, for comparing words.
func plainPunctuation(s string) string {
	return strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "–", "-", "…", "...", "\u00a0", " ").Replace(s)
}

// bookText returns the chapter titles and the text of every block.
func bookText(b *book.Book) string {
	var sb strings.Builder
	var blocks func([]book.Block)
	blocks = func(bs []book.Block) {
		for _, bl := range bs {
			switch bl := bl.(type) {
			case book.Paragraph:
				sb.WriteString(book.PlainText(bl) + "\n")
			case book.Heading:
				sb.WriteString(book.PlainText(bl.Content) + "\n")
			case book.List:
				for _, item := range bl.Items {
					blocks(item)
				}
			case book.Quote:
				blocks(bl)
			default:
				sb.WriteString("?unexpected block?\n")
			}
		}
	}
	for _, c := range b.Chapters {
		sb.WriteString(c.Title + "\n")
		blocks(c.Blocks)
	}
	return sb.String()
}

func TestPamphletList(t *testing.T) {
	md, orig := readPamphlets(t)
	for name, b := range map[string]*book.Book{"markdown": md, "original": orig} {
		var lists []book.List
		var where string
		for _, c := range b.Chapters {
			for _, bl := range c.Blocks {
				if l, ok := bl.(book.List); ok {
					lists = append(lists, l)
					where = c.ID
				}
			}
		}
		if len(lists) != 1 {
			t.Fatalf("%s: %d lists, want 1", name, len(lists))
		}
		l := lists[0]
		if len(l.Items) != 5 || l.Ordered || where != "the-popular-fronts-a-policy-to-stifle-the-proletariats-consciousness" {
			t.Fatalf("%s: list of %d items (ordered %v) in %q, want 5 bullets in the Popular Fronts chapter", name, len(l.Items), l.Ordered, where)
		}
		first := book.PlainText(l.Items[0][0].(book.Paragraph))
		last := book.PlainText(l.Items[4][0].(book.Paragraph))
		if !strings.HasPrefix(first, "preventing the working class") || last != "substituting nationalism for internationalism." {
			t.Errorf("%s: items run from %q to %q", name, first, last)
		}
	}
}

func TestPamphletTypography(t *testing.T) {
	md, orig := readPamphlets(t)
	for name, b := range map[string]*book.Book{"markdown": md, "original": orig} {
		text := bookText(b)
		for _, want := range []string{
			"Workers’ and Soldiers’ deputies",
			"the workers’ and peasants’ revolution",
			"Lenin declared: “Comrades,",
			"the power themselves.”",
			"a beginning\u00a0– the beginning",
			"its “socialist” lackeys\u00a0– proved",
			"bourgeoisie (…) The oppressed",
			"unfolding… one",
			"of the 30s’ and",
			"in the early 80s’.",
			"the Tsar’s police",
			"\n“The great honour",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q", name, want)
			}
		}
		for _, bad := range []string{`"`, "'", " - ", "\u00a0- ", " -\u00a0", "...", " –", "–\u00a0"} {
			if n := strings.Count(text, bad); n > 0 {
				t.Errorf("%s: %q found %d times", name, bad, n)
			}
		}
	}
}
