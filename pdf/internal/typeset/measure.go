package typeset

import (
	"math"
	"slices"
)

// Fitness classes, as TeX numbers them.
const (
	veryLoose = 0
	loose     = 1
	decent    = 2
	tight     = 3
)

// infBad is TeX's badness of a line that cannot stretch enough.
const infBad = 10000

// para holds what both breakers need to know about an item list: running
// sums, so that any line's natural width, stretch and shrink cost O(1),
// and the legal breakpoints.
type para struct {
	items []Item
	// w, y, z are the sums of width, finite stretch and shrink of
	// items[:i]; fil counts the infinitely stretchable glues in items[:i].
	w, y, z []float64
	buf     []float64 // holds w, y and z
	fil     []int32
	// bps are the legal breakpoints in order; the last is the end of the
	// paragraph (a forced penalty, or len(items) if there is none).
	bps []int32
	// mono says w and y never decrease from one possible line start to a
	// later one (a box, a breakpoint, the ends): a later start then makes
	// a line no wider and with no more stretch. Not so with negative
	// stretch, as in ragged right.
	mono bool
}

func newPara(items []Item) *para {
	var p para
	return p.reset(items)
}

// reset makes p the para of items, reusing its storage, and returns it.
func (p *para) reset(items []Item) *para {
	n := len(items)
	p.items = items
	p.buf = slices.Grow(p.buf[:0], 3*(n+1))[:3*(n+1)]
	buf := p.buf
	p.w, p.y, p.z = buf[:n+1], buf[n+1:2*(n+1)], buf[2*(n+1):]
	p.w[0], p.y[0], p.z[0] = 0, 0, 0
	p.fil = slices.Grow(p.fil[:0], n+1)[:n+1]
	p.fil[0] = 0
	p.bps = p.bps[:0]
	var w, y, z float64
	var fil int32
	p.mono = true
	var monoW, monoY float64 // w and y at the last possible start
	for i := range items {
		// Whether the item is a legal breakpoint (a penalty below
		// Infinity, or a glue right after a box), asked once and without
		// copying it.
		it := &items[i]
		isLegal := false
		switch it.Kind {
		case Penalty:
			isLegal = it.Penalty < Infinity
		case Glue:
			isLegal = i > 0 && items[i-1].Kind == Box
		}
		if it.Kind == Box || isLegal {
			if !(w >= monoW && y >= monoY) { // NaN too
				p.mono = false
			}
			monoW, monoY = w, y
		}
		if it.Kind != Penalty {
			w += float64(it.Width)
			if it.Kind == Glue {
				if it.Stretch >= Fil {
					fil++
				} else {
					y += float64(it.Stretch)
				}
				z += float64(it.Shrink)
			}
		}
		p.w[i+1], p.y[i+1], p.z[i+1], p.fil[i+1] = w, y, z, fil
		if isLegal {
			p.bps = append(p.bps, int32(i))
		}
	}
	if n == 0 || !forced(items[n-1]) {
		p.bps = append(p.bps, int32(n))
	}
	if !(w >= monoW && y >= monoY) { // NaN too
		p.mono = false
	}
	return p
}

func forced(it Item) bool { return it.Kind == Penalty && it.Penalty <= -Infinity }

// breakItem returns the item at breakpoint b, or a forced penalty for the
// virtual end of the paragraph.
func (p *para) breakItem(b int) Item {
	if b >= len(p.items) {
		return Item{Kind: Penalty, Penalty: -Infinity}
	}
	return p.items[b]
}

// startAfter returns where the line after a break at b begins: past the
// glue and penalties TeX discards (but never past stop).
func (p *para) startAfter(b, stop int) int {
	if b < 0 {
		return 0
	}
	k := b + 1
	for k < stop && p.items[k].Kind != Box {
		k++
	}
	return k
}

// fit describes how the line items[start:end] (end the break) fits a
// measure.
type fit struct {
	ratio   float64 // adjustment ratio to set the line with (0 with fil)
	badness float64 // TeX badness, capped at infBad; infinite if overfull
	class   int8    // fitness class
	// stretched says the line is shorter than the measure and has no
	// infinite stretch: a line from a later start, shorter and with no
	// more stretch, is then at least as bad.
	stretched bool
}

// measure fits items[start:end] to width, judging stretch with extra
// emergency stretch added.
func (p *para) measure(start, end int, width, extra Length) fit {
	return p.measureTo(start, end, p.endWidth(end), width, extra)
}

// endWidth is the width a line ending at end takes beyond its items:
// that of the penalty broken at, if any.
func (p *para) endWidth(end int) float64 {
	if end < len(p.items) && p.items[end].Kind == Penalty {
		return float64(p.items[end].Width)
	}
	return 0
}

