package pdf

import (
	"bytes"
	"testing"
)

// BenchmarkRenderPamphlet draws the typeset pamphlet as a PDF: fonts cut
// and handed to gofpdf, text operators, page compression; no typesetting.
// Each draw is of a pamphlet typeset afresh (the timer stopped), since
// drawing fills the fonts' measurement caches, as a Document's one
// drawing does.
func BenchmarkRenderPamphlet(b *testing.B) {
	bk := pamphlet(b)
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		doc, err := Typeset(bk, nil)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		b.StartTimer()
		if err := doc.d.forRender().render(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkDrawnRunes collects the runes the typeset pamphlet draws, as
// the renderer does before its first page.
func BenchmarkDrawnRunes(b *testing.B) {
	doc, err := Typeset(pamphlet(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	d := doc.d.forRender()
	for b.Loop() {
		d.drawnRunes()
	}
}
