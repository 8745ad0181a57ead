package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// frame is where blocks are set: an indent and measure inside the text
// block, a type size and leading.
type frame struct {
	x, w       Length
	size, lead Length
	grid       bool // lines sit on the body's line grid
	note       bool // inside a footnote
	depth      int  // list nesting, for bullets
}

type align uint8

const (
	justified align = iota
	flushLeft
	centred
	flushRight
)

// indented returns a frame narrower by left and right, never narrower than
// a few ems, so deep nesting cannot make the measure vanish.
func (fr frame) indented(left, right Length) frame {
	min := 8 * fr.size
	if fr.w-left-right < min {
		return fr
	}
	fr.x += left
	fr.w -= left + right
	return fr
}

// emit appends an element to the chapter, keeping it with the one before
// while a heading asks for that.
func (d *doc) emit(e *elem) {
	if d.keep > 0 && len(d.out) > 0 {
		d.out[len(d.out)-1].brk = forbid
	}
	if e.line {
		if d.keep > 0 {
			d.keep--
		}
		if len(d.marker) > 0 {
			for _, o := range d.marker {
				o.y += e.base
				e.ops = append(e.ops, o)
			}
			d.marker = nil
		}
	}
	d.out = append(d.out, e)
}

// space adds vertical space that vanishes at the top of a page; two spaces
// in a row take the larger.
func (d *doc) space(h Length) {
	if n := len(d.out); n > 0 && d.out[n-1].discard {
		if d.out[n-1].h < h {
			d.out[n-1].h = h
		}
		return
	}
	if len(d.out) == 0 {
		return
	}
	d.out = append(d.out, &elem{h: h, discard: true})
}

// blocks lays out a sequence of blocks. first says whether the first
// paragraph goes without indent (after a heading, at a chapter's start).
func (d *doc) blocks(fr frame, bs []book.Block, where string, first bool) error {
	noIndent := first
	numbered := !fr.note && fr.depth == 0 && !strings.Contains(where, "quote")
	for i, b := range bs {
		w := where
		if numbered {
			w = where + ", block " + strconv.Itoa(i+1)
		}
		var err error
		next := false // whether the next paragraph goes without indent
		switch b := b.(type) {
		case book.Paragraph:
			err = d.paragraph(fr, b, w, !noIndent)
		case book.Heading:
			err = d.heading(fr, b, w)
			next = true
		case book.Quote:
			err = d.quote(fr, b, w)
		case book.List:
			err = d.list(fr, b, w)
		case book.CodeBlock:
			err = d.code(fr, b, w)
		case book.SceneBreak:
			d.sceneBreak(fr)
			next = true
		case book.Figure:
			err = d.figure(fr, b, w)
			next = true
		case book.Table:
			err = d.table(fr, b, w)
		case book.Footnote:
			// Set where it is referred to.
			continue
		case nil:
			continue
		default:
			err = fmt.Errorf("pdf: %s: unknown block %T", w, b)
		}
		if err != nil {
			return err
		}
		noIndent = next
	}
	return nil
}

// The paragraphs are broken as plain TeX breaks them: a first pass
// without hyphenation in which every line's badness is at most 100
// (\pretolerance), then, for the paragraphs it cannot set, a second with
// hyphenation within 200 (\tolerance). Where that fails too (a long word
// the patterns cannot break, a capitalised one) the last pass takes the
// paragraph with the fewest demerits among all that fit: we cannot
// rewrite a sentence as an author answering "underfull \hbox" would.

