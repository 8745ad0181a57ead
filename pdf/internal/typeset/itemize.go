package typeset

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// ItemizeOptions tune Itemize. The zero value (or nil) means: no
// hyphenation, no indent, justified, TeX's penalties.
type ItemizeOptions struct {
	// Hyphenator finds hyphenation points in words; nil means no
	// hyphenation (explicit and soft hyphens still allow breaks).
	Hyphenator Hyphenator
	// HyphenateCapitalized lets words containing a capital letter be
	// hyphenated; by default they are not (names, acronyms).
	HyphenateCapitalized bool
	// Indent is the width of the first line's indent box; zero means none.
	Indent Length
	// SpaceStretch and SpaceShrink are the stretch and shrink of an
	// interword space; zero means half and a third of the space's width,
	// the proportions of Computer Modern. Fonts with a narrower space than
	// CM's third of an em (Times and Liberation Serif have a quarter) set
	// more evenly with CM's absolute values, a sixth and a ninth of the
	// font size.
	SpaceStretch, SpaceShrink Length
	// Ragged sets ragged right: spaces neither stretch nor shrink, and
	// each line end gets glue of RaggedStretch (TeX's \raggedright
	// scheme, as in Knuth & Plass, "Breaking Paragraphs into Lines", §3).
	Ragged bool
	// RaggedStretch is the stretch at each line end when Ragged; zero
	// means eight times the space width (about TeX's 2em).
	RaggedStretch Length
	// HyphenPenalty is the penalty of breaking at a hyphenation point or
	// soft hyphen; zero means 50 (TeX's \hyphenpenalty).
	HyphenPenalty int
	// ExHyphenPenalty is the penalty of breaking after an explicit hyphen
	// or a dash; zero means 50 (TeX's \exhyphenpenalty).
	ExHyphenPenalty int
}

// Characters with a meaning for Itemize.
const (
	nbsp          = '\u00a0'
	narrowNBSP    = '\u202f'
	softHyphen    = '\u00ad'
	zeroWidthSp   = '\u200b'
	wordJoiner    = '\u2060'
	lineSeparator = '\u2028'
	enDash        = '\u2013'
	emDash        = '\u2014'
	hyphenChar    = '\u2010'
)

// char is one character of a word being collected, or an object box
// (r < 0).
type char struct {
	r    rune
	run  int32
	off  int32 // byte offset in runs[run].Text
	box  int32 // index of the box it went into
	boff int32 // byte offset in that box's Text
	brk  int8  // break allowed before this char: 0 none, else a brk kind
	keep bool  // from a NoHyphenate run
}

// Kinds of break inside a word (char.brk).
const (
	brkNone   = iota
	brkHyphen // hyphenation point: flagged, draws "-"
	brkEx     // after an explicit hyphen or dash: flagged, draws nothing
	brkZero   // zero-width space: unflagged, penalty 0
)

type itemizer struct {
	runs  []Run
	m     Measurer
	o     ItemizeOptions
	items []Item
	word  []char
	buf   []byte
	seg   []byte
	// spaceRun is the run of a pending interword space, or -1;
	// spaceKind says what kind of space it is.
	spaceRun  int
	spaceKind int8
	newline   bool // a pending forced line break
	started   bool // a word has been emitted
	// The widths of " " and "-" in the style last asked for.
	space, hyphen widthMemo
	// liang is Hyphenator if it is a *Liang, hyphens a buffer for it.
	liang   *Liang
	hyphens []int
	// lazy defers hyphenation to hyphenated: breaks then lists in
	// stretches the letters a hyphenator should see (char indices into
	// word), and endWord turns them into cands; split says that some
	// stretch went into more than one box (a style change inside a word),
	// so that hyphenated must itemize again.
	lazy      bool
	stretches [][2]int32
	cands     []hyphCand
	split     bool
	// alt holds the items hyphenated makes when it itemizes again;
	// hyph and pieces are its scratch space otherwise.
	alt    []Item
	hyph   [][3]int32
	pieces []Item
	// memo has the hyphens of the words liangHyphens has seen: memoPts[m>>8:][:m&0xff].
	memo    map[string]uint32
	memoPts []uint16
	// charByChar turns plainWord off, for tests.
	charByChar bool
}

