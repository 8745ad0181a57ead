package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/jung-kurt/gofpdf"
)

// renderer draws the laid-out pages of a book, writing their content
// itself (draw.go, fasttext.go) onto pages gofpdf keeps with the file's
// structure: resources, images, links and the outline.
type renderer struct {
	d     *doc
	pdf   *gofpdf.Fpdf
	links map[string]int // anchor → gofpdf link
	// font is the font each face is drawn in, nil for a face that draws
	// no text; faces sharing a font file share one. fonts lists them.
	font  [numFaces]*embedded
	fonts []*embedded
	// outline is false in a booklet, whose sheets hold pages out of order.
	outline bool

	// For line: the page height, and the font and size the page's text
	// is set in (nil, 0: none yet).
	pageH  float64
	tfFont *embedded
	tfSize float64
	// run is the text object being written; buf holds the current
	// page's content, cut from chunk (see endPage); num is scratch space
	// for numbers.
	run   textRun
	buf   []byte
	chunk []byte
	num   []byte
	// sizeNum is the last font size written, sizeIn as given, size as
	// written.
	sizeNum []byte
	sizeIn  Length
	size    float64
	// queue compresses the fonts' streams and the pages' contents
	// while the next pages are drawn; images names each image's
	// resource as gofpdf registered it.
	queue  *deflateQueue
	images map[string]string
	// lead is scratch space for text (the codes of a piece's leading
	// spaces); title for outline titles.
	lead  []byte
	title []byte
}

// newRenderer starts a PDF of sheet-sized pages with the book's metadata,
// fonts and images.
func (d *doc) newRenderer(sheet Size, layout string) (*renderer, error) {
	r := &renderer{d: d, links: map[string]int{}, pageH: float64(sheet.H), chunk: make([]byte, 0, contentChunk)}
	r.buf = r.chunk
	// The fonts are cut and their streams compressed by the queue,
	// while the first pages are drawn. Its goroutine, once awake, first
	// sets gofpdf up, then helps collect the runes the fonts need; the
	// fonts are queued before gofpdf is set up here, if it was not.
	r.queue = newDeflateQueue(1 + 3*int(numFaces) + len(d.pages))
	setupErr := errNotSetUp // until setup returns: a panic on the helper leaves it
	var once sync.Once
	setup := func() { once.Do(func() { setupErr = r.setup(sheet, layout) }) }
	r.font, r.fonts = d.fontsFor(false, r.queue.help, setup)
	for _, f := range r.fonts {
		r.queue.addFont(f)
	}
	setup() // (done already if the helper ran it)
	if setupErr != nil {
		if _, err := r.queue.finish(); err != nil && setupErr == errNotSetUp {
			setupErr = err // the helper's panic, as an error
		}
		return nil, setupErr
	}
	return r, nil
}

// setup starts gofpdf's PDF with the book's metadata and images. It
// reads the doc and sets r's pdf and images alone.
func (r *renderer) setup(sheet Size, layout string) error {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{
		UnitStr: "pt",
		Size:    gofpdf.SizeType{Wd: float64(sheet.W), Ht: float64(sheet.H)},
	})
	r.pdf = pdf
	pdf.SetCompression(false) // output compresses the streams
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	m := &r.d.b.Meta
	t := m.EditionTime()
	pdf.SetCreationDate(t)
	pdf.SetModificationDate(t)
	pdf.SetTitle(m.Title, true)
	pdf.SetAuthor(strings.Join(m.Authors(), ", "), true)
	pdf.SetSubject(m.Description, true)
	pdf.SetKeywords(strings.Join(m.Subjects, "; "), true) // subjects may hold commas
	pdf.SetCreator("Quire", true)
	pdf.SetProducer("Quire (github.com/quire-books/quire) with gofpdf 1.16.2", true)
	pdf.SetDisplayMode("fullpage", layout)

	r.images = map[string]string{}
	for i, img := range r.d.imageList {
		if img.svg {
			continue
		}
		info := pdf.RegisterImageOptionsReader(img.name, gofpdf.ImageOptions{ImageType: img.kind}, bytes.NewReader(img.data))
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("pdf: image: %w: %v", ErrImage, err)
		}
		untie(info, i+1)
		id, ok := imageID(info)
		if !ok {
			return fmt.Errorf("pdf: internal error: gofpdf gave image %q no resource name", img.name)
		}
		r.images[img.name] = "/I" + id
	}
	return nil
}

// errNotSetUp is newRenderer's error when the deflate queue's goroutine
// took up gofpdf's set-up and did not finish it.
var errNotSetUp = errors.New("pdf: internal error: gofpdf not set up")

