package typeset

import (
	"math"
	"slices"
)

// Break breaks a paragraph into lines of the given widths with the
// Knuth–Plass total-fit algorithm: of all ways to break it whose lines
// stretch or shrink within tolerance, it takes the one with the fewest
// total demerits (TeX's: badness plus line penalty, squared, plus the
// break's penalty squared, plus demerits for adjacent lines of
// incompatible fitness, consecutive hyphens and a hyphen before the last
// line).
//
// widths(i) is the measure of line i, counting from 0, so lines can differ
// (a drop cap, a hanging indent); it is called for i up to the number of
// legal breakpoints, unless Params.Measure gives one measure for all.
// Nil p means TeX's defaults (see Params).
//
// As TeX, Break first tries without discretionary hyphens within
// Params.Pretolerance, then with them within Params.Tolerance, then (if
// set) with Params.EmergencyStretch; then, if no line need be overfull, it
// accepts lines as loose as they must be. Only if some box or unbreakable stretch
// cannot fit the measure does it fall back to Greedy, whose lines may be
// overfull, and report that in Result.Greedy.
//
// Break never changes items and is safe to call concurrently.
func Break(items []Item, widths func(line int) Length, p *Params) Result {
	var br Breaker
	return br.Break(items, widths, p)
}

// Breaker is Break with the working storage kept from one paragraph to
// the next, for a caller that breaks many. Its zero value is ready to
// use; it must not be used from two goroutines at once. The Lines of
// the Results of its Break and FirstPass are its storage, valid until its
// next Break or FirstPass (the package's Break keeps no Breaker: its
// Results are the caller's).
type Breaker struct {
	para  para
	knuth knuth
	z     itemizer
}

// Itemize itemizes a paragraph for FirstPass: as the package's Itemize,
// but without hyphenation points, whatever o.Hyphenator; it only notes
// the stretches of letters that Hyphenate will give o.Hyphenator. The
// items are the Breaker's storage, valid until its next Itemize.
func (br *Breaker) Itemize(runs []Run, m Measurer, o *ItemizeOptions) []Item {
	return br.z.itemize(br.z.items, runs, m, o, true)
}

// Hyphenate returns the paragraph last given to Itemize with the
// hyphenation points of its ItemizeOptions.Hyphenator: the items the
// package's Itemize makes of it. Only the words that get hyphens are
// measured again (the same word may be measured twice; a Measurer that
// keeps what it measured makes that cheap). The items are the Breaker's
// storage, valid until its next Itemize; they may take the place of those
// Itemize returned, which are then no longer valid. Called again, it
// returns the same items.
func (br *Breaker) Hyphenate() []Item {
	return br.z.hyphenated()
}

// Break is the package's Break.
func (br *Breaker) Break(items []Item, widths func(line int) Length, p *Params) Result {
	if len(items) == 0 {
		return Result{}
	}
	q := p.resolve()
	k := br.start(items, widths, &q)
	defer k.stop()
	passes := make([]pass, 0, 4)
	if q.pretolerance >= 0 {
		passes = append(passes, pass{threshold: q.pretolerance, noDiscretionary: true})
	}
	passes = append(passes, pass{threshold: q.tolerance})
	if q.emergency > 0 {
		passes = append(passes, pass{threshold: q.tolerance, extra: q.emergency})
	}
	var found []int32
	for i, ps := range passes {
		breaks, met := k.run(ps)
		if breaks != nil {
			found = breaks
			if met || i == len(passes)-1 {
				break
			}
			found = slices.Clone(breaks) // the next run reuses breaks
		}
	}
	if found == nil {
		found, _ = k.run(pass{threshold: math.Inf(1), extra: q.emergency})
	}
	if found == nil {
		return k.para.greedy(q.lineWidths(widths), &q)
	}
	return k.result(found)
}

// FirstPass makes only Break's first pass: it breaks items without
// discretionary hyphens (flagged penalties with Text), every line within
// Params.Pretolerance, and reports whether it found such a way (and, with
// Params.Looseness, met it). When it did, the Result is Break's.
//
// A caller can so hyphenate lazily, as TeX does: itemize a paragraph
// without a Hyphenator, try FirstPass, and only if it fails itemize again
// with the Hyphenator and Break with Pretolerance -1. Most short
// paragraphs then never meet the hyphenation patterns, and their words are
// measured whole, kerning included. A negative Pretolerance makes
// FirstPass fail at once.
func (br *Breaker) FirstPass(items []Item, widths func(line int) Length, p *Params) (Result, bool) {
	if len(items) == 0 {
		return Result{}, true
	}
	q := p.resolve()
	if q.pretolerance < 0 {
		return Result{}, false
	}
	k := br.start(items, widths, &q)
	defer k.stop()
	found, met := k.run(pass{threshold: q.pretolerance, noDiscretionary: true})
	if found == nil || !met {
		return Result{}, false
	}
	return k.result(found), true
}

