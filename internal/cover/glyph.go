package cover

import (
	"image"
	"image/draw"
	"strings"
	"unicode/utf8"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// faces sets text in the cover's three fonts, at any size, as an
// opentype.Face at 72 dpi without hinting does (same advances, kerning and
// pixels), but with one rasteriser and one mask for every size and style,
// where each opentype.Face keeps its own, and with each font parsed only
// when first used.
type faces struct {
	fonts [3]*sfnt.Font
	buf   sfnt.Buffer
	rast  vector.Rasterizer
	// A line's glyph masks, made before it is drawn onto the canvas row
	// by row, in chunks reused for every line.
	chunks [][]byte
	used   int // chunks in use; the last has its masks at its start
	glyphs []placed
	mask   image.Alpha // the mask being drawn, kept here so as not to allocate one for each
}

// placed is a glyph's mask and where it goes.
type placed struct {
	dr     image.Rectangle
	mask   []byte // dr.Dx() by dr.Dy()
	x0, x1 int    // dr's columns on the canvas
}

// font returns the font of st, parsed when first asked for.
func (fs *faces) font(st Style) (*sfnt.Font, error) {
	if f := fs.fonts[st]; f != nil {
		return f, nil
	}
	data := liberationserifregular.TTF
	switch st {
	case Bold:
		data = liberationserifbold.TTF
	case Italic:
		data = liberationserifitalic.TTF
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, err
	}
	fs.fonts[st] = f
	return f, nil
}

// ppem is opentype.NewFace's scale for a size in pixels at 72 dpi.
func ppem(size float64) fixed.Int26_6 { return fixed.Int26_6(0.5 + size*64) }

// measure is font.MeasureString on an opentype.Face: the sum of the
// advances, with opentype.Face's kerning, which is in font units, not
// scaled to the size.
func (fs *faces) measure(f *sfnt.Font, scale fixed.Int26_6, s string) fixed.Int26_6 {
	var w fixed.Int26_6
	prev := sfnt.GlyphIndex(0)
	for i, r := range s {
		x, _ := f.GlyphIndex(&fs.buf, r)
		if i > 0 {
			w += fs.kern(f, prev, x)
		}
		a, _ := f.GlyphAdvance(&fs.buf, x, scale, font.HintingNone)
		w += a
		prev = x
	}
	return w
}

// Layout measures runs of the same words again and again, wrapping lines
// and centring them (the pamphlet's 33 measurements are of 22 strings, of
// 25 words). A string's width is a sum, of its glyphs' advances and of
// the kerning of each glyph after the one before, so that of words joined
// by spaces is the sum of the words' widths, the spaces' advances and the
// kerning at either side of each space: measureWords measures each word
// once, keeping it in words, and its sums are measure's, exactly, in
// fixed point.

// measured is a word, or a string, of a style at a size.
type measured struct {
	st   Style
	size float64
	s    string
}

// word is a word's width and the kerning of a space and its first glyph,
// and of its last glyph and a space.
type word struct {
	width, before, after fixed.Int26_6
}

// measureWords is measure for st at size, from and into words.
func (fs *faces) measureWords(words map[measured]word, f *sfnt.Font, st Style, size float64, s string) fixed.Int26_6 {
	scale := ppem(size)
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return fs.measure(f, scale, s) // words of no glyphs: not worth the trouble
	}
	space, _ := f.GlyphIndex(&fs.buf, ' ')
	var w, spaceAdvance fixed.Int26_6
	var after fixed.Int26_6 // the kerning of the last word's last glyph and a space
	for i := 0; ; i++ {
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		m := measured{st, size, s[:end]}
		k, ok := words[m]
		if !ok {
			k.width = fs.measure(f, scale, m.s)
			first, _ := utf8.DecodeRuneInString(m.s)
			last, _ := utf8.DecodeLastRuneInString(m.s)
			g0, _ := f.GlyphIndex(&fs.buf, first) // as measure: glyph 0 if none
			g1, _ := f.GlyphIndex(&fs.buf, last)
			k.before, k.after = fs.kern(f, space, g0), fs.kern(f, g1, space)
			words[m] = k
		}
		if i == 1 {
			spaceAdvance, _ = f.GlyphAdvance(&fs.buf, space, scale, font.HintingNone)
		}
		if i > 0 {
			w += after + spaceAdvance + k.before
		}
		w += k.width
		after = k.after
		if end == len(s) {
			return w
		}
		s = s[end+1:]
	}
}

func (fs *faces) kern(f *sfnt.Font, x0, x1 sfnt.GlyphIndex) fixed.Int26_6 {
	k, err := f.Kern(&fs.buf, x0, x1, fixed.Int26_6(f.UnitsPerEm()), font.HintingNone)
	if err != nil {
		return 0
	}
	return k
}

// reserve makes room in the rasteriser for a glyph an em square at size
// pixels, which few glyphs exceed, so that it is made once, not again and
// again a little larger as larger glyphs come.
func (fs *faces) reserve(size float64) {
	side := min(int(size)+3, floatingPointMathThreshold)
	fs.rast.Reset(side, side)
}

// maskChunk is the size of the chunks the glyph masks go in.
const maskChunk = 32 << 10

// newMask returns n bytes for a glyph's mask, from the chunks.
func (fs *faces) newMask(n int) []byte {
	if fs.used > 0 {
		c := fs.chunks[fs.used-1]
		if len(c)+n <= cap(c) {
			fs.chunks[fs.used-1] = c[:len(c)+n]
			return c[len(c) : len(c)+n : len(c)+n]
		}
	}
	if fs.used == len(fs.chunks) {
		fs.chunks = append(fs.chunks, make([]byte, 0, max(maskChunk, n)))
	} else if cap(fs.chunks[fs.used]) < n {
		fs.chunks[fs.used] = make([]byte, 0, n)
	}
	fs.used++
	fs.chunks[fs.used-1] = fs.chunks[fs.used-1][:n]
	return fs.chunks[fs.used-1][:n:n]
}

