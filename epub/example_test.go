package epub_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
)

// Write a small book with the default options and list what the EPUB
// holds.
func ExampleWrite() {
	b := &book.Book{
		Meta: book.Meta{
			Title:        "A Short Book",
			Language:     "en",
			Contributors: []book.Contributor{{Name: "Ann Author"}},
			Published:    book.Date{Year: 2026, Month: 11},
		},
		Chapters: []book.Chapter{{
			ID:    "hello",
			Title: "Hello",
			Blocks: []book.Block{
				book.Paragraph{book.Text("Hello, world."), book.FootnoteRef{ID: "n1"}},
				book.Footnote{ID: "n1", Blocks: []book.Block{book.Paragraph{book.Text("A note.")}}},
			},
		}},
	}
	var buf bytes.Buffer
	if err := epub.Write(&buf, b, nil); err != nil {
		log.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}
	// Output:
	// mimetype
	// META-INF/container.xml
	// EPUB/package.opf
	// EPUB/nav.xhtml
	// EPUB/toc.ncx
	// EPUB/css/quire.css
	// EPUB/images/quire-cover.png
	// EPUB/xhtml/cover.xhtml
	// EPUB/xhtml/titlepage.xhtml
	// EPUB/xhtml/hello.xhtml
	// EPUB/xhtml/colophon.xhtml
}

// Options number the notes through the book, draw scene breaks as an
// ornament and add to the default stylesheet.
func ExampleWrite_options() {
	b := &book.Book{
		Meta: book.Meta{Title: "Scenes", Language: "en"},
		Chapters: []book.Chapter{{
			ID: "one",
			Blocks: []book.Block{
				book.Paragraph{book.Text("Before.")},
				book.SceneBreak{},
				book.Paragraph{book.Text("After.")},
			},
		}},
	}
	o := &epub.Options{
		Notes:      epub.NotesRunOn,
		SceneBreak: "* * *",
		ExtraCSS:   "p { line-height: 1.4; }",
	}
	var buf bytes.Buffer
	if err := epub.Write(&buf, b, o); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(buf.Bytes(), []byte("PK")))
	// Output:
	// true
}
