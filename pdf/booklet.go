package pdf

import (
	"fmt"
	"io"
	"math"

	"github.com/quire-books/quire/book"
)

// BookletOptions tune WriteBooklet. The zero value, like a nil
// *BookletOptions, asks for the defaults.
type BookletOptions struct {
	// Sheet is the paper the booklet is printed on, landscape: two pages
	// side by side, the fold at its centre. Zero means A4 landscape when
	// two pages fit on it (A5 pages), else US Letter landscape when they
	// fit on that (5.5 × 8.5 in pages), else a sheet exactly two pages wide
	// and one high.
	Sheet Size
	// Guides draws a fold mark at each end of the fold on the outside of
	// every sheet, and crop marks at the corners of the two pages where the
	// sheet leaves room for them around the pages. False means none.
	Guides bool
}

// foldMark is how far a fold mark reaches into the page from the sheet's
// edge: past the few millimetres an office printer cannot print.
const foldMark = 8 * Millimetre

// WriteBooklet typesets b as Write does and writes it to w imposed for a
// saddle-stitched booklet: two pages to a side of each landscape sheet,
// in folding order, to be printed on both sides (flipped on the short
// edge), stacked, folded in the middle and stapled on the fold. The first
// side holds the last page and page 1, the second pages 2 and the
// second-to-last, and so on. Blank pages make the count a multiple of
// four: at the end, or before the back cover and its blank inside when
// Options.Cover gives one.
//
// The book's options apply, except Bleed and CropMarks: the sheet has its
// own guides, and a cover's ground runs 3 mm past the pages' outer edges,
// or to the sheet's edge when that is nearer. Nil options, bo included, mean the defaults. Links still
// lead to their pages; the booklet has no outline, since its sheets hold
// the pages out of order. Each sheet's TrimBox is the two pages it holds.
func WriteBooklet(w io.Writer, b *book.Book, o *Options, bo *BookletOptions) error {
	if bo == nil {
		bo = &BookletOptions{}
	}
	d, err := setBook(b, o, true)
	if err != nil {
		return err
	}
	return guard(func() error { return d.renderBooklet(w, bo) })
}

// bookletSheet returns the sheet for pages of size trim.
func bookletSheet(trim Size, bo *BookletOptions) (Size, error) {
	const eps = 0.01
	fits := func(s Size) bool { return 2*trim.W <= s.W+eps && trim.H <= s.H+eps }
	if bo.Sheet != (Size{}) {
		s := bo.Sheet
		if !finite(s.W) || !finite(s.H) || s.W > maxPage || s.H > maxPage || !fits(s) {
			return Size{}, fmt.Errorf("pdf: booklet sheet %.2f × %.2f pt cannot hold two %.2f × %.2f pt pages side by side", s.W, s.H, trim.W, trim.H)
		}
		return s, nil
	}
	for _, s := range []Size{{A4.H, A4.W}, {Letter.H, Letter.W}} {
		if fits(s) {
			return s, nil
		}
	}
	s := Size{2 * trim.W, trim.H}
	if s.W > maxPage {
		return Size{}, fmt.Errorf("pdf: booklet sheet %.2f pt wide is too wide for PDF", s.W)
	}
	return s, nil
}

// impose returns the sides of a booklet of n pages, each the indices of
// its left and right page; -1 is a blank page added to make the count a
// multiple of four. Blanks go at the end, or before the last two pages
// when back (the back cover and its blank inside).
func impose(n int, back bool) [][2]int {
	if n <= 0 {
		return nil
	}
	total := (n + 3) / 4 * 4
	keep := n
	if back && n > 2 {
		keep = n - 2
	}
	order := make([]int, 0, total)
	for i := 0; i < keep; i++ {
		order = append(order, i)
	}
	for len(order) < total-(n-keep) {
		order = append(order, -1)
	}
	for i := keep; i < n; i++ {
		order = append(order, i)
	}
	sides := make([][2]int, 0, total/2)
	for s := 0; s < total/4; s++ {
		sides = append(sides,
			[2]int{order[total-1-2*s], order[2*s]},
			[2]int{order[2*s+1], order[total-2-2*s]})
	}
	return sides
}

// renderBooklet draws the pages two to a sheet side.
func (d *doc) renderBooklet(w io.Writer, bo *BookletOptions) error {
	trim := d.s.trim
	sheet, err := bookletSheet(trim, bo)
	if err != nil {
		return err
	}
	n := len(d.pages)
	back := n > 0 && d.pages[n-1].kind == coverPage
	sides := impose(n, back)

	r, err := d.newRenderer(sheet, "SinglePage")
	if err != nil {
		return err
	}
	fold := sheet.W / 2
	top := (sheet.H - trim.H) / 2
	r.pdf.SetPageBox("TrimBox", float64(fold-trim.W), float64(top), float64(2*trim.W), float64(trim.H))
	type place struct {
		side int
		x    Length
	}
	where := make([]place, n)
	for k, sd := range sides {
		for half, p := range sd {
			if p >= 0 {
				where[p] = place{k + 1, fold - trim.W + Length(half)*trim.W}
			}
		}
	}
	r.addLinks(func(page int) (int, Length) { return where[page].side, top })
	for k, sd := range sides {
		r.pdf.AddPage()
		for half, p := range sd {
			if p < 0 {
				continue
			}
			x := where[p].x
			// A cover's ground bleeds 3 mm past the outer edges, or to the
			// sheet's edge when nearer; not across the fold.
			bx := min(fold-trim.W, markOffset)
			by := min(top, markOffset)
			ground := rect{x - bx, top - by, trim.W + bx, trim.H + 2*by}
			if half == 1 {
				ground.x = fold
			}
			r.page(p, d.pages[p], x, top, ground)
		}
		if bo.Guides {
			r.guides(sheet, trim, k%2 == 0)
		}
		if err := r.pdf.Error(); err != nil {
			return fmt.Errorf("pdf: booklet side %d: %w", k+1, err)
		}
	}
	return r.output(w)
}

// guides draws the fold marks (on the outside of a sheet) and the crop
// marks where the sheet leaves room for them.
func (r *renderer) guides(sheet, trim Size, outside bool) {
	pdf := r.pdf
	fold := sheet.W / 2
	side := fold - trim.W
	top := (sheet.H - trim.H) / 2
	pdf.SetLineWidth(float64(markWidth))
	line := func(x1, y1, x2, y2 Length) { pdf.Line(float64(x1), float64(y1), float64(x2), float64(y2)) }
	if outside {
		line(fold, 0, fold, top+foldMark)
		line(fold, sheet.H, fold, sheet.H-top-foldMark)
	}
	room := markOffset + markLength
	for _, x := range []Length{side, fold + trim.W} {
		out := Length(math.Copysign(1, float64(x-fold)))
		for _, y := range []Length{top, top + trim.H} {
			up := Length(math.Copysign(1, float64(y-sheet.H/2)))
			if side >= room {
				line(x+out*markOffset, y, x+out*room, y)
			}
			if top >= room {
				line(x, y+up*markOffset, x, y+up*room)
			}
		}
	}
}
