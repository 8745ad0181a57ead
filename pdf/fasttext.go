package pdf

import (
	"math"
	"math/bits"
	"strconv"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
)

// gofpdf's Text formats every string with fmt.Sprintf, converts it to
// UTF-16 and escapes it with four string replacements, records each rune
// for font subsetting, and writes a text object (BT … ET) for every
// piece between kerned pairs. The renderer writes the text operators
// itself (see draw.go): one text object for each run of text on a
// baseline in one style, its pieces in one TJ array with numbers for the
// kerns and the spaces between words, in the CIDs of the fonts it embeds
// (embed.go).

// runeSet is a set of runes of the Basic Multilingual Plane (the only
// ones the fonts are read for).
type runeSet [1 << 16 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 1<<16 {
		s[r>>6] |= 1 << (r & 63)
	}
}

func (s *runeSet) remove(r rune) {
	if r >= 0 && r < 1<<16 {
		s[r>>6] &^= 1 << (r & 63)
	}
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 1<<16 && s[r>>6]&(1<<(r&63)) != 0
}

// each calls f with the runes of the set in order.
func (s *runeSet) each(f func(rune)) {
	for i, w := range s {
		for ; w != 0; w &= w - 1 {
			f(rune(i*64 + bits.TrailingZeros64(w)))
		}
	}
}