// hyphCand is a stretch of letters to hyphenate, Text[from:to] of the box
// items[item].
type hyphCand struct {
	item, from, to int32
}

// Kinds of space (itemizer.spaceKind).
const (
	spaceNormal = iota
	spaceNBSP
	spaceNarrow
)

// widthMemo remembers the width of one string in one style, and for the
// space a third of it (the shrink of its glue: a division per space).
type widthMemo struct {
	ok    bool
	style int
	w     Length
	third Length
}

// Itemize turns styled runs into the item list of one paragraph.
//
// Words become boxes, split at hyphenation points into boxes with flagged
// penalties that draw "-". Spaces (any run of Unicode white space) become
// one glue of the space's width w with stretch w/2 and shrink w/3, as in
// TeX's Computer Modern (or ItemizeOptions.SpaceStretch and SpaceShrink);
// no extra space after sentences. NBSP and U+202F become unbreakable glue
// (U+202F half as wide). After an explicit hyphen between letters or
// digits, and after an en or em dash inside a word, a break is allowed (a
// flagged penalty of ExHyphenPenalty that draws nothing). A soft hyphen
// U+00AD is a hyphenation point (and then the only kind in its word) and
// never appears in box text; U+200B allows a break, U+2060 is dropped;
// U+2028 is a forced line break (the line is set ragged, like LaTeX's
// \\). A style change inside a word makes adjacent boxes with no break
// between them. A Run with Box > 0 and no Text is a box of that width. The
// list starts with the indent box, if any, and ends with TeX's
// \parfillskip: penalty Infinity, glue 0 plus Fil, penalty -Infinity.
//
// Words split at hyphenation points are measured piece by piece, so a kern
// across a hyphenation point is lost; that matches drawing each box as its
// own string, which is what Line.Start..End asks for.
//
// Which words are hyphenated: those of letters only (leading and trailing
// punctuation, such as quotes and apostrophes, is not part of the word,
// and an apostrophe inside splits it: each part is hyphenated alone), not
// containing a digit, '@' or '/', not from a NoHyphenate run, and without
// capitals unless HyphenateCapitalized.
func Itemize(runs []Run, m Measurer, o *ItemizeOptions) []Item {
	return ItemizeInto(nil, runs, m, o)
}

// ItemizeInto is Itemize writing the items over buf's storage, when it is
// large enough: a caller setting one paragraph after another can reuse
// one list. The items of an earlier call are overwritten.
func ItemizeInto(buf []Item, runs []Run, m Measurer, o *ItemizeOptions) []Item {
	var z itemizer
	return z.itemize(buf, runs, m, o, false)
}

