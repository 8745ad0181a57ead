package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
	"github.com/quire-books/quire/pdf/internal/typeset"
	"github.com/quire-books/quire/source"
)

// pamphletLines returns the pamphlet's original text as non-empty lines:
// three header lines (title, byline, date), then the body.
func pamphletLines() []string {
	var out []string
	for _, l := range strings.Split(string(source.PamphletText()), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// pamphlet returns the pamphlet as the project ships it: the Markdown
// manuscript read by package source.
func pamphlet(t testing.TB) *book.Book {
	t.Helper()
	b, err := source.Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// modelText returns the text of a book's chapters as a reader sees it:
// titles, then blocks in order (footnotes where referred to are not
// needed: the pamphlet has none).
func modelText(b *book.Book) string {
	var sb strings.Builder
	var block func(bl book.Block)
	block = func(bl book.Block) {
		switch bl := bl.(type) {
		case book.Paragraph:
			sb.WriteString(book.PlainText(bl))
		case book.Heading:
			sb.WriteString(book.PlainText(bl.Content))
		case book.Quote:
			for _, x := range bl {
				block(x)
			}
		case book.List:
			for _, it := range bl.Items {
				for _, x := range it {
					block(x)
				}
			}
		case book.CodeBlock:
			sb.WriteString(bl.Text)
		}
		sb.WriteString("\n")
	}
	for _, ch := range b.Chapters {
		sb.WriteString(ch.Title + "\n")
		for _, bl := range ch.Blocks {
			block(bl)
		}
	}
	return sb.String()
}

// bodyText extracts the text of the pages from the first chapter on,
// cropped to the text block: no running heads or folios.
func bodyText(t *testing.T, b *book.Book, path string) string {
	t.Helper()
	s, _ := (*Options)(nil).settings()
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	first := d.targets[b.Chapters[0].ID].page + 1
	top := int(s.margins.Top) - 2
	return validators.Run(t, "pdftotext", "-enc", "UTF-8", "-f", fmt.Sprint(first), "-x", "0", "-y", fmt.Sprint(top),
		"-W", fmt.Sprint(int(s.trim.W)), "-H", fmt.Sprint(int(d.textH)+4), path, "-")
}

// TestPamphletWords reads the original text with its own reader and
// checks that pdftotext gives back every word of it, in order.
func TestPamphletWords(t *testing.T) {
	b, err := source.PamphletOriginal()
	if err != nil {
		t.Fatal(err)
	}
	path, _ := write(t, b, nil)
	want := words(strings.Join(pamphletLines()[3:], "\n"))
	if len(want) < 10000 {
		t.Fatalf("only %d words in the original", len(want))
	}
	sameWords(t, words(bodyText(t, b, path)), want)
}

// TestPamphletManuscriptWords does the same for the shipped manuscript,
// against the words of its model.
func TestPamphletManuscriptWords(t *testing.T) {
	b := pamphlet(t)
	path, _ := write(t, b, nil)
	sameWords(t, words(bodyText(t, b, path)), words(modelText(b)))
}

func sameWords(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < len(want) && i < len(got); i++ {
		if got[i] != want[i] {
			lo := max(0, i-8)
			t.Fatalf("word %d: got %q, want %q\ngot:  %v\nwant: %v", i, got[i], want[i], got[lo:min(len(got), i+8)], want[lo:min(len(want), i+8)])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d words, want %d", len(got), len(want))
	}
}

// TestPamphletDemerits checks, paragraph by paragraph, that the total-fit
// breaks are no worse than first-fit ones by TeX's own measure, given the
// same items: those of the first pass (no hyphens) when it sets the
// paragraph, else the hyphenated ones. (Against greedy breaks of the
// hyphenated items, a paragraph set in the first pass may lose: TeX
// prefers no hyphens within \pretolerance to fewer demerits.)
func TestPamphletDemerits(t *testing.T) {
	b := pamphlet(t)
	s, _ := (*Options)(nil).settings()
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc(b, s, fonts)
	width := func(int) typeset.Length { return typeset.Length(d.textW) }
	n, better := 0, 0
	var sumKP, sumGreedy float64
	for _, ch := range b.Chapters {
		for _, bl := range ch.Blocks {
			p, ok := bl.(book.Paragraph)
			if !ok {
				continue
			}
			runs, err := d.runs(p, inl{size: d.sz.body}, nil)
			if err != nil {
				t.Fatal(err)
			}
			items, kp, _ := d.breakParagraph(runs, &typeset.ItemizeOptions{Indent: typeset.Length(d.sz.body)}, d.textW, true)
			gr := typeset.Greedy(items, width, nil)
			if kp.Greedy {
				t.Errorf("paragraph %d fell back to greedy", n)
			}
			if kp.Demerits > gr.Demerits+1e-6 {
				t.Errorf("paragraph %d: Knuth–Plass demerits %.0f > greedy %.0f", n, kp.Demerits, gr.Demerits)
			}
			if kp.Demerits < gr.Demerits {
				better++
			}
			sumKP += kp.Demerits
			sumGreedy += gr.Demerits
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d paragraphs", n)
	}
	t.Logf("%d paragraphs, %d better than greedy; demerits %.0f (Knuth–Plass) vs %.0f (greedy)", n, better, sumKP, sumGreedy)
}

func TestPamphletValid(t *testing.T) {
	path, data := write(t, pamphlet(t), nil)
	validators.QPDFCheck(t, path)
	_, again := write(t, pamphlet(t), nil)
	if !bytes.Equal(data, again) {
		t.Error("two builds of the pamphlet differ")
	}
}

func BenchmarkWritePamphlet(b *testing.B) {
	bk := pamphlet(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, bk, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
