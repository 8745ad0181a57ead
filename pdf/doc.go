// Package pdf typesets a book.Book into a print-quality PDF: justified
// paragraphs broken with the Knuth–Plass algorithm as plain TeX breaks them
// (first without hyphens, hyphenated only where a paragraph cannot be set
// well without), a line grid, footnotes at the foot of their page, widows
// and orphans avoided, chapter openers, running heads and folios, a title
// page, a colophon, a table of contents with live links, and a PDF outline.
//
// The shortest use writes an A5 book with the defaults:
//
//	err := pdf.Write(w, b, nil)
//
// and the same book imposed as a booklet to print on A4, fold and staple:
//
//	err := pdf.WriteBooklet(w, b, nil, nil)
//
// To make both from one setting of the type, Typeset the book once and
// call the Document's Write and WriteBooklet, at once if you like:
//
//	doc, err := pdf.Typeset(b, nil)
//	err = doc.Write(w)
//	err = doc.WriteBooklet(w2, nil)
//
// Output depends only on the book and the options: the document's dates come
// from the book's metadata (book.Meta.EditionTime), never from the clock,
// and two runs give the same bytes. Write may be called from several
// goroutines at once on different books.
//
// # The book's parts
//
// Page 1 is the title page (or, with Options.Cover, the cover: see below),
// page 2 the colophon (copyright page), then the table of contents when the
// book has two entries or more for it (chapters and, by default, their
// sections). The first chapter opens on a right-hand page; the others on a
// new page, right-hand with Options.RectoChapters. Pages are numbered from
// page 1 on, so the PDF viewer's page numbers are the folios. A
// blank page is added at the end when needed to make the count even.
//
// Running heads give the book's title on left-hand pages and the chapter's
// on right-hand ones, shortened to fit; folios are centred at the foot.
// Neither appears on the title page, colophon, chapter openers or blank
// pages. An untitled opening chapter (text before the first heading) gets no
// title, and its text starts level with that of titled chapters; the table
// of contents leaves it out, since there is no title to list and it follows
// the contents directly, while the PDF outline lists it under its first
// words, so that every part of the text can be reached from there.
//
// Footnotes are numbered from 1 in each chapter and set in smaller type at
// the foot of the page where they are first referred to; a note runs on to
// the next page only when it would not fit on a page by itself. Their
// markers link to them.
//
// # Print
//
// Every page carries a TrimBox equal to the trim size, and only that box:
// the PDF library writes a page's boxes in map order, so a second box would
// make two builds differ; without a BleedBox, PDF readers take the bleed to
// be the whole page (the MediaBox), which is what it is unless crop marks
// are drawn. With Options.Bleed the page grows by the bleed on each side
// around the centred trim; Options.CropMarks adds hairline marks at the
// trim's corners, outside the bleed, on a page grown to hold them. Text and
// rules are pure black in DeviceGray (the PDF default, never set as RGB), so
// they print from the black plate alone; only the generated cover sets RGB
// colours. Images keep all their pixels (PNG re-encoded losslessly, JPEG as
// it is); one printed at less than 300 pixels per inch at the size it is set
// is reported through Options.Warn, once, with its page. The page count is
// even, and every face the book uses is embedded.
//
// # Covers
//
// With Options.Cover, page 1 is the book's cover image (book.Meta.Cover),
// scaled to fill the page and its bleed and cut to it, or, without one, a
// typographic cover drawn in vector text from the metadata: the same layout
// (package internal/cover) as the EPUB's generated PNG cover, set in the
// body family's regular, bold and italic faces, measured as the text is, on
// a ground of Options.CoverBackground that fills the bleed. The cover has no
// running head or folio; a blank page follows it, so the title page stays a
// right-hand page (page 3), and the folios still count from the cover, so a
// viewer's page numbers stay the folios. A generated cover also gives the
// book an outside back cover in the ground colour as its last page, with a
// blank page before it. Print-on-demand services want the cover as a file of
// its own, with the spine: leave Cover off for them.
//
// # Booklets
//
// WriteBooklet imposes the pages for saddle stitching: two to a side of a
// landscape sheet (A4 for A5 pages), in folding order, the count made a
// multiple of four with blank pages at the end (before the back cover). The
// booklet is imposed from the finished book PDF, not drawn again: each
// page's content stream becomes a form XObject clipped to the trim (its
// bytes copied, still compressed), the fonts and images are copied once,
// and the pages' link annotations are moved onto the sheets, their
// destinations led to the side that holds their page. Drawing every page a
// second time through the PDF library cost as much as the book PDF itself
// (fonts parsed and cut again, every page's content built and compressed
// again); imposing costs about a millisecond for the pamphlet, and a
// Document makes the book PDF once for Write and WriteBooklet. It was chosen
// over pdfcpu (github.com/pdfcpu/pdfcpu, which imposes finished PDFs as
// booklets): its output stamps the clock and a random ID, breaking
// reproducible builds, and it is a large dependency for what is an
// ordering, an offset and a copy. The text stays extractable, each font
// embedded once as a subset, links working and the output byte-identical
// from run to run.
//
// # Fonts and characters
//
// Text is set in Liberation Serif and code in Liberation Mono unless Options
// give other TrueType families (see Font). Widths are measured from the font
// files with golang.org/x/image/font/sfnt, kerning included: the font's kern
// table has pairs such as "To", "y." and "r," which, on the pamphlet,
// concern about one word in twenty-five and close up gaps of half a point on
// average, enough to see. The writer draws the text itself, a line at a
// time, each kerned pair moved by a number in the line's TJ array, and
// embeds each font once as a TrueType subset of the characters drawn
// (a Type 0 font whose ToUnicode map gives every character back).
// Ligatures are not formed, which keeps text extraction exact.
//
// A character the font lacks (CJK, Arabic, emoji, anything outside the Basic
// Multilingual Plane for the built-in fonts) is an error naming the
// character and its place (*GlyphError), or, with Options.ReplaceMissing, a
// '?' reported through Options.Warn. Right-to-left letters (Hebrew,
// Arabic, …) are refused the same way, with a *GlyphError wrapping
// ErrRightToLeft: the writer has no bidirectional layout and would draw
// their words backwards. Text is composed to Unicode NFC before it is set,
// because the PDF library cannot place a combining mark on its letter; a
// mark with no precomposed form is drawn after its letter and reported
// through Options.Warn. Soft hyphens are never drawn; they mark
// where a word may break. No-break, thin and other spaces are measured as
// the spaces they are (as U+0020 when the font lacks them). Invisible format
// characters (joiners, direction marks) are dropped.
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
package pdf