// start readies the breaker's state for items.
func (br *Breaker) start(items []Item, widths func(line int) Length, q *params) *knuth {
	k := &br.knuth
	k.para, k.q = br.para.reset(items), *q
	k.setWidths(widths)
	return k
}

// stop drops the reference to the caller's items.
func (k *knuth) stop() { k.para = nil }

// result makes the Result of the breaks found.
func (k *knuth) result(found []int32) Result {
	lines := slices.Grow(k.lines[:0], len(found))[:len(found)]
	k.lines = lines
	prev := -1
	for i, b := range found {
		lines[i] = k.para.line(prev, int(b), k.width(i))
		prev = int(b)
	}
	return Result{Lines: lines, Demerits: k.para.score(lines, &k.q)}
}

// pass is one attempt at breaking a paragraph.
type pass struct {
	threshold       float64 // largest badness of a feasible line
	extra           Length  // emergency stretch
	noDiscretionary bool    // ignore flagged penalties with Text
}

// knuth holds the state of the total-fit breaker.
type knuth struct {
	*para
	q params // a copy: a pointer to the caller's made it escape
	// ws are the widths of lines 0..len(bps); from line easy on they are
	// all the same, so active nodes for such lines need not be told apart
	// by line number.
	ws   []Length
	easy int32
	// nodes are all breaks made, active the indices of those still
	// active, cands the best new breaks at the current breakpoint.
	nodes  []node
	active []int32
	cands  []cand
	// brk holds the breaks run returns, until its next call.
	brk []int32
	// lines holds the lines of the Result result makes, until its next
	// call.
	lines []Line
}

// node is a feasible break.
type node struct {
	pos, start int32   // the break's index (-1: paragraph start); where the next line starts
	line       int32   // number of the line after the break
	prev       int32   // the node of the previous break, or -1
	dem        float64 // total demerits up to here
	class      int8    // fitness class of the line ending here
	flagged    bool
}

// cand holds the best ways to break at the current breakpoint, for one
// line number (or all from easy on), by fitness class of the last line.
type cand struct {
	line int32
	dem  [4]float64
	prev [4]int32
}

func (k *knuth) setWidths(widths func(int) Length) {
	if m := k.q.measure; m > 0 && k.q.looseness == 0 {
		// Every line alike, from the first: asking for each line's
		// width was a call per breakpoint.
		k.ws = append(k.ws[:0], m)
		k.easy = 0
		return
	}
	widths = k.q.lineWidths(widths)
	n := len(k.bps) + 1
	k.ws = slices.Grow(k.ws[:0], n)[:n]
	for i := range k.ws {
		k.ws[i] = safeWidth(widths, i)
	}
	k.easy = int32(n - 1)
	for k.easy > 0 && k.ws[k.easy-1] == k.ws[k.easy] {
		k.easy--
	}
	if k.q.looseness != 0 {
		k.easy = int32(n) // every line number apart
	}
}

func (k *knuth) width(line int) Length { return k.ws[min(line, len(k.ws)-1)] }

// run makes one pass and returns the chosen breakpoints, or nil if there
// is no feasible solution, and whether Looseness was met.
func (k *knuth) run(ps pass) ([]int32, bool) {
	k.nodes = append(k.nodes[:0], node{pos: -1, start: 0, prev: -1, class: decent})
	k.active = append(k.active[:0], 0)
	last := k.bps[len(k.bps)-1]
	// The end of a paragraph with no forced break, as breakItem gives it.
	end := Item{Kind: Penalty, Penalty: -Infinity}
	rest := k.mono && k.easy == 0
	for _, b := range k.bps {
		// breakItem, without copying the item.
		it := &end
		if int(b) < len(k.items) {
			it = &k.items[b]
		}
		if ps.noDiscretionary && it.Flagged && it.Text != "" && b != last {
			continue
		}
		if rest && k.tooLoose(ps, b, it) {
			continue // try would keep every node and make none
		}
		k.try(ps, b, it, b == last)
		if len(k.active) == 0 {
			return nil, false
		}
	}
	// All active nodes are at the end now: pick the best.
	best := k.active[0]
	for _, a := range k.active[1:] {
		if k.nodes[a].dem < k.nodes[best].dem {
			best = a
		}
	}
	met := true
	if want := int(k.q.looseness); want != 0 {
		bestLine := k.nodes[best].line
		got := 0
		for _, a := range k.active {
			diff := int(k.nodes[a].line - bestLine)
			if (diff < got && want <= diff) || (diff > got && want >= diff) ||
				(diff == got && k.nodes[a].dem < k.nodes[best].dem) {
				best, got = a, diff
			}
		}
		met = got == want
	}
	breaks := k.brk[:0]
	for n := best; k.nodes[n].pos >= 0; n = k.nodes[n].prev {
		breaks = append(breaks, k.nodes[n].pos)
	}
	k.brk = breaks
	for i, j := 0, len(breaks)-1; i < j; i, j = i+1, j-1 {
		breaks[i], breaks[j] = breaks[j], breaks[i]
	}
	return breaks, met
}

