package typeset

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// unitMeasurer makes every rune one point wide, except those in wide.
type unitMeasurer struct{ wide map[rune]Length }

func (m unitMeasurer) Width(style int, s string) Length {
	var w Length
	for _, r := range s {
		if x, ok := m.wide[r]; ok {
			w += x
			continue
		}
		w++
	}
	return w
}

// dump renders items compactly: [box] _glue_ |penalty| (flagged: |-50|).
func dump(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		switch it.Kind {
		case Box:
			if it.Text == "" {
				b.WriteString("[#" + ftoa(float64(it.Width)) + "]")
			} else {
				b.WriteString("[" + it.Text + "]")
			}
		case Glue:
			switch {
			case it.Stretch >= Fil:
				b.WriteString("_fil_")
			case it.Stretch == 0 && it.Shrink == 0:
				b.WriteString("_" + ftoa(float64(it.Width)) + "_")
			default:
				b.WriteString("_")
			}
		case Penalty:
			b.WriteString("|")
			if it.Flagged {
				b.WriteString("f")
			}
			switch it.Penalty {
			case Infinity:
				b.WriteString("inf")
			case -Infinity:
				b.WriteString("-inf")
			default:
				b.WriteString(itoa(int(it.Penalty)))
			}
			b.WriteString(it.Text + "|")
		}
	}
	return b.String()
}

