package typeset

import (
	"strings"
	"testing"
)

func constWidth(w Length) func(int) Length { return func(int) Length { return w } }

// text renders the broken paragraph as lines of text, glue as one space,
// with the break's Text appended.
func text(items []Item, r Result) []string {
	var out []string
	for _, l := range r.Lines {
		var b strings.Builder
		for _, it := range items[l.Start:l.End] {
			switch it.Kind {
			case Box:
				b.WriteString(it.Text)
			case Glue:
				if it.Width > 0 {
					b.WriteString(" ")
				}
			}
		}
		if l.End < len(items) && items[l.End].Kind == Penalty {
			b.WriteString(items[l.End].Text)
		}
		out = append(out, b.String())
	}
	return out
}

// checkLines checks the invariants of any result: lines in order covering
// every box once, Start past discardable items, widths as asked, and (unless
// greedy) no line wider than its measure.
func checkLines(t *testing.T, items []Item, widths func(int) Length, r Result) {
	t.Helper()
	prevEnd := -1
	for i, l := range r.Lines {
		if l.Start > l.End || l.End > len(items) || l.End <= prevEnd {
			t.Fatalf("line %d: bad range %d..%d after %d", i, l.Start, l.End, prevEnd)
		}
		for k := prevEnd + 1; k < l.Start; k++ {
			if items[k].Kind == Box {
				t.Fatalf("line %d: box %d skipped", i, k)
			}
		}
		if i > 0 && l.Start < l.End && items[l.Start].Kind != Box {
			t.Errorf("line %d starts with a %v", i, items[l.Start].Kind)
		}
		if l.Width != widths(i) {
			t.Errorf("line %d: width %v, want %v", i, l.Width, widths(i))
		}
		var w Length
		for _, it := range items[l.Start:l.End] {
			w += l.GlueWidth(it)
		}
		if l.End < len(items) && items[l.End].Kind == Penalty {
			w += items[l.End].Width
		}
		if !r.Greedy && w > l.Width+1e-9 {
			t.Errorf("line %d: %v wide, measure %v", i, w, l.Width)
		}
		if l.Ratio < -1 {
			t.Errorf("line %d: ratio %v", i, l.Ratio)
		}
		prevEnd = l.End
	}
	if len(items) > 0 {
		last := r.Lines[len(r.Lines)-1].End
		if last != len(items) && !(last == len(items)-1 && forced(items[last])) {
			t.Errorf("last line ends at %d of %d", last, len(items))
		}
	}
}

const sample = "In olden times when wishing still helped one, there lived a king whose daughters were all beautiful; and the youngest was so beautiful that the sun itself, which has seen so much, was astonished whenever it shone in her face."

func TestBreakSimple(t *testing.T) {
	items := Itemize([]Run{{Text: sample}}, unitMeasurer{}, nil)
	for _, w := range []Length{20, 30, 45, 60, 200} {
		widths := constWidth(w)
		r := Break(items, widths, nil)
		checkLines(t, items, widths, r)
		if r.Greedy {
			t.Errorf("width %v: greedy", w)
		}
		if got := strings.Join(text(items, r), " "); got != sample {
			t.Errorf("width %v: text changed:\n%s", w, got)
		}
	}
}

func TestBreakEmpty(t *testing.T) {
	if r := Break(nil, constWidth(10), nil); len(r.Lines) != 0 {
		t.Errorf("nil items: %+v", r)
	}
	items := Itemize(nil, unitMeasurer{}, nil)
	r := Break(items, constWidth(10), nil)
	checkLines(t, items, constWidth(10), r)
	if len(r.Lines) != 1 {
		t.Errorf("empty paragraph: %+v", r)
	}
}

func TestGreedyOverfull(t *testing.T) {
	items := Itemize([]Run{{Text: "a verylongword b"}}, unitMeasurer{}, nil)
	r := Break(items, constWidth(5), nil)
	checkLines(t, items, constWidth(5), r)
	if !r.Greedy {
		t.Errorf("not greedy: %+v", r)
	}
	if got := text(items, r); strings.Join(got, "|") != "a|verylongword|b" {
		t.Errorf("lines %q", got)
	}
}
