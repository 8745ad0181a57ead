package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-books/quire/internal/validators"
)

func TestQuickstart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	if err := run(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "quickstart.epub quickstart.pdf" {
		t.Fatalf("wrote %q, want exactly the two editions", got)
	}
	e, _ := os.ReadFile(filepath.Join(dir, "quickstart.epub"))
	if !bytes.HasPrefix(e, []byte("PK\x03\x04")) || !bytes.Contains(e[:min(len(e), 100)], []byte("mimetypeapplication/epub+zip")) {
		t.Error("quickstart.epub is not an EPUB container")
	}
	pdfName := filepath.Join(dir, "quickstart.pdf")
	text := strings.Join(strings.Fields(validators.Run(t, "pdftotext", pdfName, "-")), " ")
	for _, want := range []string{"Bread", "A. Baker", "Contents", "Flour, water, salt and time.", "And a pinch of yeast.", "Bake it hot; let it cool before you cut it."} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

// codeLines returns the lines of Go code in src that are not only a
// comment, with trailing comments and indentation removed.
func codeLines(src string) []string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if i := strings.Index(l, "// "); i >= 0 {
			l = l[:i]
		}
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// The README's library example is the heart of run: its code lines must be
// run's, in the same order, with nothing between them.
func TestREADMELibraryCodeIsRun(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Use it as a library")
	_, block, ok2 := strings.Cut(section, "```go\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README has no ```go block under \"## Use it as a library\"")
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join(codeLines(block), "\n")
	if len(want) < 200 || !strings.Contains(strings.Join(codeLines(string(src)), "\n"), want) {
		t.Errorf("the README's library example is not a piece of examples/quickstart/main.go; README has:\n%s", want)
	}
}