func (s *runeSet) union(t *runeSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

// runePages is how many pages a goroutine collecting runes takes at a
// time.
const runePages = 4

// drawnRunesHelped returns, face by face, the runes the pages will draw
// (soft hyphens left out, spaces the font lacks drawn as U+0020, as text
// draws them), and whether the face draws any text. The sets are on the
// heap: as results on the stack (with fontsFor's copies, 290 KB of
// frames) they made the drawing goroutine's stack grow by copying, five
// times, into fresh memory.
//
// help, if not nil, is given a function to run on another goroutine,
// which runs first (if not nil; first must be safe to call on either
// goroutine, and again), then collects the runes of some of the pages, if
// it starts before this goroutine has taken them all; if it starts later,
// it does nothing and is not waited for. The pages are taken a few at a
// time by whichever goroutine is free. (The renderer can draw nothing
// before the runes are known, while the deflate queue's goroutine has
// nothing to compress yet.)
func (d *doc) drawnRunesHelped(help func(func()), first func()) (want *[numFaces]runeSet, any [numFaces]bool) {
	// The running heads' and folios' styles are looked up, or added,
	// before the helper starts: the collectors only read the doc.
	head, folio := -1, -1
	for _, p := range d.pages {
		if p.kind == bodyPage && !p.opener {
			head, folio = d.style(italic, d.sz.small, 0), d.style(regular, d.sz.small, 0)
			break
		}
	}
	var (
		next atomic.Int32
		// state is 0 until the helper starts (1) or is shut out (2).
		state  atomic.Int32
		done   = make(chan struct{})
		helped *runeCollector
	)
	collect := func(c *runeCollector) {
		for {
			from := int(next.Add(runePages)) - runePages
			if from >= len(d.pages) {
				break
			}
			c.pages(from, min(from+runePages, len(d.pages)), head, folio)
		}
		c.flush()
	}
	if help != nil && (len(d.pages) > runePages || first != nil) {
		help(func() {
			if !state.CompareAndSwap(0, 1) {
				return
			}
			defer close(done)
			if first != nil {
				first()
			}
			c := &runeCollector{d: d, want: new([numFaces]runeSet), any: new([numFaces]bool), face: -1}
			collect(c)
			helped = c
		})
	}
	want = new([numFaces]runeSet)
	c := runeCollector{d: d, want: want, any: &any, face: -1}
	collect(&c)
	if !state.CompareAndSwap(0, 2) {
		<-done
		// helped is nil if the helper panicked: the deflate queue's
		// finish then reports it, and no file is made.
		if helped != nil {
			for f := range want {
				if helped.any[f] {
					want[f].union(&helped.want[f])
					any[f] = true
				}
			}
		}
	}
	// Space characters the face lacks are drawn as U+0020 (see text).
	for f := range want {
		if !any[f] {
			continue
		}
		fc := d.fonts.faces[f]
		for _, rg := range unicode.Zs.R16 {
			for z := rune(rg.Lo); z <= rune(rg.Hi); z += rune(rg.Stride) {
				if want[f].has(z) && fc.glyph(z) == 0 {
					want[f].remove(z)
					want[f].add(' ')
				}
			}
		}
	}
	return want, any
}

// runeCollector gathers the runes drawn, for drawnRunes. The ASCII
// characters of the face last drawn in are gathered in two words, lo and
// hi, stored into want when the face changes: setting their bits in want
// one byte at a time made each byte wait for the store of the one before.
type runeCollector struct {
	d      *doc
	want   *[numFaces]runeSet
	any    *[numFaces]bool
	face   faceID // the face of lo and hi, or -1
	lo, hi uint64
}

// flush stores the ASCII characters gathered.
func (c *runeCollector) flush() {
	if c.face >= 0 && c.lo|c.hi != 0 {
		c.want[c.face][0] |= c.lo
		c.want[c.face][1] |= c.hi
		c.any[c.face] = true
	}
	c.lo, c.hi = 0, 0
}

// pages adds the text of pages from to to, head and folio being the
// styles of the running heads and folios.
func (c *runeCollector) pages(from, to, head, folio int) {
	for i, p := range c.d.pages[from:to] {
		for _, list := range [][]placed{p.body, p.notes} {
			for _, pl := range list {
				c.ops(pl.e.ops)
			}
		}
		if p.art != nil {
			c.ops(p.art.ops)
		}
		if p.kind == bodyPage && !p.opener {
			c.add(head, p.head)
			c.add(folio, strconv.Itoa(from+i+1))
		}
	}
}

// ops adds the text of the ops in list.
func (c *runeCollector) ops(list []op) {
	for k := range list {
		o := &list[k]
		switch o.kind {
		case opText:
			c.add(int(o.ref), o.text)
		case opTOC:
			if t, ok := c.d.targets[o.text]; ok {
				st := c.d.opStyle(*o)
				c.add(st, strconv.Itoa(t.page+1))
				c.add(st, ".")
			}
		}
	}
}

// add adds the runes of s, drawn in style st.
func (c *runeCollector) add(st int, s string) {
	if s == "" || st < 0 || st >= len(c.d.styles) {
		return
	}
	if f := c.d.styles[st].face; f != c.face {
		c.flush()
		c.face = f
	}
	// ASCII, most text, needs no look-up: the font has a space.
	lo, hi := c.lo, c.hi
	i := 0
	for ; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			break
		}
		m, up := uint64(1)<<(b&63), -uint64(b>>6) // up: all ones for 64 to 127
		lo |= m &^ up
		hi |= m & up
	}
	c.lo, c.hi = lo, hi
	if i < len(s) {
		c.addRest(s[i:])
	}
}

// addRest adds the runes of s, text not all ASCII, in the face c.face.
// A space character the face lacks is added as it is, and changed to
// U+0020 once all are collected: the face's caches are not used here,
// on two goroutines at once.
func (c *runeCollector) addRest(s string) {
	f := c.face
	w := &c.want[f]
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			w[b>>6] |= 1 << (b & 63)
			c.any[f] = true
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\u00AD' {
			continue
		}
		w.add(r)
		c.any[f] = true
	}
}

// textRun is a text object being written: BT, the position of its first
// piece, and a TJ array of the pieces drawn since, with numbers that move
// each piece to its place.
type textRun struct {
	open  bool
	style int
	y     Length  // baseline, from the page's top
	size  float64 // font size, as written
	x0    float64 // the position the text object starts at, as written
	// v is where the next glyph would be drawn, from x0 in thousandths
	// of an em, as a viewer adds up the font's widths and the numbers.
	v     float64
	inStr bool // a string of the array is open
}

