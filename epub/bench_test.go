package epub_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/internal/corpus"
)

// largeBook returns corpus.Book(copies), checked, and its number of
// words.
func largeBook(tb testing.TB, copies int) (*book.Book, int) {
	tb.Helper()
	b, err := corpus.Book(copies)
	if err != nil {
		tb.Fatal(err)
	}
	if err := b.Validate(); err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, c := range b.Chapters {
		n += len(strings.Fields(c.Title))
		for _, bl := range c.Blocks {
			if p, ok := bl.(book.Paragraph); ok {
				n += len(strings.Fields(book.PlainText(p)))
			}
		}
	}
	return b, n
}

func TestLargeBook(t *testing.T) {
	b1, n1 := largeBook(t, 1)
	b3, n3 := largeBook(t, 3)
	if len(b3.Chapters) != 3*len(b1.Chapters) || n3 != 3*n1 || n1 < 10000 {
		t.Errorf("1×: %d chapters, %d words; 3×: %d chapters, %d words", len(b1.Chapters), n1, len(b3.Chapters), n3)
	}
	if err := epub.Write(io.Discard, b3, nil); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, bench := range []struct {
		copies int
		o      *epub.Options
		name   string
	}{{1, nil, "1x"}, {40, nil, "40x"}, {1, &epub.Options{NoCover: true}, "1x-nocover"}} {
		bk, words := largeBook(b, bench.copies)
		b.Run(bench.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := epub.Write(&buf, bk, bench.o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(words), "ns/word")
		})
	}
}
