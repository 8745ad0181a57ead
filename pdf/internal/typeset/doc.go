// Package typeset breaks paragraphs into lines the way TeX does, and knows
// nothing of fonts or PDF: text is measured through a Measurer, so the
// line breaker is a pure function, testable with made-up glyph widths.
//
// A paragraph is first turned into boxes, glue and penalties (Knuth &
// Plass, "Breaking Paragraphs into Lines", 1981) by Itemize, which also
// hyphenates words; Break then chooses the breaks with the total-fit
// algorithm:
//
//	items := typeset.Itemize(runs, measurer, &typeset.ItemizeOptions{Indent: 12})
//	res := typeset.Break(items, func(int) typeset.Length { return 300 }, nil)
//	for _, l := range res.Lines {
//		// draw items[l.Start:l.End], each glue l.GlueWidth(it) wide,
//		// then items[l.End].Text if it is a penalty
//	}
package typeset
