package pdf

import (
	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// figure sets an image, scaled to fit the measure and most of the page,
// with its caption centred below.
func (d *doc) figure(fr frame, f book.Figure, where string) error {
	img, err := d.image(&f.Image, where)
	if err != nil {
		return err
	}
	capSize := fr.size * d.sz.quote / d.sz.body
	capLead := fr.lead * d.sz.quoteLead / d.sz.lead
	capFrame := frame{x: fr.x + fr.w*0.05, w: fr.w * 0.9, size: capSize, lead: capLead}
	caption, err := d.setParagraph(capFrame, f.Caption, inl{italic: true, size: capSize, where: where, noteFrame: fr.note}, false, centred, true)
	if err != nil {
		return err
	}
	gap := fr.lead / 2
	capH := Length(len(caption)) * capLead
	e := &elem{brk: 0}
	var y Length
	if img.svg {
		// The PDF library cannot draw SVG: a frame with the alt text.
		d.warn("%s: SVG image %q shown as its alternative text", where, f.Image.Name)
		alt := f.Alt
		if alt == "" {
			alt = f.Image.Name
		}
		bw := fr.w * 0.8
		inner := frame{x: fr.x + fr.w*0.1 + capSize, w: bw - 2*capSize, size: capSize, lead: capLead}
		lines, err := d.setParagraph(inner, []book.Inline{book.Text(alt)}, inl{size: capSize, where: where}, false, centred, false)
		if err != nil {
			return err
		}
		bh := Length(len(lines))*capLead + 2*capSize
		e.ops = append(e.ops, op{kind: opFrame, x: fr.x + fr.w*0.1, y: 0, ref: d.addArea(bw, bh, 0)})
		for i, l := range lines {
			for _, o := range l.ops {
				o.y += capSize + Length(i)*capLead
				e.ops = append(e.ops, o)
			}
		}
		y = bh
	} else {
		w, h := img.w, img.h
		maxH := d.textH*0.75 - capH - gap
		if maxH < d.textH/4 {
			maxH = d.textH / 4
		}
		if w > fr.w {
			w, h = fr.w, h*fr.w/w
		}
		if h > maxH {
			w, h = w*maxH/h, maxH
		}
		e.ops = append(e.ops, op{kind: opImage, x: fr.x + (fr.w-w)/2, y: 0, ref: d.addArea(w, h, d.addTag(tag{kind: tagImage, img: img, h: h}))})
		y = h
	}
	if len(caption) > 0 {
		y += gap
		for _, l := range caption {
			for _, o := range l.ops {
				o.y += y
				e.ops = append(e.ops, o)
			}
			if ns := l.notes(); ns != nil {
				r := e.ext()
				r.notes = append(r.notes, ns...)
			}
			y += capLead
		}
	}
	e.h = y
	d.space(fr.lead / 2)
	d.emit(e)
	d.space(fr.lead / 2)
	return nil
}

// table sets a table with rules above, below and under the header; column
// widths come from the content, cells wrap when the table is too wide.
func (d *doc) table(fr frame, t book.Table, where string) error {
	ncol := len(t.Header)
	if ncol == 0 && len(t.Rows) > 0 {
		ncol = len(t.Rows[0])
	}
	if ncol == 0 {
		return nil
	}
	size := fr.size * d.sz.table / d.sz.body
	lead := fr.lead * d.sz.tableLead / d.sz.lead
	pad := 0.5 * size // between columns
	rows := t.Rows
	if t.Header != nil {
		rows = append([][]book.Cell{t.Header}, rows...)
	}
	// Natural and minimum widths of each column.
	nat := make([]Length, ncol)
	min := make([]Length, ncol)
	for r, row := range rows {
		for c := 0; c < ncol && c < len(row); c++ {
			cx := inl{size: size, bold: r == 0 && t.Header != nil, where: where, noteFrame: fr.note}
			runs, err := d.runs(row[c], cx, nil)
			if err != nil {
				return err
			}
			items := typeset.Itemize(runs, d, &typeset.ItemizeOptions{Ragged: true})
			var n, m Length
			for _, it := range items {
				switch it.Kind {
				case typeset.Box:
					n += Length(it.Width)
					if Length(it.Width) > m {
						m = Length(it.Width)
					}
				case typeset.Glue:
					if it.Stretch < typeset.Fil {
						n += Length(it.Width)
					}
				}
			}
			nat[c] = maxLen(nat[c], n)
			min[c] = maxLen(min[c], m)
		}
	}
	avail := fr.w - Length(ncol-1)*2*pad
	widths := make([]Length, ncol)
	var sumNat, sumMin Length
	for c := range nat {
		sumNat += nat[c]
		sumMin += min[c]
	}
	switch {
	case sumNat <= avail:
		for c := range widths {
			widths[c] = nat[c] + 0.01 // against rounding wrapping a cell
		}
	case sumMin <= avail:
		extra := avail - sumMin
		for c := range widths {
			widths[c] = min[c]
			if sumNat > sumMin {
				widths[c] += extra * (nat[c] - min[c]) / (sumNat - sumMin)
			}
		}
	default:
		// Even the longest words do not fit: share the width out by them,
		// but leave every column a fair part; long words get broken.
		floor := avail / Length(2*ncol)
		var sum Length
		for c := range widths {
			widths[c] = maxLen(floor, avail*min[c]/sumMin)
			sum += widths[c]
		}
		for c := range widths {
			widths[c] *= avail / sum
		}
	}
	for c := range widths {
		if widths[c] < size {
			widths[c] = size
		}
	}
	total := Length(ncol-1) * 2 * pad
	for _, w := range widths {
		total += w
	}
	left := fr.x + (fr.w-total)/2
	if left < fr.x {
		left = fr.x
	}
	thick, thin := 0.8*Point, 0.4*Point
	d.space(fr.lead / 2)
	for r, row := range rows {
		header := r == 0 && t.Header != nil
		// Each cell's lines, placed in their column.
		var cells [][]*elem
		x := left
		n := 1
		for c := 0; c < ncol; c++ {
			var cell book.Cell
			if c < len(row) {
				cell = row[c]
			}
			al := flushLeft
			if c < len(t.Align) {
				switch t.Align[c] {
				case book.AlignCenter:
					al = centred
				case book.AlignRight:
					al = flushRight
				}
			}
			cf := frame{x: x, w: widths[c], size: size, lead: lead, note: fr.note}
			lines, err := d.setParagraph(cf, cell, inl{size: size, bold: header, where: where, noteFrame: fr.note}, false, al, false)
			if err != nil {
				return err
			}
			cells = append(cells, lines)
			if len(lines) > n {
				n = len(lines)
			}
			x += widths[c] + 2*pad
		}
		// A row is set as bands of one line across all cells, so a row
		// longer than a page can break; short rows are kept whole.
		for i := 0; i < n; i++ {
			e := &elem{h: lead}
			top := Length(0)
			if i == 0 {
				top = 0.3 * lead
				if r == 0 {
					e.ops = append(e.ops, op{kind: opRule, x: left, y: thick / 2, ref: d.addArea(total, thick, 0)})
					top += thick
				}
			}
			for _, lines := range cells {
				if i < len(lines) {
					for _, o := range lines[i].ops {
						o.y += top
						e.ops = append(e.ops, o)
					}
					for _, k := range lines[i].notes() {
						e.addNote(k)
					}
				}
			}
			e.h += top
			if i == n-1 {
				e.h += 0.3 * lead
				if header {
					e.ops = append(e.ops, op{kind: opRule, x: left, y: e.h - thin/2, ref: d.addArea(total, thin, 0)})
				}
				if r == len(rows)-1 {
					e.ops = append(e.ops, op{kind: opRule, x: left, y: e.h + thick/2, ref: d.addArea(total, thick, 0)})
					e.h += thick
				}
			}
			switch {
			case header, n <= 4, i == 0, i >= n-2:
				e.brk = forbid
			}
			if i == n-1 && !header {
				e.brk = 0
			}
			d.emit(e)
		}
	}
	d.space(fr.lead / 2)
	return nil
}

func maxLen(a, b Length) Length {
	if a > b {
		return a
	}
	return b
}
