package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
)

// pageDoc is a doc with the default page and an empty chapter to fill.
func pageDoc(t *testing.T) *doc {
	t.Helper()
	s, err := (*Options)(nil).settings()
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return newDoc(testBook(), s, fonts)
}

// para emits a paragraph of n body lines, each naming itself.
func (d *doc) testPara(name string, n int) {
	var lines []*elem
	for i := 0; i < n; i++ {
		lines = append(lines, &elem{h: d.sz.lead, base: d.sz.body, grid: true, line: true, refs: &elemRefs{anchors: []string{fmt.Sprintf("%s%d", name, i+1)}}})
	}
	d.emitLines(lines)
}

// testHeading emits a heading as heading() does.
func (d *doc) testHeading(name string) {
	d.space(1.5 * d.sz.lead)
	d.emit(&elem{h: d.sz.lead, brk: forbid, refs: &elemRefs{anchors: []string{name}}})
	d.emit(&elem{h: d.sz.lead / 2, brk: forbid})
	d.keep = 2
}

// layoutOf returns the first anchor of each page's body elements.
func layoutOf(pages []*page) [][]string {
	var out [][]string
	for _, p := range pages {
		var names []string
		for _, pl := range p.body {
			if len(pl.e.anchors()) > 0 {
				names = append(names, pl.e.anchors()[0])
			}
		}
		out = append(out, names)
	}
	return out
}

func firstLast(p []string) string {
	if len(p) == 0 {
		return "(empty)"
	}
	return p[0] + ".." + p[len(p)-1]
}

func TestPaginateOrphan(t *testing.T) {
	d := pageDoc(t)
	N := d.lines
	d.testPara("a", N-1)
	d.testPara("b", 4) // one line would fit on page 1: an orphan
	pages := layoutOf(d.paginate(d.out))
	if len(pages) != 2 || firstLast(pages[0]) != fmt.Sprintf("a1..a%d", N-1) || firstLast(pages[1]) != "b1..b4" {
		t.Errorf("got %v", pages)
	}
}

func TestPaginateWidow(t *testing.T) {
	d := pageDoc(t)
	N := d.lines
	d.testPara("a", N+1) // N on page 1 would leave a widow
	pages := layoutOf(d.paginate(d.out))
	if len(pages) != 2 || firstLast(pages[0]) != fmt.Sprintf("a1..a%d", N-1) || firstLast(pages[1]) != fmt.Sprintf("a%d..a%d", N, N+1) {
		t.Errorf("got %v", pages)
	}
}

func TestPaginateHeadingKeep(t *testing.T) {
	d := pageDoc(t)
	N := d.lines
	d.testPara("a", N-4)
	d.testHeading("h") // takes 3 lines with its spaces: only one line of b would follow
	d.testPara("b", 6)
	pages := layoutOf(d.paginate(d.out))
	if len(pages) != 2 || firstLast(pages[0]) != fmt.Sprintf("a1..a%d", N-4) || firstLast(pages[1]) != "h..b6" {
		t.Errorf("got %v", pages)
	}
	// The space before the heading vanished at the top of page 2.
	p := d.paginate(d.out)
	if p[1].body[0].y != 0 {
		t.Errorf("heading at %v on its page, want 0", p[1].body[0].y)
	}
}

func TestPaginateFootnote(t *testing.T) {
	d := pageDoc(t)
	N := d.lines
	// A note of 6 note lines, referred to from the last line that fits.
	var ne []*elem
	for i := 0; i < 6; i++ {
		ne = append(ne, &elem{h: d.sz.noteLead, line: true})
	}
	d.notes = []*note{{id: "n", num: 1, elems: ne}}
	for i := 0; i < N; i++ {
		e := &elem{h: d.sz.lead, grid: true, line: true, refs: &elemRefs{anchors: []string{fmt.Sprint(i + 1)}}}
		if i == N-3 {
			e.addNote(0)
		}
		d.emit(e)
	}
	pages := d.paginate(d.out)
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		var ref, note bool
		for _, pl := range p.body {
			ref = ref || len(pl.e.notes()) > 0
		}
		note = len(p.notes) == 6
		if ref != note {
			t.Errorf("page %d: reference %v, note %v", i+1, ref, note)
		}
		bottom := Length(0)
		if n := len(p.body); n > 0 {
			bottom = p.body[n-1].y + p.body[n-1].e.h
		}
		if bottom+p.notesH > d.textH+0.01 {
			t.Errorf("page %d overfull: %v + %v > %v", i+1, bottom, p.notesH, d.textH)
		}
	}
}

