package pdf

import "testing"

// BenchmarkLayoutPamphlet typesets the pamphlet (Typeset: fonts loaded,
// paragraphs itemized and broken, pages made) without writing it.
func BenchmarkLayoutPamphlet(b *testing.B) {
	bk := pamphlet(b)
	for b.Loop() {
		if _, err := Typeset(bk, nil); err != nil {
			b.Fatal(err)
		}
	}
}
