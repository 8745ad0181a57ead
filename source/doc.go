// Package source reads manuscripts into Quire's document model (package
// book), and ships the first book, a 1987 pamphlet.
//
// Two readers build a *book.Book from bytes; both check the result with
// book.Validate, never open files on their own (images come from an fs.FS
// the caller gives) and report input problems as *Error values that name
// the file and line:
//
//	b, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "book.md", FS: os.DirFS("manuscript")})
//	if err != nil {
//		return err // e.g. "source: book.md:12:5: image \"../x.png\": leaves the manuscript's directory"
//	}
//
// # Markdown
//
// ReadMarkdown reads CommonMark with footnotes, GFM tables and typographic
// punctuation (the reader's own typographer, which makes the same choices
// as goldmark's typographer extension: "quotes" become curly, an
// apostrophe as in workers' or 1980s' becomes ’, "--" an en dash, "---" an
// em dash and "..." an ellipsis; straight quotes it leaves are curled by
// context; the space before a spaced dash becomes a no-break space, so that
// the dash never starts a line). The tables, too, are read by the reader's
// own code, which builds the same tree as goldmark's table extension. Strikethrough and other extensions are not enabled: their
// markup stays as text.
//
// The file starts with front matter between two "---" lines (the second
// may be "..."), in a small subset of YAML: "key: value" lines with plain,
// 'single-quoted' or "double-quoted" values, values folded with ">" or
// continued on more indented lines, lists as "- item" lines or "[a, b]",
// and lists of one-level maps. The keys are title (required), subtitle,
// author or authors, translator(s), editor(s), illustrator(s) (each a
// name, a list of names, or a list of maps with name and file-as),
// contributors (a list of maps with name, role and file-as; the role is a
// name such as "editor" or a MARC relator code), publisher, lang or
// language (BCP 47), date (YYYY, YYYY-MM, YYYY-MM-DD or "November 1987"),
// modified (YYYY-MM-DD or RFC 3339), identifier, rights, description,
// subjects or keywords (a list), and cover (an image path in the FS).
// Contributors are credited in the order the keys come. Unknown keys,
// repeated keys and anything outside the subset are errors naming the line.
// Displayed metadata gets the same typographic punctuation as the text.
//
// Chapters: a heading of MarkdownOptions.ChapterLevel (1 by default) or
// above opens a chapter, whose title is the heading's plain text (its
// markup, and any footnote reference in it, are dropped). Text before the
// first such heading becomes an untitled chapter with the ID "opening".
// Deeper headings become book.Heading blocks of level 2 to 6. Chapter,
// heading and footnote IDs are slugs, unique in the book (book.Slugs).
//
// Blocks and inlines map one to one onto the model's types. A paragraph
// holding only an image becomes a book.Figure whose caption is the image's
// title. Nesting deeper than book.MaxDepth is flattened: the content of a
// quote, list, emphasis or link that would be too deep joins its parent.
//
// Limits: reading time grows in proportion to the manuscript's size,
// whatever it holds. For that, quotes, lists and footnote definitions
// nested more than 2 × book.MaxDepth (128) deep are not recognised as such
// (their markers stay text); a paragraph's emphasis markers past its
// 1000th, and its "[" past the 1000th, stay text; link destinations and
// runs of link reference definitions are read within a budget of work
// proportional to the manuscript's size; and the tables of a manuscript
// hold at most 131,072 cells in all, counting those that pad short rows
// (a table past that stays text). No real manuscript comes near these.
// A book may have at most 10,000 chapters, in both readers: more is an
// error at the heading that opens the next one (the EPUB library's time
// grows with the square of the number of chapters).
//
// Footnotes: each footnote is placed at the end of the chapter that first
// refers to it, followed by the notes it refers to in turn; its ID is
// "fn-" and its label as a slug. A footnote belongs to one chapter, so a
// later chapter that refers to it again gets its own copy, with an ID of
// its own ("fn-a-2"); if the copies would together be bigger than the
// manuscript, the reference that goes past that is an error. Footnotes that nothing refers to are
// dropped, and a reference to an undefined label stays literal text, as in
// CommonMark.
//
// Raw HTML is never passed through. Inline HTML and HTML blocks are kept as
// literal text (a writer escapes it, so a reader sees the tags); HTML
// comments are dropped.
//
// Links keep http, https and mailto URLs and internal "#id" targets. Any
// other link (javascript:, file:, data:, relative paths, …) is dropped and
// its text kept.
//
// Images are read from MarkdownOptions.FS only, by slash-separated paths
// relative to its root; URLs, absolute paths and paths containing ".." are
// errors, as is any image when FS is nil. The media type is sniffed from
// the file's first bytes: PNG, JPEG, GIF or SVG, anything else is an error.
// Each image is decoded once, so that a damaged file, one of more than
// 64 Mpixels, or an SVG that is not well-formed XML or holds a script,
// an event attribute, an entity declaration or a reference outside itself
// is an error at the line that names it, not a broken edition.
//
// # Plain text
//
// ReadText reads the format the pamphlet arrived in: title, byline and
// date lines, then one paragraph per line, short lines without closing
// punctuation as headings and "•" lines as a bulleted list. See ReadText.
//
// # The pamphlet
//
// PamphletText returns "The 70th anniversary of the 1917 October
// Revolution" (Lutte Ouvrière, translated by Workers' Fight, November
// 1987) exactly as received; PamphletMarkdown its Markdown manuscript,
// whose corrections of evident typing errors are listed in
// pamphlet/ERRATA.md; Pamphlet and PamphletOriginal read them.
//
// Errors: invalid UTF-8 and control characters are errors naming the line
// and column in both readers, never mojibake. Test for kinds of problems
// with errors.Is (ErrInvalidUTF8, ErrBadChar, ErrFrontMatter, ErrHeader,
// ErrImage, ErrNoText) and for the place with errors.As and *Error.
package source
