// Package typeset breaks paragraphs into lines the way TeX does, and knows
// nothing of fonts or PDF: text is measured through a Measurer, so the
// line breaker is a pure function, testable with made-up glyph widths.
//
// Itemize turns styled text into boxes, glue and penalties (Knuth & Plass,
// "Breaking Paragraphs into Lines", 1981), hyphenating words on the way;
// Break chooses the breaks with the total-fit algorithm; the caller draws:
//
//	hy := typeset.English() // once; safe for concurrent use
//	items := typeset.Itemize(runs, measurer, &typeset.ItemizeOptions{Hyphenator: hy, Indent: 12})
//	res := typeset.Break(items, func(int) typeset.Length { return 300 }, nil)
//	for _, l := range res.Lines {
//		// draw items[l.Start:l.End] left to right, each l.GlueWidth(it)
//		// wide, then items[l.End].Text if it is a penalty
//	}
//
// As TeX, Break first tries a paragraph without hyphens within a stricter
// tolerance (\pretolerance) and hyphenates only if that fails. A caller
// setting many paragraphs can leave the hyphenation patterns alone for
// those that pass, and measure their words whole:
//
//	var br typeset.Breaker // once; reused for every paragraph
//	items := br.Itemize(runs, measurer, &typeset.ItemizeOptions{Hyphenator: hy})
//	res, ok := br.FirstPass(items, widths, nil)
//	if !ok {
//		items = br.Hyphenate() // only now are words hyphenated
//		res = br.Break(items, widths, &typeset.Params{Pretolerance: -1})
//	}
//
// # Hyphenation
//
// Hyphenation is Liang's algorithm, as in TeX, with Knuth's US-English
// patterns and exceptions, hyphen.tex, read at construction from the TeX
// tree that the module star-tex.org/x/tex embeds (through its kpath
// package). On every word of five letters or more of the 1987 pamphlet it
// gives the same hyphens as plain TeX's \showhyphens. The matching is this
// package's own (Liang): github.com/speedata/hyphenation, the other Liang
// implementation available, ships no patterns (it wants a hyph-utf8
// pattern file, which no available module has), has no exception list
// (hyphen.tex's "ta-ble", "present", "project" would be wrong) and looks
// up every substring of a word in a map, allocating; a trie built once,
// whose nodes find the child for a letter a to z by counting bits, makes a
// word cost about 0.25µs (a word seen before, 0.06µs) and, inside
// Itemize, no allocation. The cost of depending on star-tex.org/x/tex is
// its embedded TeX tree (about 4 MB, mostly Computer Modern fonts) in the
// binary.
//
// NewEnglish builds its patterns (about 1ms and 0.6MB) once per program
// and shares them, read-only, between the hyphenators it returns; each
// hyphenator has its own memo, so there is no package-level hyphenator.
// NewLiang reads other languages' patterns (TeX files or hyph-utf8's plain
// lists).
package typeset
