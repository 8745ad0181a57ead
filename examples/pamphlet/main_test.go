package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func build(t *testing.T, epoch string) (epubData, pdfData []byte) {
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
	if got := strings.Join(names, " "); got != "pamphlet.epub pamphlet.pdf" {
		t.Fatalf("wrote %q, want exactly the two editions (no temporary files left)", got)
	}
	epubData, _ = os.ReadFile(filepath.Join(dir, "editions", "pamphlet.epub"))
	pdfData, _ = os.ReadFile(filepath.Join(dir, "editions", "pamphlet.pdf"))
	return epubData, pdfData
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
