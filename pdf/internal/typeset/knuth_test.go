package typeset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// Reference demerits, written out plainly from Knuth & Plass and
// tex.web §§851–859, independent of measure.go.
type refLine struct {
	badness float64 // infinite when overfull
	class   int
	pen     int
	flagged bool
}

func refMeasure(items []Item, start, end int, width, extra Length) refLine {
	var nat, st, sh Length
	fil := false
	for _, it := range items[start:end] {
		if it.Kind == Penalty {
			continue
		}
		nat += it.Width
		if it.Kind == Glue {
			if it.Stretch >= Fil {
				fil = true
			} else {
				st += it.Stretch
			}
			sh += it.Shrink
		}
	}
	l := refLine{}
	if end < len(items) && items[end].Kind == Penalty {
		nat += items[end].Width
		l.pen, l.flagged = int(items[end].Penalty), items[end].Flagged
	}
	if end == len(items) {
		l.pen = -Infinity
	}
	switch {
	case nat < width && fil:
		l.class = decent
	case nat < width:
		l.badness = infBad
		if st += extra; st > 0 {
			r := float64((width - nat) / st)
			l.badness = min(100*r*r*r, infBad)
		}
		switch {
		case l.badness > 99:
			l.class = veryLoose
		case l.badness > 12:
			l.class = loose
		default:
			l.class = decent
		}
	case nat > width:
		if nat-width > sh*(1+1e-9) { // as measure: shrinking by a sum of thirds exactly is not overfull
			l.badness = math.Inf(1)
			return l
		}
		r := float64((nat - width) / sh)
		l.badness = 100 * r * r * r
		l.class = decent
		if l.badness > 12 {
			l.class = tight
		}
	default:
		l.class = decent
	}
	return l
}

// refDemerits: plain TeX's defaults.
func refDemerits(l refLine, prev refLine, final bool) float64 {
	d := 10 + l.badness
	if d >= 10000 {
		d = 1e8
	} else {
		d *= d
	}
	if l.pen > 0 {
		d += float64(l.pen * l.pen)
	} else if l.pen > -Infinity {
		d -= float64(l.pen * l.pen)
	}
	if prev.flagged && final {
		d += 5000
	} else if prev.flagged && l.flagged {
		d += 10000
	}
	if l.class-prev.class > 1 || prev.class-l.class > 1 {
		d += 10000
	}
	return d
}

// bruteForce enumerates every breaking whose lines have badness at most
// threshold and returns the least total demerits (Inf if none) and the
// breaks achieving it.
func bruteForce(items []Item, widths func(int) Length, threshold float64, extra Length) (float64, []int) {
	var bps []int
	for i := range items {
		if legal(items, i) {
			bps = append(bps, i)
		}
	}
	if len(items) == 0 || !forced(items[len(items)-1]) {
		bps = append(bps, len(items))
	}
	end := bps[len(bps)-1]
	best, bestBreaks := math.Inf(1), []int(nil)
	var path []int
	var walk func(prev int, prevLine refLine, line int, total float64)
	walk = func(prev int, prevLine refLine, line int, total float64) {
		start := 0
		if prev >= 0 {
			start = prev + 1
			for start < len(items) && items[start].Kind != Box {
				start++
			}
		}
		for _, b := range bps {
			if b <= prev {
				continue
			}
			l := refMeasure(items, min(start, b), b, widths(line), extra)
			if math.IsInf(l.badness, 1) {
				return // longer lines are overfull too
			}
			if l.badness <= threshold {
				t := total + refDemerits(l, prevLine, b == end)
				path = append(path, b)
				if b == end {
					if t < best {
						best, bestBreaks = t, append([]int(nil), path...)
					}
				} else {
					walk(b, l, line+1, t)
				}
				path = path[:len(path)-1]
			}
			if b < len(items) && forced(items[b]) {
				return
			}
		}
	}
	walk(-1, refLine{class: decent}, 0, 0)
	return best, bestBreaks
}

