package pdf

import "math"

// Crop marks: hairlines this long, starting this far from the trim (or at
// the bleed's edge when the bleed is wider), so that none shows on the
// trimmed page or in its bleed.
const (
	markLength = 5 * Millimetre
	markOffset = 3 * Millimetre
	markWidth  = 0.25 * Point
	minPPI     = 300 // print resolution below which Warn is told
)

// cropMargin is the space around the trim on a page with crop marks.
func cropMargin(bleed Length) Length {
	return Length(math.Max(float64(bleed), float64(markOffset))) + markLength + 1*Millimetre
}

// cropMarks draws the marks at the four corners of a trim whose top left
// is margin from the page's top left.
func (r *renderer) cropMarks(margin, bleed Length) {
	trim := r.d.s.trim
	off := Length(math.Max(float64(bleed), float64(markOffset)))
	r.lineWidth(markWidth)
	line := r.strokeLine
	for _, x := range []Length{margin, margin + trim.W} {
		for _, y := range []Length{margin, margin + trim.H} {
			dx, dy := Length(-1), Length(-1) // outwards from the corner
			if x > margin {
				dx = 1
			}
			if y > margin {
				dy = 1
			}
			line(x+dx*off, y, x+dx*(off+markLength), y)
			line(x, y+dy*off, x, y+dy*(off+markLength))
		}
	}
}

// checkResolution tells Warn about each image printed at less than
// minPPI pixels per inch, once, naming the first page where it is.
func (d *doc) checkResolution() {
	if d.s.warn == nil {
		return
	}
	warned := map[*picture]bool{}
	check := func(img *picture, w Length, page int) {
		if img == nil || img.svg || warned[img] || w <= 0 {
			return
		}
		ppi := float64(img.px) / float64(w/Inch)
		if ppi >= minPPI-0.5 {
			return
		}
		warned[img] = true
		d.warn("page %d: image %q (%d × %d pixels) prints at %.0f ppi, less than the %d that print asks for", page+1, img.src, img.px, img.py, ppi, minPPI)
	}
	for i, p := range d.pages {
		if p.art != nil && p.art.img != nil {
			b := coverImageBox(p.art.img, bleedBox(0, 0, d.s.trim, d.s.bleed))
			check(p.art.img, b.w, i)
		}
		for _, list := range [][]placed{p.body, p.notes} {
			for _, pl := range list {
				for _, o := range pl.e.ops {
					if o.kind == opImage {
						check(d.opImage(o), d.area(o).w, i)
					}
				}
			}
		}
	}
}
