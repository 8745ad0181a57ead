package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

// imageCoverBook is the test book with a cover image, not the image in
// its text: gofpdf lists an image registered twice twice in the
// resources (qpdf warns of a duplicated key).
func imageCoverBook() *book.Book {
	m := image.NewNRGBA(image.Rect(0, 0, 200, 300))
	for y := range 300 {
		for x := range 200 {
			m.Set(x, y, color.NRGBA{uint8(40 + x/2), 90, uint8(y * 255 / 300), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		panic(err)
	}
	b := testBook()
	b.Meta.Cover = &book.Resource{Name: "images/cover.png", MediaType: "image/png", Data: buf.Bytes()}
	return b
}

// saveBytes writes data to a file in a temporary directory.
func saveBytes(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBookletClipped imposes books with a bleed and crop marks on A3,
// where the sheet leaves room around the pages: the bleed and the marks
// of the book's pages are cut off at the trim, and a cover's ground runs
// 3 mm past the outer edges, no further.
func TestBookletClipped(t *testing.T) {
	const dpi = 36
	A3 := Size{1190.55, 841.89}
	for _, c := range []struct {
		name string
		b    *book.Book
	}{{"generated cover", testBook()}, {"image cover", imageCoverBook()}} {
		t.Run(c.name, func(t *testing.T) {
			o := &Options{Cover: true, Bleed: 3 * Millimetre, CropMarks: true}
			var buf bytes.Buffer
			if err := WriteBooklet(&buf, c.b, o, &BookletOptions{Sheet: A3}); err != nil {
				t.Fatal(err)
			}
			path := saveBytes(t, buf.Bytes())
			validators.QPDFCheck(t, path)
			d := layoutFor(t, c.b, o)
			n := len(d.pages)
			sides := impose(n, d.pages[n-1].kind == coverPage)
			fold, top := A3.W/2, (A3.H-A5.H)/2
			px := func(l Length) int { return int(math.Round(float64(l / Inch * dpi))) }
			for _, k := range []int{0, 1, 2} {
				img := renderPage(t, path, k+1, dpi)
				// Where something may be drawn: the two pages, and the
				// cover's ground around a cover page.
				inside := func(x, y int) bool {
					for half, p := range sides[k] {
						l, r := fold-A5.W+Length(half)*A5.W, fold+Length(half)*A5.W
						tp, bt := top, top+A5.H
						if p >= 0 && d.pages[p].kind == coverPage {
							tp, bt = tp-markOffset, bt+markOffset
							if half == 0 {
								l -= markOffset
							} else {
								r += markOffset
							}
						}
						if x >= px(l)-1 && x <= px(r)+1 && y >= px(tp)-1 && y <= px(bt)+1 {
							return true
						}
					}
					return false
				}
				b := img.Bounds()
				stray := 0
				for y := b.Min.Y; y < b.Max.Y; y++ {
					for x := b.Min.X; x < b.Max.X; x++ {
						if !inside(x, y) && !near(img.At(x, y), color.RGBA{255, 255, 255, 255}) {
							stray++
						}
					}
				}
				if stray > 0 {
					t.Errorf("side %d: %d pixels drawn outside the pages and the cover's ground", k+1, stray)
				}
				// The cover's ground: 1.5 mm outside the front cover's
				// outer edge (side 1, right half) is not white.
				if k == 0 {
					x, y := px(fold+A5.W+1.5*Millimetre), px(A3.H/2)
					if near(img.At(x, y), color.RGBA{255, 255, 255, 255}) {
						t.Errorf("no cover ground 1.5 mm past the front cover's edge")
					}
				}
			}
		})
	}
}

// TestBookletSamePictures checks that the booklet of a book with a bleed
// and crop marks looks like the booklet of the same book without: the
// forms are clipped to the trim and placed at the same points.
func TestBookletSamePictures(t *testing.T) {
	const dpi = 30
	for _, b := range []*book.Book{testBook(), imageCoverBook()} {
		var plain, marked bytes.Buffer
		bo := &BookletOptions{Guides: true}
		if err := WriteBooklet(&plain, b, &Options{Cover: true}, bo); err != nil {
			t.Fatal(err)
		}
		if err := WriteBooklet(&marked, b, &Options{Cover: true, Bleed: 5 * Millimetre, CropMarks: true}, bo); err != nil {
			t.Fatal(err)
		}
		p1, p2 := saveBytes(t, plain.Bytes()), saveBytes(t, marked.Bytes())
		for k := 1; k <= pageCount(t, p1); k++ {
			a, b := renderPage(t, p1, k, dpi), renderPage(t, p2, k, dpi)
			if a.Bounds() != b.Bounds() {
				t.Fatalf("side %d: sizes differ", k)
			}
			// Positions are rounded to 0.01 pt in the book's coordinates:
			// a glyph may fall on the other side of a pixel's edge, no more.
			if d := pixelsApart(a, b); d > 40 {
				t.Errorf("side %d: %d pixels differ", k, d)
			}
		}
	}
}

// pixelsApart counts the pixels of a and b further apart than a quarter
// of the scale in any channel, but for the sheet's outermost pixels,
// which pdftoppm paints partly covered.
func pixelsApart(a, b image.Image) int {
	n := 0
	r := a.Bounds().Inset(1)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1) - int(r2), int(g1) - int(g2), int(b1) - int(b2)} {
				if d > 0x4000 || d < -0x4000 {
					n++
					break
				}
			}
		}
	}
	return n
}

