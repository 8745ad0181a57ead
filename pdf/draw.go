package pdf

import (
	"image/color"
	"reflect"
	"strconv"

	"github.com/jung-kurt/gofpdf"
)

// The renderer writes every operator of a page's content itself, text
// (fasttext.go) and graphics alike, as gofpdf would have written them,
// into its own buffer: each page is complete when drawn, and is handed to
// the deflateQueue while the next one is drawn. gofpdf is left the file's
// structure: pages, resources, images, links, the outline.

// ops ends the text object being written and appends to the page the
// numbers, to prec decimals, then the operator: "12.00 345.60 m".
func (r *renderer) ops(prec int, op string, nums ...float64) {
	r.endRun()
	b := r.buf
	if len(b) > 0 {
		b = append(b, '\n')
	}
	for _, v := range nums {
		b = strconv.AppendFloat(b, v, 'f', prec, 64)
		b = append(b, ' ')
	}
	r.buf = append(b, op...)
}

// y is the PDF's y for y from the top of the sheet.
func (r *renderer) y(y Length) float64 { return r.pageH - float64(y) }

func (r *renderer) lineWidth(w Length) { r.ops(2, "w", float64(w)) }

// strokeLine strokes a line from (x1, y1) to (x2, y2), from the sheet's
// top left.
func (r *renderer) strokeLine(x1, y1, x2, y2 Length) {
	r.ops(2, "m", float64(x1), r.y(y1))
	r.ops(2, "l S", float64(x2), r.y(y2))
}

// rect paints the rectangle with op: "S" strokes it, "f" fills it.
func (r *renderer) rect(a rect, op string) {
	r.ops(2, "re "+op, float64(a.x), r.y(a.y), float64(a.w), -float64(a.h))
}

// fill sets the colour text and filled shapes are painted in: a grey as
// DeviceGray, as gofpdf sets it.
func (r *renderer) fill(c color.RGBA) {
	if c.R == c.G && c.G == c.B {
		r.ops(3, "g", float64(c.R)/255)
		return
	}
	r.ops(3, "rg", float64(c.R)/255, float64(c.G)/255, float64(c.B)/255)
}

// clip saves the graphics state and paints only inside a until unclip.
func (r *renderer) clip(a rect) {
	r.ops(0, "q")
	r.ops(2, "re W n", float64(a.x), r.y(a.y), float64(a.w), -float64(a.h))
}

func (r *renderer) unclip() { r.ops(0, "Q") }

// image draws img to fill a.
func (r *renderer) image(img *picture, a rect) {
	name, ok := r.images[img.name]
	if !ok {
		return
	}
	r.ops(0, "q")
	r.ops(5, "cm "+name+" Do Q", float64(a.w), 0, 0, float64(a.h), float64(a.x), r.y(a.y+a.h))
}

// endPage hands the page's content to the queue and starts the next in
// the rest of the buffer, or in another chunk when little is left: pages
// are written into chunks of contentChunk bytes, not into a buffer that
// grows by copying, and a chunk the queue is done with is reused.
func (r *renderer) endPage() {
	r.endRun()
	whole, n := r.buf, len(r.buf)
	r.buf = r.buf[n:]
	if cap(r.buf) >= contentChunk/4 {
		r.queue.add(whole[:n:n], nil)
		return
	}
	// The chunk is handed back once this page is compressed, unless a
	// page too long for it was moved by append to an array of its own:
	// that array, whose start is not known, and the chunk are left.
	var done []byte
	if sameArray(whole, r.chunk) {
		done = r.chunk
	}
	r.queue.add(whole[:n:n], done)
	if r.chunk = r.queue.reuse(); r.chunk == nil {
		r.chunk = make([]byte, 0, contentChunk)
	}
	r.buf = r.chunk
}

// sameArray reports whether a and b are cut from the same array with
// the same end, as r.buf is from r.chunk until append moves it.
func sameArray(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}

// contentChunk is the size of the buffers pages are written into: a
// dozen pages of text.
const contentChunk = 64 << 10

// imageID returns the name gofpdf gave an image among the file's
// resources ("/I" and it), which it writes only in its own image
// operator. The library exports no getter, so the field is read through
// reflection; if a later gofpdf has no such field, newRenderer fails with
// an error for any book with an image, and the tests that draw images
// fail.
func imageID(info *gofpdf.ImageInfoType) (string, bool) {
	if info == nil {
		return "", false
	}
	f := reflect.ValueOf(info).Elem().FieldByName("i")
	if !f.IsValid() || f.Kind() != reflect.String || f.String() == "" {
		return "", false
	}
	return f.String(), true
}
