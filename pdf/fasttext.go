package pdf

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// gofpdf's Text formats every string with fmt.Sprintf, converts it to
// UTF-16 and escapes it with four string replacements, records each rune
// for font subsetting, and writes a text object (BT … ET) for every
// piece between kerned pairs. The renderer writes the text operators
// itself (RawWriteStr): one text object for each run of text on a
// baseline in one style, its pieces in one TJ array with numbers for the
// kerns and the spaces between words. That takes runes gofpdf was told
// about before the first page: premark draws them with gofpdf's Text
// while no page is open, which gofpdf writes ahead of the file's header,
// and output cuts that prefix off again. Runes not premarked, and text
// on covers (which may be coloured), go through gofpdf's Text.

// runeSet is a set of runes of the Basic Multilingual Plane (the only
// ones gofpdf draws).
type runeSet [1 << 16 / 64]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 1<<16 {
		s[r>>6] |= 1 << (r & 63)
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

// drawnRunes returns, face by face, the runes the pages will draw (as
// face.split gives them), and whether the face draws any text.
func (d *doc) drawnRunes() (want [numFaces]runeSet, any [numFaces]bool) {
	add := func(st int, s string) {
		if s == "" || st < 0 || st >= len(d.styles) {
			return
		}
		f := d.styles[st].face
		fc := d.fonts.faces[f]
		for _, c := range s {
			if c == '\u00AD' {
				continue
			}
			if fc.glyph(c) == 0 && unicode.Is(unicode.Zs, c) {
				c = ' '
			}
			want[f].add(c)
			any[f] = true
		}
	}
	ops := func(list []op) {
		for _, o := range list {
			switch o.kind {
			case opText:
				add(int(o.ref), o.text)
			case opTOC:
				if t, ok := d.targets[o.text]; ok {
					st := d.opStyle(o)
					add(st, strconv.Itoa(t.page+1))
					add(st, ".")
				}
			}
		}
	}
	for i, p := range d.pages {
		for _, list := range [][]placed{p.body, p.notes} {
			for _, pl := range list {
				ops(pl.e.ops)
			}
		}
		if p.art != nil {
			ops(p.art.ops)
		}
		if p.kind == bodyPage && !p.opener {
			add(d.style(italic, d.sz.small, 0), p.head)
			add(d.style(regular, d.sz.small, 0), strconv.Itoa(i+1))
		}
	}
	return want, any
}

// premark tells gofpdf, before the first page, about the runes the pages
// will draw, face by face, and returns the number of bytes that wrote
// ahead of the file's header.
func (r *renderer) premark(want *[numFaces]runeSet, any *[numFaces]bool) int {
	n := 0
	var buf []byte
	for f := range numFaces {
		if !any[f] || r.faceKey[f][0] == "" {
			continue
		}
		// Faces sharing a font file share a gofpdf font: mark them all
		// for the first face of the file.
		k := r.faceKey[f]
		var s strings.Builder
		want[f].each(func(c rune) { s.WriteRune(c) })
		r.pdf.SetFont(k[0], k[1], 10)
		r.pdf.Text(0, 0, s.String())
		buf = r.textOp(buf[:0], 0, 0, s.String())
		n += len(buf) + 1
		for f2 := range numFaces {
			if r.faceKey[f2] == k {
				for i := range want[f] {
					r.marked[f2][i] |= want[f][i]
				}
			}
		}
	}
	r.cur = -1
	return n
}

// textOp appends the operator gofpdf's Text writes for s at (x, y) on the
// current page, without its newline.
func (r *renderer) textOp(b []byte, x, y float64, s string) []byte {
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, r.pageH-y, 'f', 2, 64)
	b = append(b, " Td ("...)
	// UTF-16BE as gofpdf's utf8toutf16 makes it, escaped byte by byte as
	// its escape does.
	esc := func(b []byte, c byte) []byte {
		switch c {
		case '\\', '(', ')':
			return append(b, '\\', c)
		case '\r':
			return append(b, '\\', 'r')
		}
		return append(b, c)
	}
	for _, c := range s {
		b = esc(b, byte(c>>8))
		b = esc(b, byte(c))
	}
	return append(b, ") Tj ET"...)
}

// drawable reports whether every rune of the pieces was premarked for
// the face.
func (r *renderer) drawable(face faceID, pieces []piece) bool {
	for _, p := range pieces {
		for _, c := range p.text {
			// Invalid UTF-8 (and U+FFFD) is left to gofpdf, which
			// converts byte by byte.
			if c == utf8.RuneError || !r.marked[face].has(c) {
				return false
			}
		}
	}
	return true
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

// line adds the pieces of a string drawn at (x, y) in style st to the
// text object being written, or starts one. Pieces on one baseline in
// one style share a text object; between them, and where the font kerns,
// a number in the TJ array moves the next glyph to where it belongs,
// when it is off by 1/400 pt or more. gofpdf's Text wrote a text object
// per piece, each placed to 1/200 pt.
func (r *renderer) line(st int, x, y Length, pieces []piece) {
	t := &r.run
	if t.open && (t.style != st || t.y != y) {
		r.endRun()
	}
	sty := r.d.styles[st]
	scale := float64(sty.size) / r.d.fonts.faces[sty.face].upm
	for _, p := range pieces {
		if strings.TrimSpace(p.text) == "" {
			continue
		}
		px := float64(x) + p.x*scale
		if !t.open {
			r.setStyle(st)
			*t = textRun{open: true, style: st, y: y}
			// Positions and sizes as written, to hundredths (gofpdf's
			// SetFont writes the size so), are what a viewer uses.
			num := strconv.AppendFloat(r.num[:0], float64(sty.size), 'f', 2, 64)
			t.size, _ = strconv.ParseFloat(string(num), 64)
			num = strconv.AppendFloat(num[:0], px, 'f', 2, 64)
			t.x0, _ = strconv.ParseFloat(string(num), 64)
			r.num = num
			if len(r.buf) > 0 {
				r.buf = append(r.buf, '\n')
			}
			r.buf = append(r.buf, "BT "...)
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
		// UTF-16BE, as gofpdf encodes it, escaped.
		for _, c := range p.text {
			b = appendUTF16(b, c)
		}
		t.v += p.w
		r.buf = b
	}
}

// appendTenths appends k tenths as a decimal number: "-250", "36.9".
func appendTenths(b []byte, k int64) []byte {
	if k < 0 {
		b = append(b, '-')
		k = -k
	}
	b = strconv.AppendInt(b, k/10, 10)
	if k%10 != 0 {
		b = append(b, '.', byte('0'+k%10))
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

// flush ends the text object being written and gives gofpdf the text
// operators written since the last flush, before it writes to the page
// itself.
func (r *renderer) flush() {
	r.endRun()
	if len(r.buf) == 0 {
		return
	}
	r.rd.Reset(r.buf)
	r.pdf.RawWriteBuf(&r.rd)
	r.buf = r.buf[:0]
}
