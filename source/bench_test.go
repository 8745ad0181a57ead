package source_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/quire-books/quire/source"
)

// largeMarkdown returns the pamphlet's manuscript with its body repeated
// copies times, each copy after the first opened by a "# Part N" heading:
// a long book made from the pamphlet's text, with no corpus of its own.
func largeMarkdown(tb testing.TB, copies int) []byte {
	tb.Helper()
	md := source.PamphletMarkdown()
	// The front matter ends at the second "---" line.
	end := bytes.Index(md[3:], []byte("\n---\n"))
	if !bytes.HasPrefix(md, []byte("---\n")) || end < 0 {
		tb.Fatal("pamphlet manuscript: no front matter")
	}
	front, body := md[:3+end+5], md[3+end+5:]
	var b bytes.Buffer
	b.Write(front)
	for k := range copies {
		if k > 0 {
			fmt.Fprintf(&b, "\n# Part %d\n\n", k+1)
		}
		b.Write(body)
	}
	return b.Bytes()
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
