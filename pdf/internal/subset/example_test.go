package subset_test

import (
	"fmt"

	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font/sfnt"

	"github.com/quire-books/quire/pdf/internal/subset"
)

func ExampleTrueType() {
	data := liberationserifregular.TTF
	f, _ := sfnt.Parse(data)
	var buf sfnt.Buffer
	var chars []subset.Char
	for _, r := range "Quire" {
		g, _ := f.GlyphIndex(&buf, r)
		chars = append(chars, subset.Char{Rune: r, Glyph: uint16(g)})
	}
	sub, _, err := subset.TrueType(data, chars)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := sfnt.Parse(sub)
	fmt.Println(s.NumGlyphs(), "glyphs,", len(sub) < len(data)/20)
	// Output: 6 glyphs, true
}
