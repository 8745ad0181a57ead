// Command pamphlet builds both editions of Quire's first book, the 1987
// pamphlet "The 70th anniversary of the 1917 October Revolution", from the
// manuscript that package source ships:
//
//	go run ./examples/pamphlet            # writes out/pamphlet.epub and out/pamphlet.pdf
//	go run ./examples/pamphlet -out DIR   # writes them into DIR
//
// When SOURCE_DATE_EPOCH is set (seconds since 1970, as reproducible-build
// tools use it), it becomes the edition's modification date; otherwise the
// date comes from the manuscript, so every run gives the same bytes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/examples/internal/atomic"
	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

func main() {
	out := flag.String("out", "out", "directory to write the editions into")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: pamphlet [-out DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, os.Getenv("SOURCE_DATE_EPOCH"), os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pamphlet:", err)
		os.Exit(1)
	}
}

func run(dir, epoch string, stderr io.Writer) error {
	b, err := source.Pamphlet()
	if err != nil {
		return err
	}
	if epoch != "" {
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", epoch)
		}
		b.Meta.Modified = time.Unix(secs, 0).UTC()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	editions := []struct {
		name  string
		write func(io.Writer, *book.Book) error
	}{
		{"pamphlet.epub", func(w io.Writer, b *book.Book) error { return epub.Write(w, b, nil) }},
		{"pamphlet.pdf", func(w io.Writer, b *book.Book) error {
			// Typographic problems that don't stop the book are worth seeing.
			return pdf.Write(w, b, &pdf.Options{Warn: func(msg string) { fmt.Fprintln(stderr, "pamphlet: pdf:", msg) }})
		}},
	}
	// Both editions are made in memory first and written only when both
	// succeeded, each to a temporary file renamed into place, so a failed
	// build never leaves a half-written edition or clobbers a good one.
	var files []atomic.File
	for _, e := range editions {
		var buf bytes.Buffer
		if err := e.write(&buf, b); err != nil {
			return err
		}
		files = append(files, atomic.File{Name: filepath.Join(dir, e.name), Data: buf.Bytes()})
	}
	return atomic.WriteFiles(files...)
}
