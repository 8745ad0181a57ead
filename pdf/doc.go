// Package pdf typesets a book.Book into a print-quality PDF: justified and
// hyphenated paragraphs broken with the Knuth–Plass algorithm, a line grid,
// footnotes at the foot of their page, widows and orphans avoided, chapter
// openers, running heads and folios, a title page, a colophon, a table of
// contents with live links, and a PDF outline.
//
// The shortest use writes an A5 book with the defaults:
//
//	err := pdf.Write(w, b, nil)
//
// Text is set in Liberation Serif and Liberation Mono unless Options give
// other TrueType families. Output depends only on the book and the
// options: the document's dates come from the book's metadata
// (book.Meta.EditionTime), never from the clock, and two runs give the same
// bytes.
//
// What it does not do, and why:
//   - Characters the font lacks (CJK, emoji, anything outside the Basic
//     Multilingual Plane for the built-in fonts) are an error naming the
//     character and its place (*GlyphError), or, with
//     Options.ReplaceMissing, drawn as '?' and reported through Warn.
//   - SVG images cannot be drawn by the PDF library: a figure with an SVG
//     image is shown as a framed box holding its alternative text, and
//     reported through Warn.
//   - Ligatures are not formed (text extraction stays exact); kerning from
//     the font's kern table is applied.
//   - The fonts are embedded as subsets, but the PDF library names them
//     without the six-letter subset tag, so pdffonts reports "sub no".
package pdf
