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
	"regexp"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

// boxes returns pdfinfo's page boxes for page 1, e.g. "TrimBox" →
// "0.00 0.00 419.53 595.28".
func boxes(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^(\w+Box):\s+(.*)$`)
	for _, m := range re.FindAllStringSubmatch(validators.Run(t, "pdfinfo", "-box", path), -1) {
		out[m[1]] = strings.Join(strings.Fields(m[2]), " ")
	}
	return out
}

func box(x0, y0, x1, y1 Length) string {
	return fmt.Sprintf("%.2f %.2f %.2f %.2f", x0, y0, x1, y1)
}

func TestTrimBox(t *testing.T) {
	b := testBook()
	bleed := 3 * Millimetre
	marks := cropMargin(bleed)
	for _, c := range []struct {
		name         string
		o            *Options
		media, trimB string
	}{
		{"plain", nil, box(0, 0, A5.W, A5.H), box(0, 0, A5.W, A5.H)},
		{"bleed", &Options{Bleed: bleed}, box(0, 0, A5.W+2*bleed, A5.H+2*bleed), box(bleed, bleed, A5.W+bleed, A5.H+bleed)},
		{"marks", &Options{Bleed: bleed, CropMarks: true}, box(0, 0, A5.W+2*marks, A5.H+2*marks), box(marks, marks, A5.W+marks, A5.H+marks)},
		{"letter", &Options{TrimSize: Letter, CropMarks: true}, box(0, 0, Letter.W+2*cropMargin(0), Letter.H+2*cropMargin(0)), box(cropMargin(0), cropMargin(0), Letter.W+cropMargin(0), Letter.H+cropMargin(0))},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, data := write(t, b, c.o)
			bx := boxes(t, path)
			if bx["MediaBox"] != c.media || bx["TrimBox"] != c.trimB {
				t.Errorf("got MediaBox %s, TrimBox %s; want %s, %s", bx["MediaBox"], bx["TrimBox"], c.media, c.trimB)
			}
			// One box only, on every page: gofpdf writes several in map
			// order, which would make builds differ.
			pages := bytes.Count(data, []byte("/Type /Page\n"))
			if n := bytes.Count(data, []byte("/TrimBox [")); n != pages {
				t.Errorf("%d TrimBoxes on %d pages", n, pages)
			}
			for _, other := range []string{"/BleedBox", "/CropBox", "/ArtBox"} {
				if bytes.Contains(data, []byte(other)) {
					t.Errorf("the PDF has a %s", other)
				}
			}
			_, again := write(t, b, c.o)
			if !bytes.Equal(data, again) {
				t.Error("two builds differ")
			}
			validators.QPDFCheck(t, path)
		})
	}
}

// TestCropMarks looks at the corners of a page with crop marks: ink on the
// marks' lines outside the bleed, none inside the bleed.
func TestCropMarks(t *testing.T) {
	bleed := 3 * Millimetre
	path, _ := write(t, testBook(), &Options{Bleed: bleed, CropMarks: true})
	const dpi = 288
	img := renderPage(t, path, 4, dpi) // a body page: no ink near the corners
	m := cropMargin(bleed)
	// dark reports ink within a pixel of (x, y).
	dark := func(x, y Length) bool {
		px, py := int(math.Round(float64(x*dpi/72))), int(math.Round(float64(y*dpi/72)))
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				if r, g, b, _ := img.At(px+dx, py+dy).RGBA(); r+g+b < 3*0x8000 {
					return true
				}
			}
		}
		return false
	}
	// The top-left corner of the trim is at (m, m); its horizontal mark
	// runs left from m-bleed-… along y = m.
	if !dark(m-bleed-2*Millimetre, m) || !dark(m, m-bleed-2*Millimetre) {
		t.Error("no crop mark at the top left corner")
	}
	if dark(m-bleed/2, m) || dark(m, m-bleed/2) {
		t.Error("a crop mark reaches into the bleed")
	}
	W, H := A5.W+2*m, A5.H+2*m
	if !dark(W-m+bleed+2*Millimetre, H-m) || !dark(W-m, H-m+bleed+2*Millimetre) {
		t.Error("no crop mark at the bottom right corner")
	}
}

// renderPage draws a page with pdftoppm at dpi dots per inch.
func renderPage(t *testing.T, path string, page, dpi int) image.Image {
	t.Helper()
	out := validators.Run(t, "pdftoppm", "-r", fmt.Sprint(dpi), "-png", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-singlefile", path)
	img, err := png.Decode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) bool { return math.Abs(float64(a>>8)-float64(b)) <= 3 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// contentStreams returns the content streams of each page, uncompressed
// by qpdf.
func contentStreams(t *testing.T, path string) []string {
	t.Helper()
	out := validators.Run(t, "qpdf", "--qdf", "--object-streams=disable", path, "-")
	var pages []string
	for _, part := range strings.Split(out, "%% Contents for page ")[1:] {
		start := strings.Index(part, "stream\n")
		end := strings.Index(part, "endstream")
		if start < 0 || end < start {
			t.Fatal("no content stream after a page's contents comment")
		}
		pages = append(pages, part[start+len("stream\n"):end])
	}
	return pages
}

var (
	colourOp = regexp.MustCompile(`(?:^|\s)(rg|RG|k|K|cs|CS|sc|SC|scn|SCN)(?:\s|$)`)
	grayOp   = regexp.MustCompile(`(?:^|\s)([\d.]+) (g|G)(?:\s|$)`)
)

// TestDeviceGray checks that text and rules are drawn in pure black,
// DeviceGray, on every page but the covers.
func TestDeviceGray(t *testing.T) {
	for _, o := range []*Options{nil, {Cover: true}} {
		path, _ := write(t, testBook(), o)
		pages := contentStreams(t, path)
		if len(pages) < 10 {
			t.Fatalf("%d content streams", len(pages))
		}
		for i, c := range pages {
			cover := o != nil && (i == 0 || i == len(pages)-1)
			if cover {
				if !colourOp.MatchString(c) {
					t.Errorf("page %d: the cover sets no colour", i+1)
				}
				continue
			}
			if m := colourOp.FindString(c); m != "" {
				t.Errorf("page %d: colour operator %q", i+1, m)
			}
			for _, m := range grayOp.FindAllStringSubmatch(c, -1) {
				if strings.Trim(m[1], "0.") != "" {
					t.Errorf("page %d: grey %s, not black", i+1, m[1])
				}
			}
		}
	}
}

func TestCoverPage(t *testing.T) {
	b := pamphlet(t)
	plain, _ := write(t, b, nil)
	bleed := 3 * Millimetre
	path, data := write(t, b, &Options{Cover: true, Bleed: bleed})
	n, withCover := pageCount(t, plain), pageCount(t, path)
	if withCover != n+4 {
		t.Errorf("%d pages with a cover, %d without: want 4 more (cover, its inside, inside back, back)", withCover, n)
	}
	cover := strings.Join(pageText(t, path, 1, 0, 0, 0, 0), " ")
	for _, want := range []string{"LUTTE OUVRIÈRE", "The 70th anniversary of the 1917 October Revolution", "The relevance of the proletarian revolution today", "Translated by Workers Fight"} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q: %q", want, cover)
		}
	}
	for _, p := range []int{2, withCover - 1, withCover} {
		if w := pageText(t, path, p, 0, 0, 0, 0); len(w) != 0 {
			t.Errorf("page %d is not blank: %q", p, w)
		}
	}
	// The title page follows as page 3, and folios still count from page
	// 1: the contents (page 5) give each chapter the page it is on.
	if got := strings.Join(pageText(t, path, 3, 0, 0, 0, 0), " "); !strings.HasPrefix(got, "The 70th anniversary") {
		t.Errorf("page 3 is not the title page: %q", got)
	}
	d := layoutFor(t, b, &Options{Cover: true})
	for _, ch := range b.Chapters[1:3] {
		p := d.targets[ch.ID].page + 1
		if text := strings.Join(pageText(t, path, p, 0, 0, 0, 0), " "); !strings.Contains(text, strings.Join(words(ch.Title), " ")) {
			t.Errorf("chapter %q is not on page %d", ch.Title, p)
		}
	}
	// The ground fills the bleed: the page's corner pixels are the cover
	// colour, on the front and the back.
	for _, p := range []int{1, withCover} {
		img := renderPage(t, path, p, 36)
		r := img.Bounds()
		for _, pt := range []image.Point{r.Min, {r.Max.X - 2, r.Max.Y - 2}, {r.Max.X - 2, 0}} {
			if c := img.At(pt.X, pt.Y); !near(c, color.RGBA{0x7c, 0x1c, 0x1c, 0xff}) {
				t.Errorf("page %d: pixel %v is %v, not the cover's ground", p, pt, c)
			}
		}
	}
	validators.QPDFCheck(t, path)
	checkFontsEmbedded(t, path)
	_, again := write(t, b, &Options{Cover: true, Bleed: bleed})
	if !bytes.Equal(data, again) {
		t.Error("two builds differ")
	}
}

// layoutFor lays b out with o, for tests that need to know where things
// landed.
func layoutFor(t *testing.T, b *book.Book, o *Options) *doc {
	t.Helper()
	s, err := o.settings()
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCoverColours(t *testing.T) {
	blue, yellow := color.RGBA{0x10, 0x30, 0x80, 0xff}, color.RGBA{0xff, 0xe0, 0x40, 0xff}
	path, _ := write(t, testBook(), &Options{Cover: true, CoverBackground: blue, CoverForeground: yellow})
	img := renderPage(t, path, 1, 72)
	if c := img.At(5, 5); !near(c, blue) {
		t.Errorf("ground is %v, want %v", c, blue)
	}
	// The rule under the title is drawn in the foreground colour: look for
	// it down the middle of the page.
	found := false
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		if near(img.At(r.Dx()/2, y), yellow) {
			found = true
			break
		}
	}
	if !found {
		t.Error("nothing drawn in the foreground colour down the middle of the cover")
	}
}

// TestCoverImage uses the book's own cover image, filling the page and
// its bleed, and warns that it is too coarse for print.
func TestCoverImage(t *testing.T) {
	b := testBook()
	b.Meta.Cover = &book.Resource{Name: "images/cover.png", MediaType: "image/png", Data: testPNG()}
	var warned []string
	o := &Options{Cover: true, Bleed: 3 * Millimetre, Warn: func(s string) { warned = append(warned, s) }}
	path, _ := write(t, b, o)
	if n, plain := pageCount(t, path), pageCount(t, mustWrite(t, testBook(), nil)); n != plain+2 {
		t.Errorf("%d pages with an image cover, want %d (cover and its inside, no back cover)", n, plain+2)
	}
	if w := pageText(t, path, 1, 0, 0, 0, 0); len(w) != 0 {
		t.Errorf("image cover has text: %q", w)
	}
	// The test picture's frame is near-black, its inside coloured: the
	// page's corners are frame, its centre picture.
	img := renderPage(t, path, 1, 36)
	r := img.Bounds()
	if c := img.At(r.Min.X, r.Min.Y); !near(c, color.RGBA{20, 20, 20, 255}) {
		t.Errorf("corner pixel %v: the image does not reach the bleed", c)
	}
	if cr, _, cb, _ := img.At(r.Dx()/2, r.Dy()/2).RGBA(); cb>>8 < 140 || cr>>8 > 200 {
		t.Errorf("centre pixel %v is not the picture", img.At(r.Dx()/2, r.Dy()/2))
	}
	found := false
	for _, w := range warned {
		if strings.Contains(w, `page 1: image "images/cover.png"`) && strings.Contains(w, "ppi") {
			found = true
		}
	}
	if !found {
		t.Errorf("no resolution warning for the cover: %q", warned)
	}
}

func mustWrite(t *testing.T, b *book.Book, o *Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, o); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plain.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImageResolution warns about an image below 300 ppi at the size it
// is printed, and not about one above.
func TestImageResolution(t *testing.T) {
	big := image.NewGray(image.Rect(0, 0, 2400, 1200))
	var buf bytes.Buffer
	if err := png.Encode(&buf, big); err != nil {
		t.Fatal(err)
	}
	fig := func(name string, data []byte) *book.Book {
		return &book.Book{Meta: book.Meta{Title: "Pictures", Language: "en"}, Chapters: []book.Chapter{{ID: "c", Title: "C", Blocks: []book.Block{
			book.Figure{Image: book.Resource{Name: name, MediaType: "image/png", Data: data}, Alt: "a picture"},
		}}}}
	}
	var warned []string
	warn := func(s string) { warned = append(warned, s) }
	if err := Write(&bytes.Buffer{}, fig("small.png", testPNG()), &Options{Warn: warn}); err != nil {
		t.Fatal(err)
	}
	// 240 pixels at their natural 150 ppi.
	if len(warned) != 1 || !strings.Contains(warned[0], `image "small.png" (240 × 120 pixels) prints at 150 ppi`) || !strings.HasPrefix(warned[0], "pdf: page 3: ") {
		t.Errorf("small image: %q", warned)
	}
	warned = nil
	if err := Write(&bytes.Buffer{}, fig("big.png", buf.Bytes()), &Options{Warn: warn}); err != nil {
		t.Fatal(err)
	}
	if len(warned) != 0 {
		t.Errorf("a 2400-pixel image across the measure: %q", warned)
	}
}

func TestPrintOptionErrors(t *testing.T) {
	for _, o := range []*Options{
		{Bleed: -1},
		{Bleed: Length(math.NaN())},
		{Bleed: 30 * Millimetre},
	} {
		if err := Write(&bytes.Buffer{}, testBook(), o); err == nil || !strings.Contains(err.Error(), "pdf: bleed") {
			t.Errorf("%+v: got %v", o, err)
		}
	}
}

// TestImagesSameWidth checks that images of the same width in pixels are
// written in the same order, so the file is the same, on every run (gofpdf
// sorts them by width alone, taking ties in map order).
func TestImagesSameWidth(t *testing.T) {
	var blocks []book.Block
	for i := range 4 {
		img := image.NewGray(image.Rect(0, 0, 24, 10+i))
		for j := range img.Pix {
			img.Pix[j] = uint8(j * (i + 1))
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		blocks = append(blocks, book.Figure{Image: book.Resource{Name: fmt.Sprintf("i%d.png", i), MediaType: "image/png", Data: buf.Bytes()}, Alt: "a picture"})
	}
	b := &book.Book{Meta: book.Meta{Title: "Pictures", Language: "en"}, Chapters: []book.Chapter{{ID: "c", Title: "C", Blocks: blocks}}}
	var first []byte
	for i := range 20 {
		var buf bytes.Buffer
		if err := Write(&buf, b, nil); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("run %d gave other bytes than run 1", i+1)
		}
	}
}
