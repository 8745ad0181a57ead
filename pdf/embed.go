package pdf

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"strconv"

	"golang.org/x/image/font/sfnt"

	"github.com/quire-books/quire/pdf/internal/subset"
)

// gofpdf parsed every font it was given (its width table hashed as JSON
// for an ID), subset it again when writing and compressed it with two new
// flate writers: half the time and bytes of a Write. So gofpdf is given
// no font: the renderer writes the text operators itself (fasttext.go),
// and compress adds the fonts to the file it rewrites, each a Type 0 font
// of a TrueType subset, with the resource names the text uses.
//
// The CIDs of a font number the runes drawn with it in order, from 1
// (CID 0 is .notdef): a code of one byte for each character (two for a
// font of more than 255 characters; see oneByte), a short CIDToGIDMap to
// the subset's glyphs, and a ToUnicode map that gives each character back
// exactly, even where two characters share a glyph.

// embedded is one font file the PDF embeds, for the faces drawn with it.
type embedded struct {
	res string // resource name, e.g. "F1"
	fc  *face  // the first face drawn with it
	// runes is the set uncutEmbedded was given, not a copy: 8 KB of
	// fresh memory less for each font before the first page.
	runes *runeSet
	// below counts the runes of the set in the words before each: the
	// CID of a rune is 1 + the runes before it.
	below [len(runeSet{})]uint16
	n     int      // runes in the set
	file  []byte   // the font program: the subset, or the whole file
	gids  []uint16 // glyph in file of each CID
	// Until cut: the runes the font has glyphs for, and their CIDs.
	chars []subset.Char
	at    []int
	// ascii holds, for each ASCII character, its CID and its width as
	// a viewer adds it up: the advance in thousandths of an em, rounded
	// (the faces sharing a font file share its metrics), a whole number
	// below 2²³ (65535 units of at least 16 to the em), which a float32
	// holds exactly.
	ascii [128]struct {
		cid uint16
		w   float32
	}
	// Made by cut, for the font's objects (appendObjects), off the
	// drawing goroutine: its name (baseFont), the widths of its CIDs
	// from 0 as the CIDFont's /W lists them, and its description.
	name   string
	widths []byte
	desc   subset.Description
}

// uncutEmbedded returns the font of fc's file for runes, with their
// codes, before cut cuts the file: what the renderer needs to draw;
// runes must not change after.
// Only cut may run on another goroutine, the face's caches being
// filled here.
func uncutEmbedded(res string, fc *face, runes *runeSet) *embedded {
	e := &embedded{res: res, fc: fc, runes: runes}
	for i, w := range runes {
		e.below[i] = uint16(e.n)
		e.n += bits.OnesCount64(w)
	}
	for c := range e.ascii {
		e.ascii[c].cid = e.cid(rune(c))
		e.ascii[c].w = float32(math.Round(fc.ascii[c].adv * 1000 / fc.upm))
	}
	e.gids = make([]uint16, 1, e.n+1)
	e.runes.each(func(r rune) {
		g := fc.glyph(r)
		e.gids = append(e.gids, uint16(g))
		if g != 0 {
			e.chars = append(e.chars, subset.Char{Rune: r, Glyph: uint16(g)})
			e.at = append(e.at, len(e.gids)-1)
		}
	})
	return e
}

// cut cuts the font file down to the font's runes and numbers the glyphs
// of its CIDs in the cut file, and makes what the font's objects need
// from the file. It reads the face's font file and metrics alone, not
// the caches the drawing fills, and may run while the face draws.
func (e *embedded) cut() {
	var buf sfnt.Buffer
	e.widths = e.appendWidths(nil, &buf)
	e.desc = e.describe()
	chars, at := e.chars, e.at
	e.chars, e.at = nil, nil
	sub, glyphs, err := subset.TrueType(e.fc.data, chars)
	if err != nil {
		// A font sfnt reads but subset cannot cut is embedded whole,
		// with its own glyph ids.
		e.file = e.fc.data
	} else {
		e.file = sub
		for k, g := range glyphs {
			e.gids[at[k]] = g
		}
	}
	e.name = e.baseFont(&buf)
}

// appendWidths appends the advances of the font's CIDs from 0 in
// thousandths of an em, rounded, separated by spaces, for the CIDFont's
// /W: the widths the renderer counts with. It reads the glyphs of the
// CIDs before cut numbers them in the cut file.
func (e *embedded) appendWidths(b []byte, buf *sfnt.Buffer) []byte {
	fc := e.fc
	width := func(adv float64) {
		b = strconv.AppendInt(b, int64(math.Round(adv*1000/fc.upm)), 10)
	}
	width(fc.glyphAdvance(buf, 0))
	cid := 0
	e.runes.each(func(r rune) {
		cid++
		b = append(b, ' ')
		if r < 128 {
			b = strconv.AppendInt(b, int64(e.ascii[r].w), 10) // as width would make it
		} else {
			width(fc.glyphAdvance(buf, sfnt.GlyphIndex(e.gids[cid])))
		}
	})
	return b
}

