package subset

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// sample has letters, accented ones (composite glyphs in Liberation),
// punctuation, a ligature and Greek, with gaps and runs.
const sample = "The quick brown fox, “é à ñ Å ŵ” — ﬁ ΩΔ 0123456789 ½ …"

var fonts = map[string][]byte{
	"serif regular":    liberationserifregular.TTF,
	"serif italic":     liberationserifitalic.TTF,
	"mono bold italic": liberationmonobolditalic.TTF, // fewer metrics than glyphs
}

func chars(t *testing.T, f *sfnt.Font, s string) []Char {
	t.Helper()
	var b sfnt.Buffer
	var out []Char
	for _, r := range s {
		g, err := f.GlyphIndex(&b, r)
		if err != nil || g == 0 {
			t.Fatalf("%U: glyph %d, %v", r, g, err)
		}
		out = append(out, Char{r, uint16(g)})
	}
	return out
}

func parse(t *testing.T, data []byte) *sfnt.Font {
	t.Helper()
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSubsetDrawsTheSame checks that every character of the subset has
// the original's glyph: same advance, same outline; that other characters
// have none; and that the subset is much smaller.
func TestSubsetDrawsTheSame(t *testing.T) {
	for name, data := range fonts {
		t.Run(name, func(t *testing.T) {
			orig := parse(t, data)
			cs := chars(t, orig, sample)
			sub, glyphs, err := TrueType(data, cs)
			if err != nil {
				t.Fatal(err)
			}
			f := parse(t, sub)
			if len(glyphs) != len(cs) {
				t.Fatalf("%d glyphs for %d chars", len(glyphs), len(cs))
			}
			if len(sub) > len(data)/10 {
				t.Errorf("subset of %d bytes from %d", len(sub), len(data))
			}
			var b1, b2 sfnt.Buffer
			ppem := fixed.Int26_6(orig.UnitsPerEm()) << 6
			distinct := map[sfnt.GlyphIndex]bool{0: true}
			for i, c := range cs {
				distinct[sfnt.GlyphIndex(c.Glyph)] = true
				g, err := f.GlyphIndex(&b2, c.Rune)
				if err != nil || g == 0 {
					t.Fatalf("%U: no glyph in the subset (%v)", c.Rune, err)
				}
				if g != sfnt.GlyphIndex(glyphs[i]) {
					t.Errorf("%U: glyph %d in the subset, TrueType says %d", c.Rune, g, glyphs[i])
				}
				a1, err1 := orig.GlyphAdvance(&b1, sfnt.GlyphIndex(c.Glyph), ppem, font.HintingNone)
				a2, err2 := f.GlyphAdvance(&b2, g, ppem, font.HintingNone)
				if err1 != nil || err2 != nil || a1 != a2 {
					t.Errorf("%U: advance %v, want %v (%v, %v)", c.Rune, a2, a1, err2, err1)
				}
				s1, err1 := orig.LoadGlyph(&b1, sfnt.GlyphIndex(c.Glyph), ppem, nil)
				s1 = slices.Clone(s1)
				s2, err2 := f.LoadGlyph(&b2, g, ppem, nil)
				if err1 != nil || err2 != nil || !slices.Equal(s1, s2) {
					t.Errorf("%U: outline of %d segments, want %d (%v, %v)", c.Rune, len(s2), len(s1), err2, err1)
				}
			}
			for _, r := range "zZ@Жא" {
				if g, _ := f.GlyphIndex(&b2, r); g != 0 {
					t.Errorf("%U not asked for, but mapped to glyph %d", r, g)
				}
			}
			// Composite glyphs bring their components.
			if f.NumGlyphs() <= len(distinct) {
				t.Errorf("%d glyphs for %d distinct ones: no components kept", f.NumGlyphs(), len(distinct))
			}
			checkSums(t, sub)
		})
	}
}

// checkSums checks each table's checksum and the whole file's.
func checkSums(t *testing.T, b []byte) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := b[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if off%4 != 0 {
			t.Errorf("table %q at %d: not aligned", rec[:4], off)
		}
		data := slices.Clone(b[off : off+length])
		if string(rec[:4]) == "head" {
			clear(data[8:12])
		}
		if got, want := checksum(data), binary.BigEndian.Uint32(rec[4:]); got != want {
			t.Errorf("table %q: checksum %#x, directory says %#x", rec[:4], got, want)
		}
	}
	if s := checksum(b); s != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", s)
	}
}

func TestSubsetEmpty(t *testing.T) {
	sub, _, err := TrueType(liberationserifregular.TTF, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, sub)
	if f.NumGlyphs() != 1 {
		t.Errorf("%d glyphs, want .notdef alone", f.NumGlyphs())
	}
	checkSums(t, sub)
}

