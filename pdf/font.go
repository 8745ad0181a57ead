package pdf

import (
	"errors"
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// ErrFont reports a font that cannot be used: not TrueType, or damaged.
var ErrFont = errors.New("unusable font")

// ErrMissingGlyph reports a character that the font cannot draw; it is
// wrapped in a *GlyphError.
var ErrMissingGlyph = errors.New("character not in font")

// ErrRightToLeft is the error a *GlyphError wraps for a right-to-left
// letter (Hebrew, Arabic, …): without a bidirectional layout the PDF would
// show its words backwards, so it is refused rather than set wrongly.
var ErrRightToLeft = errors.New("right-to-left text")

// GlyphError names a character the font cannot draw and where it is.
type GlyphError struct {
	Rune  rune
	Font  string // e.g. "Liberation Serif Italic"
	Where string // e.g. `chapter 3 "peace", block 5`
}

func (e *GlyphError) Error() string {
	if rightToLeft(e.Rune) {
		return fmt.Sprintf("pdf: %s: cannot set right-to-left text (%U %q): the PDF writer has no bidirectional layout", e.Where, e.Rune, e.Rune)
	}
	why := "has no glyph for"
	if e.Rune > 0xFFFF {
		why = "cannot draw (outside the Basic Multilingual Plane)"
	}
	return fmt.Sprintf("pdf: %s: font %s %s %U %q", e.Where, e.Font, why, e.Rune, e.Rune)
}

// Unwrap returns ErrRightToLeft for a right-to-left letter, else
// ErrMissingGlyph.
func (e *GlyphError) Unwrap() error {
	if rightToLeft(e.Rune) {
		return ErrRightToLeft
	}
	return ErrMissingGlyph
}

// rightToLeft reports whether r is a strong right-to-left character
// (Hebrew, Arabic, Syriac, Thaana, N'Ko, …), which would be drawn in the
// wrong order without the Unicode bidirectional algorithm.
func rightToLeft(r rune) bool {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

// faceID names one of the faces a book is set in.
type faceID int

const (
	regular faceID = iota
	italic
	bold
	boldItalic
	mono
	numFaces
)

// face is one parsed font file with the measurements made so far. It
// belongs to one Write call.
type face struct {
	name string // for messages, e.g. "Liberation Serif Bold"
	data []byte
	*fontMetrics
	buf    sfnt.Buffer
	glyphs map[rune]sfnt.GlyphIndex // not ASCII
	adv    map[sfnt.GlyphIndex]float64
	words  map[string]float64 // width in font units, kerning included; not ASCII

	// The kerning of pairs of printable ASCII is kept as found, saving
	// sfnt's kern search; its table is made when the face is first
	// measured (a book may not use every face).
	kerns *asciiKerns
}

// fontMetrics is what a face reads from its font file at load. It is
// never changed after, so the built-in fonts' are read once and shared.
type fontMetrics struct {
	f     *sfnt.Font // safe for concurrent use, each call with its own Buffer
	upm   float64
	ppem  fixed.Int26_6
	space float64 // width of U+0020 in font units
	// Most text is ASCII: its glyphs and advances are read at load,
	// saving map look-ups.
	ascii [128]asciiGlyph
	// cleanASCII has bit c set when ASCII c may be in a run's text as it
	// is: the font has it, and it is not a tab or line end (see
	// doc.clean).
	cleanASCII [2]uint64
}

// builtinMetrics are the built-in fonts' metrics, each read on first use
// and shared read-only (about 30 KB per font and Typeset otherwise). Not
// mutable state: a sync.OnceValues gives the same unchanging value to all.
var builtinMetrics = [...]struct {
	data []byte
	read func() (*fontMetrics, error)
}{
	{liberationserifregular.TTF, sync.OnceValues(func() (*fontMetrics, error) { return readMetrics("Liberation Serif", liberationserifregular.TTF) })},
	{liberationserifitalic.TTF, sync.OnceValues(func() (*fontMetrics, error) { return readMetrics("Liberation Serif Italic", liberationserifitalic.TTF) })},
	{liberationserifbold.TTF, sync.OnceValues(func() (*fontMetrics, error) { return readMetrics("Liberation Serif Bold", liberationserifbold.TTF) })},
	{liberationserifbolditalic.TTF, sync.OnceValues(func() (*fontMetrics, error) {
		return readMetrics("Liberation Serif Bold Italic", liberationserifbolditalic.TTF)
	})},
	{liberationmonoregular.TTF, sync.OnceValues(func() (*fontMetrics, error) { return readMetrics("Liberation Mono", liberationmonoregular.TTF) })},
}

// asciiKerns is the kerning of pairs of printable ASCII characters (U+0020
// to U+007F) in font units, which kerning is given in: pair a, b at
// (a-32)*96 + b-32, known when its bit is set.
type asciiKerns struct {
	known [96 * 96 / 64]uint64
	kern  [96 * 96]int16
}

type asciiGlyph struct {
	g   sfnt.GlyphIndex
	adv float64
}

func loadFace(name string, data []byte) (*face, error) {
	var m *fontMetrics
	var err error
	for _, b := range builtinMetrics {
		if len(data) > 0 && sameBytes(b.data, data) {
			m, err = b.read()
			break
		}
	}
	if m == nil && err == nil {
		m, err = readMetrics(name, data)
	}
	if err != nil {
		return nil, err
	}
	return &face{
		name: name, data: data, fontMetrics: m,
		glyphs: map[rune]sfnt.GlyphIndex{},
		adv:    map[sfnt.GlyphIndex]float64{},
		words:  map[string]float64{},
	}, nil
}

// readMetrics parses the font file data (of the font name, for messages).
func readMetrics(name string, data []byte) (*fontMetrics, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("pdf: font %s: %w: too short", name, ErrFont)
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, fmt.Errorf("pdf: font %s: %w: OpenType with CFF outlines; convert it to TrueType (glyf) outlines", name, ErrFont)
	case "ttcf":
		return nil, fmt.Errorf("pdf: font %s: %w: a font collection; give one TrueType font", name, ErrFont)
	case "wOFF", "wOF2":
		return nil, fmt.Errorf("pdf: font %s: %w: a WOFF web font; give the TrueType file", name, ErrFont)
	default:
		return nil, fmt.Errorf("pdf: font %s: %w: not a TrueType font", name, ErrFont)
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w: %v", name, ErrFont, err)
	}
	m := &fontMetrics{f: f, upm: float64(f.UnitsPerEm())}
	if m.upm < 16 || m.upm > 16384 {
		return nil, fmt.Errorf("pdf: font %s: %w: %v units per em", name, ErrFont, m.upm)
	}
	// Asking sfnt for sizes of one em in font units gives exact font units.
	m.ppem = fixed.Int26_6(f.UnitsPerEm()) << 6
	var buf sfnt.Buffer
	for r := range m.ascii {
		g := m.glyphIndex(&buf, rune(r))
		m.ascii[r] = asciiGlyph{g, m.glyphAdvance(&buf, g)}
	}
	if m.ascii[' '].g == 0 {
		return nil, fmt.Errorf("pdf: font %s: %w: no space character", name, ErrFont)
	}
	m.space = m.ascii[' '].adv
	for c, a := range m.ascii {
		if a.g != 0 && c != '\t' && c != '\n' && c != '\r' {
			m.cleanASCII[c>>6] |= 1 << (c & 63)
		}
	}
	if m.space <= 0 {
		return nil, fmt.Errorf("pdf: font %s: %w: space has no width", name, ErrFont)
	}
	return m, nil
}

// glyphIndex returns the glyph for r, 0 when the font has none.
func (m *fontMetrics) glyphIndex(buf *sfnt.Buffer, r rune) sfnt.GlyphIndex {
	g, err := m.f.GlyphIndex(buf, r)
	if err != nil || r > 0xFFFF {
		g = 0
	}
	return g
}

// glyphAdvance returns the advance of g in font units.
func (m *fontMetrics) glyphAdvance(buf *sfnt.Buffer, g sfnt.GlyphIndex) float64 {
	a, err := m.f.GlyphAdvance(buf, g, m.ppem, font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(a) / 64
}

// glyph returns the glyph for r, 0 when the font has none.
func (fc *face) glyph(r rune) sfnt.GlyphIndex {
	if r >= 0 && r < 128 {
		return fc.ascii[r].g
	}
	if g, ok := fc.glyphs[r]; ok {
		return g
	}
	g := fc.glyphIndex(&fc.buf, r)
	fc.glyphs[r] = g
	return g
}

// has reports whether the face can draw r.
func (fc *face) has(r rune) bool { return fc.glyph(r) != 0 }

func (fc *face) advance(g sfnt.GlyphIndex) float64 {
	if a, ok := fc.adv[g]; ok {
		return a
	}
	v := fc.glyphAdvance(&fc.buf, g)
	fc.adv[g] = v
	return v
}

func (fc *face) kern(a, b sfnt.GlyphIndex) float64 {
	k, err := fc.f.Kern(&fc.buf, a, b, fc.ppem, font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(k) / 64
}

// metrics returns the glyph to draw r with, its advance, and the kerning
// between the glyph drawn before (of rune pr, glyph pg; 0 if none) and
// it, in font units. A space character the font lacks is drawn as U+0020,
// which r is then changed to.
func (fc *face) metrics(pr rune, pg sfnt.GlyphIndex, r rune) (rune, sfnt.GlyphIndex, float64, float64) {
	var g sfnt.GlyphIndex
	var adv float64
	if r >= 0 && r < 128 {
		a := fc.ascii[r]
		g, adv = a.g, a.adv
	} else {
		g = fc.glyph(r)
		if g == 0 && unicode.Is(unicode.Zs, r) {
			r, g = ' ', fc.ascii[' '].g
		}
		adv = fc.advance(g)
	}
	if pg == 0 || g == 0 {
		return r, g, adv, 0
	}
	if pr < 32 || pr >= 128 || r < 32 || r >= 128 {
		return r, g, adv, fc.kern(pg, g)
	}
	return r, g, adv, fc.asciiKern(byte(pr), pg, byte(r), g)
}

// asciiKern is the kerning between ASCII characters a and b, of glyphs
// ag and bg (not 0), in font units.
func (fc *face) asciiKern(a byte, ag sfnt.GlyphIndex, b byte, bg sfnt.GlyphIndex) float64 {
	if t := fc.kerns; t != nil && a >= 32 && b >= 32 {
		if i := int(a-32)*96 + int(b-32); t.known[i>>6]&(1<<(i&63)) != 0 {
			return float64(t.kern[i])
		}
	}
	return fc.learnKern(a, ag, b, bg)
}

// learnKern is asciiKern for a pair not known yet: it finds its kerning,
// and keeps it unless a or b is a control character.
func (fc *face) learnKern(a byte, ag sfnt.GlyphIndex, b byte, bg sfnt.GlyphIndex) float64 {
	if a < 32 || b < 32 {
		return fc.kern(ag, bg)
	}
	t := fc.kerns
	if t == nil {
		t = new(asciiKerns)
		// Read before written: clearing it first spares the kernel a
		// copy-on-write fault, with a TLB flush on every core, per page
		// (see deflate.NewWriter).
		clear(t.known[:])
		clear(t.kern[:])
		fc.kerns = t
	}
	i := int(a-32)*96 + int(b-32)
	t.kern[i] = int16(fc.kern(ag, bg))
	t.known[i>>6] |= 1 << (i & 63)
	return float64(t.kern[i])
}

// width is the advance width of s in font units, with kerning. Soft hyphens
// have no width; a space character the font lacks counts as U+0020.
func (fc *face) width(s string) float64 {
	// ASCII is measured from the tables as fast as the cache is looked
	// up; only other strings, whose kerning sfnt searches, are cached
	// (caching every word took 0.4 MB of map per pamphlet).
	// What metrics does for ASCII, inlined.
	w := 0.0
	var pc byte
	var pg sfnt.GlyphIndex
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break
		}
		a := fc.ascii[c]
		k := 0.0
		if pg != 0 && a.g != 0 {
			// asciiKern, inlined.
			known := false
			if t := fc.kerns; t != nil && pc >= 32 && c >= 32 {
				j := int(pc-32)*96 + int(c-32)
				k, known = float64(t.kern[j]), t.known[j>>6]&(1<<(j&63)) != 0
			}
			if !known {
				k = fc.learnKern(pc, pg, c, a.g)
			}
		}
		w += k + a.adv
		pc, pg = c, a.g
	}
	if i == len(s) {
		return w
	}
	if w, ok := fc.words[s]; ok {
		return w
	}
	w = 0
	var pr rune
	pg = 0
	for _, r := range s {
		if r == '\u00AD' {
			continue
		}
		r, g, adv, k := fc.metrics(pr, pg, r)
		w += k + adv
		pr, pg = r, g
	}
	fc.words[s] = w
	return w
}

// fontSet is the five faces of a book.
type fontSet struct {
	faces      [numFaces]*face
	familyName string // body family, for the colophon
}

func loadFonts(body, monoFont *Font) (*fontSet, error) {
	fs := &fontSet{}
	if body == nil {
		body = &Font{
			Name:       "Liberation Serif",
			Regular:    liberationserifregular.TTF,
			Italic:     liberationserifitalic.TTF,
			Bold:       liberationserifbold.TTF,
			BoldItalic: liberationserifbolditalic.TTF,
		}
	}
	if monoFont == nil {
		monoFont = &Font{Name: "Liberation Mono", Regular: liberationmonoregular.TTF}
	}
	name := func(f *Font) string {
		if f.Name == "" {
			return "custom"
		}
		return f.Name
	}
	fs.familyName = name(body)
	if len(body.Regular) == 0 {
		return nil, fmt.Errorf("pdf: body font %s: %w: no regular face", name(body), ErrFont)
	}
	if len(monoFont.Regular) == 0 {
		return nil, fmt.Errorf("pdf: mono font %s: %w: no regular face", name(monoFont), ErrFont)
	}
	pick := func(data ...[]byte) []byte {
		for _, d := range data {
			if len(d) > 0 {
				return d
			}
		}
		return nil
	}
	files := [numFaces][]byte{
		regular:    body.Regular,
		italic:     pick(body.Italic, body.Regular),
		bold:       pick(body.Bold, body.Regular),
		boldItalic: pick(body.BoldItalic, body.Bold, body.Regular),
		mono:       monoFont.Regular,
	}
	names := [numFaces]string{
		regular:    name(body),
		italic:     name(body) + " Italic",
		bold:       name(body) + " Bold",
		boldItalic: name(body) + " Bold Italic",
		mono:       name(monoFont),
	}
	for id := range files {
		fc, err := loadFace(names[id], files[id])
		if err != nil {
			return nil, err
		}
		fs.faces[id] = fc
	}
	return fs, nil
}
