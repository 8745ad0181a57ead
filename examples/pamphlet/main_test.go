package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func build(t *testing.T, epoch string) (epubData, pdfData []byte) {
	files := buildAll(t, epoch)
	return files["pamphlet.epub"], files["pamphlet.pdf"]
}

// buildAll runs the program and returns the files it wrote, by name.
func buildAll(t *testing.T, epoch string) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	var stderr bytes.Buffer
	if err := run(filepath.Join(dir, "editions"), epoch, &stderr); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "editions"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "pamphlet-booklet.pdf pamphlet.epub pamphlet.pdf" {
		t.Fatalf("wrote %q, want exactly the three files (no temporary files left)", got)
	}
	files := map[string][]byte{}
	for _, n := range names {
		files[n], _ = os.ReadFile(filepath.Join(dir, "editions", n))
	}
	return files
}

var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

// The booklet holds the PDF's pages two to a side, a multiple of four in
// all, and like the editions it is the same on every run.
func TestBooklet(t *testing.T) {
	a := buildAll(t, "")
	pages := len(pageObject.FindAll(a["pamphlet.pdf"], -1))
	sides := len(pageObject.FindAll(a["pamphlet-booklet.pdf"], -1))
	if pages < 40 || sides != (pages+3)/4*2 {
		t.Errorf("%d pages gave %d booklet sides, want %d", pages, sides, (pages+3)/4*2)
	}
	if !bytes.Contains(a["pamphlet-booklet.pdf"], []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("the booklet's sheets are not A4 landscape")
	}
	b := buildAll(t, "")
	if !bytes.Equal(a["pamphlet-booklet.pdf"], b["pamphlet-booklet.pdf"]) {
		t.Error("two runs gave different booklets")
	}
}

func opf(t *testing.T, epubData []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(epubData), int64(len(epubData)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, ".opf") {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatal("no package document")
	return ""
}

func TestPamphlet(t *testing.T) {
	e1, p1 := build(t, "")
	if !bytes.HasPrefix(e1, []byte("PK\x03\x04")) || !bytes.Contains(e1[:100], []byte("mimetypeapplication/epub+zip")) {
		t.Error("pamphlet.epub is not an EPUB container")
	}
	if !bytes.HasPrefix(p1, []byte("%PDF-")) || !bytes.Contains(p1[len(p1)-64:], []byte("%%EOF")) {
		t.Error("pamphlet.pdf is not a whole PDF file")
	}
	if !strings.Contains(opf(t, e1), ">1987-11-01T00:00:00Z<") {
		t.Error("without SOURCE_DATE_EPOCH the edition date should come from the manuscript (1987-11)")
	}
	e2, p2 := build(t, "")
	if !bytes.Equal(e1, e2) || !bytes.Equal(p1, p2) {
		t.Error("two runs gave different bytes")
	}
}

func TestSourceDateEpoch(t *testing.T) {
	e, p := build(t, "1764028800") // 2025-11-25T00:00:00Z
	if !strings.Contains(opf(t, e), ">2025-11-25T00:00:00Z<") {
		t.Error("SOURCE_DATE_EPOCH did not become dcterms:modified")
	}
	if !bytes.Contains(p, []byte("D:20251125000000")) {
		t.Error("SOURCE_DATE_EPOCH did not become the PDF's modification date")
	}
	if err := run(t.TempDir(), "yesterday", io.Discard); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH") {
		t.Errorf("bad SOURCE_DATE_EPOCH gave %v", err)
	}
}

// BenchmarkRun is the command's whole work in one process: reading the
// manuscript, the EPUB, the PDF and the booklet, written to files. The
// command adds the process's start (about 4 ms here) to this.
func BenchmarkRun(b *testing.B) {
	dir := b.TempDir()
	for b.Loop() {
		if err := run(dir, "", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