func TestItemize(t *testing.T) {
	hy := fakeHyphenator{"hyphenation": {2, 6}, "workers": {4}, "table": {2}}
	cases := []struct {
		name string
		runs []Run
		o    *ItemizeOptions
		want string
	}{
		{"words", []Run{{Text: "  one two\t\nthree "}}, nil,
			"[one]_[two]_[three]|inf|_fil_|-inf|"},
		{"empty", nil, nil, "|inf|_fil_|-inf|"},
		{"indent", []Run{{Text: "a b"}}, &ItemizeOptions{Indent: 3},
			"[#3][a]_[b]|inf|_fil_|-inf|"},
		{"nbsp", []Run{{Text: "Mr.\u00a0X \u00a0 y"}}, nil,
			"[Mr.]|inf|_[X]|inf|_[y]|inf|_fil_|-inf|"},
		{"explicit hyphen", []Run{{Text: "well-known -x 1917-18 a--b"}}, nil,
			"[well-]|f50|[known]_[-x]_[1917-]|f50|[18]_[a--b]|inf|_fil_|-inf|"},
		{"dashes", []Run{{Text: "yes—no, so– —a ok–“b”"}}, nil,
			"[yes—]|f50|[no,]_[so–]_[—a]_[ok–]|f50|[“b”]|inf|_fil_|-inf|"},
		{"soft hyphen", []Run{{Text: "ta\u00adble \u00adx\u00ad"}}, &ItemizeOptions{Hyphenator: hy},
			"[ta]|f50-|[ble]_[x]|inf|_fil_|-inf|"},
		{"hyphenation", []Run{{Text: "(hyphenation), workers’ Table a1table"}}, &ItemizeOptions{Hyphenator: hy},
			"[(hy]|f50-|[phen]|f50-|[ation),]_[work]|f50-|[ers’]_[Table]_[a1table]|inf|_fil_|-inf|"},
		{"capitals allowed", []Run{{Text: "Table"}}, &ItemizeOptions{Hyphenator: hy, HyphenateCapitalized: true},
			"[Ta]|f50-|[ble]|inf|_fil_|-inf|"},
		{"no hyphenate run", []Run{{Text: "table x-y ", NoHyphenate: true}, {Text: "table"}}, &ItemizeOptions{Hyphenator: hy},
			"[table]_[x-y]_[ta]|f50-|[ble]|inf|_fil_|-inf|"},
		{"styles inside a word", []Run{{Text: "a "}, {Text: "word", Style: 1}, {Text: ", b"}}, nil,
			"[a]_[word][,]_[b]|inf|_fil_|-inf|"},
		{"style change at hyphenation point", []Run{{Text: "ta"}, {Text: "ble", Style: 1}}, &ItemizeOptions{Hyphenator: hy},
			"[ta]|f50-|[ble]|inf|_fil_|-inf|"},
		{"object box", []Run{{Text: "word"}, {Box: 4, Tag: 7}, {Text: " next "}, {Box: 2}}, nil,
			"[word][#4]_[next]_[#2]|inf|_fil_|-inf|"},
		{"line separator", []Run{{Text: "\u2028a \u2028 b\u2028"}}, nil,
			"[a]|inf|_fil_|-inf|[b]|inf|_fil_|-inf|"},
		{"zero width space", []Run{{Text: "a\u200bb\u2060c"}}, nil,
			"[a]|0|[bc]|inf|_fil_|-inf|"},
		{"ragged", []Run{{Text: "ab cd-ef"}}, &ItemizeOptions{Ragged: true, RaggedStretch: 9},
			"[ab]|inf|_|0|_[cd-]|inf|_|f50|_[ef]|inf|_fil_|-inf|"},
		{"penalties", []Run{{Text: "ta\u00adble x-y"}}, &ItemizeOptions{HyphenPenalty: 7, ExHyphenPenalty: -3},
			"[ta]|f7-|[ble]_[x-]|f-3|[y]|inf|_fil_|-inf|"},
	}
	m := unitMeasurer{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := dump(Itemize(c.runs, m, c.o))
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestItemizeWidthsAndTags(t *testing.T) {
	m := unitMeasurer{wide: map[rune]Length{' ': 3, '-': 0.5}}
	items := Itemize([]Run{{Text: "ab ", Style: 2, Tag: 5}, {Text: "table", Style: 3}},
		m, &ItemizeOptions{Hyphenator: fakeHyphenator{"table": {2}}})
	g := items[1]
	if g.Kind != Glue || g.Width != 3 || g.Stretch != 1.5 || g.Shrink != 1 || g.Style != 2 || g.Tag != 5 {
		t.Errorf("space glue = %+v", g)
	}
	items2 := Itemize([]Run{{Text: "a b\u202fc"}}, m, &ItemizeOptions{SpaceStretch: 2, SpaceShrink: 9})
	if g := items2[1]; g.Width != 3 || g.Stretch != 2 || g.Shrink != 3 {
		t.Errorf("space glue with options = %+v", g)
	}
	if g := items2[4]; g.Width != 1.5 || g.Stretch != 0.75 || g.Shrink != 0.5 {
		t.Errorf("narrow space glue = %+v", g)
	}
	p := items[3]
	if p.Kind != Penalty || p.Width != 0.5 || p.Text != "-" || !p.Flagged || p.Style != 3 {
		t.Errorf("hyphen penalty = %+v", p)
	}
	if b := items[4]; b.Width != 3 || b.Text != "ble" || b.Style != 3 {
		t.Errorf("box = %+v", b)
	}
	for _, it := range items {
		if strings.ContainsRune(it.Text, '\u00ad') || !utf8.ValidString(it.Text) {
			t.Errorf("bad text %q", it.Text)
		}
	}
}

// fakeHyphenator hyphenates the words it knows (lower case), at rune
// offsets.
type fakeHyphenator map[string][]int

func (f fakeHyphenator) Hyphenate(word string) []int {
	runes := []rune(strings.ToLower(word))
	var out []int
	for _, p := range f[string(runes)] {
		out = append(out, len(string([]rune(word)[:p])))
	}
	return out
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func itoa(i int) string { return strconv.Itoa(i) }

// TestItemizeInto checks that itemizing into a reused list gives what
// Itemize gives, in the list's storage when it is large enough.
func TestItemizeInto(t *testing.T) {
	texts := []string{
		"A first paragraph, of several words, some of them hyphenated.",
		"Short.",
		"A third paragraph with more words than the first one had in it, to grow the list again.",
	}
	m := unitMeasurer{}
	h, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	o := &ItemizeOptions{Hyphenator: h, Indent: 2}
	var buf []Item
	for _, s := range texts {
		runs := []Run{{Text: s}}
		want := Itemize(runs, m, o)
		got := ItemizeInto(buf, runs, m, o)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: ItemizeInto gives\n%v\nwant\n%v", s, got, want)
		}
		if cap(buf) >= len(s)/2+8 && &got[0] != &buf[:1][0] {
			t.Errorf("%q: a list of capacity %d was not reused for %d items", s, cap(buf), len(got))
		}
		buf = got
	}
}

// breakItems counts what appendBreak appends, for every kind of break,
// ragged or not: Hyphenate makes room in place by it.
func TestBreakItems(t *testing.T) {
	for _, ragged := range []bool{false, true} {
		z := itemizer{m: unitMeasurer{}, o: ItemizeOptions{Ragged: ragged}}
		for _, kind := range []int8{brkHyphen, brkEx, brkZero} {
			if n := len(z.appendBreak(nil, kind, 0, 0)); n != z.breakItems() {
				t.Errorf("ragged %v, kind %d: appendBreak appends %d items, breakItems says %d", ragged, kind, n, z.breakItems())
			}
		}
	}
}