// itemize is ItemizeInto, reusing z's storage; lazy defers hyphenation to
// hyphenated.
func (z *itemizer) itemize(buf []Item, runs []Run, m Measurer, o *ItemizeOptions, lazy bool) []Item {
	z.runs, z.m, z.spaceRun, z.spaceKind = runs, m, -1, spaceNormal
	z.newline, z.started = false, false
	z.space, z.hyphen = widthMemo{}, widthMemo{}
	var opts ItemizeOptions
	if o != nil {
		opts = *o
	}
	z.o = opts
	z.liang, _ = z.o.Hyphenator.(*Liang)
	z.lazy = lazy && z.o.Hyphenator != nil
	z.stretches, z.cands, z.split = z.stretches[:0], z.cands[:0], false
	z.word = z.word[:0]
	// Room for the items of a text of English words, about five letters
	// and a space each: a box and a glue per word, and some hyphens.
	n := 0
	for _, r := range runs {
		n += len(r.Text)
	}
	if cap(buf) >= n/2+8 {
		z.items = buf[:0]
	} else {
		z.items = make([]Item, 0, max(n/2+8, cap(buf)*2))
	}
	if z.o.HyphenPenalty == 0 {
		z.o.HyphenPenalty = 50
	}
	if z.o.ExHyphenPenalty == 0 {
		z.o.ExHyphenPenalty = 50
	}
	if z.o.Indent > 0 {
		style := 0
		if len(runs) > 0 {
			style = runs[0].Style
		}
		z.items = append(z.items, Item{Kind: Box, Width: z.o.Indent, Style: int32(style)})
	}
	for ri, r := range runs {
		if r.Text == "" {
			if r.Box > 0 {
				z.flushSpace()
				z.word = append(z.word, char{r: -1, run: int32(ri)})
			}
			continue
		}
		for off := 0; off < len(r.Text); {
			c, size := rune(r.Text[off]), 1
			if c >= utf8.RuneSelf {
				c, size = utf8.DecodeRuneInString(r.Text[off:])
			}
			if len(z.word) == 0 && ordinary(c) && (z.lazy || z.o.Hyphenator == nil) && !z.charByChar {
				if n := z.plainWord(ri, off); n > 0 {
					off += n
					continue
				}
			}
			off += size
			switch {
			case c == nbsp || c == narrowNBSP:
				z.endWord()
				k := int8(spaceNBSP)
				if c == narrowNBSP {
					k = spaceNarrow
				}
				if z.spaceRun < 0 || z.spaceKind < k {
					z.spaceRun, z.spaceKind = ri, k
				}
			case c == lineSeparator:
				z.endWord()
				z.spaceRun = -1
				z.newline = z.started
			case unicode.IsSpace(c):
				z.endWord()
				if z.spaceRun < 0 {
					z.spaceRun, z.spaceKind = ri, spaceNormal
				}
			case c == wordJoiner || c == '\ufeff':
			case c == zeroWidthSp:
				z.flushSpace()
				z.word = append(z.word, char{r: c, run: int32(ri), off: int32(off - size)})
			default:
				z.flushSpace()
				z.word = append(z.word, char{r: c, run: int32(ri), off: int32(off - size), keep: r.NoHyphenate})
			}
		}
	}
	z.endWord()
	z.items = append(z.items,
		Item{Kind: Penalty, Penalty: Infinity},
		Item{Kind: Glue, Stretch: Fil},
		Item{Kind: Penalty, Penalty: -Infinity},
	)
	return z.items
}

// ordinary reports whether c is a character with no meaning for Itemize
// beyond being part of a word.
func ordinary(c rune) bool {
	if c < utf8.RuneSelf {
		return c > ' ' && c != '-' && c != 0x7f
	}
	switch c {
	case nbsp, narrowNBSP, softHyphen, zeroWidthSp, wordJoiner, '\ufeff', lineSeparator, enDash, emDash, hyphenChar:
		return false
	}
	return !unicode.IsSpace(c)
}

