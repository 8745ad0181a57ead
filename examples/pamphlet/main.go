// Command pamphlet builds both editions of Quire's first book, the 1987
// pamphlet "The 70th anniversary of the 1917 October Revolution", from the
// manuscript that package source ships:
//
//	go run ./examples/pamphlet            # writes out/pamphlet.epub, out/pamphlet.pdf and out/pamphlet-booklet.pdf
//	go run ./examples/pamphlet -out DIR   # writes them into DIR
//
// When SOURCE_DATE_EPOCH is set (seconds since 1970, as reproducible-build
// tools use it), it becomes the edition's modification date; otherwise the
// date comes from the manuscript, so every run gives the same bytes.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

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
	batchHeap()
	if err := run(*out, os.Getenv("SOURCE_DATE_EPOCH"), os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pamphlet:", err)
		os.Exit(1)
	}
}

// batchHeap lets the heap grow instead of collecting garbage every few
// megabytes, unless GOGC or GOMEMLIMIT say otherwise. The command runs once
// and is done in tens of milliseconds, allocating about 30 MB on the way:
// with the default GOGC=100 the collector ran a dozen times and took a
// quarter of its wall time. The Go compiler does the same for the same
// reason (cmd/compile raises GOGC while its heap is small). Should a book
// ever need more, the collector still runs once the heap nears 512 MiB.
func batchHeap() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(512 << 20)
	debug.SetGCPercent(-1)
}

func run(dir, epoch string, stderr io.Writer) error {
	// The fonts' metrics and the hyphenation patterns load on another
	// core while the manuscript is read.
	go pdf.Preload()
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
	// Typographic problems that don't stop the book are worth seeing; the
	// writers run at once, so their warnings are gathered and printed in a
	// fixed order afterwards. The PDF and the booklet are typeset once, so
	// their warnings come once, with the PDF's.
	var warnings [3][]string
	warn := func(i int) func(string) {
		return func(msg string) { warnings[i] = append(warnings[i], msg) }
	}
	// A printed pamphlet needs a cover: the typographic one, page 1 of the
	// PDF and the outside of the booklet.
	var (
		doc     *pdf.Document
		docErr  error
		typeset sync.WaitGroup
	)
	typeset.Go(func() { doc, docErr = pdf.Typeset(b, &pdf.Options{Cover: true, Warn: warn(1)}) })
	editions := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"pamphlet.epub", func(w io.Writer) error { return epub.Write(w, b, nil) }},
		{"pamphlet.pdf", func(w io.Writer) error {
			typeset.Wait()
			if docErr != nil {
				return docErr
			}
			return doc.Write(w)
		}},
		{"pamphlet-booklet.pdf", func(w io.Writer) error {
			typeset.Wait()
			if docErr != nil {
				return nil // reported once, by the PDF
			}
			return doc.WriteBooklet(w, &pdf.BookletOptions{Guides: true})
		}},
	}
	// The editions are made side by side (the writers only read the book
	// and the typeset document), each written, as soon as it is made,
	// to a temporary file that takes the edition's place only when all
	// succeeded: a failed build never leaves a half-written edition or
	// clobbers a good one. (The writers write nothing until their whole
	// output is made.)
	files := make([]*atomic.Pending, len(editions))
	for i, e := range editions {
		f, err := atomic.Create(filepath.Join(dir, e.name))
		if err != nil {
			atomic.Discard(files[:i]...)
			return err
		}
		files[i] = f
	}
	errs := make([]error, len(editions))
	var wg sync.WaitGroup
	for i, e := range editions {
		wg.Go(func() {
			// The booklet comes in pieces (the book's streams spliced
			// between its own objects): a system call for each would cost
			// more than copying them.
			w := bufio.NewWriterSize(files[i], 64<<10)
			if errs[i] = e.write(w); errs[i] == nil {
				errs[i] = w.Flush()
			}
		})
	}
	wg.Wait()
	for i, e := range editions {
		for _, msg := range warnings[i] {
			fmt.Fprintf(stderr, "pamphlet: %s: %s\n", e.name, msg)
		}
	}
	if err := errors.Join(errs...); err != nil {
		atomic.Discard(files...)
		return err
	}
	return atomic.Commit(files...)
}
