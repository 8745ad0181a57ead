package cover

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/quire-books/quire/book"
)

// Raster cover size: 1600×2560 pixels, the 1:1.6 shape and resolution that
// e-book stores ask for.
const (
	Width  = 1600
	Height = 2560
)

// PNG draws the cover for m as a Width×Height PNG image in Liberation
// Serif. The same metadata always gives the same bytes.
func PNG(m *book.Meta, o *Options) ([]byte, error) {
	data, _, err := drawPNG(m, o, 2)
	return data, err
}

// drawPNG is PNG. It draws the items from the top down and hands the rows
// above every item still to draw to the encoder, whose row buffers are
// then reused: an item's rows are guessed from its font's bounds less
// slack pixels. If ink falls on a row already encoded, a guess was wrong:
// it draws the cover again keeping every row to the end, and reports
// that it did.
func drawPNG(m *book.Meta, o *Options, slack int) (data []byte, again bool, err error) {
	var fs faces
	var fontErr error
	font := func(st Style) *sfnt.Font {
		f, err := fs.font(st)
		if err != nil && fontErr == nil {
			fontErr = fmt.Errorf("cover: parsing font: %w", err)
		}
		return f
	}
	words := map[measured]word{}
	measure := func(st Style, size float64, s string) float64 {
		f := font(st)
		if f == nil {
			return 0
		}
		return fix(fs.measureWords(words, f, st, size, s))
	}
	items := Layout(m, Width, Height, measure)
	if fontErr != nil {
		return nil, false, fontErr
	}

	bg, fg := o.Colours()
	palette := make(color.Palette, 256)
	for i := range palette {
		mix := func(a, b uint8) uint8 { return uint8((int(a)*(255-i) + int(b)*i + 127) / 255) }
		palette[i] = color.RGBA{mix(bg.R, fg.R), mix(bg.G, fg.G), mix(bg.B, fg.B), 0xff}
	}

	// Each item's top row, guessed; the items in that order.
	tops := make([]int, len(items))
	order := make([]int, len(items))
	for i, it := range items {
		order[i] = i
		top := it.Y
		if it.Text != "" {
			f := font(it.Style)
			if f == nil {
				return nil, false, fontErr
			}
			b, err := f.Bounds(&fs.buf, ppem(it.Size), xfont.HintingNone)
			if err != nil {
				return nil, false, fmt.Errorf("cover: %w", err)
			}
			top += fix(b.Min.Y) // y grows downwards: Min.Y is above the baseline
		}
		tops[i] = int(math.Floor(top)) - slack
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(tops[a], tops[b]) })

	// Draw coverage, 0 for the ground to 255 for ink, then use it as the
	// pixels of a paletted image whose 256 colours blend the ground into
	// the ink: a quarter of the bytes of RGBA, and four times faster to
	// encode. Only rows with ink are kept (see canvas).
	largest := 0.0
	for _, it := range items {
		if it.Text != "" {
			largest = max(largest, it.Size)
		}
	}
	fs.reserve(largest)
	draw := func(stream bool) (*canvas, error) {
		c := newCanvas(Width, Height, newStream(Width+1))
		for k, i := range order {
			it := items[i]
			if it.Text == "" {
				c.fill(image.Rect(int(math.Round(it.X)), int(math.Round(it.Y)), int(math.Round(it.X+it.W)), int(math.Round(it.Y+it.H))))
			} else {
				// Rows above the next item's top go to the encoder as
				// they are drawn.
				limit := 0
				if stream {
					limit = Height
					if k+1 < len(order) {
						limit = tops[order[k+1]]
					}
				}
				fs.drawString(c, fs.fonts[it.Style], ppem(it.Size), fixed.Point26_6{X: toFix(it.X), Y: toFix(it.Y)}, it.Text, limit)
			}
			if stream && k+1 < len(order) {
				c.advance(tops[order[k+1]])
			}
		}
		c.advance(Height)
		return c, nil
	}
	c, err := draw(true)
	if err == nil && c.late {
		again = true
		c, err = draw(false)
	}
	if err != nil {
		return nil, again, err
	}
	return c.z.png(Width, Height, palette), again, nil
}

func fix(v fixed.Int26_6) float64   { return float64(v) / 64 }
func toFix(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }

// canvas holds a cover's coverage, 0 (ground) to 255 (ink), row by row,
// until it goes to the encoder. A row without ink has no pixels: most of a cover
// is ground, which then costs neither memory nor time to clear, and the
// encoder compresses a run of nil rows without looking at it. A row is
// laid out as PNG compresses it, after a byte for its filter type (0,
// none), so that it goes to the encoder as it is.
type canvas struct {
	w    int
	rows []int32    // for each row, 1 + the index in bufs of its pixels, 0 if it has no ink
	bufs [][]byte   // every row made
	ink  [][2]int32 // for each of bufs in use, the columns it was drawn in
	slab []byte     // zeroed memory for rows still to come
	free []int32    // rows back from the encoder, zeroed

	z       *stream
	done    int      // the rows before it are in z
	held    int32    // the last row in z with ink, which z may still read, as in rows
	heldInk [2]int32 // and its ink
	late    bool     // ink was drawn on a row already in z
	scratch []byte   // where that ink went
}

