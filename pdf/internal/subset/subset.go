// Package subset cuts a TrueType font down to the glyphs of the characters
// a document draws, so that a PDF library has little to parse and embed.
//
// The subset keeps .notdef, the glyphs of the given characters and the
// glyphs their composite glyphs are made of, renumbered in their original
// order; a cmap that maps just the given characters; the metrics of the
// kept glyphs; and, unchanged, the tables a PDF's embedded font needs
// (head, hhea, maxp, OS/2, name, post without glyph names, and the hinting
// tables cvt, fpgm, prep and gasp). Layout tables (kern, GPOS, GSUB, …)
// are left out: the caller measures and kerns with the full font.
//
//	sub, glyphs, err := subset.TrueType(data, []subset.Char{{Rune: 'a', Glyph: 68}})
//
// Describe reads the figures a PDF's font descriptor gives.
//
// Written from the OpenType specification, chapters "Font file", "cmap",
// "glyf", "loca", "hmtx" and "post".
package subset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// ErrFont reports a font whose tables are missing or out of bounds.
var ErrFont = errors.New("subset: unusable TrueType font")

// Char is a character and its glyph in the original font.
type Char struct {
	Rune  rune
	Glyph uint16
}

// table is one table of the font: its tag and bytes.
type table struct {
	tag  string
	data []byte
}