// refTotal returns the demerits of breaking at breaks.
func refTotal(items []Item, widths func(int) Length, breaks []int, extra Length) float64 {
	var total float64
	prev, prevLine := -1, refLine{class: decent}
	for i, b := range breaks {
		start := 0
		if prev >= 0 {
			start = prev + 1
			for start < b && items[start].Kind != Box {
				start++
			}
		}
		l := refMeasure(items, start, b, widths(i), extra)
		total += refDemerits(l, prevLine, i == len(breaks)-1)
		prev, prevLine = b, l
	}
	return total
}

// randomParagraph makes words of 1 to maxLen unit glyphs with random
// hyphenation points, and now and then an explicit hyphen.
func randomParagraph(rng *rand.Rand, words, maxLen int) []Run {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if i > 0 && rng.IntN(40) == 0 {
			b.WriteRune(lineSeparator)
		}
		n := 1 + rng.IntN(maxLen)
		for j := range n {
			switch {
			case j > 1 && j < n-2 && rng.IntN(4) == 0:
				b.WriteRune(softHyphen)
			case j > 0 && j < n-1 && rng.IntN(25) == 0:
				b.WriteByte('-')
			}
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return []Run{{Text: b.String()}}
}

func breaksOf(r Result) []int {
	var out []int
	for _, l := range r.Lines {
		out = append(out, l.End)
	}
	return out
}

func TestBreakOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := unitMeasurer{wide: map[rune]Length{' ': 1, '-': 1}}
	const tol = 1.5
	fallbacks, differ, emergency, unlimited := 0, 0, 0, 0
	for i := range 600 {
		o := &ItemizeOptions{
			HyphenPenalty:   []int{0, 500, -40}[rng.IntN(3)],
			ExHyphenPenalty: []int{0, -100}[rng.IntN(2)],
			Ragged:          rng.IntN(5) == 0,
		}
		items := Itemize(randomParagraph(rng, 4+rng.IntN(10), 7), m, o)
		w0, w1 := Length(8+rng.IntN(14)), Length(8+rng.IntN(14))
		if i%2 == 1 {
			w0 = w1 // one measure: the breaker skips too loose lines faster
		}
		widths := func(line int) Length {
			if line < 2 {
				return w0 // e.g. around a drop cap
			}
			return w1
		}
		p := &Params{Pretolerance: -1, Tolerance: tol}
		if i%3 == 0 {
			p.EmergencyStretch = 3
		}
		// The pass Break should use, and the demerits it minimises there.
		extra := Length(0)
		want, wantBreaks := bruteForce(items, widths, ratioToBadness(tol), 0)
		if math.IsInf(want, 1) && p.EmergencyStretch > 0 {
			extra = p.EmergencyStretch
			want, wantBreaks = bruteForce(items, widths, ratioToBadness(tol), extra)
			emergency++
		}
		if math.IsInf(want, 1) {
			want, wantBreaks = bruteForce(items, widths, math.Inf(1), extra)
			unlimited++
		}
		r := Break(items, widths, p)
		checkLines(t, items, widths, r)
		if r.Greedy {
			fallbacks++
			if !math.IsInf(want, 1) {
				t.Errorf("case %d: greedy although a solution exists", i)
			}
			continue
		}
		got := breaksOf(r)
		if !equalInts(got, breaksOf(Greedy(items, widths, p))) {
			differ++
		}
		if d := refTotal(items, widths, got, extra); math.Abs(d-want) > 1e-6*math.Abs(want) {
			t.Errorf("case %d (widths %v, %v): demerits %v breaks %v, brute force %v breaks %v\n%s",
				i, w0, w1, d, got, want, wantBreaks, dump(items))
		}
		if extra == 0 && math.Abs(r.Demerits-want) > 1e-6*math.Abs(want) {
			t.Errorf("case %d: Result.Demerits %v, want %v", i, r.Demerits, want)
		}
	}
	t.Logf("600 cases: %d greedy fallbacks, %d where total fit differs from first fit, %d emergency passes, %d unlimited passes",
		fallbacks, differ, emergency, unlimited)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBreakNotWorseThanGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := unitMeasurer{wide: map[rune]Length{' ': 1}}
	// One pass with any line not overfull feasible: Greedy's breaking is
	// one of those Break chooses from, so it can be no better.
	all := &Params{Pretolerance: -1, Tolerance: 5}
	worse := 0
	for i := range 300 {
		items := Itemize(randomParagraph(rng, 10+rng.IntN(60), 9), m, nil)
		widths := constWidth(Length(15 + rng.IntN(30)))
		g := Greedy(items, widths, all)
		checkLines(t, items, widths, g)
		for _, p := range []*Params{all, nil} {
			r := Break(items, widths, p)
			checkLines(t, items, widths, r)
			if r.Greedy {
				continue
			}
			if r.Demerits > g.Demerits*(1+1e-9) {
				if p == all {
					t.Errorf("case %d: Break %v > Greedy %v", i, r.Demerits, g.Demerits)
				} else {
					worse++ // TeX's choice: fewer hyphens over fewer demerits
				}
			}
		}
	}
	t.Logf("with default params Break had more demerits than Greedy in %d of 300", worse)
}