// fontsFor returns the font each face is drawn in (nil for a face that
// draws no text) and the fonts in order. The runes drawn are known before
// the first page: each font file is cut down to the runes of the faces
// drawn with it, now if cut is set, else later (embedded.cut); faces
// sharing a file share a font. help, if not nil, runs work on another
// goroutine, which runs first first (see drawnRunesHelped).
func (d *doc) fontsFor(cut bool, help func(func()), first func()) (font [numFaces]*embedded, fonts []*embedded) {
	want, drawn := d.drawnRunesHelped(help, first)
	for id, fc := range d.fonts.faces {
		if !drawn[id] || font[id] != nil {
			continue
		}
		runes := &want[id] // (not on the stack: 8 KB)
		for f2 := id + 1; f2 < int(numFaces); f2++ {
			if drawn[f2] && sameBytes(d.fonts.faces[f2].data, fc.data) {
				runes.union(&want[f2])
			}
		}
		e := uncutEmbedded("F"+strconv.Itoa(len(fonts)+1), fc, runes)
		if cut {
			e.cut()
		}
		fonts = append(fonts, e)
		for f2 := id; f2 < int(numFaces); f2++ {
			if drawn[f2] && sameBytes(d.fonts.faces[f2].data, fc.data) {
				font[f2] = e
			}
		}
	}
	return font, fonts
}

// addLinks makes a link destination for every anchor; place tells on
// which PDF page (1-based) a page of the book is drawn, and where its
// trim's top is.
func (r *renderer) addLinks(place func(page int) (sheet int, top Length)) {
	anchors := make([]string, 0, len(r.d.targets))
	for a := range r.d.targets {
		anchors = append(anchors, a)
	}
	sort.Strings(anchors)
	for _, a := range anchors {
		t := r.d.targets[a]
		sheet, top := place(t.page)
		id := r.pdf.AddLink()
		r.pdf.SetLink(id, float64(top+t.y), sheet)
		r.links[a] = id
	}
}