// Rows and their ink are indices and int32s: a cover's 2560 rows took
// 100 KB as slices and ints.
// fresh: memory the heap takes fresh from the operating system reads as
// the kernel's shared page of zeros until first written, and a write after
// such a read makes the kernel copy the page and flush it from every
// core's TLB, an interrupt to each: far dearer than a page written first.
// Buffers that are read before written (pixels drawn over, tables looked
// up) are therefore cleared when made, although they hold zeros already.

func newCanvas(w, h int, z *stream) *canvas {
	c := &canvas{w: w, rows: make([]int32, h), z: z}
	clear(c.rows) // written before read: see fresh
	return c
}

// span returns the pixels of row y from column x0 to x1, which are about to
// be drawn in, and whether they are all ground: no ink was drawn between
// those columns before. The row is made when first asked for.
func (c *canvas) span(y, x0, x1 int) (pix []byte, ground bool) {
	stride := c.w + 1
	if y < c.done {
		c.late = true
		if c.scratch == nil {
			c.scratch = make([]byte, stride)
		}
		return c.scratch[1+x0 : 1+x1], true
	}
	i := c.rows[y]
	if i == 0 {
		if n := len(c.free); n > 0 {
			i, c.free = c.free[n-1], c.free[:n-1]
		} else {
			if len(c.slab) < stride {
				c.slab = make([]byte, 32*stride)
			}
			r := c.slab[:stride:stride]
			clear(r) // written before read, row by row: see fresh
			c.bufs = append(c.bufs, r)
			c.ink = append(c.ink, [2]int32{})
			c.slab = c.slab[stride:]
			i = int32(len(c.bufs))
		}
		c.rows[y] = i
		c.ink[i-1] = [2]int32{int32(x0), int32(x1)}
		return c.bufs[i-1][1+x0 : 1+x1], true
	}
	ink := c.ink[i-1]
	c.ink[i-1] = [2]int32{min(ink[0], int32(x0)), max(ink[1], int32(x1))}
	return c.bufs[i-1][1+x0 : 1+x1], x1 <= int(ink[0]) || x0 >= int(ink[1])
}

// advance hands the rows before row to to the encoder, and takes back
// for reuse each row with ink once the encoder has the next.
func (c *canvas) advance(to int) {
	for ; c.done < min(to, len(c.rows)); c.done++ {
		y := c.done
		i := c.rows[y]
		var r []byte
		var ink [2]int32
		if i != 0 {
			r, ink = c.bufs[i-1], c.ink[i-1]
		}
		c.z.row(r, [2]int{int(ink[0]), int(ink[1])})
		// A ground row ends the encoder's use of the row above it.
		if c.held != 0 {
			clear(c.bufs[c.held-1][1+c.heldInk[0] : 1+c.heldInk[1]])
			c.free = append(c.free, c.held)
			c.held = 0
		}
		if i != 0 {
			c.held, c.heldInk = i, ink
			c.rows[y] = 0
		}
	}
}

func (c *canvas) bounds() image.Rectangle { return image.Rect(0, 0, c.w, len(c.rows)) }

// fill inks r, as draw.Draw(dst, r, image.Opaque, image.Point{}, draw.Src)
// does on an alpha image.
func (c *canvas) fill(r image.Rectangle) {
	r = r.Intersect(c.bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row, _ := c.span(y, r.Min.X, r.Max.X)
		for i := range row {
			row[i] = 0xff
		}
	}
}

// over composites opaque ink through k, a row of mask values, onto d, of
// the same length, exactly as draw.DrawMask(dst, r, image.Opaque,
// image.Point{}, mask, mp, draw.Over) does on an alpha image.
func over(d, k []byte) {
	d = d[:len(k)]
	const m = 0xffff
	blend := func(d *uint8, ma uint32) {
		if *d == 0 { // ink on the ground: the mask's value, without a division
			*d = uint8(ma >> 8)
			return
		}
		da := uint32(*d) * 0x101
		*d = uint8((da*(m-ma) + m*ma) / m >> 8)
	}
	i := 0
	// Eight pixels at a time where the mask is empty or the canvas still
	// ground, as glyphs seldom overlap.
	for ; i+8 <= len(k); i += 8 {
		mw, dw := binary.LittleEndian.Uint64(k[i:]), binary.LittleEndian.Uint64(d[i:])
		switch {
		case mw == 0:
		case dw == 0:
			copy(d[i:i+8], k[i:i+8])
		default:
			for j, v := range k[i : i+8] {
				if v != 0 {
					blend(&d[i+j], uint32(v)*0x101)
				}
			}
		}
	}
	for ; i < len(k); i++ {
		if v := k[i]; v != 0 {
			blend(&d[i], uint32(v)*0x101)
		}
	}
}
