package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

// oddBooks are books that are valid but unusual; each must give a clean
// PDF (checked by qpdf when installed).
func oddBooks() map[string]*book.Book {
	one := func(bs ...book.Block) *book.Book {
		return &book.Book{Meta: book.Meta{Title: "Odd", Language: "en"}, Chapters: []book.Chapter{{ID: "c", Title: "C", Blocks: bs}}}
	}
	deepQuote := book.Block(book.Paragraph{book.Text("deep")})
	deepList := book.Block(book.Paragraph{book.Text("deep")})
	for i := 0; i < 60; i++ {
		deepQuote = book.Quote{book.Paragraph{book.Text("level " + lorem[:40])}, deepQuote}
		deepList = book.List{Items: []book.ListItem{{book.Paragraph{book.Text("item")}, deepList}}}
	}
	var manyNotes book.Paragraph
	var defs []book.Block
	for i := 0; i < 300; i++ {
		id := fmt.Sprintf("n%d", i)
		manyNotes = append(manyNotes, book.Text("word "), book.FootnoteRef{ID: id})
		defs = append(defs, book.Footnote{ID: id, Blocks: []book.Block{book.Paragraph{book.Text("Note " + id + ".")}}})
	}
	var hugeNote []book.Block
	for i := 0; i < 80; i++ {
		hugeNote = append(hugeNote, book.Paragraph{book.Text(lorem)})
	}
	var chapters []book.Chapter
	for i := 0; i < 300; i++ {
		chapters = append(chapters, book.Chapter{ID: fmt.Sprintf("c%d", i), Title: fmt.Sprint(i)})
	}
	return map[string]*book.Book{
		"empty chapter":        one(),
		"untitled only":        {Meta: book.Meta{Title: "T", Language: "en"}, Chapters: []book.Chapter{{ID: "c"}}},
		"empty paragraph":      one(book.Paragraph{}, book.Paragraph{book.Text("   ")}, book.Paragraph{book.LineBreak{}, book.LineBreak{}}),
		"long word":            one(book.Paragraph{book.Text("x" + strings.Repeat("abcdefghij", 500) + " end")}),
		"long url":             one(book.Paragraph{book.Link{URL: "https://example.org/" + strings.Repeat("path/", 200), Content: []book.Inline{book.Text("https://example.org/" + strings.Repeat("path/", 200))}}}),
		"long code":            one(book.CodeBlock{Text: strings.Repeat("x", 3000) + "\n\t\ttabs\n\n\n" + strings.Repeat("word ", 400)}),
		"deep quote":           one(deepQuote),
		"deep list":            one(deepList),
		"many notes":           one(append([]book.Block{manyNotes}, defs...)...),
		"huge note":            one(book.Paragraph{book.Text("ref"), book.FootnoteRef{ID: "h"}}, book.Footnote{ID: "h", Blocks: hugeNote}),
		"note twice":           one(book.Paragraph{book.FootnoteRef{ID: "a"}, book.Text(" and "), book.FootnoteRef{ID: "a"}}, book.Footnote{ID: "a"}),
		"heading only":         one(book.Heading{Level: 2}, book.Heading{Level: 6, Content: []book.Inline{book.Text("six")}}),
		"headings at the end":  one(book.Paragraph{book.Text(lorem)}, book.Heading{Level: 2, Content: []book.Inline{book.Text("Last")}}),
		"scene breaks":         one(book.SceneBreak{}, book.SceneBreak{}, book.Paragraph{book.Text("x")}, book.SceneBreak{}),
		"table odd":            one(book.Table{Rows: [][]book.Cell{{{}, {book.Text(strings.Repeat("w ", 300))}}, {{book.Text(strings.Repeat("z", 500))}, {}}}}),
		"wide table":           one(book.Table{Header: []book.Cell{{book.Text("a")}, {book.Text("b")}, {book.Text("c")}, {book.Text("d")}, {book.Text("e")}, {book.Text("f")}, {book.Text("g")}, {book.Text("h")}, {book.Text("i")}, {book.Text("j")}, {book.Text("k")}, {book.Text("l")}}}),
		"svg":                  one(book.Figure{Image: book.Resource{Name: "a.svg", MediaType: "image/svg+xml", Data: []byte("<svg/>")}, Alt: "A drawing"}),
		"tall image":           one(book.Figure{Image: book.Resource{Name: "t.png", MediaType: "image/png", Data: tallPNG()}}),
		"many chapters":        {Meta: book.Meta{Title: "Many", Language: "en"}, Chapters: chapters},
		"special spaces":       one(book.Paragraph{book.Text("a\u2002b\u2003c\u2009d\u200ae\u202ff\u3000g\u00a0h\u200bi\u2060j\u00adk\tl\u200dm\u200en")}),
		"combining and marks":  one(book.Paragraph{book.Text("e\u0301 a\u0308 \u2116 \u00a7 \u00b6 \u2020")}),
		"only footnote marker": one(book.Paragraph{book.FootnoteRef{ID: "m"}}, book.Footnote{ID: "m", Blocks: []book.Block{book.CodeBlock{Text: "x"}, book.List{Items: []book.ListItem{{}}}}}),
	}
}

// tallPNG is far taller than a page at its natural size.
func tallPNG() []byte {
	m := image.NewGray(image.Rect(0, 0, 60, 4000))
	for y := 0; y < 4000; y++ {
		m.Pix[y*60+y%60] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestOddBooks(t *testing.T) {
	for name, b := range oddBooks() {
		t.Run(name, func(t *testing.T) {
			if err := b.Validate(); err != nil {
				t.Skipf("not a valid book: %v", err)
			}
			var warned []string
			path, _ := write(t, b, &Options{Warn: func(s string) { warned = append(warned, s) }})
			validators.QPDFCheck(t, path)
			for _, w := range warned {
				if !strings.HasPrefix(w, "pdf: ") {
					t.Errorf("warning without prefix: %q", w)
				}
			}
		})
	}
}

func TestBadImage(t *testing.T) {
	b := testBook()
	b.Chapters[2].Blocks[1] = book.Figure{Image: book.Resource{Name: "broken.png", MediaType: "image/png", Data: []byte("\x89PNG\r\n\x1a\nbroken")}}
	err := Write(&bytes.Buffer{}, b, nil)
	if !errors.Is(err, ErrImage) || !strings.Contains(err.Error(), "broken.png") || !strings.Contains(err.Error(), `chapter 3 "figures", block 2`) {
		t.Errorf("got %v", err)
	}
}

func TestFootnoteOnItsPage(t *testing.T) {
	d := pageDoc(t)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for i, p := range d.pages {
		var onPage []int
		for _, pl := range p.notes {
			for n, note := range d.notes {
				if len(note.elems) > 0 && note.elems[0] == pl.e {
					onPage = append(onPage, n)
				}
			}
		}
		for _, pl := range p.body {
			for _, n := range pl.e.notes() {
				seen++
				if !containsInt(onPage, n) {
					t.Errorf("page %d refers to note %d, which starts elsewhere", i+1, n+1)
				}
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d references found, want 2", seen)
	}
}

func TestSVGWarns(t *testing.T) {
	b := oddBooks()["svg"]
	var warned []string
	path, _ := write(t, b, &Options{Warn: func(s string) { warned = append(warned, s) }})
	if len(warned) != 1 || !strings.Contains(warned[0], "a.svg") {
		t.Errorf("warnings %q", warned)
	}
	if text := validators.Run(t, "pdftotext", path, "-"); !strings.Contains(text, "A drawing") {
		t.Error("SVG figure's alt text not shown")
	}
}
