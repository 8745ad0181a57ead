package book_test

import (
	"fmt"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/corpus"
)

// largeBook is corpus.Book, failing tb on error.
func largeBook(tb testing.TB, copies int) *book.Book {
	tb.Helper()
	b, err := corpus.Book(copies)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestLargeBookValid(t *testing.T) {
	if err := largeBook(t, 3).Validate(); err != nil {
		t.Fatal(err)
	}
}

// Validate runs at the start of every writer, so it must stay linear in the
// size of the book.
func BenchmarkValidate(b *testing.B) {
	for _, copies := range []int{1, 40} {
		bk := largeBook(b, copies)
		b.Run(fmt.Sprintf("%dx", copies), func(b *testing.B) {
			for b.Loop() {
				if err := bk.Validate(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(bk.Chapters)), "ns/chapter")
		})
	}
}

func BenchmarkPlainText(b *testing.B) {
	bk := largeBook(b, 1)
	var paras []book.Paragraph
	for _, c := range bk.Chapters {
		for _, bl := range c.Blocks {
			if p, ok := bl.(book.Paragraph); ok {
				paras = append(paras, p)
			}
		}
	}
	for b.Loop() {
		for _, p := range paras {
			book.PlainText(p)
		}
	}
}
