package cover

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/quire-books/quire/book"
)

// referenceMask draws the cover's coverage the plain way, with
// font.Drawer and draw.DrawMask, as PNG did before it drew glyphs itself.
func referenceMask(t *testing.T, m *book.Meta) *image.Alpha {
	t.Helper()
	faces := map[Style]*opentype.Font{}
	for st, data := range map[Style][]byte{Regular: liberationserifregular.TTF, Bold: liberationserifbold.TTF, Italic: liberationserifitalic.TTF} {
		f, err := opentype.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		faces[st] = f
	}
	face := func(st Style, size float64) font.Face {
		f, err := opentype.NewFace(faces[st], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	measure := func(st Style, size float64, s string) float64 {
		return fix(font.MeasureString(face(st, size), s))
	}
	mask := image.NewAlpha(image.Rect(0, 0, Width, Height))
	for _, it := range Layout(m, Width, Height, measure) {
		if it.Text == "" {
			r := image.Rect(int(math.Round(it.X)), int(math.Round(it.Y)), int(math.Round(it.X+it.W)), int(math.Round(it.Y+it.H)))
			draw.Draw(mask, r, image.Opaque, image.Point{}, draw.Src)
			continue
		}
		d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face(it.Style, it.Size), Dot: fixed.Point26_6{X: toFix(it.X), Y: toFix(it.Y)}}
		d.DrawString(it.Text)
	}
	return mask
}

// The cover's pixels are those that font.Drawer draws, and its colours
// blend the ground into the ink: the pamphlet's, and covers whose glyphs
// overlap (italics, kerning, accents above and below the lines) or run
// off the cover.
func TestPNGPixels(t *testing.T) {
	for _, m := range []book.Meta{
		pamphlet,
		{Title: "Ÿ ÉÂ Ǻ ǻ ý þ ĵ Ŷ ŷ j g q p", Subtitle: "Ç ȘȚ Ģ ķ ļ ņ ŗ ffj fj Ty Wo VA ‘f’ (j)", Publisher: "ÅÑ"},
		{Title: "Antidisestablishmentarianisms", Subtitle: "Supercalifragilisticexpialidociousnesses"},
	} {
		data, err := PNG(&m, nil)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		p, ok := img.(*image.Paletted)
		if !ok {
			t.Fatalf("decoded as %T", img)
		}
		if _, err := inflateIDAT(data); err != nil {
			t.Errorf("IDAT: %v", err)
		}
		want := referenceMask(t, &m)
		if !bytes.Equal(p.Pix, want.Pix) {
			diff := 0
			for i := range p.Pix {
				if p.Pix[i] != want.Pix[i] {
					diff++
				}
			}
			t.Errorf("%q: %d pixels differ from font.Drawer's", m.Title, diff)
		}
		if len(p.Palette) != 256 || p.Palette[0] != DefaultBackground || p.Palette[255] != DefaultForeground {
			t.Errorf("palette of %d colours from %v to %v", len(p.Palette), p.Palette[0], p.Palette[len(p.Palette)-1])
		}
		if m.Title[0] == 'A' { // the long words must run off both edges, for the test to test that
			left, right := 0, 0
			for y := range Height {
				left += int(want.Pix[y*Width])
				right += int(want.Pix[y*Width+Width-1])
			}
			if left == 0 || right == 0 {
				t.Errorf("%q does not run off the cover's sides", m.Title)
			}
		}
	}
}

// encodePNG's images decode to what it was given, whatever the pixels:
// ground, noise (all literals), runs, rows repeating the one above, tiny
// and oddly shaped images.
func TestEncodePNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	palette := make(color.Palette, 256)
	for i := range palette {
		palette[i] = color.RGBA{uint8(i), uint8(255 - i), uint8(i * 7), 0xff}
	}
	fills := map[string]func(x, y, w int, row []byte) byte{
		"ground": func(x, y, w int, row []byte) byte { return 0 },
		"ink":    func(x, y, w int, row []byte) byte { return 255 },
		"sparse": func(x, y, w int, row []byte) byte { return byte(rng.IntN(2) * 255) },
		"noise":  func(x, y, w int, row []byte) byte { return byte(rng.IntN(256)) },
		"few":    func(x, y, w int, row []byte) byte { return byte(rng.IntN(3)) },
		"runs": func(x, y, w int, row []byte) byte {
			if x > 0 && rng.IntN(40) != 0 {
				return row[x-1]
			}
			return byte(rng.IntN(256))
		},
		"blocks": func(x, y, w int, row []byte) byte {
			if (x/97+y/13)%3 == 0 {
				return byte(x / 97)
			}
			return 0
		},
	}
	sizes := [][2]int{{1, 1}, {2, 1}, {1, 300}, {3, 3}, {7, 40}, {300, 5}, {257, 9}, {259, 9}, {1600, 20}}
	for name, fill := range fills {
		for _, sz := range sizes {
			w, h := sz[0], sz[1]
			pix := make([]byte, w*h)
			rows := make([][]byte, h)
			for y := range h {
				row := pix[y*w : (y+1)*w]
				for x := range row {
					row[x] = fill(x, y, w, row)
					if name == "blocks" && y%5 != 0 && y > 0 {
						row[x] = pix[(y-1)*w+x] // repeat the row above
					}
				}
				if name == "sparse" && y%7 != 3 {
					clear(row)
				}
				// Rows of zeros are nil, but every third one is there.
				if !slices.ContainsFunc(row, func(b byte) bool { return b != 0 }) && y%3 != 0 {
					continue
				}
				rows[y] = append([]byte{0}, row...)
			}
			// Every other image says where its rows' ink is.
			var ink [][2]int
			if h%2 == 0 {
				ink = make([][2]int, h)
				for y, r := range rows {
					if r == nil {
						continue
					}
					lo, hi := 0, w
					for lo < w && r[1+lo] == 0 {
						lo++
					}
					for hi > lo && r[hi] == 0 {
						hi--
					}
					ink[y] = [2]int{lo, hi}
				}
			}
			data := encodePNG(rows, ink, w, palette)
			// image/png stops reading when it has the pixels, before the
			// zlib stream's checksum.
			if got, err := inflateIDAT(data); err != nil || !bytes.Equal(got, slices.Concat(zeroFill(rows, w)...)) {
				t.Errorf("%s %dx%d: IDAT does not inflate to the rows (%v)", name, w, h, err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Errorf("%s %dx%d: %v", name, w, h, err)
				continue
			}
			p := img.(*image.Paletted)
			if p.Rect != image.Rect(0, 0, w, h) || !bytes.Equal(p.Pix, pix) {
				t.Errorf("%s %dx%d: decoded image differs", name, w, h)
			}
			if len(p.Palette) != len(palette) || p.Palette[200] != palette[200] {
				t.Errorf("%s %dx%d: palette differs", name, w, h)
			}
		}
	}
}

// inflateIDAT returns the inflated content of a PNG file's one IDAT chunk,
// read to the end of its zlib stream (which checks its Adler-32 checksum).
func inflateIDAT(data []byte) ([]byte, error) {
	i := bytes.Index(data, []byte("IDAT"))
	if i < 4 {
		return nil, errors.New("no IDAT chunk")
	}
	n := binary.BigEndian.Uint32(data[i-4:])
	zr, err := zlib.NewReader(bytes.NewReader(data[i+4 : i+4+int(n)]))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// zeroFill returns rows with each nil row replaced by a zero row of PNG's
// filter byte and w pixels.
func zeroFill(rows [][]byte, w int) [][]byte {
	out := make([][]byte, len(rows))
	for i, r := range rows {
		if r == nil {
			r = make([]byte, w+1)
		}
		out[i] = r
	}
	return out
}

// encodePNG encodes, with a stream, an image of 8-bit palette indices as
// a PNG with the given palette of at most 256 opaque colours. Each of rows
// is a row of the image as PNG compresses it: a filter-type byte of 0 (no
// filter) and w indices; a nil row is all index 0. If ink is not nil, a
// row's indices outside the columns ink[y][0] to ink[y][1] are 0 too.
func encodePNG(rows [][]byte, ink [][2]int, w int, palette color.Palette) []byte {
	z := newStream(w + 1)
	for y, r := range rows {
		in := [2]int{0, w} // the whole row
		if ink != nil {
			in = ink[y]
		}
		z.row(r, in)
	}
	return z.png(w, len(rows), palette)
}
