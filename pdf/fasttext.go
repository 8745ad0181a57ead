package pdf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// gofpdf's Text formats every string with fmt.Sprintf, converts it to
// UTF-16 and escapes it with four string replacements, and records each
// rune for font subsetting: a quarter of drawing the pamphlet. The
// renderer writes the same operator itself (RawWriteStr), for runes the
// subsetter was told about before the first page: premark draws them
// with gofpdf's Text while no page is open, which gofpdf writes ahead of
// the file's header, and output cuts that prefix off again. Runes not
// premarked, and text on covers (which may be coloured), go through
// gofpdf's Text as before. The file is the same either way.

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
				add(o.style, o.text)
			case opTOC:
				if t, ok := d.targets[o.anchor]; ok {
					add(o.style, strconv.Itoa(t.page+1))
					add(o.style, ".")
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
		for c := rune(0); c < 1<<16; c++ {
			if want[f].has(c) {
				s.WriteRune(c)
			}
		}
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

// fastText draws s at (x, y) if every rune was premarked, and reports
// whether it did.
func (r *renderer) fastText(face faceID, x, y float64, s string) bool {
	if r.slow {
		return false
	}
	for _, c := range s {
		// Invalid UTF-8 (and U+FFFD) is left to gofpdf, which converts
		// byte by byte.
		if c == utf8.RuneError || !r.marked[face].has(c) {
			return false
		}
	}
	r.buf = r.textOp(r.buf[:0], x, y, s)
	r.pdf.RawWriteStr(string(r.buf))
	return true
}