// TestBookletAnnotations checks every link of the book against the
// booklet: the same count on each side, each rectangle moved by the
// page's place on the sheet.
func TestBookletAnnotations(t *testing.T) {
	b := testBook()
	for _, o := range []*Options{nil, {Bleed: 3 * Millimetre, CropMarks: true}} {
		doc, err := Typeset(b, o)
		if err != nil {
			t.Fatal(err)
		}
		var bookPDF, booklet bytes.Buffer
		if err := doc.Write(&bookPDF); err != nil {
			t.Fatal(err)
		}
		if err := doc.WriteBooklet(&booklet, nil); err != nil {
			t.Fatal(err)
		}
		read := func(data []byte) (*pdfFile, []bookPage) {
			f, err := readPDF(data)
			if err != nil {
				t.Fatal(err)
			}
			pages, err := f.bookPages()
			if err != nil {
				t.Fatal(err)
			}
			return f, pages
		}
		_, bookPages := read(bookPDF.Bytes())
		_, sheets := read(booklet.Bytes())
		m := float64(bookMargin(doc.d.s))
		fold := A4.H / 2
		links := 0
		for k, sd := range impose(len(bookPages), false) {
			var want []string
			for half, p := range sd {
				if p < 0 {
					continue
				}
				dx := float64(fold-A5.W+Length(half)*A5.W) - m
				dy := -m
				for _, a := range bookPages[p].annots {
					r, _ := a.get("Rect")
					want = append(want, fmt.Sprintf("%.2f %.2f %.2f %.2f",
						r.elems[0].num+dx, r.elems[1].num+dy, r.elems[2].num+dx, r.elems[3].num+dy))
				}
			}
			var got []string
			for _, a := range sheets[k].annots {
				r, _ := a.get("Rect")
				if len(r.elems) != 4 {
					t.Fatalf("side %d: annotation without a rectangle", k+1)
				}
				got = append(got, fmt.Sprintf("%.2f %.2f %.2f %.2f", r.elems[0].num, r.elems[1].num, r.elems[2].num, r.elems[3].num))
			}
			links += len(got)
			if len(got) != len(want) {
				t.Errorf("options %+v, side %d: %d links, want %d", o, k+1, len(got), len(want))
				continue
			}
			for i := range got {
				// Rounded twice: a hundredth of a point apart at most.
				var g, w [4]float64
				fmt.Sscan(got[i], &g[0], &g[1], &g[2], &g[3])
				fmt.Sscan(want[i], &w[0], &w[1], &w[2], &w[3])
				for j := range g {
					if math.Abs(g[j]-w[j]) > 0.011 {
						t.Errorf("options %+v, side %d: link at %s, want %s", o, k+1, got[i], want[i])
						break
					}
				}
			}
		}
		if links < 5 {
			t.Errorf("options %+v: only %d links in the booklet", o, links)
		}
		if bytes.Contains(booklet.Bytes(), []byte("/Outlines")) {
			t.Errorf("options %+v: the booklet has an outline", o)
		}
	}
}

// TestImposeDamaged imposes damaged book PDFs: each gives an error or a
// booklet, never a panic, and nothing is written on error.
func TestImposeDamaged(t *testing.T) {
	o := &Options{Cover: true}
	b := imageCoverBook()
	d := layoutFor(t, b, o)
	var good bytes.Buffer
	if err := d.forRender().render(&good); err != nil {
		t.Fatal(err)
	}
	in := good.Bytes()
	var out bytes.Buffer
	if err := d.imposeBooklet(&out, in, &BookletOptions{}); err != nil {
		t.Fatal(err)
	}
	try := func(what string, data []byte) {
		t.Helper()
		var out bytes.Buffer
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s: panic: %v", what, r)
			}
		}()
		if err := d.imposeBooklet(&out, data, &BookletOptions{}); err != nil {
			if out.Len() > 0 {
				t.Errorf("%s: %d bytes written with the error %v", what, out.Len(), err)
			}
			if !strings.HasPrefix(err.Error(), "pdf: ") {
				t.Errorf("%s: error %q", what, err)
			}
		}
	}
	try("empty", nil)
	// Damage the bytes outside the streams' data, which is copied as it
	// is: a few hundred places, spread evenly.
	f, err := readPDF(in)
	if err != nil {
		t.Fatal(err)
	}
	inData := make([]bool, len(in))
	for n := 1; n < len(f.offsets); n++ {
		if o, err := f.object(n); err == nil && o.stream {
			for i := o.data[0]; i < o.data[1]; i++ {
				inData[i] = true
			}
		}
	}
	var places []int
	for i := range in {
		if !inData[i] {
			places = append(places, i)
		}
	}
	for k := 0; k < len(places); k += 1 + len(places)/400 {
		i := places[k]
		try(fmt.Sprintf("cut at %d", i), in[:i])
		for _, c := range []byte{'x', '9', ' ', '/', '(', '['} {
			bad := bytes.Clone(in)
			bad[i] = c
			try(fmt.Sprintf("byte %d set to %q", i, c), bad)
		}
	}
	// Wrong page count: a book laid out with other options.
	d2 := layoutFor(t, testBook(), nil)
	var other bytes.Buffer
	if err := d2.imposeBooklet(&other, in, &BookletOptions{}); err == nil || other.Len() > 0 {
		t.Errorf("pages of another book: got %v, %d bytes", err, other.Len())
	}
}

func BenchmarkImpose(b *testing.B) {
	bk := pamphlet(b)
	doc, err := Typeset(bk, &Options{Cover: true})
	if err != nil {
		b.Fatal(err)
	}
	book, err := doc.book()
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := doc.d.imposeBooklet(&buf, book, &BookletOptions{Guides: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
