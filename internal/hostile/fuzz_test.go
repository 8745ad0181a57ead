package hostile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

// addSeeds adds the Markdown manuscripts of testdata to a fuzz test's
// seeds (those in testdata/fuzz are added by go test itself).
func addSeeds(f *testing.F) {
	names, err := manuscripts()
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

// readFuzz reads a fuzzed manuscript. It fails the test if the reader's
// error is not one line naming the file, or is the reader's own book
// failing book.Validate.
func readFuzz(t *testing.T, src []byte) *book.Book {
	b, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "fuzz.md", FS: os.DirFS("testdata")})
	if err == nil {
		return b
	}
	var se *source.Error
	var ve *book.ValidationError
	switch msg := err.Error(); {
	case !errors.As(err, &se):
		t.Fatalf("error is not a *source.Error: %v", err)
	case errors.As(err, &ve):
		t.Fatalf("the reader made a book that fails book.Validate: %v", err)
	case !strings.HasPrefix(msg, "source: fuzz.md:") || strings.Contains(msg, "\n"):
		t.Fatalf("error is not one line starting with the file name: %q", msg)
	}
	return nil
}

// FuzzMarkdownEPUB reads arbitrary Markdown and writes what the reader
// accepts as an EPUB: writing must succeed, and every XML document in it
// must parse with encoding/xml and hold no active content or unsafe link.
func FuzzMarkdownEPUB(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		b := readFuzz(t, src)
		if b == nil {
			return
		}
		var buf bytes.Buffer
		if err := epub.Write(&buf, b, nil); err != nil {
			t.Fatalf("epub.Write: %v", err)
		}
		checkXMLFiles(t, buf.Bytes())
	})
}

// FuzzMarkdownPDF reads arbitrary Markdown and writes what the reader
// accepts as a PDF, and then with a cover as a booklet: the only error
// allowed is a character the fonts cannot draw (*pdf.GlyphError), with
// nothing written; anything else, including a panic (which Write reports
// as an internal error), fails.
func FuzzMarkdownPDF(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		b := readFuzz(t, src)
		if b == nil {
			return
		}
		var buf bytes.Buffer
		err := pdf.Write(&buf, b, nil)
		if err != nil {
			var ge *pdf.GlyphError
			if !errors.As(err, &ge) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("pdf.Write: %v", err)
			}
			if buf.Len() != 0 {
				t.Fatalf("pdf.Write wrote %d bytes despite an error", buf.Len())
			}
			return
		}
		if !wholePDF(buf.Bytes()) {
			t.Fatal("not a whole PDF file")
		}
		// The booklet is imposed from the book PDF's bytes: with a cover,
		// whatever the book, it must come out whole too.
		doc, err := pdf.Typeset(b, &pdf.Options{Cover: true})
		if err != nil {
			t.Fatalf("pdf.Typeset with a cover: %v", err)
		}
		var bk bytes.Buffer
		if err := doc.WriteBooklet(&bk, &pdf.BookletOptions{Guides: true}); err != nil {
			t.Fatalf("WriteBooklet: %v", err)
		}
		if !wholePDF(bk.Bytes()) {
			t.Fatal("booklet: not a whole PDF file")
		}
	})
}

// wholePDF reports whether data starts as a PDF file does and ends with
// its end-of-file marker.
func wholePDF(data []byte) bool {
	return bytes.HasPrefix(data, []byte("%PDF-")) && bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF"))
}