// text draws s in style st with its baseline at (x, y), onto the text
// object being written, or starts one. s is cut into pieces where the
// font kerns a pair (PDF text is drawn without kerning), each drawn at
// its offset; pieces of white space alone are not drawn. Pieces on one
// baseline in one style share a text object; between them, and where the
// font kerns, a number in the TJ array moves the next glyph to where it
// belongs, when it is off by 1/400 pt or more.
// gofpdf's Text wrote a text object per piece, each placed to 1/200 pt.
// The pieces are measured and written in one pass over s: a piece's
// place is written at its first character that is not a space.
func (r *renderer) text(st int, x, y Length, s string) {
	if s == "" || st < 0 || st >= len(r.d.styles) {
		return
	}
	if r.d.traceText != nil {
		r.d.traceText(r.pdf.PageNo(), st, x, y, s)
	}
	t := &r.run
	if t.open && (t.style != st || t.y != y) {
		r.endRun()
	}
	sty := r.d.styles[st]
	font := r.font[sty.face]
	if font == nil {
		return // no text drawn in the face, as drawnRunes found
	}
	fc := r.d.fonts.faces[sty.face]
	scale := float64(sty.size) / fc.upm
	var (
		pr rune
		pg sfnt.GlyphIndex
		// pen is where the next glyph goes, from s's start in font
		// units; at is the open piece's offset, w its width in
		// thousandths of an em as a viewer adds it up.
		pen, at, w float64
		// A piece is open; it has a character not a space and is
		// being written (its place written, its leading spaces' codes
		// copied from lead).
		open, drawn bool
		lead        = r.lead[:0]
	)
	for i := 0; i < len(s); {
		c := rune(s[i])
		if c < utf8.RuneSelf {
			i++
		} else {
			var n int
			c, n = utf8.DecodeRuneInString(s[i:])
			i += n
			if c == '\u00AD' {
				continue
			}
		}
		c, g, adv, k := fc.metrics(pr, pg, c)
		if !open || k != 0 {
			if drawn {
				t.v += w
			}
			open, drawn = true, false
			pen += k
			at, w = pen, 0
			lead = lead[:0]
		}
		var cid uint16
		if c < utf8.RuneSelf {
			cid = font.ascii[c].cid
			w += float64(font.ascii[c].w)
		} else {
			cid = font.cid(c)
			// The embedded font's widths: the advance in thousandths
			// of an em, rounded.
			w += math.Round(adv * 1000 / fc.upm)
		}
		if drawn {
			r.buf = font.appendCode(r.buf, cid)
		} else if isSpaceRune(c) {
			lead = font.appendCode(lead, cid)
		} else {
			r.place(st, font, float64(x)+at*scale, y)
			if len(lead) > 0 {
				r.buf = append(r.buf, lead...)
			}
			r.buf = font.appendCode(r.buf, cid)
			drawn = true
		}
		pen += adv
		pr, pg = c, g
	}
	if drawn {
		t.v += w
	}
	r.lead = lead
}

// isSpaceRune is unicode.IsSpace, ASCII answered first.
func isSpaceRune(c rune) bool {
	if c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r'
	}
	return unicode.IsSpace(c)
}