// tooLoose reports whether b, with item it, is not a forced break and
// the line to it from the first active node is too loose for ps: try
// then keeps every node and makes none when, as rest says there, every
// later node's line is looser. Most breakpoints are such, the lines to
// them still too short; this is measureTo's answer for them, without
// try's work.
func (k *knuth) tooLoose(ps pass, b int32, it *Item) bool {
	if it.Kind == Penalty && it.Penalty <= -Infinity {
		return false
	}
	nd := &k.nodes[k.active[0]]
	start, end := int(min(nd.start, b)), int(b)
	// As measureTo computes it.
	nat := k.w[end] - k.w[start]
	if it.Kind == Penalty && it.Width != 0 {
		nat += float64(it.Width)
	}
	short := float64(k.width(int(nd.line))) - nat
	if !(short > 0) || k.fil[end]-k.fil[start] > 0 {
		return false
	}
	bad := float64(infBad)
	if st := k.y[end] - k.y[start] + float64(ps.extra); st > 0 {
		bad = min(ratioToBadness(short/st), infBad)
	}
	return bad > ps.threshold
}

// try considers breaking at b (item it): the active nodes from which a
// feasible line ends at b give new active nodes; those from which the
// line is overfull, or all if b is forced, are deactivated.
func (k *knuth) try(ps pass, b int32, it *Item, final bool) {
	isForced := it.Kind == Penalty && it.Penalty <= -Infinity // forced(*it)
	pen := 0
	if it.Kind == Penalty {
		pen = int(it.Penalty)
	}
	flagged := it.Kind == Penalty && it.Flagged
	k.cands = k.cands[:0]
	kept := k.active[:0]
	// Nodes made at the same break (one per fitness class) are next to
	// each other in active and mostly set lines of the same measure from
	// the same start: their line is measured once.
	var f fit
	lastStart, lastWidth := int32(-1), Length(-1)
	endWidth := k.endWidth(int(b))
	// looseStart is the start of a line to b found too loose, stretched
	// to the measure looseWidth, or -1. A line of that measure from a
	// later start with no less width and stretch before it is shorter
	// and stretches less: too loose as well, so not measured (most
	// active nodes are such, the lines they begin still far too short).
	looseStart, looseWidth := int32(-1), Length(-1)
	// With one measure for all lines and starts in order (active is in
	// the order of the nodes' breaks), every node after a too loose one
	// is too loose.
	rest := k.mono && k.easy == 0
	for i, a := range k.active {
		nd := &k.nodes[a]
		start, width := min(nd.start, b), k.width(int(nd.line))
		if looseStart >= 0 && width == looseWidth && start >= looseStart &&
			k.w[start] >= k.w[looseStart] && k.y[start] >= k.y[looseStart] {
			if !isForced {
				kept = append(kept, a)
			}
			continue
		}
		if start != lastStart || width != lastWidth {
			f = k.measureTo(int(start), int(b), endWidth, width, ps.extra)
			lastStart, lastWidth = start, width
		}
		over := math.IsInf(f.badness, 1)
		if f.stretched && f.badness > ps.threshold && looseStart < 0 {
			if rest {
				if !isForced {
					kept = append(kept, k.active[i:]...)
				}
				break
			}
			looseStart, looseWidth = start, width
		}
		if !over && f.badness <= ps.threshold {
			d := nd.dem + k.q.demerits(f.badness, pen, flagged, nd.flagged, final, f.class, nd.class)
			c := k.cand(min(nd.line+1, k.easy))
			if c.prev[f.class] < 0 || d < c.dem[f.class] {
				c.dem[f.class], c.prev[f.class] = d, a
			}
		}
		if !over && !isForced {
			kept = append(kept, a)
		}
	}
	k.active = kept
	if len(k.cands) == 0 {
		return
	}
	start := int32(k.startAfter(int(b), len(k.items)))
	for i := range k.cands {
		c := &k.cands[i]
		least := math.Inf(1)
		for fc, p := range c.prev {
			if p >= 0 {
				least = min(least, c.dem[fc])
			}
		}
		for fc, p := range c.prev {
			// A break much worse than the best here cannot win later: at
			// most AdjacentDemerits tell them apart.
			if p < 0 || c.dem[fc] > least+k.q.adjacent {
				continue
			}
			k.active = append(k.active, int32(len(k.nodes)))
			k.nodes = append(k.nodes, node{
				pos: b, start: start, line: k.nodes[p].line + 1, prev: p,
				dem: c.dem[fc], class: int8(fc), flagged: flagged,
			})
		}
	}
}

// cand returns the candidate record for line number key.
func (k *knuth) cand(key int32) *cand {
	for i := range k.cands {
		if k.cands[i].line == key {
			return &k.cands[i]
		}
	}
	k.cands = append(k.cands, cand{line: key, prev: [4]int32{-1, -1, -1, -1}})
	return &k.cands[len(k.cands)-1]
}