// describe reads the font's description from its file, or makes one
// up if the file has none.
func (e *embedded) describe() subset.Description {
	d, err := subset.Describe(e.fc.data)
	if err != nil || d.UnitsPerEm <= 0 {
		d = subset.Description{UnitsPerEm: int(e.fc.upm), Weight: 400}
	}
	return d
}

// oneByte reports whether the font's text is written one byte to a
// character: when its CIDs (from 1, 0 for .notdef) fit in a byte. Its
// encoding is then a CMap of one-byte codes, each the CID, instead of
// Identity-H's two bytes: a quarter less page content to compress.
func (e *embedded) oneByte() bool { return e.n < 256 }

// cid returns the CID of r, 0 (.notdef) if r is not in the set.
func (e *embedded) cid(r rune) uint16 {
	if !e.runes.has(r) {
		return 0
	}
	w := e.runes[r>>6]
	return e.below[r>>6] + uint16(bits.OnesCount64(w&(1<<(r&63)-1))) + 1
}

// fontObjects is how many objects each embedded font adds: the Type 0
// font, its CIDFont, font descriptor, font file, ToUnicode map and
// CIDToGIDMap. The one-byte fonts add one more between them, their
// encoding.
const fontObjects = 6

// streams returns the data of the font's streams, to be compressed: the
// font file, the ToUnicode map and the CIDToGIDMap.
func (e *embedded) streams() [3][]byte {
	cmap := make([]byte, 2*len(e.gids))
	for i, g := range e.gids {
		binary.BigEndian.PutUint16(cmap[2*i:], g)
	}
	return [3][]byte{e.file, e.toUnicode(), cmap}
}

