package typeset_test

import (
	"fmt"
	"strings"

	"github.com/quire-books/quire/pdf/internal/typeset"
)

// mono is a Measurer for a monospaced font: every character 6 points wide.
type mono struct{}

func (mono) Width(_ int, s string) typeset.Length {
	return typeset.Length(6 * len([]rune(s)))
}

func Example() {
	runs := []typeset.Run{{Text: "The proletarian revolution is not the work of a minority, but of the immense majority, in the interests of the immense majority."}}
	items := typeset.Itemize(runs, mono{}, &typeset.ItemizeOptions{Hyphenator: typeset.English()})
	res := typeset.Break(items, func(int) typeset.Length { return 216 }, nil)
	for _, l := range res.Lines {
		var b strings.Builder
		for _, it := range items[l.Start:l.End] {
			switch it.Kind {
			case typeset.Box:
				b.WriteString(it.Text)
			case typeset.Glue:
				b.WriteString(" ")
			}
		}
		if l.End < len(items) {
			b.WriteString(items[l.End].Text) // "-" after a hyphenated line
		}
		fmt.Printf("%-38s ratio %+.2f\n", b.String(), l.Ratio)
	}
	// Output:
	// The proletarian revolution is not the  ratio -0.60
	// work of a minority, but of the immense ratio -0.86
	// majority, in the interests of the im-  ratio -0.50
	// mense majority.                        ratio +0.00
}

func ExampleLiang_Hyphenate() {
	hy, err := typeset.NewEnglish()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range []string{"hyphenation", "revolution", "table", "project"} {
		var b strings.Builder
		last := 0
		for _, p := range hy.Hyphenate(w) {
			b.WriteString(w[last:p] + "-")
			last = p
		}
		b.WriteString(w[last:])
		fmt.Println(b.String())
	}
	// Output:
	// hy-phen-ation
	// rev-o-lu-tion
	// ta-ble
	// project
}

func ExampleGreedy() {
	items := typeset.Itemize([]typeset.Run{{Text: "aaaa bbbbb c d ee ff g"}}, mono{}, nil)
	widths := func(int) typeset.Length { return 60 }
	total := typeset.Break(items, widths, nil)
	first := typeset.Greedy(items, widths, nil)
	fmt.Printf("total fit: %d lines, %.0f demerits\n", len(total.Lines), total.Demerits)
	fmt.Printf("first fit: %d lines, %.0f demerits\n", len(first.Lines), first.Demerits)
	// Output:
	// total fit: 3 lines, 1771 demerits
	// first fit: 2 lines, 2824 demerits
}
