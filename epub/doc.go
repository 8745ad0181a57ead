// Package epub writes a book as a reflowable EPUB 3 that passes epubcheck
// without a message.
//
// The shortest use:
//
//	if err := epub.Write(w, b, nil); err != nil {
//		// b failed book.Validate, or the options are wrong
//	}
//
// # What goes in
//
// Every chapter becomes one XHTML document, rendered from the model by this
// package (text is escaped, links keep only the schemes book.SafeURL allows,
// IDs are unique, headings never skip a level). An untitled chapter gets no
// visible heading; the table of contents lists it under the book's title
// when it opens the book, else under its first words. Around the chapters come a
// cover page (the book's cover image, or a typographic cover drawn from the
// metadata unless Options.NoCover), a title page, the
// navigation document (a nested table of contents and landmarks, also in
// the reading order after the title page), the colophon, an EPUB 2 NCX for
// old readers and one stylesheet, DefaultCSS unless Options say otherwise.
// Footnotes are EPUB 3 notes: a noteref link in the text and an aside at
// the end of the chapter that links back. The package document carries all
// of book.Meta, dcterms:modified from Meta.EditionTime (never the clock)
// and schema.org accessibility metadata. Images must be what their media
// type says; SVG images must not hold scripts, event handlers or references
// outside themselves. Text that Quire itself adds (the credits, the
// colophon, "Contents") is in English.
//
// # How go-epub is used
//
// github.com/go-shiori/go-epub builds the container: it names and places
// the stylesheet, fonts, images and the first XHTML document, lists them
// in its manifest and spine, makes the document's shell (the XML declaration,
// doctype, head with title and stylesheet link, and body element), writes
// the mimetype and container files and zips the result. Quire does the
// rest. It renders every document's body itself and hands go-epub only a
// marker in its place: go-epub would parse its template and marshal and
// deflate each document with the whole body. Every document is cast in
// that one shell, with its own title: go-epub's shells differ in nothing
// else, and each one more that it zipped cost as much again as the
// document (archive/zip clears 640 KB of deflate tables for every file).
// The stylesheet, fonts and images reach go-epub as empty placeholders
// (RFC 2397 data: URLs, never a path or remote URL, and with an HTTP
// client that refuses every request), and Write stores their bytes
// itself: go-epub would try to fetch each one, decode its base64 twice and
// deflate images that are compressed already. go-epub sets less metadata
// than the model holds, picks a random identifier, stamps the wall clock
// and zips in map order, so Write then completes its output: it replaces
// the package document, the navigation document and the NCX with full
// ones, puts each title and body into the shell and sets xml:lang on the
// shell's html element, and re-zips everything in a fixed order, in the
// bytes archive/zip would write (mimetype first and stored, no extra
// fields, every timestamp the edition time), copying the container file
// as go-epub compressed it. The same book and options always give the same bytes.
//
// go-epub keeps its working files in a package-level storage that defaults
// to the operating system's temporary directory. Write switches it to
// go-epub's in-memory storage, a fresh one for every call, so nothing is
// written to disk, and holds a package-level mutex while go-epub uses it:
// the storage is one shared, unsynchronised map. Concurrent calls to Write
// are therefore safe; they overlap everywhere except in go-epub's zipping.
// Other code in the same program that uses go-epub directly does not take
// that mutex and must not run at the same time. (go-epub tries a media
// source string as a local file path before decoding it as a data: URL;
// Write's data: URLs name no file: each holds a segment longer than a file
// name can be.)
package epub