// toUnicode returns the ToUnicode CMap: each CID's character, in ranges
// where consecutive CIDs have consecutive characters.
func (e *embedded) toUnicode() []byte {
	b := make([]byte, 0, 512+16*e.n)
	b = append(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n"...)
	code := hex4
	if e.oneByte() {
		code = hex2
		b = append(b, "<00> <FF>"...)
	} else {
		b = append(b, "<0000> <FFFF>"...)
	}
	b = append(b, "\nendcodespacerange\n"...)
	type span struct {
		cid  uint16
		n    int
		char rune
	}
	var spans []span
	cid := uint16(0)
	e.runes.each(func(r rune) {
		cid++
		if k := len(spans) - 1; k >= 0 {
			s := &spans[k]
			// A range changes only the last byte of its codes.
			last := s.char + rune(s.n) - 1
			if last+1 == r && s.cid>>8 == cid>>8 && last>>8 == r>>8 {
				s.n++
				return
			}
		}
		spans = append(spans, span{cid, 1, r})
	})
	for len(spans) > 0 {
		n := min(len(spans), 100) // at most 100 to a section
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " beginbfrange\n"...)
		for _, s := range spans[:n] {
			b = code(b, int(s.cid))
			b = append(b, ' ')
			b = code(b, int(s.cid)+s.n-1)
			b = append(b, ' ')
			b = hex4(b, int(s.char))
			b = append(b, '\n')
		}
		b = append(b, "endbfrange\n"...)
		spans = spans[n:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend"...)
}

const hexDigits = "0123456789ABCDEF"

// hex4 appends v as a hexadecimal string of two bytes, hex2 of one.
func hex4(b []byte, v int) []byte {
	return append(b, '<', hexDigits[v>>12&15], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15], '>')
}

func hex2(b []byte, v int) []byte { return append(b, '<', hexDigits[v>>4&15], hexDigits[v&15], '>') }

// oneByteCMap is the encoding of the one-byte fonts: each code of one
// byte is the CID of its value.
const oneByteCMap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n" +
	"/CMapName /Quire-Identity-OneByte def\n/CMapType 1 def\n" +
	"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" +
	"1 begincidrange\n<00> <FF> 0\nendcidrange\n" +
	"endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend"

// appendOneByteCMap appends the one-byte fonts' encoding as object n.
func appendOneByteCMap(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, " 0 obj\n<</Type /CMap\n/CMapName /Quire-Identity-OneByte\n"+
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/Length "...)
	b = strconv.AppendInt(b, int64(len(oneByteCMap)), 10)
	b = append(b, ">>\nstream\n"...)
	b = append(b, oneByteCMap...)
	return append(b, "\nendstream\nendobj\n"...)
}

// appendObjects appends the font's objects, numbered from first, the
// streams' data already compressed (z, as streams gives them); a
// one-byte font's encoding is object encoding (appendOneByteCMap).
func (e *embedded) appendObjects(b []byte, first, encoding int, offsets []int, z [3][]byte) []byte {
	name := e.name
	obj := func(k int) {
		offsets[first+k] = len(b)
		b = strconv.AppendInt(b, int64(first+k), 10)
		b = append(b, " 0 obj\n"...)
	}
	ref := func(k int) {
		b = strconv.AppendInt(b, int64(first+k), 10)
		b = append(b, " 0 R"...)
	}
	// 0: the Type 0 font.
	obj(0)
	b = append(b, "<</Type /Font\n/Subtype /Type0\n/BaseFont /"...)
	b = append(b, name...)
	if e.oneByte() {
		b = append(b, "\n/Encoding "...)
		b = strconv.AppendInt(b, int64(encoding), 10)
		b = append(b, " 0 R\n/DescendantFonts ["...)
	} else {
		b = append(b, "\n/Encoding /Identity-H\n/DescendantFonts ["...)
	}
	ref(1)
	b = append(b, "]\n/ToUnicode "...)
	ref(4)
	b = append(b, ">>\nendobj\n"...)

	// 1: the CIDFont, with the widths a viewer adds up: as the renderer
	// counts them, in whole thousandths of an em.
	obj(1)
	b = append(b, "<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /"...)
	b = append(b, name...)
	b = append(b, "\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/FontDescriptor "...)
	ref(2)
	b = append(b, "\n/W [0 ["...)
	b = append(b, e.widths...)
	b = append(b, "]]\n/CIDToGIDMap "...)
	ref(5)
	b = append(b, ">>\nendobj\n"...)

	// 2: the font descriptor.
	d := &e.desc
	em := func(v int) int64 { return int64(math.Round(float64(v) * 1000 / float64(d.UnitsPerEm))) }
	flags := 4 // symbolic: glyphs are found by CID, not by a standard encoding
	if d.FixedPitch {
		flags |= 1
	}
	if d.ItalicAngle != 0 {
		flags |= 64
	}
	if d.Weight >= 600 {
		flags |= 1 << 18 // force bold
	}
	obj(2)
	b = append(b, "<</Type /FontDescriptor\n/FontName /"...)
	b = append(b, name...)
	b = append(b, "\n/Flags "...)
	b = strconv.AppendInt(b, int64(flags), 10)
	b = append(b, "\n/FontBBox ["...)
	for i, v := range [4]int{d.XMin, d.YMin, d.XMax, d.YMax} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, em(v), 10)
	}
	b = append(b, "]\n/ItalicAngle "...)
	b = strconv.AppendFloat(b, math.Round(d.ItalicAngle*100)/100, 'f', -1, 64)
	b = append(b, "\n/Ascent "...)
	b = strconv.AppendInt(b, em(d.Ascent), 10)
	b = append(b, "\n/Descent "...)
	b = strconv.AppendInt(b, em(d.Descent), 10)
	b = append(b, "\n/CapHeight "...)
	b = strconv.AppendInt(b, em(d.CapHeight), 10)
	// The dominant stem's width, estimated from the weight as gofpdf
	// (after FPDF) does.
	b = append(b, "\n/StemV "...)
	b = strconv.AppendInt(b, int64(50+math.Pow(float64(d.Weight)/65, 2)), 10)
	b = append(b, "\n/FontFile2 "...)
	ref(3)
	b = append(b, ">>\nendobj\n"...)

	// 3, 4, 5: the streams.
	for k, z := range z {
		obj(3 + k)
		b = append(b, "<</Filter /FlateDecode /Length "...)
		b = strconv.AppendInt(b, int64(len(z)), 10)
		if k == 0 {
			b = append(b, " /Length1 "...)
			b = strconv.AppendInt(b, int64(len(e.file)), 10)
		}
		b = append(b, ">>\nstream\n"...)
		b = append(b, z...)
		b = append(b, "\nendstream\nendobj\n"...)
	}
	return b
}

// baseFont returns the font's PostScript name, made safe for a PDF name,
// after a subset tag of six capital letters made from the font file.
func (e *embedded) baseFont(buf *sfnt.Buffer) string {
	h := fnv.New64a()
	h.Write(e.file)
	for _, g := range e.gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum64()
	var tag [7]byte
	for i := range 6 {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	tag[6] = '+'
	ps, err := e.fc.f.Name(buf, sfnt.NameIDPostScript)
	var name []byte
	if err == nil {
		for _, c := range []byte(ps) {
			// Printable ASCII but the PDF delimiters and '#'.
			if c > ' ' && c < 0x7F && !isDelimiter(c) && c != '#' {
				name = append(name, c)
			}
		}
	}
	if len(name) == 0 {
		name = fmt.Appendf(name, "Font%s", e.res)
	}
	return string(tag[:]) + string(name)
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}
