package source

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/quire-books/quire/book"
)

// depth returns the deepest nesting of blocks and inlines, counted as
// book.Validate counts it.
func depth(blocks []book.Block, d int) int {
	deepest := d
	for _, b := range blocks {
		switch b := b.(type) {
		case book.Quote:
			deepest = max(deepest, depth(b, d+1))
		case book.List:
			for _, item := range b.Items {
				deepest = max(deepest, depth(item, d+1))
			}
		case book.Paragraph:
			deepest = max(deepest, inlineDepth(b, d))
		case book.Footnote:
			deepest = max(deepest, depth(b.Blocks, d+1))
		}
	}
	return deepest
}

func inlineDepth(in []book.Inline, d int) int {
	deepest := d
	for _, x := range in {
		switch x := x.(type) {
		case book.Emphasis:
			deepest = max(deepest, inlineDepth(x, d+1))
		case book.Strong:
			deepest = max(deepest, inlineDepth(x, d+1))
		case book.Link:
			deepest = max(deepest, inlineDepth(x.Content, d+1))
		}
	}
	return deepest
}

// Nesting deeper than book.MaxDepth is flattened, keeping all the text.
func TestDeepNestingIsFlattened(t *testing.T) {
	n := book.MaxDepth + 40
	inputs := map[string]string{
		"quotes":   strings.Repeat("> ", n) + "deep words",
		"lists":    listOf(n),
		"emphasis": strings.Repeat("*a ", n) + "deep words" + strings.Repeat(" a*", n),
		"links":    strings.Repeat("_a ", n) + "[deep words](https://example.com)" + strings.Repeat(" a_", n),
	}
	for name, in := range inputs {
		b, err := ReadMarkdown([]byte("---\ntitle: Deep\n---\n"+in+"\n"), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		blocks := b.Chapters[0].Blocks
		if d := depth(blocks, 0); d != book.MaxDepth {
			t.Errorf("%s: depth %d, want %d", name, d, book.MaxDepth)
		}
		if text := bookText(b); !strings.Contains(text, "deep words") {
			t.Errorf("%s: the text was lost: %q", name, text)
		}
	}
}

func listOf(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	sb.WriteString(strings.Repeat("  ", n) + "deep words\n")
	return sb.String()
}

func TestErrorsCarryTheirPlace(t *testing.T) {
	_, err := ReadMarkdown([]byte("---\ntitle: x\n---\n\n![a](../x.png)\n"), &MarkdownOptions{Name: "m.md", FS: testFS()})
	var e *Error
	if !errors.As(err, &e) || e.File != "m.md" || e.Line != 5 || e.Column != 1 || !errors.Is(err, ErrImage) {
		t.Errorf("got %#v, want an *Error at m.md:5:1 wrapping ErrImage", err)
	}
	_, err = ReadText([]byte("T\nB\n1987\n\xff\n"), nil)
	if !errors.As(err, &e) || e.Line != 4 || e.Column != 1 || !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("got %#v, want an *Error at line 4:1 wrapping ErrInvalidUTF8", err)
	}
	for _, c := range []struct {
		src  string
		kind error
	}{
		{"---\ntitle: x\nbad\n---\n", ErrFrontMatter},
		{"---\ntitle: x\n---\n\x01", ErrBadChar},
		{"---\ntitle: x\n---\n", ErrNoText},
	} {
		if _, err := ReadMarkdown([]byte(c.src), nil); !errors.Is(err, c.kind) {
			t.Errorf("%q: got %v, want %v", c.src, err, c.kind)
		}
	}
	if _, err := ReadMarkdown([]byte("Text only.\n"), nil); !errors.Is(err, ErrFrontMatter) || !errors.Is(err, book.ErrNoTitle) || !errors.As(err, &e) || e.Line != 1 {
		t.Errorf("no title: got %#v, want an *Error at line 1 wrapping ErrFrontMatter and book.ErrNoTitle", err)
	}
	if _, err := ReadText([]byte("T\nB\nnot a date\nx\n"), nil); !errors.Is(err, ErrHeader) {
		t.Errorf("got %v, want ErrHeader", err)
	}
}

// Reading is deterministic and safe from several goroutines at once.
func TestReadersAreDeterministicAndConcurrent(t *testing.T) {
	first, err := Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	firstText, err := PamphletOriginal()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := Pamphlet()
			if err != nil || !reflect.DeepEqual(b, first) {
				t.Errorf("Pamphlet differs on another read (%v)", err)
			}
			b, err = PamphletOriginal()
			if err != nil || !reflect.DeepEqual(b, firstText) {
				t.Errorf("PamphletOriginal differs on another read (%v)", err)
			}
		}()
	}
	wg.Wait()
}

// A manuscript may have maxChapters chapters, and one more is an error at
// the heading that opens it.
func TestTooManyChapters(t *testing.T) {
	var md, txt strings.Builder
	md.WriteString("---\ntitle: Many\n---\n")
	txt.WriteString("Many\nby A\n2000\n")
	for i := range maxChapters + 1 {
		fmt.Fprintf(&md, "# C%d\nx\n", i)
		fmt.Fprintf(&txt, "C%d\nx.\n", i)
	}
	for _, max := range []bool{true, false} {
		mdSrc, txtSrc := md.String(), txt.String()
		if max { // drop the last chapter
			mdSrc = mdSrc[:strings.LastIndex(mdSrc, "# C")]
			txtSrc = txtSrc[:strings.LastIndex(txtSrc, "C")]
		}
		b, err := ReadMarkdown([]byte(mdSrc), &MarkdownOptions{Name: "m.md"})
		var e *Error
		switch {
		case max && (err != nil || len(b.Chapters) != maxChapters):
			t.Errorf("Markdown, %d chapters: %v", maxChapters, err)
		case !max && (!errors.As(err, &e) || e.Line != 4+2*maxChapters || err.Error() != fmt.Sprintf("source: m.md:%d:3: %v", 4+2*maxChapters, errTooManyChapters)):
			t.Errorf("Markdown, %d chapters: got %v", maxChapters+1, err)
		}
		b, err = ReadText([]byte(txtSrc), &TextOptions{Name: "t.txt"})
		switch {
		case max && (err != nil || len(b.Chapters) != maxChapters):
			t.Errorf("text, %d chapters: %v", maxChapters, err)
		case !max && (!errors.As(err, &e) || e.Line != 4+2*maxChapters):
			t.Errorf("text, %d chapters: got %v", maxChapters+1, err)
		}
	}
}