// output returns the finished PDF, its page contents compressed.
func (r *renderer) output() ([]byte, error) {
	// gofpdf writes the file from its buffer in one Write, and the
	// renderer's gofpdf is not used again: the file is kept, not copied.
	var raw sliceWriter
	if err := r.pdf.Output(&raw); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	done, err := r.queue.finish()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	c := streams{fonts: r.fonts, done: done}
	if err := c.compress(&out, raw.b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// render writes to w the PDF renderPDF makes.
func (d *doc) render(w io.Writer) error {
	pdf, err := d.renderPDF()
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

// renderPDF draws the book one page to a PDF page: the trim size, or
// larger by the bleed and the crop marks' margin, with the trim centred
// and marked by a TrimBox.
func (d *doc) renderPDF() ([]byte, error) {
	s := d.s
	margin := s.bleed
	if s.cropMarks {
		margin = cropMargin(s.bleed)
	}
	sheet := Size{s.trim.W + 2*margin, s.trim.H + 2*margin}
	r, err := d.newRenderer(sheet, "TwoPageRight")
	if err != nil {
		return nil, err
	}
	defer r.queue.finish() // (again, on an error: it is waited for)
	r.outline = true
	// Set before the first page, the box is every page's default. It is
	// the only box: gofpdf writes a page's boxes in map order.
	r.pdf.SetPageBox("TrimBox", float64(margin), float64(margin), float64(s.trim.W), float64(s.trim.H))
	r.addLinks(func(page int) (int, Length) { return page + 1, margin })
	for i, p := range d.pages {
		r.pdf.AddPage()
		r.page(i, p, margin, margin, bleedBox(margin, margin, s.trim, s.bleed))
		if s.cropMarks {
			r.cropMarks(margin, s.bleed)
		}
		r.endPage()
		if err := r.pdf.Error(); err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
	}
	return r.output()
}

// sliceWriter keeps what is written to it in b: the first Write's slice
// itself (which its writer must not reuse), later ones appended.
type sliceWriter struct{ b []byte }

func (w *sliceWriter) Write(p []byte) (int, error) {
	if w.b == nil {
		w.b = p
	} else {
		w.b = append(w.b, p...)
	}
	return len(p), nil
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || bytes.Equal(a, b))
}

// page draws page i of the book with its trim's top left at (ox, oy) on
// the current PDF page; a cover's ground fills ground. Page i+1 is
// right-hand when odd.
func (r *renderer) page(i int, p *page, ox, oy Length, ground rect) {
	d := r.d
	r.tfFont, r.tfSize = nil, 0 // a new page
	defer r.endRun()
	switch p.kind {
	case blankPage:
		return
	case coverPage:
		r.cover(p.art, ox, oy, ground)
		return
	}
	left := ox + d.s.margins.Outer
	if (i+1)%2 == 1 {
		left = ox + d.s.margins.Inner
	}
	top := oy + d.s.margins.Top
	for _, pl := range p.body {
		r.elem(pl.e, left, top+pl.y)
	}
	if len(p.notes) > 0 {
		area := top + d.textH - p.notesH
		y := area + d.noteSep()*0.45
		r.lineWidth(0.4 * Point)
		r.strokeLine(left, y, left+d.textW/4, y)
		for _, pl := range p.notes {
			r.elem(pl.e, left, area+pl.y)
		}
	}
	if p.kind != bodyPage || p.opener {
		return
	}
	st := d.style(italic, d.sz.small, 0)
	if p.head != "" {
		w := d.width(st, p.head)
		r.text(st, left+(d.textW-w)/2, top-1.5*d.sz.lead, p.head)
	}
	st = d.style(regular, d.sz.small, 0)
	folio := strconv.Itoa(i + 1)
	w := d.width(st, folio)
	r.text(st, left+(d.textW-w)/2, top+d.textH+2*d.sz.lead, folio)
}

// elem draws an element with its top left at (x, y), and sets its outline
// entries.
func (r *renderer) elem(e *elem, x, y Length) {
	d, pdf := r.d, r.pdf
	for _, m := range e.marks {
		if !r.outline {
			break
		}
		level := m.level
		if level > d.lastOutline+1 {
			level = d.lastOutline + 1
		}
		d.lastOutline = level
		// gofpdf converts a title to UTF-16 only while a UTF-8 font is
		// set, and the renderer sets none.
		r.title = appendUTF16(r.title[:0], m.title)
		pdf.Bookmark(string(r.title), level, float64(y))
	}
	for i := range e.ops {
		o := &e.ops[i]
		ox, oy := x+o.x, y+o.y
		if o.kind == opText {
			r.text(int(o.ref), ox, oy, o.text)
			continue
		}
		a := d.area(*o)
		switch o.kind {
		case opRule:
			r.lineWidth(a.h)
			r.strokeLine(ox, oy, ox+a.w, oy)
		case opFrame:
			r.lineWidth(0.5)
			r.rect(rect{ox, oy, a.w, a.h}, "S")
		case opImage:
			if img := d.opImage(*o); img != nil && !img.svg {
				r.image(img, rect{ox, oy, a.w, a.h})
			}
		case opLink:
			t := d.tag(a.tag)
			if t == nil {
				break
			}
			switch t.kind {
			case tagURL:
				pdf.LinkString(float64(ox), float64(oy), float64(a.w), float64(a.h), t.url)
			case tagInternal:
				if id, ok := r.links[t.id]; ok {
					pdf.Link(float64(ox), float64(oy), float64(a.w), float64(a.h), id)
				}
			case tagNote:
				if id, ok := r.links[d.notes[t.note].id]; ok {
					pdf.Link(float64(ox), float64(oy), float64(a.w), float64(a.h), id)
				}
			}
		case opTOC:
			r.leaders(*o, x, y)
		}
	}
}

// leaders draws the page number of o's anchor flush right at its width and a row
// of dots from o.x to it, the dots on a fixed pitch so they line up from
// entry to entry.
func (r *renderer) leaders(o op, x, y Length) {
	d := r.d
	st := d.opStyle(o)
	t, ok := d.targets[o.text]
	if !ok {
		return
	}
	num := strconv.Itoa(t.page + 1)
	nw := d.width(st, num)
	base := y + o.y
	w := d.area(o).w
	r.text(st, x+w-nw, base, num)
	pitch := 0.5 * d.sz.body
	dotW := d.width(st, ".")
	from := o.x + 0.6*d.sz.body
	to := w - nw - 0.6*d.sz.body - dotW
	for k := math.Ceil(float64(from / pitch)); Length(k)*pitch <= to; k++ {
		r.text(st, x+Length(k)*pitch, base, ".")
	}
}

// untie makes gofpdf write images in the order they were registered.
// gofpdf v1.16.2 (putimages) collects the images from a map and, with
// SetCatalogSort, sorts them by their width in pixels alone: images of the
// same width came out in map order, so their object numbers, and the
// file's bytes, changed from run to run. Adding n millionths of a pixel to
// the n-th image's width breaks the tie in registration order without
// changing anything written (gofpdf writes the width as an integer) or
// drawn (every image is drawn at an explicit size). The library exports no
// setter, so the field is set through reflection; if a later gofpdf has no
// such field, nothing is done and TestImagesSameWidth fails.
func untie(info *gofpdf.ImageInfoType, n int) {
	if info == nil {
		return
	}
	f := reflect.ValueOf(info).Elem().FieldByName("w")
	if !f.IsValid() || f.Kind() != reflect.Float64 {
		return
	}
	f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	f.SetFloat(f.Float() + float64(n)*1e-6)
}