// plainWord takes the common word quickly: one of ordinary characters
// inside run ri from byte off, ended by a space in the same run, so that
// it is one box with no break inside but its hyphenation points (which
// only a lazy itemizer defers, so only it comes here). It emits the box
// and returns the word's length, or 0 to leave the word to the general
// way, char by char.
func (z *itemizer) plainWord(ri, off int) int {
	r := &z.runs[ri]
	text := r.Text
	end := off
	digits, capital := false, false
	letters := true // ASCII letters only: one stretch, the whole word
	// The classes of the ASCII characters, or-ed and and-ed: three
	// flags kept up character by character made a chain of branches.
	var any, every uint8 = 0, 0xff
	for end < len(text) {
		if c := text[end]; c < utf8.RuneSelf {
			cl := asciiClass[c]
			if cl&asciiOrdinary == 0 {
				if cl&asciiSpace == 0 {
					return 0 // a break or control character inside the word
				}
				break
			}
			any |= cl
			every &= cl
			end++
			continue
		}
		c, size := utf8.DecodeRuneInString(text[end:])
		letters = false
		capital = capital || unicode.IsUpper(c) || unicode.IsTitle(c)
		digits = digits || unicode.IsDigit(c)
		if !ordinary(c) {
			if !(c == nbsp || c == narrowNBSP || c == lineSeparator || c != '\ufeff' && unicode.IsSpace(c)) {
				return 0 // a break or joiner inside the word
			}
			break
		}
		end += size
	}
	if end == len(text) {
		return 0 // the word may go on in the next run
	}
	capital = capital || any&asciiUpper != 0
	digits = digits || any&asciiDigit != 0
	letters = letters && every&asciiLetter != 0
	z.flushSpace()
	z.started = true
	word := text[off:end]
	at := int32(len(z.items))
	z.items = append(z.items, Item{Kind: Box, Width: z.width(r.Style, word), Text: word, Style: int32(r.Style), Tag: int32(r.Tag)})
	if !z.lazy || r.NoHyphenate || digits || capital && !z.o.HyphenateCapitalized {
		return end - off
	}
	if letters {
		z.cands = append(z.cands, hyphCand{item: at, from: 0, to: int32(len(word))})
		return end - off
	}
	// The stretches of letters Hyphenate will look at.
	for i := 0; i < len(word); {
		c, size := utf8.DecodeRuneInString(word[i:])
		if !isLetter(c) {
			i += size
			continue
		}
		j := i + size
		for j < len(word) {
			c, size := utf8.DecodeRuneInString(word[j:])
			if !isLetter(c) {
				break
			}
			j += size
		}
		z.cands = append(z.cands, hyphCand{item: at, from: int32(i), to: int32(j)})
		i = j
	}
	return end - off
}

// Classes of ASCII characters for plainWord.
const (
	asciiOrdinary = 1 << iota // ordinary
	asciiSpace                // white space: ends a word
	asciiLetter
	asciiUpper
	asciiDigit // a digit, '@' or '/': the word is not hyphenated
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range rune(utf8.RuneSelf) {
		var cl uint8
		if ordinary(c) {
			cl |= asciiOrdinary
		}
		if unicode.IsSpace(c) {
			cl |= asciiSpace
		}
		if isLetter(c) {
			cl |= asciiLetter
		}
		if unicode.IsUpper(c) || unicode.IsTitle(c) {
			cl |= asciiUpper
		}
		if unicode.IsDigit(c) || c == '@' || c == '/' {
			cl |= asciiDigit
		}
		t[c] = cl
	}
	return t
}()

// hyphenated returns the items of the paragraph last itemized lazily with
// the hyphenation points of its Hyphenator: what itemize would have made
// without lazy. Only the boxes that get hyphens are measured again. Most
// often they are made in place of the items itemize returned (another
// list kept for them cost as much memory again).
func (z *itemizer) hyphenated() []Item {
	if !z.lazy {
		return z.items
	}
	if z.split {
		// Itemized again, keeping the first list and its state.
		keep := *z
		z.alt = z.itemize(z.alt, z.runs, z.m, &z.o, false)
		alt := z.alt
		*z = keep
		z.alt = alt
		return alt
	}
	// The hyphens of each box with stretches to hyphenate, those out of
	// order dropped, so that the items they add are known: hyph[i] has
	// the box's index and its hyphens' span in pts.
	pts, hyph := z.hyphens[:0], z.hyph[:0]
	added := 0
	per := 1 + z.breakItems() // items a hyphen adds: a piece and its break
	for k := 0; k < len(z.cands); {
		at := z.cands[k].item
		text := z.items[at].Text
		from := len(pts)
		for ; k < len(z.cands) && z.cands[k].item == at; k++ {
			c := z.cands[k]
			start := len(pts)
			if z.liang != nil {
				pts = z.liangHyphens(pts, text[c.from:c.to])
			} else {
				pts = append(pts, z.o.Hyphenator.Hyphenate(text[c.from:c.to])...)
			}
			for i := start; i < len(pts); i++ {
				pts[i] += int(c.from)
			}
		}
		// Only those after the last kept, inside the box and at a rune's
		// start (a Hyphenator may give others).
		kept, prev := from, 0
		for _, p := range pts[from:] {
			if p <= prev || p >= len(text) || !utf8.RuneStart(text[p]) {
				continue
			}
			pts[kept] = p
			kept++
			prev = p
		}
		pts = pts[:kept]
		if kept > from {
			hyph = append(hyph, [3]int32{at, int32(from), int32(kept)})
			added += per * (kept - from)
		}
	}
	z.hyphens, z.hyph = pts, hyph
	// The items grow in place, from the end: each box with hyphens
	// becomes its pieces and breaks, the items after it moved along.
	old := len(z.items)
	items := slices.Grow(z.items, added)[:old+added]
	dst, src := len(items), old
	for i := len(hyph) - 1; i >= 0; i-- {
		at := int(hyph[i][0])
		n := copy(items[dst-(src-at-1):dst], items[at+1:src])
		dst -= n
		box := items[at]
		pieces := z.pieces[:0]
		prev := 0
		for _, p := range pts[hyph[i][1]:hyph[i][2]] {
			piece := box
			piece.Text = box.Text[prev:p]
			piece.Width = z.width(int(box.Style), piece.Text)
			pieces = append(pieces, piece)
			pieces = z.appendBreak(pieces, brkHyphen, int(box.Style), int(box.Tag))
			prev = p
		}
		piece := box
		piece.Text = box.Text[prev:]
		piece.Width = z.width(int(box.Style), piece.Text)
		pieces = append(pieces, piece)
		z.pieces = pieces
		dst -= copy(items[dst-len(pieces):dst], pieces)
		src = at
	}
	z.items = items
	// The boxes are hyphenated: a second call returns them as they are.
	z.cands = z.cands[:0]
	return items
}