func TestNilOptions(t *testing.T) {
	b, err := ReadMarkdown([]byte("---\ntitle: T\n---\nText.\n"), nil)
	if err != nil || b.Meta.Language != "en" || b.Chapters[0].ID != "opening" {
		t.Errorf("ReadMarkdown(nil options) = %+v, %v", b, err)
	}
	b, err = ReadText([]byte("T\nB\n1987\nText.\n"), nil)
	if err != nil || b.Meta.Language != "en" {
		t.Errorf("ReadText(nil options) = %+v, %v", b, err)
	}
}

func FuzzReadMarkdown(f *testing.F) {
	f.Add([]byte("---\ntitle: T\nauthors: [a, 'b']\n---\n# H\n\n> *q* [l](https://x)\n\n- a\n  1. b\n\n| a |\n|:-|\n| b |\n\nx[^1]\n\n[^1]: n\n"))
	f.Add([]byte("---\ntitle: T\n---\n<div>\n```go\nx\n```\n![a](img/map.png)\n***x*** `c` \"q\" -- ...\n"))
	f.Add(PamphletMarkdown()[:2000])
	f.Fuzz(func(t *testing.T, src []byte) {
		b, err := ReadMarkdown(src, &MarkdownOptions{FS: testFS()})
		if err == nil {
			if verr := b.Validate(); verr != nil {
				t.Fatalf("ReadMarkdown returned a book that does not validate: %v", verr)
			}
		}
	})
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("Title: sub\nby A and B - translated by C\nNovember 1987\n\nText - \"q\" 'a'...\nHeading\n• one\n• two\n"))
	f.Add(PamphletText()[:2000])
	f.Fuzz(func(t *testing.T, src []byte) {
		b, err := ReadText(src, nil)
		if err == nil {
			if verr := b.Validate(); verr != nil {
				t.Fatalf("ReadText returned a book that does not validate: %v", verr)
			}
		}
	})
}

// checkText skips printable ASCII eight bytes at a time: a bad character
// or line end at every offset must still give the line and column that a
// rune-by-rune scan gives.
func TestCheckTextPlaces(t *testing.T) {
	want := func(src []byte) (line, col int, ok bool) {
		line, start := 1, 0
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			switch {
			case r == '\n':
				line, start = line+1, i+1
			case r == '\t' || r == '\r':
			case r == utf8.RuneError && size == 1, unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
				return line, i - start + 1, false
			}
			i += size
		}
		return 0, 0, true
	}
	base := []byte("The first line, long enough to hold words.\nA second ~ one\twith a tab\r\nand a third, caf\u00e9 \u2014 then more text to the end.")
	for _, bad := range []string{"", "\x01", "\x7f", "\x1f", "\xff", "\xc3", "\u0085", "\uFFFE", "\n", "\t", " ", "~", "\u00a0"} {
		for at := 0; at <= len(base); at++ {
			src := append(append(append([]byte(nil), base[:at]...), bad...), base[at:]...)
			line, col, ok := want(src)
			err := checkText("f.md", src, 1)
			var e *Error
			switch {
			case ok && err != nil:
				t.Errorf("%q at %d: %v, want no error", bad, at, err)
			case !ok && (!errors.As(err, &e) || e.Line != line || e.Column != col):
				t.Errorf("%q at %d: %v, want an error at line %d column %d", bad, at, err, line, col)
			}
		}
	}
}

// bindDashes looks only at the last bytes of dashes: it must bind
// what a rune-by-rune scan binds, among curly quotes, ellipses, no-break
// spaces, dashes and letters that end with the same bytes, at every place.
func TestBindDashes(t *testing.T) {
	want := func(s string) string {
		var sb strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' {
				r, size := utf8.DecodeRuneInString(s[i+1:])
				if after := nextRune(s, i+1+size); (r == '–' || r == '—') && (after == 0 || after == ' ' || after == nbsp) {
					sb.WriteRune(nbsp)
					continue
				}
			}
			sb.WriteByte(s[i])
		}
		return sb.String()
	}
	parts := []string{" ", "–", "—", "’", "“", "…", "\u00a0", "a", "-", "\u2012", "\xe2\x80", "ē", "Ĕ"}
	var all []string
	var grow func(s string, n int)
	grow = func(s string, n int) {
		all = append(all, s)
		if n == 0 {
			return
		}
		for _, p := range parts {
			grow(s+p, n-1)
		}
	}
	grow("", 4)
	for _, s := range all {
		if got, w := bindDashes(s), want(s); got != w {
			t.Errorf("bindDashes(%q) = %q, want %q", s, got, w)
		}
	}
	if s := "no dash here, ’quoted’ …"; bindDashes(s) != s {
		t.Errorf("bindDashes changed %q", s)
	}
}
