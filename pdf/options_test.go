package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

func TestTrimSizes(t *testing.T) {
	for _, c := range []struct {
		size Size
		want string
	}{
		{A4, "595.28 x 841.89"},
		{Letter, "612 x 792"},
		{Royal6x9, "432 x 648"},
		{Digest, "396 x 612"},
		{Size{300, 500}, "300 x 500"},
	} {
		path, _ := write(t, testBook(), &Options{TrimSize: c.size})
		if info := validators.Run(t, "pdfinfo", path); !strings.Contains(info, "Page size:       "+c.want+" pts") {
			t.Errorf("%v: pdfinfo says\n%s", c.size, info)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []*Options{
		{TrimSize: Size{10, 10}},
		{TrimSize: Size{-1, 500}},
		{FontSize: 200},
		{FontSize: 10, Leading: 5},
		{Margins: Margins{Inner: 200, Outer: 200}},
		{ContentsDepth: 9},
		{Body: &Font{}},
	} {
		if err := Write(&bytes.Buffer{}, testBook(), o); err == nil || !strings.HasPrefix(err.Error(), "pdf: ") {
			t.Errorf("%+v: got %v", o, err)
		}
	}
	if err := Write(&bytes.Buffer{}, &book.Book{}, nil); err == nil || !errors.Is(err, book.ErrNoTitle) {
		t.Errorf("invalid book: got %v", err)
	}
	if err := Write(&bytes.Buffer{}, nil, nil); err == nil {
		t.Error("nil book: no error")
	}
}

// hyphenated counts the lines of the pamphlet that end with a hyphen the
// typesetter added. (The whole pamphlet: in a few chapters, a hyphenator
// allowing more breaks may as well save a hyphen as add one, since the
// second pass minimises demerits, not hyphens.)
func hyphenated(t *testing.T, o *Options) int {
	b := pamphlet(t)
	s, err := o.settings()
	if err != nil {
		t.Fatal(err)
	}
	fonts, _ := loadFonts(nil, nil)
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range d.pages {
		for _, pl := range p.body {
			for i, o := range pl.e.ops {
				// A hyphen drawn right after a word: a hyphenation.
				if o.kind == opText && o.text == "-" && i > 0 {
					prev := pl.e.ops[i-1]
					if end := prev.x + d.width(d.opStyle(prev), prev.text); end > o.x-0.01 && end < o.x+0.01 {
						n++
					}
				}
			}
		}
	}
	return n
}

func TestHyphenationOptions(t *testing.T) {
	on, off := hyphenated(t, nil), hyphenated(t, &Options{NoHyphenation: true})
	if on == 0 || off != 0 {
		t.Errorf("hyphenated lines: %d by default, %d with NoHyphenation", on, off)
	}
	everywhere := hyphenated(t, &Options{Hyphenator: everyLetter{}})
	if everywhere <= on {
		t.Errorf("a hyphenator allowing every break gave %d hyphens, the default %d", everywhere, on)
	}
}

// everyLetter allows a hyphen after every letter but the first.
type everyLetter struct{}

func (everyLetter) Hyphenate(w string) []int {
	var out []int
	for i := range w {
		if i > 1 && i < len(w)-1 {
			out = append(out, i)
		}
	}
	return out
}

func TestRagged(t *testing.T) {
	s, _ := (&Options{Ragged: true}).settings()
	fonts, _ := loadFonts(nil, nil)
	b := pamphlet(t)
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	// Ragged lines keep natural spaces: every line of body text is at
	// most the measure and the spaces between words are all the same.
	short := 0
	for _, p := range d.pages {
		for _, pl := range p.body {
			var xs []Length
			var right Length
			for _, o := range pl.e.ops {
				if o.kind == opText && d.styles[o.ref].size == d.sz.body {
					xs = append(xs, o.x)
					right = o.x + d.width(int(o.ref), o.text)
				}
			}
			if len(xs) > 3 && right < d.textW-2*d.sz.body {
				short++
			}
			if right > d.textW+0.01 {
				t.Errorf("line overfull: %v > %v", right, d.textW)
			}
		}
	}
	if short < 50 {
		t.Errorf("only %d ragged lines", short)
	}
}

func TestRectoChapters(t *testing.T) {
	s, _ := (&Options{RectoChapters: true}).settings()
	fonts, _ := loadFonts(nil, nil)
	b := pamphlet(t)
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	blanks := 0
	for _, ch := range b.Chapters {
		if p := d.targets[ch.ID].page; p%2 != 0 {
			t.Errorf("chapter %q opens on page %d, a left-hand page", ch.ID, p+1)
		}
	}
	for i, p := range d.pages {
		if p.kind == blankPage {
			blanks++
			if len(p.body) > 0 || p.head != "" {
				t.Errorf("blank page %d has content", i+1)
			}
		}
	}
	if blanks == 0 || len(d.pages)%2 != 0 {
		t.Errorf("%d blank pages, %d pages", blanks, len(d.pages))
	}
	path, _ := write(t, b, &Options{RectoChapters: true})
	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for i, pg := range strings.Split(text, "\f") {
		if i < len(d.pages) && d.pages[i].kind == blankPage && strings.TrimSpace(pg) != "" {
			t.Errorf("blank page %d has text %q", i+1, pg)
		}
		if i < len(d.pages) && d.pages[i].opener && strings.Contains(pg, d.pages[i].head) && i > 4 {
			lines := strings.Split(strings.TrimSpace(pg), "\n")
			if strings.TrimSpace(lines[len(lines)-1]) == fmt.Sprint(i+1) {
				t.Errorf("chapter opener page %d has a folio", i+1)
			}
		}
	}
}

func TestCustomFont(t *testing.T) {
	var warned []string
	o := &Options{
		Body: &Font{Name: "Liberation Sans", Regular: liberationsansregular.TTF, Bold: liberationsansbold.TTF},
		Warn: func(s string) { warned = append(warned, s) },
	}
	path, _ := write(t, testBook(), o)
	fonts := validators.Run(t, "pdffonts", path)
	// Italic falls back to regular and is embedded once; bold-italic to bold.
	if n := strings.Count(fonts, "+LiberationSans"); n != 2 {
		t.Errorf("want 2 body fonts (regular, bold), got:\n%s", fonts)
	}
	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if !strings.Contains(text, "Typeset with Quire in Liberation Sans") {
		t.Error("colophon does not name the font")
	}
}

func TestReplaceMissing(t *testing.T) {
	b := testBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{book.Text("漢字 and 😀.")})
	var warned []string
	warn := func(s string) {
		if strings.Contains(s, "no glyph") {
			warned = append(warned, s)
		}
	}
	path, _ := write(t, b, &Options{ReplaceMissing: true, Warn: warn})
	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if !strings.Contains(text, "?? and ?.") {
		t.Errorf("no replacement characters in the text")
	}
	if len(warned) != 3 || !strings.Contains(warned[0], "U+6F22") {
		t.Errorf("warnings: %q", warned)
	}
}

// Decomposed accents are composed before they are set, since the PDF
// library cannot put a mark on its letter; a mark with no precomposed form
// is drawn after its letter, with a warning.
func TestCombiningMarks(t *testing.T) {
	b := testBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{book.Text("Cafe\u0301 in Vie\u0323\u0302t Nam, and q\u0303.")})
	var warned []string
	warn := func(s string) {
		if strings.Contains(s, "combining") {
			warned = append(warned, s)
		}
	}
	path, _ := write(t, b, &Options{Warn: warn})
	if len(warned) != 1 || !strings.Contains(warned[0], "U+0303") {
		t.Errorf("warnings: %q", warned)
	}
	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if !strings.Contains(text, "Caf\u00e9 in Vi\u1ec7t Nam") {
		t.Errorf("decomposed accents were not composed: %q", text[strings.Index(text, "Caf"):][:30])
	}
}

// Right-to-left letters are refused, naming the place, rather than drawn
// backwards.
func TestRightToLeft(t *testing.T) {
	b := testBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{book.Text("Shalom: שלום.")})
	err := Write(&bytes.Buffer{}, b, nil)
	var ge *GlyphError
	if !errors.Is(err, ErrRightToLeft) || !errors.As(err, &ge) || ge.Rune != 'ש' || !strings.Contains(err.Error(), "cannot set right-to-left text (U+05E9") || !strings.Contains(err.Error(), "chapter 1") {
		t.Errorf("Hebrew: %v", err)
	}
	if errors.Is(err, ErrMissingGlyph) {
		t.Error("Liberation has Hebrew glyphs: the error is the direction, not a missing glyph")
	}
}