// liangHyphens is z.liang.appendHyphens with a memo of the itemizer's
// own, without the Liang's locks and copies: the words are substrings of
// the caller's text, kept as long as the itemizer keeps them.
func (z *itemizer) liangHyphens(out []int, word string) []int {
	if len(word) < z.liang.left+z.liang.right {
		return out // fewer letters than that, too
	}
	if m, ok := z.memo[word]; ok {
		for _, p := range z.memoPts[m>>8 : m>>8+m&0xff] {
			out = append(out, int(p))
		}
		return out
	}
	start := len(out)
	out = z.liang.appendHyphensUnmemo(out, word)
	if z.memo == nil {
		z.memo = make(map[string]uint32, 1024)
	}
	if len(z.memo) < memoMax && len(z.memoPts) < 1<<23 {
		z.memo[word] = uint32(len(z.memoPts))<<8 | uint32(len(out)-start)
		for _, p := range out[start:] {
			z.memoPts = append(z.memoPts, uint16(p))
		}
	}
	return out
}

func (z *itemizer) width(style int, s string) Length {
	w := z.m.Width(style, s)
	if !(w >= 0) {
		w = 0
	}
	return w
}

// memoWidth is width for a string asked for again and again, " " or "-".
func (z *itemizer) memoWidth(m *widthMemo, style int, s string) Length {
	if !m.ok || m.style != style {
		w := z.width(style, s)
		*m = widthMemo{ok: true, style: style, w: w, third: w / 3}
	}
	return m.w
}

