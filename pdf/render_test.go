package pdf

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/go-fonts/liberation/liberationserifregular"

	"github.com/quire-books/quire/book"
)

// BenchmarkRenderPamphlet draws the typeset pamphlet as a PDF: fonts cut
// and handed to gofpdf, text operators, page compression; no typesetting.
// Each draw is of a pamphlet typeset afresh (the timer stopped), since
// drawing fills the fonts' measurement caches, as a Document's one
// drawing does.
func BenchmarkRenderPamphlet(b *testing.B) {
	bk := pamphlet(b)
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		doc, err := Typeset(bk, nil)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		b.StartTimer()
		if err := doc.d.forRender().render(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkDrawnRunes collects the runes the typeset pamphlet draws, as
// the renderer does before its first page.
func BenchmarkDrawnRunes(b *testing.B) {
	doc, err := Typeset(pamphlet(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	d := doc.d.forRender()
	for b.Loop() {
		d.drawnRunesHelped(nil, nil)
	}
}

// TestDrawnRunesHelped checks that the runes collected with a helper,
// whichever share of the pages it takes, are those collected in one pass
// the plain way (refDrawnRunes): all pages by the helper, none, or some.
func TestDrawnRunesHelped(t *testing.T) {
	books := map[string]*book.Book{"test book": testBook(), "pamphlet": pamphlet(t)}
	for name, b := range oddBooks() {
		if strings.Contains(name, "spaces") || strings.Contains(name, "long") {
			books[name] = b
		}
	}
	helpers := map[string]func(func()){
		"none":      nil,
		"all":       func(f func()) { f() },
		"goroutine": func(f func()) { go f() },
		"late":      nil, // given f, run once the pages are collected
		// f runs at once, its first (gofpdf's set-up) panics, and the
		// panic is recovered as the deflate queue's goroutine does.
		"panics": func(f func()) {
			defer func() { recover() }()
			f()
		},
	}
	for name, b := range books {
		doc, err := Typeset(b, &Options{Mono: &Font{Regular: liberationserifregular.TTF}})
		if err != nil {
			t.Fatal(err)
		}
		d := doc.d.forRender()
		if name == "test book" {
			// Spaces the font lacks, which layout would have replaced.
		find:
			for _, p := range d.pages {
				for _, pl := range p.body {
					for k := range pl.e.ops {
						if o := &pl.e.ops[k]; o.kind == opText {
							o.text = "x\u3000y\u205Fz\u2009"
							break find
						}
					}
				}
			}
		}
		wantRunes, wantAny := refDrawnRunes(d)
		for hname, help := range helpers {
			for range 3 {
				var late func()
				if hname == "late" {
					help = func(f func()) { late = f }
				}
				var first func()
				if hname == "panics" {
					first = func() { panic("set-up") }
				}
				got, gotAny := d.drawnRunesHelped(help, first)
				if late != nil {
					late()
				}
				if *got != wantRunes || gotAny != wantAny {
					t.Errorf("%s, helper %s: runes differ from the plain way's", name, hname)
				}
			}
		}
	}
}

// refDrawnRunes is drawnRunes written plainly: each rune of each text
// drawn added in turn.
func refDrawnRunes(d *doc) (want [numFaces]runeSet, any [numFaces]bool) {
	add := func(st int, s string) {
		if s == "" || st < 0 || st >= len(d.styles) {
			return
		}
		f := d.styles[st].face
		fc := d.fonts.faces[f]
		for _, r := range s {
			if r == '\u00AD' {
				continue
			}
			if fc.glyph(r) == 0 && unicode.Is(unicode.Zs, r) {
				r = ' '
			}
			want[f].add(r)
			any[f] = true
		}
	}
	ops := func(list []op) {
		for _, o := range list {
			switch o.kind {
			case opText:
				add(int(o.ref), o.text)
			case opTOC:
				if tg, ok := d.targets[o.text]; ok {
					st := d.opStyle(o)
					add(st, strconv.Itoa(tg.page+1))
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
