package source

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// checkPlainSame fails t if reading src with plain paragraphs taken out
// of goldmark's inline parsing gives another book, or another error, than
// reading it with goldmark parsing every paragraph.
func checkPlainSame(t *testing.T, src []byte) {
	t.Helper()
	for _, level := range []int{0, 2} {
		o := &MarkdownOptions{Name: "m.md", FS: testFS(), ChapterLevel: level}
		want, wantErr := readMarkdown(src, o, false)
		got, err := readMarkdown(src, o, true)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("input %q: error %v, want %v", src, err, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q: the book differs from goldmark's\n%s", src, diffLine(dump(got), dump(want)))
		}
	}
}

func TestPlainParagraphsMatchGoldmark(t *testing.T) {
	for _, c := range []string{
		"a\nb\n", "a  \nb\n", "a -- b --- c ... d .... e ----- f\n", "a----b -.-. .--. ..-- --.. ...... -------x-\n-\n.\n..\n", "wow! > no <b> ![i](img/map.png) !\n",
		"don't Lenin's 'quoted' workers' 'tis rock'n'roll 1920's I'm O'Neil'\nx'\n'y\n", "'a'b'c' d'\n\n'e\n", "a workers' state\n", "end'\n", "'open\n\nclose' here\n\nx'\n\ny'\n", "a --\nb\n", "a -- \nb\n",
		"Title\n-----\n", "Title\n=====\n\ntext\n", "para\n# heading\n", "> quoted\nlazy\n\nafter\n",
		"- item\n- item, two\n\n- loose\n", "1. one\n\n   two\n", "[^1]: note\n[^2]: two\n\nx[^1] y[^2]\n",
		"text\n| a |\n|---|\n", "\ta tab\n", "a\n\n    code\n", "x\t \n", "...\n---\n", "a.\n.b\n",
		// A note defined inside another cuts the notes off the document.
		"x[^0] x[^1]\n\n[^0]:[^1]: x\n y\n[^1]: y\n",
	} {
		checkPlainSame(t, []byte("---\ntitle: T\n---\n"+c))
		checkPlainSame(t, []byte(c))
	}
	for _, c := range gfmCases {
		checkPlainSame(t, []byte(c))
	}
	names := make([]string, 0, len(pathological))
	for n := range pathological {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		checkPlainSame(t, []byte("---\ntitle: T\n---\n"+pathological[n](4000)))
	}
	files, _ := filepath.Glob("testdata/markdown/*.txt")
	for _, f := range files {
		for _, tc := range readCases(t, f) {
			checkPlainSame(t, tc.inputBytes(t))
		}
	}
	checkPlainSame(t, PamphletMarkdown())
	// And the seeds of the reader's fuzz test.
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzReadMarkdown/*")
	for _, f := range corpus {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, arg, _ := strings.Cut(string(data), "\n[]byte(")
		src, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkPlainSame(t, []byte(src))
	}
}

func FuzzPlainParagraphs(f *testing.F) {
	f.Add([]byte("a -- b\nc  \nd ... e\n\nTitle\n---\n"))
	f.Add(PamphletMarkdown()[:2000])
	f.Fuzz(func(t *testing.T, src []byte) {
		checkPlainSame(t, src)
	})
}
