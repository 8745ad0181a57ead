package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"regexp"
	"strconv"
	"testing"
	"time"
	"unicode"

	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/jung-kurt/gofpdf"
	"github.com/quire-books/quire/book"
)

// gofpdfDoc writes, with gofpdf, pages of text, lines, links and a
// paletted PNG: the kinds of streams compress rewrites and those it
// leaves alone.
func gofpdfDoc(t *testing.T, compress bool) []byte {
	t.Helper()
	var pngBuf bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{color.White, color.Black, color.RGBA{200, 30, 30, 255}})
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			pal.SetColorIndex(x, y, uint8((x/5+y/5)%3))
		}
	}
	if err := png.Encode(&pngBuf, pal); err != nil {
		t.Fatal(err)
	}
	f := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "pt", Size: gofpdf.SizeType{Wd: 400, Ht: 600}})
	f.SetCompression(compress)
	f.SetCatalogSort(true)
	// Fixed dates: otherwise gofpdf stamps the clock, and the two files
	// compared differ whenever a second ticks between them.
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.SetCreationDate(when)
	f.SetModificationDate(when)
	f.AddUTF8FontFromBytes("serif", "", bytes.Clone(liberationserifregular.TTF))
	f.RegisterImageOptionsReader("pal", gofpdf.ImageOptions{ImageType: "PNG"}, &pngBuf)
	link := f.AddLink()
	for p := 0; p < 5; p++ {
		f.AddPage()
		f.SetFont("serif", "", 11)
		f.Bookmark("Part /Contents 3 0 R", 0, 20)
		for l := 0; l < 40; l++ {
			f.Text(30, float64(30+l*13), "The text /Contents 9 0 R>> of stream one, endstream, line, «été»")
		}
		f.Line(30, 580, 200, 580)
		f.ImageOptions("pal", 250, 500, 40, 30, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		f.Link(30, 30, 100, 12, link)
		f.LinkString(30, 50, 100, 12, "https://example.com/endobj")
	}
	f.SetLink(link, 0, 2)
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestCompressLikeGofpdf checks that compressing an uncompressed gofpdf
// file gives the file gofpdf writes with compression on, object for
// object: the same dictionaries (but for the streams' lengths) and the
// same streams once decompressed; and the same bytes however the streams
// are shared among goroutines.
func TestCompressLikeGofpdf(t *testing.T) {
	want := gofpdfDoc(t, true)
	raw := gofpdfDoc(t, false)
	if bytes.Equal(want, raw) {
		t.Fatal("compression made no difference: the test draws nothing to compress")
	}
	if !bytes.Contains(raw, []byte("/Indexed /DeviceRGB ")) {
		t.Fatal("the test's image has no palette")
	}
	length := regexp.MustCompile(`/Length \d+`)
	wantObjs := scanPDF(t, want)
	var first []byte
	for _, c := range []streams{{workers: 1}, {workers: 2, share: 1}, {workers: 3, share: 1}, {workers: 16, share: 1}, {}} {
		var got bytes.Buffer
		if err := c.compress(&got, raw); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got.Bytes()
		} else if !bytes.Equal(got.Bytes(), first) {
			t.Fatalf("%+v: the file differs from the one compressed on one goroutine", c)
		}
		gotObjs := scanPDF(t, got.Bytes())
		if len(gotObjs) != len(wantObjs) {
			t.Fatalf("%+v: %d objects, gofpdf wrote %d", c, len(gotObjs), len(wantObjs))
		}
		streams := 0
		for n, w := range wantObjs {
			g := gotObjs[n]
			if !bytes.Equal(length.ReplaceAll(g.dict, nil), length.ReplaceAll(w.dict, nil)) {
				t.Errorf("%+v: object %d is\n%s\nwant\n%s", c, n, g.dict, w.dict)
			}
			if !bytes.Equal(g.stream, w.stream) {
				t.Errorf("%+v: object %d: stream of %d bytes, want %d", c, n, len(g.stream), len(w.stream))
			}
			if w.stream != nil && bytes.Contains(w.dict, []byte("/FlateDecode")) {
				streams++
			}
		}
		if streams < 2 {
			t.Fatalf("only %d compressed streams: the test checks little", streams)
		}
	}
}

// TestCompressRefusesDamage checks that a file not laid out as gofpdf
// lays it out gives an error, not a broken file or a panic.
func TestCompressRefusesDamage(t *testing.T) {
	raw := gofpdfDoc(t, false)
	cuts := [][]byte{
		nil,
		raw[:len(raw)/2],
		raw[:len(raw)-30],
		bytes.Replace(raw, []byte("/Contents "), []byte("/Contents x"), 1),
		bytes.Replace(raw, []byte("\nendstream\n"), []byte("\nendstrea\n"), 1),
		bytes.Replace(raw, []byte("xref\n0 "), []byte("xref\n1 "), 1),
	}
	for i, in := range cuts {
		var c streams
		var out bytes.Buffer
		if err := c.compress(&out, in); err == nil {
			t.Errorf("damaged file %d: no error", i)
		}
	}
	// Fonts go in a resource dictionary without fonts: gofpdf's file has one.
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var runes runeSet
	runes.add('a')
	c := streams{fonts: []*embedded{newEmbedded("F9", fonts.faces[regular], &runes)}}
	var out bytes.Buffer
	if err := c.compress(&out, raw); err == nil {
		t.Error("fonts added to a file that has fonts: no error")
	}
	// Streams compressed ahead must be one for each page.
	c = streams{done: [][]byte{}}
	if err := c.compress(&out, raw); err == nil {
		t.Error("no page contents compressed ahead for a file with pages: no error")
	}
}

