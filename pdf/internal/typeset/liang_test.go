package typeset

import (
	"strings"
	"sync"
	"testing"
)

// hyphenated shows word with its hyphenation points as "-".
func hyphenated(h Hyphenator, word string) string {
	var b strings.Builder
	last := 0
	for _, p := range h.Hyphenate(word) {
		b.WriteString(word[last:p])
		b.WriteByte('-')
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}

func TestEnglish(t *testing.T) {
	l, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	// As plain TeX hyphenates them (\showhyphens with hyphen.tex). "ta-ble",
	// "present", "project", "reci-procity" and "as-so-ciate" come from the
	// exception list, the rest from the patterns.
	for _, want := range strings.Fields(`
		hy-phen-ation ta-ble rev-o-lu-tion rev-o-lu-tion-ary pro-le-tariat
		bour-geoisie gov-ern-ment present project reci-procity as-so-ciate
		char-ac-ter-is-tic demo-cratic manuscript type-set-ting al-go-rithm
		in-sur-rec-tion work-ers pos-si-ble con-de-scen-sion col-lec-tivi-sa-tion
		dras-ti-cally ter-ri-ble resur-gence with-out alone aside
		Hy-phen-ation REV-O-LU-TION`) {
		word := strings.ReplaceAll(want, "-", "")
		if got := hyphenated(l, word); got != want {
			t.Errorf("%s: got %s, want %s", word, got, want)
		}
	}
}

func TestEnglishMinima(t *testing.T) {
	l := English()
	// The patterns allow "a-part" and "prop-er-ty"'s last break "ty" is too
	// short: at least 2 letters before a hyphen and 3 after.
	for word, want := range map[string]string{
		"apart":    "apart",   // a-part: one letter before
		"eating":   "eat-ing", // ea-ting not allowed by patterns; 3 after
		"property": "prop-erty",
		"ablest":   "ablest",
		"abc":      "abc",
		"":         "",
	} {
		if got := hyphenated(l, word); got != want {
			t.Errorf("%q: got %s, want %s", word, got, want)
		}
	}
	loose, err := NewLiang(strings.NewReader("1a1 1b1 1c1 1d1"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := hyphenated(loose, "abcd"); got != "a-b-c-d" {
		t.Errorf("minima 1,1: %s", got)
	}
	tight, _ := NewLiang(strings.NewReader("1a1 1b1 1c1 1d1 1e1"), 2, 3)
	if got := hyphenated(tight, "abcdeab"); got != "ab-c-d-eab" {
		t.Errorf("minima 2,3: %s", got)
	}
}

func TestLiangUnicode(t *testing.T) {
	// Non-ASCII patterns, Unicode lower-casing, byte offsets.
	l, err := NewLiang(strings.NewReader("ä1b é1c"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := hyphenated(l, "xÄbÉcy"); got != "xÄ-bÉ-cy" {
		t.Errorf("got %s", got)
	}
	for _, w := range []string{"a1b", "ab-c", "x y", strings.Repeat("a", 200)} {
		if p := l.Hyphenate(w); p != nil {
			t.Errorf("%q: %v", w, p)
		}
	}
}

func TestNewLiangFormats(t *testing.T) {
	tex := `% comment
\patterns{ % open
a1b b1c
}
\hyphenation{ % exceptions
ab-cab
abc
}`
	l, err := NewLiang(strings.NewReader(tex), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]string{"abcab": "ab-cab", "abc": "abc", "cabc": "ca-b-c"} {
		if got := hyphenated(l, word); got != want {
			t.Errorf("%s: got %s, want %s", word, got, want)
		}
	}
	plain, err := NewLiang(strings.NewReader("a1b\nb1c ab-cab\n"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := hyphenated(plain, "abcab"); got != "ab-cab" {
		t.Errorf("plain exceptions: %s", got)
	}
	for _, bad := range []string{"", `\patterns{a1b`, `\foo{}`, "a1b }", `\patterns{a{b}`, `\hyphenation{-ab}`} {
		if _, err := NewLiang(strings.NewReader(bad), 2, 3); err == nil || !strings.HasPrefix(err.Error(), "typeset: ") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func TestEnglishConcurrent(t *testing.T) {
	l := English()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if got := hyphenated(l, "revolutionary"); got != "rev-o-lu-tion-ary" {
					t.Errorf("got %s", got)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestItemizeEnglish(t *testing.T) {
	items := Itemize([]Run{{Text: "“workers’ revolution,” a-revolution Revolution."}}, unitMeasurer{}, &ItemizeOptions{Hyphenator: English()})
	want := "[“work]|f50-|[ers’]_[rev]|f50-|[o]|f50-|[lu]|f50-|[tion,”]_[a-]|f50|[rev]|f50-|[o]|f50-|[lu]|f50-|[tion]_[Revolution.]|inf|_fil_|-inf|"
	if got := dump(items); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func BenchmarkNewEnglish(b *testing.B) {
	for b.Loop() {
		if _, err := NewEnglish(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHyphenate(b *testing.B) {
	l := English()
	words := strings.Fields("the revolution of october proletariat bourgeoisie government hyphenation characteristically a insurrection")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		l.Hyphenate(words[i%len(words)])
	}
}
