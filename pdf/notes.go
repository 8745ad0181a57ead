package pdf

import (
	"strconv"
)

// note is a footnote, laid out where it is first referred to.
type note struct {
	id    string
	num   int // numbered from 1 in each chapter
	elems []*elem
}

// noteRef returns the index of footnote id in d.notes, numbering and
// laying it out on its first reference; -1 if it has no definition.
func (d *doc) noteRef(id string, c inl) (int, error) {
	if n, ok := d.noteNum[id]; ok {
		return n, nil
	}
	def, ok := d.noteDefs[id]
	if !ok {
		return -1, nil // Validate rules this out
	}
	d.chapterNotes++
	n := &note{id: id, num: d.chapterNotes}
	d.notes = append(d.notes, n)
	idx := len(d.notes) - 1
	d.noteNum[id] = idx

	// Lay the note out on its own, then go back to the text.
	out, keep, marker := d.out, d.keep, d.marker
	d.out, d.keep, d.marker = nil, 0, nil
	defer func() { d.out, d.keep, d.marker = out, keep, marker }()

	size, lead := d.sz.note, d.sz.noteLead
	st := d.style(regular, size, 0)
	num := strconv.Itoa(n.num)
	hang := d.width(st, "00") + 0.6*size
	if w := d.width(st, num) + 0.6*size; w > hang {
		hang = w
	}
	fr := frame{x: hang, w: d.textW - hang, size: size, lead: lead, note: true}
	d.marker = []op{{kind: opText, x: hang - 0.6*size - d.width(st, num), ref: int32(st), text: num}}
	if err := d.blocks(fr, def.Blocks, c.where+", footnote "+strconv.Quote(id), true); err != nil {
		return idx, err
	}
	if len(d.marker) > 0 { // a note with no text: just its number
		d.emit(&elem{h: lead, base: size, line: true})
	}
	// Spaces at the ends of a note are not needed.
	for len(d.out) > 0 && d.out[len(d.out)-1].discard {
		d.out = d.out[:len(d.out)-1]
	}
	for len(d.out) > 0 && d.out[0].discard {
		d.out = d.out[1:]
	}
	d.out[0].addAnchor(id)
	n.elems = d.out
	return idx, nil
}
