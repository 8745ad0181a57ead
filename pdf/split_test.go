package pdf

import (
	"math"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
)

// piece is a stretch of a string drawn without kerning, at offset x (font
// units) from the string's start. Strings are split where the font kerns
// a pair, since PDF text is drawn without kerning.
type piece struct {
	text string
	x    float64
	// w is the piece's width as a PDF viewer adds it up from the embedded
	// font's widths, in thousandths of an em.
	w float64
}

// split appends to dst s cut into pieces at kerned pairs, each with its
// offset in font units, so that drawing the pieces at their offsets
// reproduces the measured width. Soft hyphens are left out. It is the
// reference the tests hold the renderer's one-pass text (renderer.text)
// to.
func (fc *face) split(dst []piece, s string) []piece {
	var scratch [256]byte
	var endArr [16]int
	buf, ends := scratch[:0], endArr[:0]
	first := len(dst)
	var pr rune
	var pg sfnt.GlyphIndex
	x, w := 0.0, 0.0
	for _, r := range s {
		if r == '\u00AD' {
			continue
		}
		r, g, adv, k := fc.metrics(pr, pg, r)
		if len(dst) == first || k != 0 {
			if len(dst) > first {
				dst[len(dst)-1].w = w
				ends = append(ends, len(buf))
			}
			x += k
			dst = append(dst, piece{x: x})
			w = 0
		}
		buf = utf8.AppendRune(buf, r)
		x += adv
		// The embedded font's widths: the advance in thousandths of an
		// em, rounded.
		w += math.Round(adv * 1000 / fc.upm)
		pr, pg = r, g
	}
	if len(dst) == first {
		return dst
	}
	dst[len(dst)-1].w = w
	ends = append(ends, len(buf))
	all := s
	if string(buf) != s {
		all = string(buf)
	}
	t0 := 0
	for i := first; i < len(dst); i++ {
		dst[i].text = all[t0:ends[i-first]]
		t0 = ends[i-first]
	}
	return dst
}
