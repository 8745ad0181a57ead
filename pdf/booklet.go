package pdf

import (
	"fmt"
	"io"

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
// The booklet is made from the PDF Write makes, its pages placed on the
// sheets as they are and cut at the trim: the book's options apply,
// except Bleed and CropMarks. The sheet has its own guides, and a cover's
// ground runs 3 mm past the pages' outer edges, or to the sheet's edge
// when that is nearer. Nil options, bo included, mean the defaults. Links
// still lead to their pages; the booklet has no outline, since its sheets
// hold the pages out of order. Each sheet's TrimBox is the two pages it
// holds.
func WriteBooklet(w io.Writer, b *book.Book, o *Options, bo *BookletOptions) error {
	doc, err := Typeset(b, o)
	if err != nil {
		return err
	}
	return doc.WriteBooklet(w, bo)
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
