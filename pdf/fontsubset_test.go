package pdf

import (
	"bytes"
	"testing"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"github.com/quire-books/quire/book"
	"golang.org/x/image/font/sfnt"
)

// subsetSample has composite glyphs (accents), a ligature, quotes, Greek
// and figures.
const subsetSample = "The quick brown fox, “é à ñ Å ŵ” — ﬁ ΩΔ 0123456789 ½ …"

// gofpdfFont writes a page of text with gofpdf in a font given as data
// and returns the file.
func gofpdfFont(t *testing.T, data []byte, text string) []byte {
	t.Helper()
	f := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "pt", Size: gofpdf.SizeType{Wd: 400, Ht: 600}})
	f.SetCatalogSort(true)
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f.SetCreationDate(when)
	f.SetModificationDate(when)
	f.AddUTF8FontFromBytes("f", "", data)
	f.AddPage()
	f.SetFont("f", "", 11)
	f.Text(30, 30, text)
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestSubsetEmbedsTheSameFont checks that gofpdf embeds the same font
// program and glyph map from a face cut to the runes drawn as from the
// whole face.
func TestSubsetEmbedsTheSameFont(t *testing.T) {
	fonts, err := loadFonts(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id, fc := range fonts.faces {
		var runes runeSet
		for _, r := range subsetSample {
			runes.add(r)
		}
		sub := fc.subset(&runes)
		if len(sub) > len(fc.data)/4 {
			t.Errorf("face %d: subset of %d bytes from %d", id, len(sub), len(fc.data))
		}
		full := embeddedFonts(t, scanPDF(t, gofpdfFont(t, bytes.Clone(fc.data), subsetSample)))
		cut := embeddedFonts(t, scanPDF(t, gofpdfFont(t, sub, subsetSample)))
		if len(full) != 1 || len(cut) != 1 {
			t.Fatalf("face %d: %d and %d fonts", id, len(full), len(cut))
		}
		for _, a := range full {
			for _, b := range cut {
				if len(a.file) == 0 || !bytes.Equal(a.file, b.file) {
					t.Errorf("face %d: embedded font programs differ (%d and %d bytes)", id, len(a.file), len(b.file))
				}
				if !bytes.Equal(a.cidGID, b.cidGID) {
					t.Errorf("face %d: CIDToGIDMaps differ", id)
				}
				for _, r := range subsetSample {
					if a.width(int(r)) != b.width(int(r)) {
						t.Errorf("face %d: %q is %v wide, was %v", id, r, b.width(int(r)), a.width(int(r)))
					}
				}
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
				if unicode.IsSpace(rune(g.cid)) {
					continue
				}
				segs, err := parsed[g.font].LoadGlyph(&sb, sfnt.GlyphIndex(gid), 1<<6, nil)
				if gid == 0 || err != nil || len(segs) == 0 {
					if bad++; bad < 10 {
						t.Errorf("page %d: %U %q drawn as glyph %d with %d segments (%v)", g.page, g.cid, rune(g.cid), gid, len(segs), err)
					}
				}
			}
		})
	}
}
