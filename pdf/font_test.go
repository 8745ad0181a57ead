package pdf

import (
	"math"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// TestWidthTables checks the measurements made with the ASCII tables and
// the kerning kept as found against sfnt's, glyph by glyph, on the
// pamphlet's words and strings mixing ASCII, other letters, spaces the
// font lacks and soft hyphens; and that split's pieces add up to width.
func TestWidthTables(t *testing.T) {
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Fields(modelText(pamphlet(t)))
	texts = append(texts, "AVAST Wa, To. “Yo” — fjord\u00ADless", "x\u2009y\u3000z", "ÆVA ÀT ŸA", "")
	for id, fc := range fonts.faces {
		ref := func(s string) float64 {
			w := 0.0
			var prev sfnt.GlyphIndex
			for _, r := range s {
				if r == '\u00AD' {
					continue
				}
				g, _ := fc.f.GlyphIndex(&fc.buf, r)
				if g == 0 && unicode.Is(unicode.Zs, r) {
					g, _ = fc.f.GlyphIndex(&fc.buf, ' ')
				}
				if prev != 0 && g != 0 {
					w += fc.kern(prev, g)
				}
				w += fc.advance(g)
				prev = g
			}
			return w
		}
		for round := range 2 { // measured, then from the caches
			for _, s := range texts {
				if got, want := fc.width(s), ref(s); got != want {
					t.Fatalf("face %d, round %d: width(%q) = %v, want %v", id, round, s, got, want)
				}
				ps := fc.split(nil, s)
				if len(ps) == 0 {
					continue
				}
				last := ps[len(ps)-1]
				if end := last.x + fc.width(last.text); math.Abs(end-fc.width(s)) > 1e-9 {
					t.Fatalf("face %d: pieces of %q end at %v, width %v", id, s, end, fc.width(s))
				}
			}
		}
	}
}

func TestAppendTenths(t *testing.T) {
	for k, want := range map[int64]string{0: "0", 5: "0.5", -5: "-0.5", -2500: "-250", 369: "36.9", -12: "-1.2", 100001: "10000.1"} {
		if got := string(appendTenths(nil, k)); got != want {
			t.Errorf("appendTenths(%d) = %q, want %q", k, got, want)
		}
	}
}