// place readies the text object to draw a piece at px, from the sheet's
// left, on the text object's baseline y, in style st: it starts the text
// object if none is open, moves the piece to px with a number if it is
// off, and opens a string.
func (r *renderer) place(st int, font *embedded, px float64, y Length) {
	t := &r.run
	if !t.open {
		sty := r.d.styles[st]
		*t = textRun{open: true, style: st, y: y}
		// Positions and sizes as written, to hundredths, are what a
		// viewer uses.
		// The size as written is kept from one text object to the next.
		if sty.size != r.sizeIn || r.sizeNum == nil {
			r.sizeNum = strconv.AppendFloat(r.sizeNum[:0], float64(sty.size), 'f', 2, 64)
			r.sizeIn = sty.size
			r.size, _ = strconv.ParseFloat(string(r.sizeNum), 64)
		}
		t.size = r.size
		if len(r.buf) > 0 {
			r.buf = append(r.buf, '\n')
		}
		r.buf = append(r.buf, "BT "...)
		// The font and size stay set from one text object to the
		// next on a page.
		if font != r.tfFont || t.size != r.tfSize {
			r.buf = append(r.buf, '/')
			r.buf = append(r.buf, font.res...)
			r.buf = append(r.buf, ' ')
			r.buf = append(r.buf, r.sizeNum...)
			r.buf = append(r.buf, " Tf "...)
			r.tfFont, r.tfSize = font, t.size
		}
		num := strconv.AppendFloat(r.num[:0], px, 'f', 2, 64)
		t.x0, _ = strconv.ParseFloat(string(num), 64)
		r.num = num
		r.buf = append(r.buf, num...)
		r.buf = append(r.buf, ' ')
		r.buf = strconv.AppendFloat(r.buf, r.pageH-float64(y-sty.rise), 'f', 2, 64)
		r.buf = append(r.buf, " Td ["...)
	}
	b := r.buf
	// Off by d thousandths of an em: if that is 1/400 pt or more, a
	// number moves the piece, to a ten-thousandth of an em.
	d := t.v - (px-t.x0)*1000/t.size
	if math.Abs(d)*t.size >= 1000.0/400 {
		if k := math.Round(d * 10); k != 0 {
			if t.inStr {
				b = append(b, ')')
				t.inStr = false
			}
			b = appendTenths(b, int64(k))
			t.v -= k / 10
		}
	}
	if !t.inStr {
		b = append(b, '(')
		t.inStr = true
	}
	r.buf = b
}

// appendTenths appends k tenths as a decimal number: "-250", "36.9".
func appendTenths(b []byte, k int64) []byte {
	var u uint64
	if k < 0 {
		b = append(b, '-')
		u = uint64(-k)
	} else {
		u = uint64(k)
	}
	tenth := byte('0' + u%10)
	u /= 10
	// The digits go straight into b, last first: written to an array
	// and copied, each copy waited for the bytes just stored.
	n := 1
	for v := u; v >= 10; v /= 10 {
		n++
	}
	for range n {
		b = append(b, '0')
	}
	for i := len(b) - 1; u >= 10; i-- {
		b[i] = byte('0' + u%10)
		u /= 10
	}
	b[len(b)-n] = byte('0' + u)
	if tenth != '0' {
		b = append(b, '.', tenth)
	}
	return b
}

// endRun ends the text object being written, if any.
func (r *renderer) endRun() {
	t := &r.run
	if !t.open {
		return
	}
	if t.inStr {
		r.buf = append(r.buf, ')')
	}
	r.buf = append(r.buf, "] TJ ET"...)
	t.open, t.inStr = false, false
}

// appendCode appends the code of CID cid in the font to a PDF string,
// escaped: one byte or two (see oneByte).
func (e *embedded) appendCode(b []byte, cid uint16) []byte {
	if !e.oneByte() {
		return appendCID(b, cid)
	}
	c := byte(cid)
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// appendCID appends a two-byte code to a PDF string, escaped.
func appendCID(b []byte, cid uint16) []byte {
	hi, lo := byte(cid>>8), byte(cid)
	if !escaped(hi) && !escaped(lo) {
		return append(b, hi, lo)
	}
	for _, c := range [2]byte{hi, lo} {
		switch c {
		case '\\', '(', ')':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}

// escaped reports whether c is escaped in a PDF string.
func escaped(c byte) bool { return c == '\\' || c == '(' || c == ')' || c == '\r' }

// appendUTF16 appends s as a PDF text string: UTF-16BE after a byte order
// mark.
func appendUTF16(b []byte, s string) []byte {
	b = append(b, 0xFE, 0xFF)
	for _, c := range s {
		if c >= 0x10000 {
			c1, c2 := utf16.EncodeRune(c)
			b = append(b, byte(c1>>8), byte(c1), byte(c2>>8), byte(c2))
			continue
		}
		b = append(b, byte(c>>8), byte(c))
	}
	return b
}