// flushSpace emits the pending space (or line break) before a word starts.
func (z *itemizer) flushSpace() {
	if len(z.word) > 0 {
		return // inside a word already
	}
	run, kind := z.spaceRun, z.spaceKind
	z.spaceRun = -1
	if z.newline {
		z.newline = false
		z.items = append(z.items,
			Item{Kind: Penalty, Penalty: Infinity},
			Item{Kind: Glue, Stretch: Fil},
			Item{Kind: Penalty, Penalty: -Infinity},
		)
		return
	}
	if run < 0 || !z.started {
		return
	}
	r := z.runs[run]
	w := z.memoWidth(&z.space, r.Style, " ")
	shrink := z.space.third
	if kind == spaceNarrow {
		w /= 2
		shrink = w / 3
	}
	g := Item{Kind: Glue, Width: w, Stretch: w / 2, Shrink: shrink, Style: int32(r.Style), Tag: int32(r.Tag)}
	if z.o.SpaceStretch > 0 {
		g.Stretch = z.o.SpaceStretch
	}
	if z.o.SpaceShrink > 0 {
		g.Shrink = min(z.o.SpaceShrink, w)
	}
	if kind == spaceNarrow {
		g.Stretch, g.Shrink = w/2, w/3
	}
	if z.o.Ragged {
		g.Stretch, g.Shrink = 0, 0
		if kind != spaceNormal {
			z.items = append(z.items, Item{Kind: Penalty, Penalty: Infinity}, g)
			return
		}
		s := z.raggedStretch(r.Style)
		z.items = append(z.items,
			Item{Kind: Penalty, Penalty: Infinity},
			Item{Kind: Glue, Stretch: s},
			Item{Kind: Penalty},
			Item{Kind: Glue, Width: w, Stretch: -s, Style: int32(r.Style), Tag: int32(r.Tag)},
		)
		return
	}
	if kind != spaceNormal {
		z.items = append(z.items, Item{Kind: Penalty, Penalty: Infinity})
	}
	z.items = append(z.items, g)
}

func (z *itemizer) raggedStretch(style int) Length {
	if z.o.RaggedStretch > 0 {
		return z.o.RaggedStretch
	}
	return 8 * z.memoWidth(&z.space, style, " ")
}

func isDash(r rune) bool { return r == enDash || r == emDash }

// endWord turns the collected word into boxes and penalties.
func (z *itemizer) endWord() {
	w := z.word
	if len(w) == 0 {
		return
	}
	z.word = w[:0]
	z.started = true
	z.breaks(w)
	// Emit boxes: a new box at every break and every run change.
	z.buf = z.buf[:0]
	cur := int32(-1)
	from := 0 // offset in the run's text of the box's first char
	flush := func() {
		if cur < 0 {
			return
		}
		r := z.runs[cur]
		if len(z.buf) > 0 {
			// Most boxes are a stretch of their run's text: no need to
			// copy it.
			s := r.Text[from:min(from+len(z.buf), len(r.Text))]
			if s != string(z.buf) {
				s = string(z.buf)
			}
			z.items = append(z.items, Item{Kind: Box, Width: z.width(r.Style, s), Text: s, Style: int32(r.Style), Tag: int32(r.Tag)})
		}
		z.buf = z.buf[:0]
	}
	for i, c := range w {
		if c.brk != brkNone {
			flush()
			r := z.runs[w[i-1].run]
			z.items = z.appendBreak(z.items, c.brk, r.Style, r.Tag)
		}
		if c.r < 0 {
			flush()
			r := z.runs[c.run]
			z.items = append(z.items, Item{Kind: Box, Width: r.Box, Style: int32(r.Style), Tag: int32(r.Tag)})
			cur = -1
			continue
		}
		if c.run != cur {
			flush()
			cur = c.run
		}
		if c.r != softHyphen && c.r != zeroWidthSp {
			if len(z.buf) == 0 {
				from = int(c.off)
			}
			// Nothing is added to items before this char's box.
			w[i].box, w[i].boff = int32(len(z.items)), int32(len(z.buf))
			z.buf = utf8.AppendRune(z.buf, c.r)
		}
	}
	flush()
	for _, st := range z.stretches {
		first, last := w[st[0]], w[st[1]-1]
		if first.box != last.box {
			z.split = true
			continue
		}
		z.cands = append(z.cands, hyphCand{item: first.box, from: first.boff, to: last.boff + int32(utf8.RuneLen(last.r))})
	}
	z.stretches = z.stretches[:0]
}

// breakItems is how many items appendBreak appends: Hyphenate makes room
// for them in place.
func (z *itemizer) breakItems() int {
	if z.o.Ragged {
		return 4
	}
	return 1
}

