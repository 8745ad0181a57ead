package pdf

import (
	"image/color"

	"github.com/quire-books/quire/internal/cover"
)

// coverArt is what a cover page shows: the book's own cover image filling
// the page, or a ground colour with the typographic cover's lines.
type coverArt struct {
	img    *picture // the book's cover image; nil for a generated cover
	bg, fg color.RGBA
	ops    []op // text and rules, from the trim's top left
}

// coverPages makes the front cover and, for a generated cover, the back
// cover (nil otherwise).
func (d *doc) coverPages() (front, back *page, err error) {
	m := &d.b.Meta
	if m.Cover != nil {
		img, err := d.image(m.Cover, "metadata: cover")
		if err != nil {
			return nil, nil, err
		}
		if !img.svg {
			return &page{kind: coverPage, art: &coverArt{img: img}}, nil, nil
		}
		d.warn("metadata: cover: SVG image %q cannot be drawn; a typographic cover is drawn instead", m.Cover.Name)
	}
	bg, fg := (&cover.Options{Background: d.s.coverBG, Foreground: d.s.coverFG}).Colours()
	faces := [...]faceID{cover.Regular: regular, cover.Bold: bold, cover.Italic: italic}
	faceOf := func(st cover.Style) faceID {
		if st >= 0 && int(st) < len(faces) {
			return faces[st]
		}
		return regular
	}
	// Measured on the faces directly, so that sizes tried and dropped
	// while fitting the title add no styles (and embed no faces).
	measure := func(st cover.Style, size float64, s string) float64 {
		fc := d.fonts.faces[faceOf(st)]
		return fc.width(s) * size / fc.upm
	}
	W, H := d.s.trim.W, d.s.trim.H
	art := &coverArt{bg: bg, fg: fg}
	for _, it := range cover.Layout(m, float64(W), float64(H), measure) {
		if it.Text == "" {
			art.ops = append(art.ops, op{kind: opBox, x: Length(it.X), y: Length(it.Y), ref: d.addArea(Length(it.W), Length(it.H), 0)})
			continue
		}
		f := faceOf(it.Style)
		text, err := d.clean(it.Text, f, "metadata: cover")
		if err != nil {
			return nil, nil, err
		}
		x := Length(it.X)
		if text != it.Text {
			// A replaced character: centre again, as Layout centres all text.
			x = (W - Length(measure(it.Style, it.Size, text))) / 2
		}
		art.ops = append(art.ops, op{kind: opText, x: x, y: Length(it.Y), ref: int32(d.style(f, Length(it.Size), 0)), text: text})
	}
	return &page{kind: coverPage, art: art}, &page{kind: coverPage, art: &coverArt{bg: bg, fg: fg}}, nil
}

// withCover puts the cover pages around the book's pages: the front cover
// and its blank inside first; for a generated cover, a blank page and the
// back cover last. The page count stays even and right-hand pages stay
// odd.
func (d *doc) withCover() error {
	front, back, err := d.coverPages()
	if err != nil {
		return err
	}
	pages := append([]*page{front, {kind: blankPage}}, d.pages...)
	if back != nil {
		pages = append(pages, &page{kind: blankPage}, back)
	}
	d.pages = pages
	return nil
}

// rect is a rectangle on a PDF page, (x, y) its top left.
type rect struct{ x, y, w, h Length }

// bleedBox is a cover's ground on its own page: the trim, with its top
// left at (ox, oy), and the bleed around it.
func bleedBox(ox, oy Length, trim Size, bleed Length) rect {
	return rect{ox - bleed, oy - bleed, trim.W + 2*bleed, trim.H + 2*bleed}
}

// coverImageBox is where a cover image is drawn: scaled to fill the
// ground, centred on it, the overflow cut off.
func coverImageBox(img *picture, ground rect) rect {
	scale := ground.w / img.w
	if s := ground.h / img.h; s > scale {
		scale = s
	}
	w, h := img.w*scale, img.h*scale
	return rect{ground.x + (ground.w-w)/2, ground.y + (ground.h-h)/2, w, h}
}

// cover draws a cover page with the trim's top left at (ox, oy), its
// image or ground colour filling ground.
func (r *renderer) cover(a *coverArt, ox, oy Length, ground rect) {
	g := ground
	if a.img != nil {
		r.clip(g)
		r.image(a.img, coverImageBox(a.img, g))
		r.unclip()
		return
	}
	r.fill(a.bg)
	r.rect(g, "f")
	// Text is filled: in the fill colour set for the rules.
	r.fill(a.fg)
	for _, o := range a.ops {
		switch o.kind {
		case opText:
			r.text(int(o.ref), ox+o.x, oy+o.y, o.text)
		case opBox:
			a := r.d.area(o)
			r.rect(rect{ox + o.x, oy + o.y, a.w, a.h}, "f")
		}
	}
	// Back to black for the pages that follow.
	r.fill(color.RGBA{A: 255})
}
