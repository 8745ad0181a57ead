package typeset

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/quire-books/quire/source"
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

// BenchmarkBuildEnglish builds hyphen.tex's trie, as the first NewEnglish
// of a process does.
func BenchmarkBuildEnglish(b *testing.B) {
	src, err := hyphenTex()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := newLiang(src, 2, 3); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHyphenate(b *testing.B) {
	l := English()
	words := strings.Fields("the revolution of october proletariat bourgeoisie government hyphenation characteristically a insurrection")
	b.Run("memo", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			l.Hyphenate(words[i%len(words)])
		}
	})
	b.Run("patterns", func(b *testing.B) {
		var out []int
		for i := 0; b.Loop(); i++ {
			w := words[i%len(words)]
			out = l.match(out[:0], w, len(w))
		}
	})
}

// bruteLiang hyphenates by Liang's definition: every substring of
// ".word." that is a pattern sets the levels between its letters.
type bruteLiang struct {
	pats        map[string][]uint8 // letters → digits (one more than letters)
	left, right int
}

func newBruteLiang(patterns []string, left, right int) *bruteLiang {
	b := &bruteLiang{pats: map[string][]uint8{}, left: left, right: right}
	for _, p := range patterns {
		var letters []rune
		digits := []uint8{0}
		for _, r := range p {
			if r >= '0' && r <= '9' {
				digits[len(digits)-1] = uint8(r - '0')
				continue
			}
			letters = append(letters, r)
			digits = append(digits, 0)
		}
		key := string(letters)
		if old, ok := b.pats[key]; ok {
			for i := range old {
				digits[i] = max(digits[i], old[i])
			}
		}
		b.pats[key] = digits
	}
	return b
}

func (b *bruteLiang) Hyphenate(word string) []int {
	rs := []rune(word)
	d := append(append([]rune{'.'}, []rune(strings.ToLower(word))...), '.')
	level := make([]uint8, len(d)+1)
	for i := range d {
		for j := i + 1; j <= len(d); j++ {
			if ds, ok := b.pats[string(d[i:j])]; ok {
				for k, x := range ds {
					level[i+k] = max(level[i+k], x)
				}
			}
		}
	}
	var out []int
	off := 0
	for k, r := range rs {
		if k >= b.left && len(rs)-k >= b.right && level[k+1]%2 == 1 {
			out = append(out, off)
		}
		off += len(string(r))
	}
	return out
}

// TestLiangBruteForce checks the trie against the definition on random
// patterns and words over an alphabet of ASCII and other letters, so that
// trie nodes have children found by bit counting, by search, and both.
func TestLiangBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("abcxyz.éßж")
	for round := range 200 {
		var pats []string
		for range 1 + rng.IntN(40) {
			var sb strings.Builder
			n := 1 + rng.IntN(4)
			for k := range n {
				if rng.IntN(2) == 0 {
					sb.WriteByte(byte('0' + rng.IntN(10)))
				}
				r := alphabet[rng.IntN(len(alphabet))]
				if r == '.' && k != 0 && k != n-1 {
					r = 'a'
				}
				sb.WriteRune(r)
			}
			if rng.IntN(2) == 0 {
				sb.WriteByte(byte('0' + rng.IntN(10)))
			}
			pats = append(pats, sb.String())
		}
		left, right := 1+rng.IntN(2), 1+rng.IntN(3)
		// In their order (most often not sorted: sorted, then built) and
		// sorted (built as they come).
		l, err := NewLiang(strings.NewReader(strings.Join(pats, "\n")), left, right)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		sorted := slices.Clone(pats)
		slices.SortStableFunc(sorted, func(a, b string) int { return compareKeys(letters(a), letters(b)) })
		ls, err := NewLiang(strings.NewReader(strings.Join(sorted, "\n")), left, right)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		b := newBruteLiang(pats, left, right)
		for range 50 {
			var sb strings.Builder
			for range 1 + rng.IntN(12) {
				r := alphabet[rng.IntN(len(alphabet))]
				if r == '.' {
					r = 'Z'
				}
				sb.WriteRune(r)
			}
			w := sb.String()
			want := b.Hyphenate(w)
			for again := range 2 { // the second time from Liang's memo
				if got := l.Hyphenate(w); !slices.Equal(got, want) {
					t.Fatalf("round %d (%d): patterns %q, minima %d,%d: %q: got %v, want %v", round, again, pats, left, right, w, got, want)
				}
			}
			if got := ls.Hyphenate(w); !slices.Equal(got, want) {
				t.Fatalf("round %d: sorted patterns %q, minima %d,%d: %q: got %v, want %v", round, sorted, left, right, w, got, want)
			}
		}
	}
}

