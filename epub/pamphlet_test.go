package epub_test

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/source"
)

func TestPamphlet(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func() (*book.Book, error)
	}{{"manuscript", source.Pamphlet}, {"original", source.PamphletOriginal}} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.read()
			if err != nil {
				t.Fatal(err)
			}
			data := write(t, b, nil)
			if dir := os.Getenv("QUIRE_EPUB_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "pamphlet-"+tc.name+".epub"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files, _ := unzip(t, data)
			var text strings.Builder
			for _, name := range spine(t, files) {
				if path.Base(name) == "nav.xhtml" {
					continue
				}
				text.WriteString(xhtmlText(t, name, files[name]))
				text.WriteByte('\n')
			}
			original := string(source.PamphletText())
			missing := missingWords(words(original), words(text.String()))
			// The text's first three lines are a header (title, credit,
			// date) that becomes metadata; the manuscript also corrects
			// the typing errors listed in source/pamphlet/ERRATA.md.
			allowed := map[string]bool{}
			header := strings.SplitN(original, "\n\n", 3)
			for _, w := range words(header[0] + " " + header[1]) {
				allowed[w] = true
			}
			limit := len(words(header[0] + " " + header[1]))
			if tc.name == "manuscript" {
				for _, w := range errataWords {
					allowed[w] = true
				}
				limit += len(errataWords)
			}
			for _, w := range missing {
				if !allowed[w] {
					t.Errorf("%q of the original is missing from the EPUB's spine", w)
				}
			}
			if len(missing) > limit {
				t.Errorf("%d words missing, at most %d expected: %q", len(missing), limit, missing)
			}
			t.Logf("words missing, all from the header or corrected: %q", missing)
			epubcheck(t, data)
		})
	}
}

// errataWords are the words of the original that the manuscript's errata
// correct or drop.
var errataWords = []string{"rethoric", "revoution", "russian", "wilhem", "territorities", "collabourated",
	"collabourate", "developped", "wan", "adn", "nationhal", "for", "the", "and"}

// words splits s into lower-case runs of letters and digits, so that
// quotes, dashes and other punctuation, which typography may change, do
// not count.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// missingWords returns the words of want that are not in a longest common
// subsequence of want and got: what got lacks, in order. It is Myers's
// O(ND) difference algorithm, keeping only the deletions.
func missingWords(want, got []string) []string {
	n, m := len(want), len(got)
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int // trace[d][k+d] is v[k] before step d
	for d := 0; d <= n+m; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && want[x] == got[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return deletions(trace, want, n, m, d)
			}
		}
	}
	return nil
}

func deletions(trace [][]int, want []string, x, y, d int) []string {
	var out []string
	for ; d > 0; d-- {
		prev := trace[d]
		at := func(k int) int { return prev[k+d] }
		k := x - y
		var pk int
		if k == -d || k != d && at(k-1) < at(k+1) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		if pk == k-1 {
			out = append(out, want[px])
		}
		x, y = px, px-pk
	}
	slices.Reverse(out)
	return out
}

func TestMissingWords(t *testing.T) {
	for _, tc := range []struct{ want, got, missing string }{
		{"a b c d", "a b c d", ""},
		{"a b c d", "x a c d y", "b"},
		{"the the cat sat", "title the cat sat on", "the"},
		{"a b c", "", "a b c"},
		{"a b a b", "b a", "a b"},
	} {
		got := strings.Join(missingWords(strings.Fields(tc.want), strings.Fields(tc.got)), " ")
		if got != tc.missing {
			t.Errorf("missingWords(%q, %q) = %q, want %q", tc.want, tc.got, got, tc.missing)
		}
	}
}
