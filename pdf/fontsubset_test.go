package pdf

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode"

	"github.com/quire-books/quire/book"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
)

// subsetSample has composite glyphs (accents), a ligature, quotes, Greek
// and figures.
const subsetSample = "The quick brown fox, “é à ñ Å ŵ” — ﬁ ΩΔ 0123456789 ½ …"

// TestSubsetEmbedsTheSameFont checks that every character drawn in every
// face is drawn with the face's own glyph: the embedded font's glyph for
// its CID has the original's outline and advance, and the font's width
// for the CID is the advance in thousandths of an em; and that each
// embedded font is a small subset.
func TestSubsetEmbedsTheSameFont(t *testing.T) {
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := testBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{
		book.Text(subsetSample), book.Emphasis{book.Text(subsetSample)}, book.Strong{book.Text(subsetSample)},
		book.Strong{book.Emphasis{book.Text(subsetSample)}}, book.Code(subsetSample),
	})
	var buf bytes.Buffer
	if err := Write(&buf, b, &Options{ReplaceMissing: true}); err != nil {
		t.Fatal(err)
	}
	glyphs, embedded := glyphsOf(t, buf.Bytes())
	// The faces by PostScript name, which the fonts' names end in.
	faces := map[string]*face{}
	for _, fc := range fonts.faces {
		name, err := fc.f.Name(&fc.buf, sfnt.NameIDPostScript)
		if err != nil {
			t.Fatal(err)
		}
		faces[name] = fc
	}
	subs := map[string]*sfnt.Font{}
	origOf := map[string]*face{}
	for res, f := range embedded {
		tag, name, ok := strings.Cut(f.name, "+")
		if !ok || len(tag) != 6 || strings.Trim(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" || faces[name] == nil {
			t.Fatalf("font %s is named %q", res, f.name)
		}
		origOf[res] = faces[name]
		if len(f.file) > len(faces[name].data)/4 {
			t.Errorf("font %s: subset of %d bytes from %d", f.name, len(f.file), len(faces[name].data))
		}
		if subs[res], err = sfnt.Parse(f.file); err != nil {
			t.Fatalf("font %s: %v", f.name, err)
		}
	}
	if len(embedded) != 5 {
		t.Errorf("%d fonts embedded, want 5", len(embedded))
	}
	var b1, b2 sfnt.Buffer
	seen := map[string]map[rune]bool{}
	for _, g := range glyphs {
		fc, sub, f := origOf[g.font], subs[g.font], embedded[g.font]
		if seen[g.font] == nil {
			seen[g.font] = map[rune]bool{}
		}
		if seen[g.font][g.r] {
			continue
		}
		seen[g.font][g.r] = true
		orig := fc.glyph(g.r)
		if orig == 0 {
			t.Errorf("%s: %q drawn, not in the font", f.name, g.r)
			continue
		}
		gid := sfnt.GlyphIndex(f.gid(g.cid))
		ppem := fc.ppem
		want, err1 := fc.f.LoadGlyph(&b1, orig, ppem, nil)
		got, err2 := sub.LoadGlyph(&b2, gid, ppem, nil)
		if err1 != nil || err2 != nil || len(got) != len(want) {
			t.Errorf("%s: %q: %d segments (%v), want %d (%v)", f.name, g.r, len(got), err2, len(want), err1)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %q: outlines differ", f.name, g.r)
				break
			}
		}
		adv, err := sub.GlyphAdvance(&b2, gid, ppem, font.HintingNone)
		if err != nil || float64(adv)/64 != fc.advance(orig) {
			t.Errorf("%s: %q: advance %v, want %v", f.name, g.r, float64(adv)/64, fc.advance(orig))
		}
		if w := math.Round(fc.advance(orig) * 1000 / fc.upm); f.width(g.cid) != w {
			t.Errorf("%s: %q is %v wide, want %v", f.name, g.r, f.width(g.cid), w)
		}
	}
	for res, f := range embedded {
		for _, r := range subsetSample {
			if !seen[res][r] && origOf[res].has(r) && !unicode.IsSpace(r) && origOf[res] != fonts.faces[mono] {
				t.Errorf("%s: %q never drawn", f.name, r)
			}
		}
	}
}

// TestDrawnGlyphsEmbedded checks, for the pamphlet, the odd books and
// escaped characters, that every character the pages show is in its
// embedded font: mapped to a glyph, with an outline unless it is a space.
func TestDrawnGlyphsEmbedded(t *testing.T) {
	books := oddBooks()
	books["pamphlet"] = pamphlet(t)
	tricky := testBook()
	tricky.Chapters[0].Blocks = append(tricky.Chapters[0].Blocks, book.Paragraph{
		book.Text(`Parentheses (and \ backslashes), ℨ ⅈ ⤩ ഍ ∖ “quotes” — ﬁ, carriage` + "\r" + `return, ẫ ǻ.`),
	})
	books["tricky"] = tricky
	for name, b := range books {
		if b.Validate() != nil {
			continue
		}
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, b, &Options{Cover: true, ReplaceMissing: true}); err != nil {
				t.Fatal(err)
			}
			glyphs, fonts := glyphsOf(t, buf.Bytes())
			if len(glyphs) < 20 {
				t.Fatalf("only %d characters drawn", len(glyphs))
			}
			parsed := map[string]*sfnt.Font{}
			for name, f := range fonts {
				sf, err := sfnt.Parse(f.file)
				if err != nil {
					t.Fatalf("font %s: %v", name, err)
				}
				parsed[name] = sf
			}
			var sb sfnt.Buffer
			bad := 0
			for _, g := range glyphs {
				f := fonts[g.font]
				gid := f.gid(g.cid)
				if unicode.IsSpace(g.r) {
					continue
				}
				segs, err := parsed[g.font].LoadGlyph(&sb, sfnt.GlyphIndex(gid), 1<<6, nil)
				if gid == 0 || err != nil || len(segs) == 0 {
					if bad++; bad < 10 {
						t.Errorf("page %d: %U %q drawn as glyph %d with %d segments (%v)", g.page, g.r, g.r, gid, len(segs), err)
					}
				}
			}
		})
	}
}

// BenchmarkEmbedFonts measures what embedding the pamphlet's fonts takes
// per Write: cutting each font file down to the runes drawn, compressing
// its streams and writing its objects.
func BenchmarkEmbedFonts(b *testing.B) {
	doc, err := Typeset(pamphlet(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	d := doc.d.forRender()
	var out []byte
	for b.Loop() {
		_, fonts := d.fontsFor(true, nil, nil)
		var jobs []job
		for _, f := range fonts {
			for _, s := range f.streams() {
				jobs = append(jobs, job{data: s})
			}
		}
		compressJobs(jobs)
		out = out[:0]
		offsets := make([]int, 1+fontObjects*len(fonts))
		for i, f := range fonts {
			z := jobs[3*i:]
			out = f.appendObjects(out, 1+fontObjects*i, 0, offsets, [3][]byte{z[0].out, z[1].out, z[2].out})
		}
	}
	b.ReportMetric(float64(len(out)), "bytes")
}