// appendBreak appends the items of a break inside a word, in style and
// tag, to items.
func (z *itemizer) appendBreak(items []Item, kind int8, style, tag int) []Item {
	p := Item{Kind: Penalty, Flagged: true, Style: int32(style), Tag: int32(tag)}
	switch kind {
	case brkHyphen:
		p.Penalty, p.Text, p.Width = clampPenalty(z.o.HyphenPenalty), "-", z.memoWidth(&z.hyphen, style, "-")
	case brkEx:
		p.Penalty = clampPenalty(z.o.ExHyphenPenalty)
	case brkZero:
		p.Flagged = false
	}
	if z.o.Ragged {
		s := z.raggedStretch(style)
		return append(items,
			Item{Kind: Penalty, Penalty: Infinity},
			Item{Kind: Glue, Stretch: s},
			p,
			Item{Kind: Glue, Stretch: -s},
		)
	}
	return append(items, p)
}

// clampPenalty is p as an Item's Penalty: beyond ±Infinity all penalties
// mean the same (never or always break).
func clampPenalty(p int) int32 {
	return int32(min(max(p, -Infinity), Infinity))
}

func isLetter(r rune) bool {
	if r < 0x300 { // below the first combining mark
		return unicode.IsLetter(r)
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// breaks marks the breaks allowed inside word w (char.brk).
func (z *itemizer) breaks(w []char) {
	keep, digits, capital, soft := false, false, false, false
	for _, c := range w {
		keep = keep || c.keep
		digits = digits || unicode.IsDigit(c.r) || c.r == '@' || c.r == '/'
		capital = capital || unicode.IsUpper(c.r) || unicode.IsTitle(c.r)
		soft = soft || c.r == softHyphen
	}
	if keep {
		return
	}
	// Explicit breaks.
	for i := 1; i < len(w); i++ {
		prev, c := w[i-1].r, w[i].r
		switch {
		case prev == zeroWidthSp:
			if i > 1 {
				w[i].brk = brkZero
			}
		case prev == softHyphen:
			if i > 1 && c != softHyphen {
				w[i].brk = brkHyphen
			}
		case prev == '-' || prev == hyphenChar:
			if i > 1 && isWordRune(w[i-2].r) && isWordRune(c) {
				w[i].brk = brkEx
			}
		case isDash(prev):
			if i > 1 && !isDash(c) && c >= 0 && (isWordRune(c) || unicode.In(c, unicode.Ps, unicode.Pi)) {
				w[i].brk = brkEx
			}
		}
	}
	if soft || digits || (capital && !z.o.HyphenateCapitalized) || z.o.Hyphenator == nil {
		return
	}
	// Hyphenation points in each stretch of letters.
	for i := 0; i < len(w); {
		if w[i].r < 0 || !isLetter(w[i].r) {
			i++
			continue
		}
		j := i
		z.seg = z.seg[:0]
		for j < len(w) && w[j].r >= 0 && isLetter(w[j].r) {
			if !z.lazy {
				z.seg = utf8.AppendRune(z.seg, w[j].r)
			}
			j++
		}
		if z.lazy {
			z.stretches = append(z.stretches, [2]int32{int32(i), int32(j)})
		} else {
			z.hyphenate(w[i:j])
		}
		i = j
	}
}

// hyphenate marks the hyphenation points of the letters seg (z.seg holds
// their text).
func (z *itemizer) hyphenate(seg []char) {
	var pts []int
	if z.liang != nil {
		z.hyphens = z.liang.appendHyphens(z.hyphens[:0], string(z.seg))
		pts = z.hyphens
	} else {
		pts = z.o.Hyphenator.Hyphenate(string(z.seg))
	}
	if len(pts) == 0 {
		return
	}
	// Map byte offsets in z.seg to chars.
	off, k := 0, 0
	for i, c := range seg {
		for k < len(pts) && pts[k] < off {
			k++
		}
		if k < len(pts) && pts[k] == off && i > 0 && seg[i].brk == brkNone {
			seg[i].brk = brkHyphen
		}
		off += utf8.RuneLen(c.r)
	}
}

func isWordRune(r rune) bool { return r >= 0 && (isLetter(r) || unicode.IsDigit(r)) }
