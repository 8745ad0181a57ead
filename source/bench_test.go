package source_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/quire-books/quire/internal/corpus"
	"github.com/quire-books/quire/source"
)

// largeMarkdown is corpus.Markdown, failing tb on error.
func largeMarkdown(tb testing.TB, copies int) []byte {
	tb.Helper()
	src, err := corpus.Markdown(copies)
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// words counts the words of a manuscript, for a cost per word that can be
// compared between sizes.
func words(src []byte) int { return len(bytes.Fields(src)) }

func reportPerWord(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
}

func TestLargeMarkdown(t *testing.T) {
	src := largeMarkdown(t, 3)
	bk, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "large.md"})
	if err != nil {
		t.Fatal(err)
	}
	one, err := source.Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(bk.Chapters), 3*len(one.Chapters); got != want {
		t.Errorf("%d chapters, want %d", got, want)
	}
	if bk.Meta.Title != one.Meta.Title {
		t.Errorf("title %q, want %q", bk.Meta.Title, one.Meta.Title)
	}
}

func BenchmarkReadMarkdown(b *testing.B) {
	for _, copies := range []int{1, 40} {
		src := largeMarkdown(b, copies)
		b.Run(fmt.Sprintf("%dx", copies), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "pamphlet.md"}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerWord(b, words(src))
		})
	}
}

func BenchmarkReadText(b *testing.B) {
	src := source.PamphletText()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := source.ReadText(src, &source.TextOptions{Name: "october-1917.txt", Language: "en-GB"}); err != nil {
			b.Fatal(err)
		}
	}
	reportPerWord(b, words(src))
}
