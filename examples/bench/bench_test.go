package main

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/internal/corpus"
	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

// The whole pipeline, as examples/pamphlet and mkbook run it: read the
// Markdown manuscript, then write the EPUB and the PDF, one after the
// other or both at once, on the pamphlet and on a book of 40 pamphlets.
// ns/word compares the cost per word between the sizes.

func readBook(tb testing.TB, src []byte) *book.Book {
	tb.Helper()
	b, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "pamphlet.md"})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func manuscript(tb testing.TB, copies int) []byte {
	tb.Helper()
	src, err := corpus.Markdown(copies)
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func perWord(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
}

// both writes the two editions, concurrently if asked; the outputs do
// not depend on it.
func both(b *book.Book, concurrent bool) (e, p []byte, err error) {
	var eb, pb bytes.Buffer
	var eerr, perr error
	if concurrent {
		var wg sync.WaitGroup
		wg.Go(func() { eerr = epub.Write(&eb, b, nil) })
		perr = pdf.Write(&pb, b, nil)
		wg.Wait()
	} else {
		eerr = epub.Write(&eb, b, nil)
		perr = pdf.Write(&pb, b, nil)
	}
	if eerr != nil {
		return nil, nil, eerr
	}
	return eb.Bytes(), pb.Bytes(), perr
}

func BenchmarkPipeline(b *testing.B) {
	for _, copies := range []int{1, 40} {
		src := manuscript(b, copies)
		for _, conc := range []bool{false, true} {
			name := fmt.Sprintf("%dx/sequential", copies)
			if conc {
				name = fmt.Sprintf("%dx/concurrent", copies)
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					bk := readBook(b, src)
					if _, _, err := both(bk, conc); err != nil {
						b.Fatal(err)
					}
				}
				perWord(b, words(src))
			})
		}
	}
}

// BenchmarkPDF is package pdf's BenchmarkWritePamphlet on the pamphlet
// and on 40 of them, to see the cost per word grow or not.
func BenchmarkPDF(b *testing.B) {
	for _, copies := range []int{1, 40} {
		src := manuscript(b, copies)
		bk := readBook(b, src)
		b.Run(fmt.Sprintf("%dx", copies), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := pdf.Write(&buf, bk, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
			perWord(b, words(src))
		})
	}
}

func TestConcurrentSame(t *testing.T) {
	bk := readBook(t, manuscript(t, 1))
	e1, p1, err := both(bk, false)
	if err != nil {
		t.Fatal(err)
	}
	e2, p2, err := both(bk, true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e1, e2) || !bytes.Equal(p1, p2) {
		t.Error("editions written concurrently differ from those written one after the other")
	}
}