// floatingPointMathThreshold is vector.Rasterizer's: on larger sizes it
// uses another buffer.
const floatingPointMathThreshold = 512

// drawString draws s in opaque ink onto c with its baseline's left end at
// dot. It is font.Drawer's DrawString on an opentype.Face, with
// draw.DrawMask's Over arithmetic for an alpha image, done in place on the
// rows it touches. The glyphs' masks are made first, then put on the
// canvas row by row, each row's glyphs in order, as font.Drawer's glyph
// by glyph gives every pixel the same glyphs in the same order; each row
// above limit goes to the encoder as soon as it is done, so that the
// canvas holds a few rows, not all of a line's. A glyph's row is copied
// onto ground, blended over ink (another item's or an overlapping
// glyph's).
func (fs *faces) drawString(c *canvas, f *sfnt.Font, scale fixed.Int26_6, dot fixed.Point26_6, s string, limit int) {
	fs.used = 0
	fs.glyphs = fs.glyphs[:0]
	top, bottom := c.bounds().Max.Y, 0
	prev := sfnt.GlyphIndex(0)
	for i, r := range s {
		x, err := f.GlyphIndex(&fs.buf, r)
		if i > 0 {
			// opentype.Face.Kern ignores GlyphIndex's error: glyph 0.
			dot.X += fs.kern(f, prev, x)
		}
		prev = x
		if err != nil {
			continue
		}
		g, advance, ok := fs.glyph(f, scale, dot, x)
		if !ok {
			continue
		}
		if g.x0, g.x1 = max(g.dr.Min.X, 0), min(g.dr.Max.X, c.w); g.x0 < g.x1 && !g.dr.Empty() {
			fs.glyphs = append(fs.glyphs, g)
			top, bottom = min(top, g.dr.Min.Y), max(bottom, g.dr.Max.Y)
		}
		dot.X += advance
	}
	top, bottom = max(top, 0), min(bottom, c.bounds().Max.Y)
	for y := top; y < bottom; y++ {
		// The row's pixels under its glyphs are asked for at once.
		lo, hi := c.w, 0
		for j := range fs.glyphs {
			if g := &fs.glyphs[j]; y >= g.dr.Min.Y && y < g.dr.Max.Y {
				lo, hi = min(lo, g.x0), max(hi, g.x1)
			}
		}
		if lo < hi {
			d, ground := c.span(y, lo, hi)
			// Ground where no glyph before was drawn: columns from inked.
			inked := lo
			for j := range fs.glyphs {
				g := &fs.glyphs[j]
				if y < g.dr.Min.Y || y >= g.dr.Max.Y {
					continue
				}
				x0, x1 := g.x0, g.x1
				k := g.mask[(y-g.dr.Min.Y)*g.dr.Dx()+x0-g.dr.Min.X:][:x1-x0]
				if ground && x0 >= inked {
					copy(d[x0-lo:x1-lo], k)
				} else {
					over(d[x0-lo:x1-lo], k)
				}
				inked = max(inked, x1)
			}
		}
		if y < limit {
			c.advance(y + 1)
		}
	}
}

// glyph is opentype.Face.Glyph for glyph x: it draws the glyph into a
// mask of its own and returns it with where it goes, and the advance;
// not ok (and no advance) if the font cannot give the glyph.
func (fs *faces) glyph(f *sfnt.Font, scale fixed.Int26_6, dot fixed.Point26_6, x sfnt.GlyphIndex) (g placed, advance fixed.Int26_6, ok bool) {
	// GlyphAdvance before LoadGlyph: the segments live in fs.buf.
	advance, err := f.GlyphAdvance(&fs.buf, x, scale, font.HintingNone)
	if err != nil {
		return placed{}, 0, false
	}
	segments, err := f.LoadGlyph(&fs.buf, x, scale, nil)
	if err != nil {
		return placed{}, 0, false
	}
	b := segments.Bounds().Add(dot)
	g.dr = image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
	width, height := b.Max.X.Ceil()-b.Min.X.Floor(), b.Max.Y.Ceil()-b.Min.Y.Floor()
	if width < 0 || height < 0 {
		return placed{}, 0, false
	}
	if width == 0 || height == 0 {
		return g, advance, true // nothing to draw
	}
	biasX := dot.X - fixed.Int26_6(g.dr.Min.X<<6)
	biasY := dot.Y - fixed.Int26_6(g.dr.Min.Y<<6)
	g.mask = fs.newMask(width * height)
	mask := &fs.mask
	*mask = image.Alpha{Pix: g.mask, Stride: width, Rect: image.Rect(0, 0, width, height)}
	z := &fs.rast
	z.Reset(width, height)
	z.DrawOp = draw.Src
	pt := func(p fixed.Point26_6) (float32, float32) {
		return float32(p.X+biasX) / 64, float32(p.Y+biasY) / 64
	}
	for _, seg := range segments {
		switch seg.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(pt(seg.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.LineTo(pt(seg.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(seg.Args[0])
			x2, y2 := pt(seg.Args[1])
			z.QuadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(seg.Args[0])
			x2, y2 := pt(seg.Args[1])
			x3, y3 := pt(seg.Args[2])
			z.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	return g, advance, true
}
