package pdf

import "math"

// snap moves y down to the next line of the body grid.
func (d *doc) snap(y Length) Length {
	L := d.sz.lead
	n := math.Ceil(float64(y/L) - 1e-6)
	return Length(n) * L
}

// noteSep is the space above the footnotes, holding their rule.
func (d *doc) noteSep() Length { return d.sz.lead }

// noteClosure returns the footnotes refs bring to a page: the notes
// themselves and the notes their text refers to, in order.
func (d *doc) noteClosure(refs []int) []int {
	if len(refs) == 0 {
		return nil
	}
	var out []int
	var walk func(n int, depth int)
	walk = func(n, depth int) {
		if n < 0 || n >= len(d.notes) || depth > 64 {
			return
		}
		for _, x := range out {
			if x == n {
				return
			}
		}
		out = append(out, n)
		for _, e := range d.notes[n].elems {
			for _, m := range e.notes() {
				walk(m, depth+1)
			}
		}
	}
	for _, n := range refs {
		walk(n, 0)
	}
	return out
}

// paginate cuts a part's elements into pages. Each page takes as many
// elements as fit, ending at the last place where a break is allowed
// (not inside a widow or orphan, not after a heading); footnotes go on the
// page of their reference, and are split to the next page only when the
// note alone would not fit there either.
func (d *doc) paginate(elems []*elem) []*page {
	H := d.textH
	sep := d.noteSep()
	const eps = 0.01
	var pages []*page
	var carry []*elem // footnote text continued from the page before
	started := map[int]bool{}
	// The pages' bodies share one array: a body holds elements that no
	// earlier page kept, so together they take no more than elems.
	// (Growing each page's body by appending allocated twice as much.)
	slab := make([]placed, len(elems))
	used := 0
	i := 0
	for i < len(elems) || len(carry) > 0 {
		var notes []*elem
		var notesH Length
		carried := 0
		for len(carry) > 0 {
			h := notesH + carry[0].h
			if notesH == 0 {
				h += sep
			}
			if h > H+eps && len(notes) > 0 {
				break
			}
			notes, notesH, carry = append(notes, carry[0]), h, carry[1:]
			carried++
		}
		for i < len(elems) && elems[i].discard {
			i++
		}
		type state struct {
			next, body, notes, pageNotes int
			notesH                       Length
		}
		body := slab[used:used]
		var pageNotes []int
		best := state{next: -1}
		y := Length(0)
		j := i
		for ; j < len(elems); j++ {
			e := elems[j]
			top := y
			if e.grid {
				top = d.snap(y)
			}
			bottom := top + e.h
			var add []int
			var addH Length
			for _, n := range d.noteClosure(e.notes()) {
				if started[n] || containsInt(pageNotes, n) {
					continue
				}
				add = append(add, n)
				for _, ne := range d.notes[n].elems {
					addH += ne.h
				}
			}
			nh := notesH
			if addH > 0 {
				nh += addH
				if notesH == 0 {
					nh += sep
				}
			}
			if bottom+nh > H+eps {
				break
			}
			body = append(body, placed{e: e, y: top})
			y = bottom
			for _, n := range add {
				pageNotes = append(pageNotes, n)
				notes = append(notes, d.notes[n].elems...)
			}
			notesH = nh
			if e.brk < forbid || j == len(elems)-1 {
				best = state{j + 1, len(body), len(notes), len(pageNotes), notesH}
			}
		}
		switch {
		case j == len(elems):
			i = j
		case best.next > i:
			body, notes, pageNotes, notesH = body[:best.body], notes[:best.notes], pageNotes[:best.pageNotes], best.notesH
			i = best.next
		case j > i:
			// No allowed break on the page: break where it is full.
			i = j
		case carried > 0:
			// Continued footnotes fill the page; the text waits.
		default:
			// The element does not fit even on an empty page with its
			// footnotes: set it, and as much of its notes as fits.
			e := elems[i]
			body = append(body, placed{e: e, y: 0})
			bottom := e.h
			var rest []*elem
			for _, n := range d.noteClosure(e.notes()) {
				if started[n] || containsInt(pageNotes, n) {
					continue
				}
				pageNotes = append(pageNotes, n)
				for _, ne := range d.notes[n].elems {
					h := notesH + ne.h
					if notesH == 0 {
						h += sep
					}
					if len(rest) == 0 && (bottom+h <= H+eps || len(notes) == 0 && bottom+sep+ne.h <= H+eps) {
						notes, notesH = append(notes, ne), h
					} else {
						rest = append(rest, ne)
					}
				}
			}
			carry = append(carry, rest...)
			i++
		}
		body = body[:len(body):len(body)]
		used = min(used+len(body), len(slab))
		for _, n := range pageNotes {
			started[n] = true
		}
		if len(body) == 0 && len(notes) == 0 {
			if i >= len(elems) {
				break
			}
			continue
		}
		p := &page{kind: bodyPage, body: body, notesH: notesH}
		ny := sep
		for _, ne := range notes {
			p.notes = append(p.notes, placed{e: ne, y: ny})
			ny += ne.h
		}
		pages = append(pages, p)
	}
	return pages
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