func TestBreakHandWorked(t *testing.T) {
	// Unit glyphs, spaces 1 wide with stretch 1/2 and shrink 1/3, measure 10:
	//
	//	aaaa bbbbb c d ee ff g
	//
	// First fit: "aaaa bbbbb" is exactly 10 (badness 0, demerits (10+0)² =
	// 100), then "c d ee ff g" is 11 wide with four spaces to shrink by
	// 1: ratio -3/4, badness 100·(3/4)³ = 42.19, demerits 52.19² = 2723.5;
	// total 2823.5.
	//
	// Total fit takes a third line: "c d ee ff" is 9 wide with three
	// spaces to stretch by 1: ratio 2/3, badness 29.63, demerits 39.63² =
	// 1570.5, and "g" on the last line costs 100; total 1770.5.
	items := Itemize([]Run{{Text: "aaaa bbbbb c d ee ff g"}}, unitMeasurer{}, nil)
	widths := constWidth(10)
	r := Break(items, widths, nil)
	checkLines(t, items, widths, r)
	if got, want := strings.Join(text(items, r), "|"), "aaaa bbbbb|c d ee ff|g"; got != want {
		t.Errorf("total fit: %q, want %q", got, want)
	}
	if want := 100 + sq(10+100*8.0/27) + 100; math.Abs(r.Demerits-want) > 1e-9 {
		t.Errorf("total fit demerits %v, want %v", r.Demerits, want)
	}
	if math.Abs(r.Lines[1].Ratio-2.0/3) > 1e-12 || r.Lines[0].Ratio != 0 || r.Lines[2].Ratio != 0 {
		t.Errorf("ratios %+v", r.Lines)
	}
	g := Greedy(items, widths, nil)
	checkLines(t, items, widths, g)
	if got, want := strings.Join(text(items, g), "|"), "aaaa bbbbb|c d ee ff g"; got != want {
		t.Errorf("first fit: %q, want %q", got, want)
	}
	if want := 100 + sq(10+100*27.0/64); math.Abs(g.Demerits-want) > 1e-9 {
		t.Errorf("first fit demerits %v, want %v", g.Demerits, want)
	}
}

func sq(x float64) float64 { return x * x }

// breakText breaks text (unit glyphs, soft hyphens as hyphenation points).
func breakText(text0 string, width Length, p *Params) (string, Result) {
	items := Itemize([]Run{{Text: text0}}, unitMeasurer{}, nil)
	r := Break(items, constWidth(width), p)
	return strings.Join(text(items, r), "|"), r
}