// measureTo is measure given endWidth(end), for many lines to one end.
func (p *para) measureTo(start, end int, endWidth float64, width, extra Length) fit {
	nat := p.w[end] - p.w[start]
	if endWidth != 0 {
		nat += endWidth
	}
	short := float64(width) - nat
	switch {
	case short > 0:
		if p.fil[end]-p.fil[start] > 0 {
			return fit{class: decent}
		}
		st := p.y[end] - p.y[start]
		f := fit{badness: infBad, class: veryLoose, stretched: true}
		if st > 0 {
			f.ratio = short / st
		}
		if st += float64(extra); st > 0 {
			f.badness = min(ratioToBadness(short/st), infBad)
		}
		switch {
		case f.badness > 99:
			f.class = veryLoose
		case f.badness > 12:
			f.class = loose
		default:
			f.class = decent
		}
		return f
	case short < 0:
		sh := p.z[end] - p.z[start]
		if sh <= 0 || -short > sh+1e-9*sh {
			return fit{ratio: -1, badness: math.Inf(1), class: tight}
		}
		f := fit{ratio: max(short/sh, -1), class: decent}
		f.badness = ratioToBadness(-f.ratio)
		if f.badness > 12 {
			f.class = tight
		}
		return f
	}
	return fit{class: decent}
}

// demerits are TeX's demerits of a line of badness bad ending at a break
// with penalty pen; prevFlagged and flagged say whether the previous break
// and this one are hyphenations, final whether this one ends the paragraph.
func (q *params) demerits(bad float64, pen int, flagged, prevFlagged, final bool, class, prevClass int8) float64 {
	if math.IsInf(bad, 1) {
		bad = infBad
	}
	d := q.linePenalty + bad
	if math.Abs(d) >= 10000 {
		d = 1e8
	} else {
		d *= d
	}
	switch {
	case pen > 0:
		d += float64(pen) * float64(pen)
	case pen > -Infinity:
		d -= float64(pen) * float64(pen)
	}
	if prevFlagged {
		switch {
		case final:
			d += q.finalHyphen
		case flagged:
			d += q.doubleHyphen
		}
	}
	if class-prevClass > 1 || prevClass-class > 1 {
		d += q.adjacent
	}
	return d
}

// score sets each line's Hyphenated flag and returns the total demerits
// of lines, computed from their real glue.
func (p *para) score(lines []Line, q *params) float64 {
	var total float64
	prevFlagged, prevClass := false, int8(decent)
	last := int(p.bps[len(p.bps)-1])
	for i := range lines {
		l := &lines[i]
		it := p.breakItem(l.End)
		l.Hyphenated = it.Kind == Penalty && it.Flagged
		f := p.measure(l.Start, l.End, l.Width, 0)
		pen := 0
		if it.Kind == Penalty {
			pen = int(it.Penalty)
		}
		total += q.demerits(f.badness, pen, l.Hyphenated, prevFlagged, l.End == last, f.class, prevClass)
		prevFlagged, prevClass = l.Hyphenated, f.class
	}
	return total
}

// line builds the Line from the break at prev to the break at end, set to
// width.
func (p *para) line(prev, end int, width Length) Line {
	start := min(p.startAfter(prev, end), end)
	f := p.measure(start, end, width, 0)
	return Line{Start: start, End: end, Ratio: f.ratio, Width: width}
}

// Greedy breaks a paragraph first-fit: each line takes as much as fits
// when its glue shrinks fully, and breaks there (overfull only when not
// even the first breakpoint fits). Its Result.Demerits are computed as
// Break's, so the two can be compared; Result.Greedy is true.
//
// Break's result has no more demerits than Greedy's when it makes a single
// pass that accepts any line that is not overfull (Params{Pretolerance:
// -1, Tolerance: 5}). With other Params it may not: its first pass prefers
// no hyphens to fewer demerits, as TeX's does, and no pass accepts a line
// looser than its tolerance even when that would save demerits overall.
func Greedy(items []Item, widths func(line int) Length, p *Params) Result {
	if len(items) == 0 {
		return Result{Greedy: true}
	}
	pa := newPara(items)
	q := p.resolve()
	return pa.greedy(q.lineWidths(widths), &q)
}

func safeWidth(widths func(int) Length, i int) Length {
	w := widths(i)
	if !(w >= 0) { // negative or NaN
		return 0
	}
	return w
}

func (p *para) greedy(widths func(int) Length, q *params) Result {
	var lines []Line
	prev := -1 // the previous break
	best := -1 // the last breakpoint that fits
	width := safeWidth(widths, 0)
	start := 0
	for i := 0; i < len(p.bps); i++ {
		b := int(p.bps[i])
		if b < start && !forced(p.breakItem(b)) {
			continue // discarded after the previous break
		}
		f := p.measure(min(start, b), b, width, 0)
		fits := f.ratio >= -1 && !math.IsInf(f.badness, 1)
		brk := -1
		switch {
		case fits && forced(p.breakItem(b)):
			brk = b
		case fits:
			best = b
			continue
		case best >= 0:
			brk = best
			i-- // look at b again on the next line
		default:
			brk = b // overfull, nothing better
		}
		lines = append(lines, p.line(prev, brk, width))
		prev, best = brk, -1
		width = safeWidth(widths, len(lines))
		start = p.startAfter(prev, len(p.items))
	}
	r := Result{Lines: lines, Greedy: true}
	r.Demerits = p.score(r.Lines, q)
	return r
}
