package typeset

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// randomRuns cuts text into runs at random places (inside words too), of
// random styles, some not to be hyphenated, with object boxes between
// some.
func randomRuns(rng *rand.Rand, text string) []Run {
	var runs []Run
	for text != "" {
		n := min(len(text), 1+rng.IntN(40))
		for n < len(text) && !utf8.RuneStart(text[n]) {
			n++
		}
		runs = append(runs, Run{Text: text[:n], Style: rng.IntN(3), Tag: rng.IntN(2), NoHyphenate: rng.IntN(8) == 0})
		if rng.IntN(10) == 0 {
			runs = append(runs, Run{Box: 7, Style: 1, Tag: 5})
		}
		text = text[n:]
	}
	return runs
}

// styledMeasurer gives each rune a width from its code and the style.
type styledMeasurer struct{}

func (styledMeasurer) Width(style int, s string) Length {
	var w Length
	for _, r := range s {
		w += 3 + Length(r%5) + Length(style)/2
	}
	return w
}

// TestBreakerItemize checks that Breaker.Itemize gives the items of
// Itemize without a Hyphenator (made char by char, without the shortcut
// for plain words), and Hyphenate those of Itemize with it (which takes
// no shortcut),
// on the pamphlet's paragraphs cut into runs of several styles and on
// words with soft hyphens, dashes and other breaks.
func TestBreakerItemize(t *testing.T) {
	en, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	texts := append(pamphletParagraphs(t),
		"co\u00adoperate and re-elect the well\u2011known anti-revolutionary counter\u2013revolution",
		"zero\u200bwidth space, word\u2060joiner, non\u00a0breaking and narrow\u202fspaces",
		"Unicode: Ölförderländer übertreffen Kindergärten, naïveté, façade, résumé",
		"ölförderländer übertreffen kindergärten, naïveté, façade, résumé",
		"a line\u2028break and hyphenation hyphenation hyphenation",
		"", "   ", "supercalifragilisticexpialidocious "+strings.Repeat("x", 100))
	rng := rand.New(rand.NewPCG(3, 4))
	var br Breaker
	for i, txt := range texts {
		for _, hy := range []Hyphenator{en, everyOther{}} {
			o := &ItemizeOptions{Hyphenator: hy, Indent: Length(i % 2 * 10), Ragged: i%3 == 0, HyphenateCapitalized: i%4 == 0}
			plain := *o
			plain.Hyphenator = nil
			for k, runs := range [][]Run{{{Text: txt}}, randomRuns(rng, txt)} {
				got := br.Itemize(runs, styledMeasurer{}, o)
				slow := itemizer{charByChar: true}
				if want := slow.itemize(nil, runs, styledMeasurer{}, &plain, false); !reflect.DeepEqual(got, want) {
					t.Fatalf("text %d, runs %d: Itemize\n%s\nwant\n%s", i, k, dump(got), dump(want))
				}
				want := Itemize(runs, styledMeasurer{}, o)
				for again := range 2 {
					got = br.Hyphenate()
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("text %d, runs %d, call %d: Hyphenate\n%s\nwant\n%s", i, k, again, dump(got), dump(want))
					}
				}
			}
		}
	}
}

// everyOther allows a hyphen before every second byte, also inside a
// multi-byte rune, which Itemize must ignore.
type everyOther struct{}

func (everyOther) Hyphenate(w string) []int {
	var out []int
	for i := 1; i < len(w); i += 2 {
		out = append(out, i)
	}
	return out
}

// TestBreakTwoPasses sets one paragraph that TeX's first pass sets
// without hyphens and one that needs the second, with hyphens, both as a
// caller hyphenating lazily does and with Break on hyphenated items.
func TestBreakTwoPasses(t *testing.T) {
	en, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	o := &ItemizeOptions{Hyphenator: en}
	const (
		easy = "Workers of all countries unite: the proletarians have nothing to lose but their chains."
		hard = "The history of all hitherto existing society is the history of class struggles."
	)
	var br Breaker
	widths := constWidth(30)

	items := br.Itemize([]Run{{Text: easy}}, unitMeasurer{}, o)
	first, ok := br.FirstPass(items, widths, nil)
	if !ok {
		t.Fatalf("%q: no first-pass solution", easy)
	}
	want := []string{"Workers of all countries unite:", "the proletarians have nothing", "to lose but their chains."}
	if got := text(items, first); !reflect.DeepEqual(got, want) {
		t.Errorf("first pass: %q, want %q", got, want)
	}
	all := Itemize([]Run{{Text: easy}}, unitMeasurer{}, o)
	if got := text(all, Break(all, widths, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("Break: %q, want %q", got, want)
	}
	for _, l := range first.Lines {
		if l.Ratio < -1 || l.Ratio > 1 {
			t.Errorf("first pass: line %d..%d has ratio %.2f", l.Start, l.End, l.Ratio)
		}
	}

	items = br.Itemize([]Run{{Text: hard}}, unitMeasurer{}, o)
	if r, ok := br.FirstPass(items, widths, nil); ok {
		t.Fatalf("%q: a first-pass solution: %q", hard, text(items, r))
	}
	items = br.Hyphenate()
	second := br.Break(items, widths, &Params{Pretolerance: -1})
	want = []string{"The history of all hitherto ex-", "isting society is the history", "of class struggles."}
	if got := text(items, second); !reflect.DeepEqual(got, want) {
		t.Errorf("second pass: %q, want %q", got, want)
	}
	all = Itemize([]Run{{Text: hard}}, unitMeasurer{}, o)
	if got := text(all, Break(all, widths, nil)); !reflect.DeepEqual(got, want) {
		t.Errorf("Break: %q, want %q", got, want)
	}
}