// TestFastText checks that the renderer's own text operators (one text
// object per line, TJ arrays, the embedded fonts' CIDs) draw every
// character of every string drawn where it belongs, to 0.01 pt: each
// piece between kerned pairs at its offset, its characters one after
// another by the embedded font's widths. For the pamphlet, a book with
// characters PDF strings escape, and the odd books. (A booklet imposes
// the PDF's pages.)
func TestFastText(t *testing.T) {
	books := oddBooks()
	books["pamphlet"] = pamphlet(t)
	tricky := testBook()
	tricky.Chapters[0].Blocks = append(tricky.Chapters[0].Blocks, book.Paragraph{
		book.Text(`Parentheses (and \ backslashes), ℨ ⅈ ⤩ ഍ ∖ “quotes” — ﬁ, carriage` + "\r" + `return.`),
	})
	books["tricky"] = tricky
	// More than 255 characters in one face: its codes take two bytes.
	var many []rune
	for _, r := range [][2]rune{{'!', '~'}, {0x100, 0x17F}, {0x391, 0x3A1}, {0x3A3, 0x3C9}, {0x410, 0x44F}} {
		for c := r[0]; c <= r[1]; c++ {
			many = append(many, c, ' ')
		}
	}
	manyBook := testBook()
	manyBook.Chapters[0].Blocks = append(manyBook.Chapters[0].Blocks, book.Paragraph{book.Text(string(many))})
	books["many"] = manyBook
	for name, b := range books {
		if b.Validate() != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			o := &Options{Cover: true, ReplaceMissing: true}
			d := layoutFor(t, b, o).forRender()
			sheetH := float64(d.s.trim.H + 2*bookMargin(d.s))
			var want []drawnGlyph
			d.traceText = func(page, st int, x, y Length, s string) {
				sty := d.styles[st]
				fc := d.fonts.faces[sty.face]
				// The size as written, to hundredths.
				size, _ := strconv.ParseFloat(strconv.FormatFloat(float64(sty.size), 'f', 2, 64), 64)
				for _, p := range fc.split(nil, s) {
					gx := float64(x) + p.x*float64(sty.size)/fc.upm
					for _, r := range p.text {
						// The face stands in for the font, checked below.
						want = append(want, drawnGlyph{page: page, font: fc.name, size: size, r: r, x: gx, y: sheetH - float64(y-sty.rise)})
						_, _, adv, _ := fc.metrics(0, 0, r)
						gx += math.Round(adv*1000/fc.upm) * size / 1000
					}
				}
			}
			var buf bytes.Buffer
			if err := d.render(&buf); err != nil {
				t.Fatal(err)
			}
			// The pamphlet's fonts have codes of one byte, the regular
			// face of "many" of two.
			if two := bytes.Contains(buf.Bytes(), []byte("/Encoding /Identity-H")); two != (name == "many") {
				t.Errorf("a font with two-byte codes: %v", two)
			}
			got, _ := glyphsOf(t, buf.Bytes())
			visible := func(gs []drawnGlyph) []drawnGlyph {
				var out []drawnGlyph
				for _, g := range gs {
					if !unicode.IsSpace(g.r) {
						out = append(out, g)
					}
				}
				return out
			}
			got, want = visible(got), visible(want)
			if len(want) < 10 {
				t.Fatalf("only %d characters drawn", len(want))
			}
			fontOf := map[string]string{} // face → resource name
			bad := 0
			for i := 0; i < len(got) && i < len(want); i++ {
				a, b := got[i], want[i]
				f, ok := fontOf[b.font]
				if !ok {
					f = a.font
					fontOf[b.font] = f
				}
				b.font = f
				if a.page != b.page || a.r != b.r || a.font != b.font || a.size != b.size ||
					math.Abs(a.x-b.x) > 0.01 || math.Abs(a.y-b.y) > 0.01 {
					if bad++; bad <= 5 {
						t.Errorf("character %d: %+v, want %+v", i, a, b)
					}
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d characters drawn, want %d", len(got), len(want))
			}
		})
	}
}

// newEmbedded cuts fc's font file down to runes.
func newEmbedded(res string, fc *face, runes *runeSet) *embedded {
	e := uncutEmbedded(res, fc, runes)
	e.cut()
	return e
}

// TestNumber holds number to its contract: digits up to the stop byte,
// and nothing past math.MaxInt32, so that it fits an int on 32-bit
// platforms too.
func TestNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		ok   bool
		stop byte
	}{
		{"123 ", 123, true, ' '},
		{"0\n", 0, true, '\n'},
		{"2147483647 ", math.MaxInt32, true, ' '},
		{"2147483648 ", 0, false, ' '},
		{"99999999999999999999999 ", 0, false, ' '},
		{"12x", 0, false, ' '},
		{" ", 0, false, ' '},
		{"12", 0, false, ' '},
	} {
		n, ok := number([]byte(c.in), 0, c.stop)
		if ok != c.ok || (ok && n != c.n) {
			t.Errorf("number(%q) = %d, %v; want %d, %v", c.in, n, ok, c.n, c.ok)
		}
	}
}
