package cover

import (
	"strings"
	"testing"
)

// Measuring words once and summing them gives the widths that measuring
// each string glyph by glyph gives, to the 1/64 pixel, kerning at the
// spaces included.
func TestMeasureWords(t *testing.T) {
	var fs faces
	texts := []string{
		pamphlet.Title, pamphlet.Subtitle, "LUTTE OUVRIÈRE", "Translated by Workers’ Fight",
		"A Y T V W", "Ty Yo Av. L’ T, P. “A” ‘Y’", "Ÿ ÉÂ Ǻ ǻ ý þ ĵ Ŷ ŷ j g q p", "x",
		" A", "A ", "A  V", "", "A\tV \u00a0A",
	}
	kerned := 0 // words' kerning with a space that is not 0
	for st := Regular; st <= Italic; st++ {
		f, err := fs.font(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []float64{12, 56, 152} {
			words := map[measured]word{}
			for range 2 { // with the words measured, and again from words
				for _, s := range texts {
					// Runs of words as wrap measures them, and the whole.
					f1 := strings.Split(s, " ")
					for j := range f1 {
						for k := j + 1; k <= len(f1); k++ {
							run := strings.Join(f1[j:k], " ")
							got, want := fs.measureWords(words, f, st, size, run), fs.measure(f, ppem(size), run)
							if got != want {
								t.Errorf("style %d, size %g: %q measures %v, want %v", st, size, run, got, want)
							}
						}
					}
				}
			}
			for _, w := range words {
				if w.before != 0 || w.after != 0 {
					kerned++
				}
			}
		}
	}
	if kerned == 0 {
		t.Error("no word kerns with a space: the test does not test that kerning")
	}
}
