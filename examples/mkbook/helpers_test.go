package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

// mkbook runs the command in-process and returns its exit status and what
// it wrote to stderr.
func mkbook(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	code := run(args, &stderr, func(k string) string { return env[k] })
	return code, stderr.String()
}

// files returns the names in dir, space-separated; "" for a missing dir.
func files(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// epubcheck runs epubcheck on the file and fails the test on any message
// at all, whatever its severity.
func epubcheck(t *testing.T, file string) {
	t.Helper()
	for _, m := range validators.EPUBCheck(t, file) {
		t.Errorf("epubcheck %s", m)
	}
}

// words splits text into comparable words: hyphens joining two parts of a
// word, or ending a line inside a word (as a hyphenated line break does),
// are dropped, so "grand-\npère" and "grand-père" both give "grandpère";
// every other character that is not a letter, a mark or a digit separates
// words; case is folded.
func words(text string) []string {
	text = strings.NewReplacer("-\n", "", "\u2010\n", "", "\u00ad\n", "", "-", "", "\u2010", "", "\u00ad", "").Replace(text)
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r)
	})
}

// inOrder reports the first of want's words that is not found, in order,
// in have (other words may come between them), with the words before it;
// "" when all are found.
func inOrder(want, have []string) string {
	j := 0
	for i, w := range want {
		for j < len(have) && have[j] != w {
			j++
		}
		if j == len(have) {
			return strings.Join(want[max(0, i-8):i], " ") + " >>" + w + "<<"
		}
		j++
	}
	return ""
}

// bookText returns the text of a chapter's blocks apart from its
// footnotes, and the text of each footnote, as the PDF sets it: a heading,
// a table row by row, a code block line by line.
func bookText(b *book.Book) (body string, notes []string) {
	var sb strings.Builder
	var blocks func(bs []book.Block, notes *[]string)
	blocks = func(bs []book.Block, notes *[]string) {
		for _, bl := range bs {
			switch x := bl.(type) {
			case book.Paragraph:
				sb.WriteString(book.PlainText(x) + "\n")
			case book.Heading:
				sb.WriteString(book.PlainText(x.Content) + "\n")
			case book.Quote:
				blocks(x, notes)
			case book.List:
				for _, it := range x.Items {
					blocks(it, notes)
				}
			case book.CodeBlock:
				sb.WriteString(x.Text + "\n")
			case book.Figure:
				sb.WriteString(book.PlainText(x.Caption) + "\n")
			case book.Table:
				for _, row := range append([][]book.Cell{x.Header}, x.Rows...) {
					for _, c := range row {
						sb.WriteString(book.PlainText(c) + "\n")
					}
				}
			case book.Footnote:
				outer := sb.String()
				sb.Reset()
				blocks(x.Blocks, notes)
				*notes = append(*notes, sb.String())
				sb.Reset()
				sb.WriteString(outer)
			}
		}
	}
	for _, c := range b.Chapters {
		sb.WriteString(c.Title + "\n")
		blocks(c.Blocks, &notes)
	}
	return sb.String(), notes
}

// epubFiles returns the EPUB's files by name.
func epubFiles(t *testing.T, file string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	m := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		m[f.Name] = string(b)
	}
	return m
}

// opf returns the EPUB's package document.
func opf(t *testing.T, file string) string {
	t.Helper()
	for name, data := range epubFiles(t, file) {
		if strings.HasSuffix(name, ".opf") {
			return data
		}
	}
	t.Fatal("no package document")
	return ""
}
