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
// Output depends only on the book and the options: the document's dates
// come from the book's metadata (book.Meta.EditionTime), never from the
// clock, and two runs give the same bytes. Write may be called from several
// goroutines at once on different books.
//
// # The book's parts
//
// Page 1 is the title page, page 2 the colophon (copyright page), then the
// table of contents when the book has two entries or more for it (chapters
// and, by default, their sections). The first chapter opens on a
// right-hand page; the others on a new page, right-hand with
// Options.RectoChapters. Pages are numbered from the title page on, so the
// PDF viewer's page numbers are the folios. A blank page is added at the
// end when needed to make the count even.
//
// Running heads give the book's title on left-hand pages and the chapter's
// on right-hand ones, shortened to fit; folios are centred at the foot.
// Neither appears on the title page, colophon, chapter openers or blank
// pages. An untitled opening chapter (text before the first heading) gets
// no title, and its text starts level with that of titled chapters; the
// table of contents leaves it out, since there is no title to list and it
// follows the contents directly, while the PDF outline lists it under its
// first words, so that every part of the text can be reached from there.
//
// Footnotes are numbered from 1 in each chapter and set in smaller type at
// the foot of the page where they are first referred to; a note runs on to
// the next page only when it would not fit on a page by itself. Their
// markers link to them.
//
// # Fonts and characters
//
// Text is set in Liberation Serif and code in Liberation Mono unless
// Options give other TrueType families (see Font). Widths are measured from
// the font files with golang.org/x/image/font/sfnt, kerning included: the
// font's kern table has pairs such as "To", "y." and "r," which, on the
// pamphlet, concern about one word in twenty-five and close up gaps of half
// a point on average, enough to see. The PDF library draws strings without
// kerning, so words are drawn in pieces split at kerned pairs. Ligatures are
// not formed, which keeps text extraction exact.
//
// A character the font lacks (CJK, Arabic, emoji, anything outside the
// Basic Multilingual Plane for the built-in fonts) is an error naming the
// character and its place (*GlyphError), or, with Options.ReplaceMissing, a
// '?' reported through Options.Warn. Soft hyphens are never drawn; they
// mark where a word may break. No-break, thin and other spaces are measured
// as the spaces they are (as U+0020 when the font lacks them). Invisible
// format characters (joiners, direction marks) are dropped.
//
// # Limits
//
//   - SVG images cannot be drawn by the PDF library: a figure with an SVG
//     image is shown as a framed box holding its alternative text (inline:
//     the text in brackets), and reported through Options.Warn.
//   - Words longer than the measure (URLs, hostile input) are broken where
//     they reach the margin, and reported; they never run off the page.
//   - Labels the package writes itself ("Contents", "Translated by", "First
//     published") are English; Options.ContentsTitle changes the first.
//   - The fonts are embedded as subsets, but the PDF library names them
//     without the six-letter subset tag, so pdffonts reports "sub no".
package pdf