// TrueType returns a TrueType font made from font with only the glyphs of
// chars (and .notdef, and the components of composite glyphs), whose cmap
// maps each char's rune, which must be in the Basic Multilingual Plane, to
// its glyph, and the glyph each char has in it (glyphs[i] is chars[i]'s).
// Glyphs keep their order: glyph g of the subset is the g-th smallest
// glyph id kept.
func TrueType(font []byte, chars []Char) (sub []byte, glyphs []uint16, err error) {
	tabs, err := directory(font)
	if err != nil {
		return nil, nil, err
	}
	need := func(tag string, min int) ([]byte, error) {
		b, ok := tabs[tag]
		if !ok || len(b) < min {
			return nil, fmt.Errorf("%w: no %q table", ErrFont, tag)
		}
		return b, nil
	}
	head, err := need("head", 54)
	if err != nil {
		return nil, nil, err
	}
	hhea, err := need("hhea", 36)
	if err != nil {
		return nil, nil, err
	}
	maxp, err := need("maxp", 6)
	if err != nil {
		return nil, nil, err
	}
	hmtx, err := need("hmtx", 0)
	if err != nil {
		return nil, nil, err
	}
	locaData, err := need("loca", 0)
	if err != nil {
		return nil, nil, err
	}
	glyf, err := need("glyf", 0)
	if err != nil {
		return nil, nil, err
	}
	numGlyphs := int(u16(maxp, 4))
	numMetrics := int(u16(hhea, 34))
	if numGlyphs == 0 || numMetrics == 0 || numMetrics > numGlyphs ||
		len(hmtx) < 4*numMetrics+2*(numGlyphs-numMetrics) {
		return nil, nil, fmt.Errorf("%w: %d glyphs, %d metrics in %d bytes of hmtx", ErrFont, numGlyphs, numMetrics, len(hmtx))
	}
	glyphAt, err := offsets(locaData, int16(u16(head, 50)), numGlyphs, len(glyf))
	if err != nil {
		return nil, nil, err
	}

	// The glyphs to keep: .notdef, the characters', and recursively the
	// components of composite glyphs.
	keep := make([]bool, numGlyphs)
	keep[0] = true
	var stack []uint16
	for _, c := range chars {
		if int(c.Glyph) >= numGlyphs {
			return nil, nil, fmt.Errorf("%w: glyph %d of %U out of range", ErrFont, c.Glyph, c.Rune)
		}
		if c.Rune < 0 || c.Rune > 0xFFFF {
			return nil, nil, fmt.Errorf("subset: %U outside the Basic Multilingual Plane", c.Rune)
		}
		if !keep[c.Glyph] {
			keep[c.Glyph] = true
			stack = append(stack, c.Glyph)
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		err := components(glyphAt.glyph(glyf, g), func(at int, comp uint16) error {
			if int(comp) >= numGlyphs {
				return fmt.Errorf("%w: glyph %d has component %d out of range", ErrFont, g, comp)
			}
			if !keep[comp] {
				keep[comp] = true
				stack = append(stack, comp)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	newID := make([]uint16, numGlyphs)
	var olds []uint16
	for g, k := range keep {
		if k {
			newID[g] = uint16(len(olds))
			olds = append(olds, uint16(g))
		}
	}

	// glyf, with component ids renumbered, and long offsets in loca:
	// each glyph's bytes are copied as they were, padding included.
	size := 0
	for _, g := range olds {
		size += len(glyphAt.glyph(glyf, g))
	}
	newGlyf := make([]byte, 0, size)
	newLoca := make([]byte, 0, 4*(len(olds)+1))
	newHmtx := make([]byte, 0, 4*len(olds))
	for _, g := range olds {
		newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))
		start := len(newGlyf)
		newGlyf = append(newGlyf, glyphAt.glyph(glyf, g)...)
		// Checked above: components cannot fail here.
		_ = components(newGlyf[start:], func(at int, comp uint16) error {
			binary.BigEndian.PutUint16(newGlyf[start+at:], newID[comp])
			return nil
		})
		m := min(int(g), numMetrics-1)
		newHmtx = append(newHmtx, hmtx[4*m:4*m+2]...)
		if int(g) < numMetrics {
			newHmtx = append(newHmtx, hmtx[4*m+2:4*m+4]...)
		} else {
			at := 4*numMetrics + 2*(int(g)-numMetrics)
			newHmtx = append(newHmtx, hmtx[at:at+2]...)
		}
	}
	newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(len(newGlyf)))

	out := []table{
		{"cmap", cmap(chars, newID)},
		{"glyf", newGlyf},
		{"head", patch(head, 50, 1)},
		{"hhea", patch(hhea, 34, uint16(len(olds)))},
		{"hmtx", newHmtx},
		{"loca", newLoca},
		{"maxp", patch(maxp, 4, uint16(len(olds)))},
	}
	if post, ok := tabs["post"]; ok && len(post) >= 32 {
		// Version 3: no glyph names.
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000)
		out = append(out, table{"post", p})
	}
	for _, tag := range [...]string{"OS/2", "cvt ", "fpgm", "gasp", "name", "prep"} { // copied unchanged
		if b, ok := tabs[tag]; ok {
			out = append(out, table{tag, b})
		}
	}
	glyphs = make([]uint16, len(chars))
	for i, c := range chars {
		glyphs[i] = newID[c.Glyph]
	}
	return assemble(out), glyphs, nil
}

func u16(b []byte, i int) uint16 { return binary.BigEndian.Uint16(b[i:]) }
func u32(b []byte, i int) uint32 { return binary.BigEndian.Uint32(b[i:]) }

// patch returns a copy of b with the 16-bit value at i set to v.
func patch(b []byte, i int, v uint16) []byte {
	c := slices.Clone(b)
	binary.BigEndian.PutUint16(c[i:], v)
	return c
}

// directory returns the font's tables by tag, each checked to lie within
// the file.
func directory(font []byte) (map[string][]byte, error) {
	if len(font) < 12 {
		return nil, fmt.Errorf("%w: too short", ErrFont)
	}
	switch v := u32(font, 0); v {
	case 0x00010000, 0x74727565: // 1.0, "true"
	default:
		return nil, fmt.Errorf("%w: not TrueType outlines (version %#x)", ErrFont, v)
	}
	n := int(u16(font, 4))
	if len(font) < 12+16*n {
		return nil, fmt.Errorf("%w: table directory cut short", ErrFont)
	}
	tabs := make(map[string][]byte, n)
	for i := range n {
		rec := font[12+16*i:]
		off, length := uint64(u32(rec, 8)), uint64(u32(rec, 12))
		if off+length > uint64(len(font)) {
			return nil, fmt.Errorf("%w: table %q out of bounds", ErrFont, rec[:4])
		}
		tabs[string(rec[:4])] = font[off : off+length]
	}
	return tabs, nil
}

// loca is a font's loca table: numGlyphs+1 offsets into glyf, in short
// (halved) or long form. It is read in place, not into a slice of its
// own (32 KB a pamphlet).
type loca struct {
	b    []byte
	long bool
}

// at returns the offset of glyph g.
func (l loca) at(g int) uint32 {
	if l.long {
		return u32(l.b, 4*g)
	}
	return 2 * uint32(u16(l.b, 2*g))
}

// glyph returns the bytes of glyph g in glyf.
func (l loca) glyph(glyf []byte, g uint16) []byte { return glyf[l.at(int(g)):l.at(int(g)+1)] }

// offsets checks loca, of format 0 (short offsets) or 1 (long): its
// numGlyphs+1 offsets into glyf, each no smaller than the one before.
func offsets(b []byte, format int16, numGlyphs, glyfLen int) (loca, error) {
	l := loca{b: b, long: format == 1}
	size := 2
	switch format {
	case 0:
	case 1:
		size = 4
	default:
		return loca{}, fmt.Errorf("%w: loca format %d", ErrFont, format)
	}
	if len(b) < size*(numGlyphs+1) {
		return loca{}, fmt.Errorf("%w: loca too short", ErrFont)
	}
	prev := l.at(0)
	for i := range numGlyphs {
		next := l.at(i + 1)
		if prev > next || next > uint32(glyfLen) {
			return loca{}, fmt.Errorf("%w: glyph %d out of bounds", ErrFont, i)
		}
		prev = next
	}
	return l, nil
}

// Composite glyph flags.
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// components calls f with the position and glyph id of each component of
// a composite glyph (none for a simple or empty one).
func components(g []byte, f func(at int, comp uint16) error) error {
	if len(g) < 10 || int16(u16(g, 0)) >= 0 {
		return nil
	}
	at := 10
	for {
		if at+4 > len(g) {
			return fmt.Errorf("%w: composite glyph cut short", ErrFont)
		}
		flags := u16(g, at)
		if err := f(at+2, u16(g, at+2)); err != nil {
			return err
		}
		at += 4
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// cmap makes a cmap table with one subtable, Windows Unicode BMP (3, 1)
// in format 4, mapping each char to its new glyph: one segment for each
// run of consecutive characters on consecutive glyphs, and the final
// segment for U+FFFF.
func cmap(chars []Char, newID []uint16) []byte {
	type pair struct{ r, g uint16 }
	pairs := make([]pair, 0, len(chars))
	for _, c := range chars {
		pairs = append(pairs, pair{uint16(c.Rune), newID[c.Glyph]})
	}
	slices.SortFunc(pairs, func(a, b pair) int { return int(a.r) - int(b.r) })
	pairs = slices.CompactFunc(pairs, func(a, b pair) bool { return a.r == b.r })
	if n := len(pairs); n > 0 && pairs[n-1].r == 0xFFFF {
		pairs = pairs[:n-1] // the final segment's
	}
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for _, p := range pairs {
		if n := len(segs); n > 0 && segs[n-1].end+1 == p.r && segs[n-1].end+segs[n-1].delta+1 == p.g {
			segs[n-1].end++
			continue
		}
		segs = append(segs, segment{p.r, p.r, p.g - p.r})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})

	n := len(segs)
	search, selector := 1, 0
	for search*2 <= n {
		search *= 2
		selector++
	}
	length := 16 + 8*n
	b := make([]byte, 0, 12+length)
	b = binary.BigEndian.AppendUint16(b, 0)  // version
	b = binary.BigEndian.AppendUint16(b, 1)  // one subtable
	b = binary.BigEndian.AppendUint16(b, 3)  // Windows
	b = binary.BigEndian.AppendUint16(b, 1)  // Unicode BMP
	b = binary.BigEndian.AppendUint32(b, 12) // its offset
	b = binary.BigEndian.AppendUint16(b, 4)  // format
	b = binary.BigEndian.AppendUint16(b, uint16(length))
	b = binary.BigEndian.AppendUint16(b, 0) // language
	b = binary.BigEndian.AppendUint16(b, uint16(2*n))
	b = binary.BigEndian.AppendUint16(b, uint16(2*search))
	b = binary.BigEndian.AppendUint16(b, uint16(selector))
	b = binary.BigEndian.AppendUint16(b, uint16(2*n-2*search))
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, s.end)
	}
	b = binary.BigEndian.AppendUint16(b, 0) // reserved
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, s.start)
	}
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, s.delta)
	}
	for range segs {
		b = binary.BigEndian.AppendUint16(b, 0) // idRangeOffset: none
	}
	return b
}