// letters returns the letters of pattern p, lower-cased.
func letters(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r < '0' || r > '9' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// TestEnglishBruteForce checks the trie built from hyphen.tex, whose
// patterns are sorted (so built as they come), against Liang's definition
// on the words of the pamphlet and their prefixes and suffixes.
func TestEnglishBruteForce(t *testing.T) {
	src, err := hyphenTex()
	if err != nil {
		t.Fatal(err)
	}
	_, pats, _ := strings.Cut(src, `\patterns{`)
	pats, _, _ = strings.Cut(pats, "}")
	var list []string
	for _, line := range strings.Split(pats, "\n") {
		line, _, _ = strings.Cut(line, "%")
		list = append(list, strings.Fields(line)...)
	}
	if len(list) < 4000 {
		t.Fatalf("%d patterns in hyphen.tex", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b string) int { return compareKeys(letters(a), letters(b)) }) {
		t.Error("hyphen.tex's patterns are not sorted: the trie is built by the slower way")
	}
	b := newBruteLiang(list, 2, 3)
	l := English()
	seen := map[string]bool{}
	words := strings.FieldsFunc(string(source.PamphletText()), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		w = strings.ToLower(w)
		for _, v := range []string{w, w[:len(w)/2], w[len(w)/3:]} {
			if _, ok := l.exception([]rune(v)); seen[v] || ok {
				continue
			}
			seen[v] = true
			if got, want := l.appendHyphensUnmemo(nil, v), b.Hyphenate(v); !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v", v, got, want)
			}
		}
	}
	if len(seen) < 3000 {
		t.Errorf("only %d words", len(seen))
	}
}

// TestNewLiangUnsorted checks that patterns out of order, repeated or
// not, build the same trie as sorted, and that an error after the first
// pattern out of order is still found.
func TestNewLiangUnsorted(t *testing.T) {
	sorted := "\\patterns{ .a1b a2b a1b3 1ba b1c 2c1 }\n\\hyphenation{ ta-ble }"
	unsorted := "\\patterns{ b1c 1ba a1b3 .a1b 2c1 a2b a1b }\n\\hyphenation{ ta-ble }"
	a, err := NewLiang(strings.NewReader(sorted), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewLiang(strings.NewReader(unsorted), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.nodes, b.nodes) || !slices.Equal(a.points, b.points) {
		t.Errorf("tries differ:\n%v %v\n%v %v", a.nodes, a.points, b.nodes, b.points)
	}
	for _, w := range []string{"abcab", "cabbc", "table", "ab"} {
		if x, y := hyphenated(a, w), hyphenated(b, w); x != y {
			t.Errorf("%s: sorted %s, unsorted %s", w, x, y)
		}
	}
	for _, bad := range []string{"b1c a1b a{b", "b1c a1b 12", "b1c a1b } x"} {
		if _, err := NewLiang(strings.NewReader(bad), 1, 1); err == nil || errors.Is(err, errUnsorted) {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

// TestEnglishShared checks that NewEnglish's hyphenators share their
// patterns and hyphenate alike when used at once.
func TestEnglishShared(t *testing.T) {
	a, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewEnglish()
	if err != nil {
		t.Fatal(err)
	}
	if a.patterns != b.patterns {
		t.Error("NewEnglish built its patterns twice")
	}
	if a == b {
		t.Fatal("NewEnglish returned the same hyphenator twice")
	}
	words := []string{"hyphenation", "revolution", "representative", "table", "proletariat"}
	done := make(chan []string, 4)
	for i := range 4 {
		l := a
		if i%2 == 1 {
			l = b
		}
		go func() {
			var got []string
			for _, w := range words {
				got = append(got, fmt.Sprint(l.Hyphenate(w)))
			}
			done <- got
		}()
	}
	first := <-done
	for range 3 {
		if got := <-done; !slices.Equal(got, first) {
			t.Errorf("hyphens differ: %v and %v", got, first)
		}
	}
}
