// Command quickstart builds a short book written in Go code, with no
// manuscript file, into both editions:
//
//	go run ./examples/quickstart            # writes out/quickstart.epub and out/quickstart.pdf
//	go run ./examples/quickstart -out DIR   # writes them into DIR
//
// Its run function is the library example of the README.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/examples/internal/atomic"
	"github.com/quire-books/quire/pdf"
)

func main() {
	out := flag.String("out", "out", "directory to write the editions into")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: quickstart [-out DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	// A book is plain data: metadata, then chapters of blocks of inlines.
	// A footnote sits in its chapter's blocks; a FootnoteRef points at it.
	b := &book.Book{
		Meta: book.Meta{Title: "Bread", Language: "en", Published: book.Date{Year: 2026},
			Contributors: []book.Contributor{{Name: "A. Baker"}}},
		Chapters: []book.Chapter{
			{ID: "dough", Title: "Dough", Blocks: []book.Block{
				book.Paragraph{book.Text("Flour, water, salt and "), book.Emphasis{book.Text("time")}, book.Text("."), book.FootnoteRef{ID: "yeast"}},
				book.Footnote{ID: "yeast", Blocks: []book.Block{book.Paragraph{book.Text("And a pinch of yeast.")}}}}},
			{ID: "oven", Title: "Oven", Blocks: []book.Block{
				book.Paragraph{book.Text("Bake it hot; let it cool before you cut it.")}}},
		},
	}
	var e, p bytes.Buffer
	if err := epub.Write(&e, b, nil); err != nil { // nil options: the defaults
		return err
	}
	if err := pdf.Write(&p, b, &pdf.Options{TrimSize: pdf.A5, RectoChapters: true}); err != nil {
		return err
	}
	// Write both files only once both editions exist (see examples/internal/atomic).
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return atomic.WriteFiles(
		atomic.File{Name: filepath.Join(dir, "quickstart.epub"), Data: e.Bytes()},
		atomic.File{Name: filepath.Join(dir, "quickstart.pdf"), Data: p.Bytes()})
}