// assemble writes the tables, sorted by tag, as a font file with correct
// checksums and head's checkSumAdjustment.
func assemble(tabs []table) []byte {
	slices.SortFunc(tabs, func(a, b table) int {
		if a.tag < b.tag {
			return -1
		}
		if a.tag > b.tag {
			return 1
		}
		return 0
	})
	n := len(tabs)
	search, selector := 1, 0
	for search*2 <= n {
		search *= 2
		selector++
	}
	size := 12 + 16*n
	for _, t := range tabs {
		size += (len(t.data) + 3) &^ 3
	}
	b := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(b, 0x00010000)
	binary.BigEndian.PutUint16(b[4:], uint16(n))
	binary.BigEndian.PutUint16(b[6:], uint16(16*search))
	binary.BigEndian.PutUint16(b[8:], uint16(selector))
	binary.BigEndian.PutUint16(b[10:], uint16(16*n-16*search))
	headAt := -1
	for i, t := range tabs {
		rec := b[12+16*i:]
		copy(rec, t.tag)
		off := len(b)
		if t.tag == "head" {
			headAt = off
		}
		b = append(b, t.data...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		if t.tag == "head" {
			clear(b[off+8 : off+12]) // checkSumAdjustment, summed as 0
		}
		binary.BigEndian.PutUint32(rec[4:], checksum(b[off:]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(b[headAt+8:], 0xB1B0AFBA-checksum(b))
	}
	return b
}

// checksum sums b, padded with zeros to whole 32-bit words, as 32-bit
// words.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += u32(b, 0)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return sum + u32(last[:], 0)
}

// Description is what a PDF's font descriptor says of a font, read from
// its head, hhea, OS/2 and post tables: lengths in font units.
type Description struct {
	UnitsPerEm             int
	XMin, YMin, XMax, YMax int // the box of all glyphs
	Ascent, Descent        int // hhea's; Descent is negative
	// CapHeight is OS/2's (version 2 on), else the ascent.
	CapHeight   int
	ItalicAngle float64 // degrees, negative leaning right
	FixedPitch  bool
	Weight      int // OS/2's usWeightClass, 400 if none
}

// Describe reads the font's Description.
func Describe(font []byte) (Description, error) {
	tabs, err := directory(font)
	if err != nil {
		return Description{}, err
	}
	head, hhea := tabs["head"], tabs["hhea"]
	if len(head) < 54 || len(hhea) < 36 {
		return Description{}, fmt.Errorf("%w: no head or hhea table", ErrFont)
	}
	s16 := func(b []byte, i int) int { return int(int16(u16(b, i))) }
	d := Description{
		UnitsPerEm: int(u16(head, 18)),
		XMin:       s16(head, 36), YMin: s16(head, 38), XMax: s16(head, 40), YMax: s16(head, 42),
		Ascent: s16(hhea, 4), Descent: s16(hhea, 6),
		Weight: 400,
	}
	d.CapHeight = d.Ascent
	if os2 := tabs["OS/2"]; len(os2) >= 6 {
		if w := int(u16(os2, 4)); w > 0 {
			d.Weight = w
		}
		if u16(os2, 0) >= 2 && len(os2) >= 90 {
			d.CapHeight = s16(os2, 88)
		}
	}
	if post := tabs["post"]; len(post) >= 16 {
		d.ItalicAngle = float64(int32(u32(post, 4))) / 65536
		d.FixedPitch = u32(post, 12) != 0
	}
	return d, nil
}