// setParagraph breaks inlines into lines and returns them as elements,
// not yet emitted. Words are hyphenated only if the paragraph cannot be
// set well without (TeX's first pass): then it is itemized again.
func (d *doc) setParagraph(fr frame, in []book.Inline, c inl, indent bool, al align, hyphenate bool) ([]*elem, error) {
	runs, err := d.runs(in, c, nil)
	if err != nil || len(runs) == 0 {
		return nil, err
	}
	o := &typeset.ItemizeOptions{Ragged: al != justified || d.s.ragged}
	if indent {
		o.Indent = typeset.Length(fr.size)
	}
	items, res, long := d.breakParagraph(runs, o, fr.w, hyphenate && d.s.hyph != nil)
	if long {
		d.warn("%s: a word too long for the line was broken", c.where)
	}
	if res.Greedy {
		d.warn("%s: paragraph set line by line, not within tolerance", c.where)
	}
	// The lines' elements are allocated once for the paragraph, their
	// ops in the document's chunks of ops. Each line's ops are capped,
	// so appending to them later copies them.
	elems := make([]elem, len(res.Lines))
	out := make([]*elem, 0, len(res.Lines))
	for i, l := range res.Lines {
		e := &elems[i]
		*e = elem{h: fr.lead, base: fr.size, grid: fr.grid, line: true}
		// Made in scratch space, then copied to the chunk: counting
		// them first took longer.
		var notes []int
		d.lineBuf, notes = d.lineOps(d.lineBuf[:0], fr, items, l, al)
		if notes != nil {
			e.refs = &elemRefs{notes: notes}
		}
		buf := d.opRoom(len(d.lineBuf))
		start := len(buf)
		buf = append(buf, d.lineBuf...)
		e.ops = buf[start:len(buf):len(buf)]
		d.ops = buf
		if len(e.ops) == 0 {
			e.ops = nil
			if len(res.Lines) > 1 {
				continue // an empty line, e.g. from a line break at the end
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// breakParagraph itemizes runs with o and breaks them into lines of
// width w, as TeX does: first without hyphenation, then, if that cannot
// set every line within TeX's \pretolerance and hyph is set, with
// d.s.hyph's hyphenation points. It reports whether a word too long for
// the line was cut. The items are d.breaker's storage, valid until the
// next paragraph.
func (d *doc) breakParagraph(runs []typeset.Run, o *typeset.ItemizeOptions, w Length, hyph bool) ([]typeset.Item, typeset.Result, bool) {
	// Measure spares the breaker asking widths for every line; widths
	// answers for a measure of no width, which Measure leaves unset.
	widths := func(int) typeset.Length { return typeset.Length(w) }
	first := typeset.Params{Measure: typeset.Length(w)}
	second := typeset.Params{Pretolerance: -1, Measure: typeset.Length(w)}
	if hyph {
		oh := *o
		oh.Hyphenator = d.s.hyph
		o = &oh
	}
	items, long := d.splitLong(d.breaker.Itemize(runs, d, o), w)
	if !long || !hyph {
		// (A word too long for the line is hyphenated rather than cut.)
		if res, ok := d.breaker.FirstPass(items, widths, &first); ok {
			return items, res, long
		}
	}
	if hyph {
		items, long = d.splitLong(d.breaker.Hyphenate(), w)
	}
	return items, d.breaker.Break(items, widths, &second), long
}

// splitLong breaks runs of boxes wider than the measure (a long URL, a
// word of thousands of letters, such a word in several styles or with a
// link inside it) into pieces that fit, with an optional break between
// them, so the line never runs off the page. A run is the boxes between
// two places where a line may break.
func (d *doc) splitLong(items []typeset.Item, w Length) ([]typeset.Item, bool) {
	limit := typeset.Length(w)
	long := false
	run := typeset.Length(0)
	for i := range items {
		run = runWidth(run, items, i)
		if run > limit {
			long = true
			break
		}
	}
	if !long {
		return items, false
	}
	// TeX's \raggedright discretionary: stretch only if broken.
	str := typeset.Length(w)
	discretionary := []typeset.Item{
		{Kind: typeset.Penalty, Penalty: typeset.Infinity},
		{Kind: typeset.Glue, Stretch: str},
		{Kind: typeset.Penalty, Penalty: 0},
		{Kind: typeset.Glue, Stretch: -str},
	}
	out := make([]typeset.Item, 0, len(items)+8)
	run = 0
	for i, it := range items {
		if it.Kind != typeset.Box {
			out = append(out, it)
			run = runWidth(run, items, i)
			continue
		}
		if run > 0 && run+it.Width > limit {
			out = append(out, discretionary...)
			run = 0
		}
		if it.Width <= limit || it.Text == "" {
			out = append(out, it)
			run += it.Width
			continue
		}
		s := it.Text
		for s != "" {
			n := d.fit(int(it.Style), s, Length(limit))
			piece := it
			piece.Text = s[:n]
			piece.Width = d.Width(int(it.Style), s[:n])
			out = append(out, piece)
			run = piece.Width
			s = s[n:]
			if s != "" {
				out = append(out, discretionary...)
			}
		}
	}
	return out, true
}

// runWidth returns the width of the unbreakable run that items[i] ends,
// given the width run of the one up to items[i-1]: a box adds its width;
// a glue after a box, or a penalty a line may break at, starts a new run.
func runWidth(run typeset.Length, items []typeset.Item, i int) typeset.Length {
	switch it := items[i]; it.Kind {
	case typeset.Box:
		return run + it.Width
	case typeset.Glue:
		if i > 0 && items[i-1].Kind == typeset.Penalty && items[i-1].Penalty >= typeset.Infinity {
			return run + it.Width // a no-break space
		}
		return 0
	default:
		if it.Penalty < typeset.Infinity {
			return 0
		}
		return run
	}
}

// opChunk is the number of ops in one of the chunks the lines' ops are
// allocated in: about 40 lines'.
const opChunk = 1024

// opRoom returns d.ops, the chunk the lines' ops go in, with room for n
// more: a new chunk if it has not. Allocating them by the chunk rather
// than paragraph by paragraph saves counting them first and most
// allocations.
func (d *doc) opRoom(n int) []op {
	if cap(d.ops)-len(d.ops) < n {
		d.ops = make([]op, 0, max(n, opChunk))
	}
	return d.ops
}

// lineOps places the items of one line, appending their ops to ops.
func (d *doc) lineOps(ops []op, fr frame, items []typeset.Item, l typeset.Line, al align) ([]op, []int) {
	first := len(ops)
	var notes []int
	// Set flush left (or justified), the ops are placed at once; else
	// they are shifted once the line's width is known. Either way an
	// op's x is x + (fr.x + shift) and its y y + fr.size.
	left := al != centred && al != flushRight
	dx, dy := Length(0), Length(0)
	if left {
		dx, dy = fr.x+0, fr.size
	}
	x, end := Length(0), Length(0)
	for i := l.Start; i < l.End && i < len(items); i++ {
		it := &items[i]
		switch it.Kind {
		case typeset.Box:
			w := Length(it.Width)
			if it.Text != "" {
				ops = append(ops, op{kind: opText, x: x + dx, y: 0 + dy, ref: it.Style, text: it.Text})
			}
			if it.Tag != 0 {
				if t := d.tag(int(it.Tag)); t != nil {
					size := d.styles[it.Style].size
					switch t.kind {
					case tagImage:
						ops = append(ops, op{kind: opImage, x: x + dx, y: -t.h + dy, ref: d.addArea(w, t.h, int(it.Tag))})
					case tagNote:
						notes = appendOnce(notes, t.note)
						ops = append(ops, op{kind: opLink, x: x + dx, y: -size*1.6 + dy, ref: d.addArea(w, size*1.8, int(it.Tag))})
					default:
						ops = append(ops, op{kind: opLink, x: x + dx, y: -size + dy, ref: d.addArea(w, size*1.25, int(it.Tag))})
					}
				}
			}
			x += w
			end = x
		case typeset.Glue:
			// l.GlueWidth(*it), without the copy.
			w := it.Width
			switch {
			case l.Ratio > 0 && it.Stretch < typeset.Fil:
				w = it.Width + typeset.Length(l.Ratio)*it.Stretch
			case l.Ratio < 0:
				w = it.Width + typeset.Length(l.Ratio)*it.Shrink
			}
			x += Length(w)
		}
	}
	if l.End < len(items) {
		if it := &items[l.End]; it.Kind == typeset.Penalty && it.Text != "" {
			ops = append(ops, op{kind: opText, x: end + dx, y: 0 + dy, ref: it.Style, text: it.Text})
			end += Length(it.Width)
		}
	}
	if left {
		return ops, notes
	}
	shift := (fr.w - end) / 2
	if al == flushRight {
		shift = fr.w - end
	}
	for i := first; i < len(ops); i++ {
		ops[i].x += fr.x + shift
		ops[i].y += fr.size
	}
	return ops, notes
}

func appendOnce(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// paragraph sets a paragraph of running text, with widows and orphans
// kept off page breaks.
func (d *doc) paragraph(fr frame, p book.Paragraph, where string, indent bool) error {
	c := inl{size: fr.size, where: where, noteFrame: fr.note}
	al := justified
	if d.s.ragged {
		al = flushLeft
	}
	lines, err := d.setParagraph(fr, p, c, indent, al, true)
	if err != nil {
		return err
	}
	d.emitLines(lines)
	return nil
}

// emitLines emits a paragraph's lines with no page break after its first
// line or before its last.
func (d *doc) emitLines(lines []*elem) {
	n := len(lines)
	if n >= 2 {
		lines[0].brk = forbid
		lines[n-2].brk = forbid
	}
	for _, e := range lines {
		d.emit(e)
	}
}

// heading sets a section heading, kept with the two lines after it.
func (d *doc) heading(fr frame, h book.Heading, where string) error {
	c := inl{size: fr.size, where: where, noteFrame: fr.note}
	var before, after Length
	lead := fr.lead
	switch {
	case fr.note:
		c.bold = true
	case h.Level == 2:
		c.bold, c.size = true, d.sz.heading2
		before, after = 1.5*d.sz.lead, 0.5*d.sz.lead
		lead = d.sz.heading2Lead
	case h.Level == 3:
		c.bold = true
		before, after = d.sz.lead, 0.5*d.sz.lead
	default:
		c.italic = true
		before, after = d.sz.lead, 0
	}
	hf := fr
	hf.size, hf.lead, hf.grid = c.size, lead, false
	lines, err := d.setParagraph(hf, h.Content, c, false, flushLeft, false)
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	d.space(before)
	anchor := h.ID
	if anchor == "" {
		d.anchorN++
		anchor = "\x00h" + strconv.Itoa(d.anchorN)
	}
	lines[0].addAnchor(anchor)
	if h.Level-1 <= d.s.depth && !fr.note {
		title, err := d.plain(h.Content, regular, where)
		if err != nil {
			return err
		}
		lines[0].marks = append(lines[0].marks, mark{title: title, level: h.Level - 1})
		d.toc = append(d.toc, tocEntry{title: title, level: h.Level - 1, anchor: anchor})
	}
	for _, e := range lines {
		e.brk = forbid
		e.line = false
		d.emit(e)
	}
	if after > 0 {
		d.emit(&elem{h: after, brk: forbid})
	}
	d.keep = 2
	return nil
}

func (d *doc) quote(fr frame, q book.Quote, where string) error {
	qf := fr.indented(1.5*fr.size, 1.5*fr.size)
	if !fr.note {
		qf.size, qf.lead, qf.grid = d.sz.quote, d.sz.quoteLead, false
	}
	d.space(fr.lead / 2)
	if err := d.blocks(qf, q, where+", quote", true); err != nil {
		return err
	}
	d.space(fr.lead / 2)
	return nil
}

// list sets a list with hanging bullets or numbers.
func (d *doc) list(fr frame, l book.List, where string) error {
	st := d.style(regular, fr.size, 0)
	var labels []string
	hang := 1.2 * fr.size
	start := l.Start
	if start == 0 {
		start = 1
	}
	if l.Ordered {
		widest := Length(0)
		for i := range l.Items {
			s := strconv.Itoa(start+i) + "."
			labels = append(labels, s)
			if w := d.width(st, s); w > widest {
				widest = w
			}
		}
		hang = widest + 0.5*fr.size
	} else {
		b := d.bullet(fr.depth)
		for range l.Items {
			labels = append(labels, b)
		}
	}
	lf := fr.indented(hang, 0)
	lf.depth++
	d.space(fr.lead / 2)
	for i, item := range l.Items {
		if i > 0 && l.Loose {
			d.space(fr.lead / 2)
		}
		lw := d.width(st, labels[i])
		x := lf.x - 0.5*fr.size - lw // numbers flush right in the hang
		if !l.Ordered {
			x = lf.x - hang + (hang-0.5*fr.size-lw)/2
		}
		d.marker = []op{{kind: opText, x: x, ref: int32(st), text: labels[i]}}
		if err := d.blocks(lf, item, fmt.Sprintf("%s, item %d", where, i+1), true); err != nil {
			return err
		}
		d.marker = nil
	}
	d.space(fr.lead / 2)
	return nil
}

// bullet returns the bullet for a nesting depth, one the font has.
func (d *doc) bullet(depth int) string {
	cands := []string{"•", "–", "◦", "-"}
	if depth%2 == 1 {
		cands = []string{"–", "◦", "-"}
	}
	for _, c := range cands {
		r, _ := utf8.DecodeRuneInString(c)
		if d.fonts.faces[regular].has(r) {
			return c
		}
	}
	return "-"
}

// code sets a code block in the mono font: no justification, spaces kept,
// long lines wrapped with a mark at the start of the continuation.
func (d *doc) code(fr frame, cb book.CodeBlock, where string) error {
	cf := fr.indented(fr.size, 0)
	size := fr.size * d.sz.code / d.sz.body
	lead := fr.lead * d.sz.codeLead / d.sz.lead
	st := d.style(mono, size, 0)
	cont := "→ "
	if !d.fonts.faces[mono].has('→') {
		cont = "> "
	}
	d.space(fr.lead / 2)
	var lines []*elem
	text := strings.ReplaceAll(cb.Text, "\r\n", "\n")
	for _, src := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		src, err := d.clean(expandTabs(src), mono, where)
		if err != nil {
			return err
		}
		first := true
		for {
			prefix := ""
			if !first {
				prefix = cont
			}
			n := d.fit(st, src, cf.w-d.width(st, prefix))
			if sp := strings.LastIndexByte(src[:n], ' '); n < len(src) && sp > n/2 {
				n = sp + 1 // wrap after a space when there is one late enough
			}
			e := &elem{h: lead, base: size, line: true}
			if s := prefix + src[:n]; strings.TrimSpace(s) != "" {
				e.ops = []op{{kind: opText, x: cf.x, y: size, ref: int32(st), text: s}}
			}
			lines = append(lines, e)
			src = src[n:]
			first = false
			if src == "" {
				break
			}
		}
	}
	d.emitLines(lines)
	d.space(fr.lead / 2)
	return nil
}

func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var sb strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			sb.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		sb.WriteRune(r)
		col++
	}
	return sb.String()
}

// sceneBreak sets a centred ornament two lines high.
func (d *doc) sceneBreak(fr frame) {
	st := d.style(regular, fr.size, 0)
	orn := "*\u2003*\u2003*"
	if !d.fonts.faces[regular].has('\u2003') {
		orn = "*   *   *"
	}
	w := d.width(st, orn)
	e := &elem{h: 2 * fr.lead, grid: fr.grid, brk: 0}
	e.ops = []op{{kind: opText, x: fr.x + (fr.w-w)/2, y: fr.lead/2 + fr.size*1.15, ref: int32(st), text: orn}}
	if n := len(d.out); n > 0 && d.out[n-1].discard {
		d.out = d.out[:n-1]
	}
	d.emit(e)
}

// fit returns the length in bytes of the longest prefix of s, at least one
// character, that is no wider than w in style st. It measures character by
// character, kerning included, and caches nothing but single characters, so
// cutting a long string into lines takes time in proportion to its length.
func (d *doc) fit(st int, s string, w Length) int {
	x := d.styles[st]
	fc := d.fonts.faces[x.face]
	limit := float64(w/x.size*Length(fc.upm)) + 1e-6
	sum := 0.0
	var prev rune
	for i, r := range s {
		sum += fc.width(string(r))
		if i > 0 {
			sum += fc.kern(fc.glyph(prev), fc.glyph(r))
		}
		prev = r
		if sum > limit {
			if i == 0 {
				_, n := utf8.DecodeRuneInString(s)
				return n
			}
			return i
		}
	}
	return len(s)
}
