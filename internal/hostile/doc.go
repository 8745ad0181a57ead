// Package hostile holds only tests: it runs hostile manuscripts through
// Quire's readers (package source) and both writers (packages epub and
// pdf) and checks that each gives valid editions or a one-line error
// naming the file, the line and the problem — never a panic, a partial
// file or anything read, run or fetched that should not be.
//
// The manuscripts are the files in testdata (images in testdata/images),
// with their expected outcomes listed in hostile_test.go, and larger ones
// made in code (a megabyte paragraph, thousands of chapters, footnotes and
// levels of nesting). Valid editions must pass epubcheck without a message
// and qpdf --check, every XHTML document must parse with encoding/xml and
// hold no script, event attribute or unsafe link, and no word of the PDF
// may leave its page. Run the whole set with
//
//	go test ./internal/hostile
//
// The fuzz tests FuzzMarkdownEPUB and FuzzMarkdownPDF feed arbitrary
// Markdown through the reader to each writer; their seeds are the
// manuscripts in testdata and the files in testdata/fuzz:
//
//	go test -run XXX -fuzz FuzzMarkdownEPUB -parallel 1 ./internal/hostile
package hostile
