package typeset

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/source"
)

// longParagraph makes n words of made-up widths (boxes 2 to 12 points,
// a hyphenation point in one of three words) as items.
func longParagraph(n int) []Item {
	rng := rand.New(rand.NewPCG(7, 8))
	items := []Item{{Kind: Box, Width: 15}}
	for i := range n {
		if i > 0 {
			items = append(items, Item{Kind: Glue, Width: 2.5, Stretch: 1.25, Shrink: 2.5 / 3})
		}
		if rng.IntN(3) == 0 {
			items = append(items,
				Item{Kind: Box, Width: Length(3 + rng.IntN(10))},
				Item{Kind: Penalty, Width: 3, Penalty: 50, Flagged: true, Text: "-"})
		}
		items = append(items, Item{Kind: Box, Width: Length(2 + rng.IntN(11))})
	}
	return append(items,
		Item{Kind: Penalty, Penalty: Infinity},
		Item{Kind: Glue, Stretch: Fil},
		Item{Kind: Penalty, Penalty: -Infinity})
}

func BenchmarkBreak(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		items := longParagraph(n)
		b.Run(itoa(n)+"words", func(b *testing.B) {
			for b.Loop() {
				if r := Break(items, constWidth(300), nil); r.Greedy {
					b.Fatal("greedy")
				}
			}
		})
	}
}

func BenchmarkGreedy(b *testing.B) {
	items := longParagraph(1000)
	for b.Loop() {
		Greedy(items, constWidth(300), nil)
	}
}

// textParagraph makes n words of English-like text.
func textParagraph(n int) string {
	words := strings.Fields(sample + " revolution proletariat bourgeoisie government insurrection soviets")
	rng := rand.New(rand.NewPCG(1, 1))
	var s strings.Builder
	for i := range n {
		if i > 0 {
			s.WriteByte(' ')
		}
		s.WriteString(words[rng.IntN(len(words))])
	}
	return s.String()
}

// charMeasurer gives each rune a width from its code, as a proportional
// font would.
type charMeasurer struct{}

func (charMeasurer) Width(_ int, s string) Length {
	var w Length
	for _, r := range s {
		w += 3 + Length(r%5)
	}
	return w
}

func BenchmarkItemizeBreak(b *testing.B) {
	txt := textParagraph(1000)
	o := &ItemizeOptions{Hyphenator: English(), Indent: 15}
	for b.Loop() {
		items := Itemize([]Run{{Text: txt}}, charMeasurer{}, o)
		if r := Break(items, constWidth(300), nil); r.Greedy {
			b.Fatal("greedy")
		}
	}
}

func BenchmarkItemize(b *testing.B) {
	txt := textParagraph(1000)
	o := &ItemizeOptions{Hyphenator: English(), Indent: 15}
	for b.Loop() {
		Itemize([]Run{{Text: txt}}, charMeasurer{}, o)
	}
}

// pamphletParagraphs returns the text of the pamphlet's paragraphs.
func pamphletParagraphs(tb testing.TB) []string {
	tb.Helper()
	b, err := source.Pamphlet()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, c := range b.Chapters {
		for _, bl := range c.Blocks {
			if p, ok := bl.(book.Paragraph); ok {
				out = append(out, book.PlainText(p))
			}
		}
	}
	return out
}

// BenchmarkPamphlet itemizes and breaks the pamphlet's paragraphs, as the
// PDF writer does, with made-up glyph widths about those of 10-point
// type on an A5 page's measure (about 65 letters).
func BenchmarkPamphlet(b *testing.B) {
	paras := pamphletParagraphs(b)
	o := &ItemizeOptions{Hyphenator: English(), Indent: 15}
	m := charMeasurer{}
	b.Run("Itemize", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paras {
				Itemize([]Run{{Text: p}}, m, o)
			}
		}
	})
	b.Run("TwoPass", func(b *testing.B) {
		// As the PDF writer does: itemize without hyphens, break, and
		// only if that fails hyphenate and break again.
		var br Breaker
		widths := constWidth(330)
		first := &Params{Measure: 330}
		second := &Params{Pretolerance: -1, Measure: 330}
		for b.Loop() {
			for _, p := range paras {
				items := br.Itemize([]Run{{Text: p}}, m, o)
				if _, ok := br.FirstPass(items, widths, first); !ok {
					br.Break(br.Hyphenate(), widths, second)
				}
			}
		}
	})
	items := make([][]Item, len(paras))
	for i, p := range paras {
		items[i] = Itemize([]Run{{Text: p}}, m, o)
	}
	b.Run("Break", func(b *testing.B) {
		for b.Loop() {
			for _, it := range items {
				Break(it, constWidth(330), nil)
			}
		}
	})
}