// TestSubsetSameRunes checks that asking twice for a character, or for two
// characters of one glyph, is fine.
func TestSubsetSameRunes(t *testing.T) {
	orig := parse(t, liberationserifregular.TTF)
	cs := chars(t, orig, "aab\u00A0 ")
	sub, _, err := TrueType(liberationserifregular.TTF, cs)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, sub)
	var b sfnt.Buffer
	g1, _ := f.GlyphIndex(&b, ' ')
	g2, _ := f.GlyphIndex(&b, '\u00A0')
	if g1 == 0 || g2 == 0 {
		t.Errorf("space %d, no-break space %d", g1, g2)
	}
}

func TestSubsetErrors(t *testing.T) {
	data := liberationserifregular.TTF
	if _, _, err := TrueType(data, []Char{{'a', 60000}}); !errors.Is(err, ErrFont) {
		t.Errorf("glyph out of range: %v", err)
	}
	if _, _, err := TrueType(data, []Char{{0x1F600, 3}}); err == nil {
		t.Error("rune outside the BMP: no error")
	}
	for _, bad := range [][]byte{nil, []byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"), data[:100], data[:len(data)/2]} {
		if _, _, err := TrueType(bad, nil); !errors.Is(err, ErrFont) {
			t.Errorf("damaged font of %d bytes: %v", len(bad), err)
		}
	}
}

// TestSubsetDamagedLoca checks that a glyph offset below the one before
// it, or past the end of glyf, is an error, whichever glyph it is: the
// offsets are checked in place.
func TestSubsetDamagedLoca(t *testing.T) {
	data := liberationserifregular.TTF
	tabs, err := directory(data)
	if err != nil {
		t.Fatal(err)
	}
	if int16(u16(tabs["head"], 50)) != 1 {
		t.Fatal("Liberation Serif's loca has short offsets; the test sets long ones")
	}
	loca, glyf := -1, len(tabs["glyf"])
	for i := range int(u16(data, 4)) { // the table records
		if rec := data[12+16*i:]; string(rec[:4]) == "loca" {
			loca = int(u32(rec, 8))
		}
	}
	n := int(u16(tabs["maxp"], 4))
	for _, c := range []struct {
		glyph int
		off   int
	}{
		{n / 2, 0},        // below the offset before
		{n - 1, glyf + 4}, // past glyf, above the offset after
		{n, glyf + 4},     // the end, past glyf
	} {
		bad := slices.Clone(data)
		binary.BigEndian.PutUint32(bad[loca+4*c.glyph:], uint32(c.off))
		if _, _, err := TrueType(bad, nil); !errors.Is(err, ErrFont) {
			t.Errorf("offset %d for glyph %d: %v", c.off, c.glyph, err)
		}
	}
}

// FuzzTrueType checks that no damage to a font makes TrueType panic, and
// that what it returns parses.
func FuzzTrueType(f *testing.F) {
	f.Add(uint32(0), byte(0), "abc")
	f.Add(uint32(300), byte(0xFF), "é")
	f.Fuzz(func(t *testing.T, at uint32, v byte, s string) {
		data := slices.Clone(liberationserifregular.TTF)
		data[int(at)%len(data)] ^= v
		var cs []Char
		for i, r := range s {
			if r <= 0xFFFF {
				cs = append(cs, Char{r, uint16(i * 37 % 3000)})
			}
		}
		sub, _, err := TrueType(data, cs)
		if err == nil && len(sub) < 12 {
			t.Fatal("no font and no error")
		}
	})
}

// TestDescribe checks the figures read for Liberation Serif against the
// font's tables as sfnt reads them.
func TestDescribe(t *testing.T) {
	for name, data := range fonts {
		d, err := Describe(data)
		if err != nil {
			t.Fatal(err)
		}
		f := parse(t, data)
		var b sfnt.Buffer
		ppem := fixed.Int26_6(f.UnitsPerEm()) << 6
		box, _ := f.Bounds(&b, ppem, font.HintingNone)
		m, _ := f.Metrics(&b, ppem, font.HintingNone)
		if d.UnitsPerEm != int(f.UnitsPerEm()) || d.XMin != box.Min.X.Round() || d.XMax != box.Max.X.Round() ||
			d.YMin != -box.Max.Y.Round() || d.YMax != -box.Min.Y.Round() {
			t.Errorf("%s: %+v, box %v", name, d, box)
		}
		if d.Ascent != m.Ascent.Round() || d.Descent != -m.Descent.Round() || d.CapHeight != m.CapHeight.Round() {
			t.Errorf("%s: %+v, metrics %+v", name, d, m)
		}
		if d.ItalicAngle != f.PostTable().ItalicAngle || d.FixedPitch != f.PostTable().IsFixedPitch {
			t.Errorf("%s: %+v, post %+v", name, d, f.PostTable())
		}
		if d.Weight < 100 || d.Weight > 900 {
			t.Errorf("%s: weight %d", name, d.Weight)
		}
	}
	if _, err := Describe([]byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00")); !errors.Is(err, ErrFont) {
		t.Errorf("CFF font: %v", err)
	}
}
