package cover

import (
	"image"
	"image/draw"

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
	mask  image.Alpha
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

func (fs *faces) kern(f *sfnt.Font, x0, x1 sfnt.GlyphIndex) fixed.Int26_6 {
	k, err := f.Kern(&fs.buf, x0, x1, fixed.Int26_6(f.UnitsPerEm()), font.HintingNone)
	if err != nil {
		return 0
	}
	return k
}

// reserve makes room in the rasteriser and the mask for a glyph an em
// square at size pixels, which few glyphs exceed, so that they are made
// once, not again and again a little larger as larger glyphs come.
func (fs *faces) reserve(size float64) {
	side := min(int(size)+3, floatingPointMathThreshold)
	if n := side * side; cap(fs.mask.Pix) < n {
		fs.rast.Reset(side, side)
		fs.mask.Pix = make([]uint8, 0, n)
	}
}

// floatingPointMathThreshold is vector.Rasterizer's: on larger sizes it
// uses another buffer.
const floatingPointMathThreshold = 512

// drawString draws s in opaque ink onto c with its baseline's left end at
// dot. It is font.Drawer's DrawString on an opentype.Face, with
// draw.DrawMask's Over arithmetic for an alpha image, done in place on the
// rows it touches.
func (fs *faces) drawString(c *canvas, f *sfnt.Font, scale fixed.Int26_6, dot fixed.Point26_6, s string) {
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
		dr, advance, ok := fs.glyph(f, scale, dot, x)
		if !ok {
			continue
		}
		if !dr.Empty() {
			over(c, dr, &fs.mask, image.Point{})
		}
		dot.X += advance
	}
}

// glyph is opentype.Face.Glyph for glyph x: it draws the glyph into
// fs.mask and returns where the mask goes and the advance; not ok (and no
// advance) if the font cannot give the glyph.
func (fs *faces) glyph(f *sfnt.Font, scale fixed.Int26_6, dot fixed.Point26_6, x sfnt.GlyphIndex) (dr image.Rectangle, advance fixed.Int26_6, ok bool) {
	// GlyphAdvance before LoadGlyph: the segments live in fs.buf.
	advance, err := f.GlyphAdvance(&fs.buf, x, scale, font.HintingNone)
	if err != nil {
		return image.Rectangle{}, 0, false
	}
	segments, err := f.LoadGlyph(&fs.buf, x, scale, nil)
	if err != nil {
		return image.Rectangle{}, 0, false
	}
	b := segments.Bounds().Add(dot)
	dr = image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
	width, height := b.Max.X.Ceil()-b.Min.X.Floor(), b.Max.Y.Ceil()-b.Min.Y.Floor()
	if width < 0 || height < 0 {
		return image.Rectangle{}, 0, false
	}
	if width == 0 || height == 0 {
		return dr, advance, true // nothing to draw
	}
	biasX := dot.X - fixed.Int26_6(dr.Min.X<<6)
	biasY := dot.Y - fixed.Int26_6(dr.Min.Y<<6)
	n := width * height
	if cap(fs.mask.Pix) < n {
		fs.mask.Pix = make([]uint8, n)
	}
	fs.mask.Pix = fs.mask.Pix[:n]
	fs.mask.Stride = width
	fs.mask.Rect = image.Rect(0, 0, width, height)
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
	z.Draw(&fs.mask, fs.mask.Rect, image.Opaque, image.Point{})
	return dr, advance, true
}
