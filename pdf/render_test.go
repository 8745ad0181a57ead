package pdf

import (
	"bytes"
	"testing"
)

// BenchmarkRenderPamphlet draws the typeset pamphlet as a PDF: fonts cut
// and handed to gofpdf, text operators, page compression; no typesetting.
func BenchmarkRenderPamphlet(b *testing.B) {
	doc, err := Typeset(pamphlet(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := doc.d.forRender(false).render(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