func TestBreakHyphenDemerits(t *testing.T) {
	cases := []struct {
		name, text string
		width      Length
		p          Params
		want       string
	}{
		// Found by search over random paragraphs; what matters is that the
		// demerits alone make the difference.
		{"consecutive hyphens avoided",
			"ab cca\u00adbaca bc\u00adcaac a ac cb\u00adbbc bbc ccaccc ab", 14,
			Params{Pretolerance: -1},
			"ab ccabaca bc-|caac a ac cbbbc|bbc ccaccc ab"},
		{"consecutive hyphens allowed",
			"ab cca\u00adbaca bc\u00adcaac a ac cb\u00adbbc bbc ccaccc ab", 14,
			Params{Pretolerance: -1, DoubleHyphenDemerits: -1},
			"ab ccabaca bc-|caac a ac cb-|bbc bbc ccaccc|ab"},
		{"no hyphen before the last line",
			"c bac ca\u00ada\u00adcbb ac aab a", 11,
			Params{Pretolerance: -1},
			"c bac caa-|cbb ac aab|a"},
		{"hyphen before the last line allowed",
			"c bac ca\u00ada\u00adcbb ac aab a", 11,
			Params{Pretolerance: -1, FinalHyphenDemerits: -1},
			"c bac caa-|cbb ac aab a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, r := breakText(c.text, c.width, &c.p)
			if got != c.want || r.Greedy {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestBreakFirstPassAvoidsHyphens(t *testing.T) {
	// Without hyphens the first line shrinks fully (badness 100, just
	// within the pretolerance); the second pass alone finds a hyphenated
	// breaking with fewer demerits.
	txt := "c ca b ba\u00adcca ac baca"
	if got, _ := breakText(txt, 11, nil); got != "c ca b bacca|ac baca" {
		t.Errorf("first pass: %q", got)
	}
	if got, _ := breakText(txt, 11, &Params{Pretolerance: -1}); got != "c ca b ba-|cca ac baca" {
		t.Errorf("second pass: %q", got)
	}
}

func TestBreakForced(t *testing.T) {
	items := Itemize([]Run{{Text: "aa bb\u2028cc dd ee ff gg hh ii jj kk\u2028ll"}}, unitMeasurer{}, nil)
	widths := constWidth(8)
	r := Break(items, widths, nil)
	checkLines(t, items, widths, r)
	lines := text(items, r)
	if len(lines) < 4 || lines[0] != "aa bb" || lines[len(lines)-1] != "ll" || r.Greedy {
		t.Fatalf("lines %q", lines)
	}
	if r.Lines[0].Ratio != 0 {
		t.Errorf("line before a forced break is stretched: %v", r.Lines[0].Ratio)
	}
	// Forced breaks in a row make empty lines, but never lose one.
	items = []Item{
		{Kind: Box, Width: 2, Text: "a"},
		{Kind: Penalty, Penalty: -Infinity},
		{Kind: Penalty, Penalty: -Infinity},
		{Kind: Glue, Width: 1},
		{Kind: Box, Width: 2, Text: "b"},
	}
	r = Break(items, widths, nil)
	checkLines(t, items, widths, r)
	if len(r.Lines) != 3 || r.Lines[1].Start != r.Lines[1].End {
		t.Errorf("lines %+v", r.Lines)
	}
}

func TestBreakWidths(t *testing.T) {
	items := Itemize([]Run{{Text: sample}}, unitMeasurer{}, &ItemizeOptions{Hyphenator: English()})
	widths := func(i int) Length {
		if i < 2 {
			return 20 // beside a drop cap
		}
		return 35
	}
	r := Break(items, widths, nil)
	checkLines(t, items, widths, r)
	if r.Greedy || len(r.Lines) < 4 {
		t.Errorf("%+v", r)
	}
}

func TestBreakLooseness(t *testing.T) {
	items := Itemize([]Run{{Text: sample}}, unitMeasurer{}, &ItemizeOptions{Hyphenator: English()})
	widths := constWidth(40)
	p := Params{Tolerance: 3}
	n := len(Break(items, widths, &p).Lines)
	p.Looseness = 1
	r := Break(items, widths, &p)
	checkLines(t, items, widths, r)
	if len(r.Lines) != n+1 {
		t.Errorf("looseness 1: %d lines, optimum %d", len(r.Lines), n)
	}
	// The hand-worked example: 3 lines at best, 2 can be done.
	if got, _ := breakText("aaaa bbbbb c d ee ff g", 10, &Params{Looseness: -1}); got != "aaaa bbbbb|c d ee ff g" {
		t.Errorf("looseness -1: %q", got)
	}
	p.Looseness = 100
	if r := Break(items, widths, &p); len(r.Lines) <= n {
		t.Errorf("looseness 100: %d lines, optimum %d", len(r.Lines), n)
	}
}

func TestBreakRagged(t *testing.T) {
	items := Itemize([]Run{{Text: sample}}, unitMeasurer{}, &ItemizeOptions{Ragged: true, Hyphenator: English()})
	widths := constWidth(30)
	r := Break(items, widths, nil)
	checkLines(t, items, widths, r)
	if got := strings.Join(text(items, r), " "); got != sample {
		t.Errorf("text changed:\n%s", got)
	}
	for i, l := range r.Lines {
		var w Length
		for _, it := range items[l.Start:l.End] {
			if it.Kind == Box || (it.Kind == Glue && it.Stretch <= 0) {
				w += it.Width // the words and their spaces, set at natural width
			}
		}
		if w > 30 || (i < len(r.Lines)-1 && w < 20) {
			t.Errorf("line %d: %v wide", i, w)
		}
	}
}

func TestBreakRobust(t *testing.T) {
	// Odd input: never a panic, an endless loop or a line lost.
	rng := rand.New(rand.NewPCG(5, 6))
	odd := []Length{0, -1, 1, 3, 100, Length(math.NaN()), Length(math.Inf(1)), Fil}
	for range 2000 {
		n := rng.IntN(30)
		items := make([]Item, n)
		for i := range items {
			items[i] = Item{
				Kind:    Kind(rng.IntN(3)),
				Width:   odd[rng.IntN(len(odd))],
				Stretch: odd[rng.IntN(len(odd))],
				Shrink:  odd[rng.IntN(len(odd))],
				Penalty: []int32{0, 50, -50, Infinity, -Infinity, 2 * Infinity, -2 * Infinity}[rng.IntN(7)],
				Flagged: rng.IntN(2) == 0,
				Text:    []string{"", "-", "x"}[rng.IntN(3)],
			}
		}
		w := odd[rng.IntN(len(odd))]
		for _, p := range []*Params{nil, {Looseness: 2}, {Tolerance: 10, Pretolerance: -1}} {
			r := Break(items, constWidth(w), p)
			g := Greedy(items, constWidth(w), p)
			for _, res := range []Result{r, g} {
				if n > 0 && len(res.Lines) == 0 {
					t.Fatalf("no lines for %+v", items)
				}
				prev := -1
				for _, l := range res.Lines {
					if l.Start > l.End || l.End <= prev || l.End > n {
						t.Fatalf("bad line %+v in %+v", l, res.Lines)
					}
					prev = l.End
				}
			}
		}
	}
}

func FuzzBreak(f *testing.F) {
	f.Add("aaaa bbbbb c d ee ff g", 10.0, 0)
	f.Add("ab\u00adcd-ef\u2028gh\u00a0ij", 3.0, 1)
	f.Add("", 0.0, -1)
	f.Fuzz(func(t *testing.T, s string, width float64, looseness int) {
		items := Itemize([]Run{{Text: s}}, unitMeasurer{}, &ItemizeOptions{Hyphenator: English()})
		r := Break(items, constWidth(Length(width)), &Params{Looseness: looseness % 4})
		if len(r.Lines) == 0 {
			t.Fatal("no lines")
		}
	})
}

// TestBreakerReused checks that one Breaker, used for paragraph after
// paragraph of different lengths and measures, gives what Break gives.
func TestBreakerReused(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := unitMeasurer{wide: map[rune]Length{' ': 1}}
	var br Breaker
	for i := range 200 {
		items := Itemize(randomParagraph(rng, 1+rng.IntN(80), 9), m, nil)
		widths := constWidth(Length(8 + rng.IntN(40)))
		for _, p := range []*Params{nil, {Pretolerance: -1, Tolerance: 5}} {
			want := Break(items, widths, p)
			got := br.Break(items, widths, p)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("case %d: Breaker gives %+v, Break %+v", i, got, want)
			}
		}
	}
	if got := br.Break(nil, constWidth(10), nil); len(got.Lines) != 0 {
		t.Errorf("no items: %d lines", len(got.Lines))
	}
}

// legal reports whether items[i] is a legal breakpoint: a penalty below
// Infinity, or a glue right after a box.
func legal(items []Item, i int) bool {
	switch it := &items[i]; it.Kind {
	case Penalty:
		return it.Penalty < Infinity
	case Glue:
		return i > 0 && items[i-1].Kind == Box
	}
	return false
}

// TestBreakOneMeasure checks the breaker's shortcuts for paragraphs set
// to one measure (lines too loose skipped without measuring each active
// node) against its plain way, which it takes when the measure changes
// after the last line a paragraph could have: the pamphlet's paragraphs
// in both passes, and random ones. (Ragged lines have no shortcuts: their
// negative stretch makes a later start no shorter.) Params.Measure must
// give the same lines as widths of one measure.
func TestBreakOneMeasure(t *testing.T) {
	check := func(name string, items []Item, w Length, p *Params) {
		t.Helper()
		// The last line ends at the last breakpoint.
		n := 0
		for i := range items {
			if legal(items, i) {
				n++
			}
		}
		if len(items) == 0 || !forced(items[len(items)-1]) {
			n++
		}
		plain := func(line int) Length {
			if line >= n {
				return w + 1
			}
			return w
		}
		want := Break(items, plain, p)
		for _, l := range want.Lines {
			if l.Width != w {
				t.Fatalf("%s: a line of width %g", name, l.Width)
			}
		}
		if got := Break(items, constWidth(w), p); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: one measure gives %+v, plain %+v", name, got, want)
		}
		// And Params.Measure without widths, also with a looseness and
		// in Greedy.
		var pm Params
		if p != nil {
			pm = *p
		}
		pm.Measure = w
		if got := Break(items, nil, &pm); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Measure gives %+v, plain %+v", name, got, want)
		}
		pm.Looseness = 1
		lw := pm
		lw.Measure = 0
		if got, want := Break(items, nil, &pm), Break(items, constWidth(w), &lw); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Measure with looseness gives %+v, widths %+v", name, got, want)
		}
		if got, want := Greedy(items, nil, &pm), Greedy(items, constWidth(w), &lw); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Greedy with Measure gives %+v, widths %+v", name, got, want)
		}
	}
	m := charMeasurer{}
	for i, p := range pamphletParagraphs(t) {
		if i%3 != 0 {
			continue // a third of them is enough, and quicker with -race
		}
		o := &ItemizeOptions{Hyphenator: English(), Indent: 15}
		items := Itemize([]Run{{Text: p}}, m, o)
		check(fmt.Sprintf("paragraph %d", i), items, 330, nil)
		check(fmt.Sprintf("paragraph %d, second pass", i), items, 330, &Params{Pretolerance: -1})
	}
	rng := rand.New(rand.NewPCG(9, 10))
	um := unitMeasurer{wide: map[rune]Length{' ': 1, '-': 1}}
	for i := range 150 {
		items := Itemize(randomParagraph(rng, 4+rng.IntN(30), 9), um, &ItemizeOptions{Hyphenator: everyOther{}})
		w := Length(8 + rng.IntN(30))
		for _, p := range []*Params{nil, {Pretolerance: -1, Tolerance: 3}} {
			check(fmt.Sprintf("random %d", i), items, w, p)
		}
	}
}