func TestPaginateLongFootnoteSplits(t *testing.T) {
	d := pageDoc(t)
	var ne []*elem
	for i := 0; i < 2*d.lines; i++ {
		ne = append(ne, &elem{h: d.sz.noteLead, line: true})
	}
	d.notes = []*note{{id: "n", num: 1, elems: ne}}
	d.emit(&elem{h: d.sz.lead, grid: true, line: true, refs: &elemRefs{notes: []int{0}}})
	d.testPara("b", 3)
	pages := d.paginate(d.out)
	total := 0
	for i, p := range pages {
		total += len(p.notes)
		if p.notesH > d.textH+0.01 {
			t.Errorf("page %d: notes %v high", i+1, p.notesH)
		}
	}
	if total != len(ne) || len(pages) < 2 || len(pages[0].notes) == 0 {
		t.Errorf("%d pages, %d of %d note lines set, %d on page 1", len(pages), total, len(ne), len(pages[0].notes))
	}
}

func TestPaginateGrid(t *testing.T) {
	// Every body line of the test book sits on the grid.
	d := pageDoc(t)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	for i, p := range d.pages {
		for _, pl := range p.body {
			if !pl.e.grid {
				continue
			}
			if r := float64(pl.y / d.sz.lead); r-float64(int(r+0.5)) > 1e-6 || r-float64(int(r+0.5)) < -1e-6 {
				t.Errorf("page %d: grid line at %v, not a multiple of %v", i+1, pl.y, d.sz.lead)
			}
			if pl.y+pl.e.h > d.textH+0.01 {
				t.Errorf("page %d: line below the text block", i+1)
			}
		}
	}
}

// TestNoOverfullLines checks that no text runs past the right margin, in
// the pamphlet and the test book.
func TestNoOverfullLines(t *testing.T) {
	for _, b := range []*book.Book{pamphlet(t), testBook()} {
		s, _ := (*Options)(nil).settings()
		fonts, _ := loadFonts(nil, nil)
		d := newDoc(b, s, fonts)
		if err := d.layout(); err != nil {
			t.Fatal(err)
		}
		lines := 0
		for i, p := range d.pages {
			for _, pl := range append(p.body, p.notes...) {
				for _, o := range pl.e.ops {
					if o.kind != opText {
						continue
					}
					lines++
					if right := o.x + d.width(int(o.ref), o.text); right > d.textW+0.05 || o.x < -0.05 {
						t.Errorf("%s, page %d: %q from %.2f to %.2f, outside 0 to %.2f", b.Meta.Title, i+1, o.text, o.x, right, d.textW)
					}
				}
			}
		}
		if lines < 500 {
			t.Errorf("only %d words checked", lines)
		}
	}
}

// TestLongWordAcrossStyles checks that a word too long for the line is
// broken at the margin when it changes style or holds a link, not only
// when it is one piece of text.
func TestLongWordAcrossStyles(t *testing.T) {
	x, y := book.Text(strings.Repeat("x", 500)), book.Text(strings.Repeat("y", 500))
	for _, p := range []book.Paragraph{
		{book.Emphasis{x}, book.Strong{y}},
		{x, book.Link{URL: "https://example.org/", Content: []book.Inline{book.Text("deep")}}, y},
		{book.Text("Before "), x, book.Code("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), book.Text(" after.")},
	} {
		b := &book.Book{Meta: book.Meta{Title: "T", Language: "en"}, Chapters: []book.Chapter{{ID: "c", Title: "C", Blocks: []book.Block{p}}}}
		s, _ := (*Options)(nil).settings()
		fonts, _ := loadFonts(nil, nil)
		d := newDoc(b, s, fonts)
		if err := d.layout(); err != nil {
			t.Fatal(err)
		}
		text := 0
		for i, pg := range d.pages {
			for _, pl := range pg.body {
				for _, o := range pl.e.ops {
					if o.kind != opText {
						continue
					}
					text += len(o.text)
					if right := o.x + d.width(int(o.ref), o.text); right > d.textW+0.05 || o.x < -0.05 {
						t.Errorf("page %d: %q from %.2f to %.2f, outside 0 to %.2f", i+1, o.text, o.x, right, d.textW)
					}
				}
			}
		}
		if text < 500 {
			t.Errorf("only %d characters set", text)
		}
	}
}
