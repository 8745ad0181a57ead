package pdf

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
)

// write typesets b and saves it in a temporary directory.
func write(t *testing.T, b *book.Book, o *Options) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, o); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

func TestValidators(t *testing.T) {
	path, _ := write(t, testBook(), nil)
	validators.QPDFCheck(t, path)
	info := validators.Run(t, "pdfinfo", path)
	if !strings.Contains(info, "Page size:       419.53 x 595.28 pts") {
		t.Errorf("pdfinfo: page size is not A5:\n%s", info)
	}
	for _, want := range []string{"Title:           A Test of Every Feature", "Subject:         A book that uses every part of the model.",
		"CreationDate:    Thu Mar  5 00:00:00 2026 UTC", "ModDate:         Thu Mar  5 00:00:00 2026 UTC", "Author:          Ann Author, Bob Writer", "Creator:         Quire", "Keywords:        Testing; Typography"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	fonts := validators.Run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3+4 {
		t.Errorf("pdffonts lists too few fonts:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"façade", "Łódź", "Οκτώβρη", "Октябрьская", "hyphen", "println(\"hello, world\")", "Figures and tables", "Kronstadt", "Typeset with Quire"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if strings.Contains(text, "\u00ad") {
		t.Error("a soft hyphen was drawn")
	}
}

func TestDeterministic(t *testing.T) {
	_, a := write(t, testBook(), nil)
	_, b := write(t, testBook(), nil)
	if !bytes.Equal(a, b) {
		t.Fatal("two builds differ")
	}
}

func TestErrors(t *testing.T) {
	b := testBook()
	b.Chapters[1].Blocks = append([]book.Block{book.Paragraph{book.Text("Chinese: 中文")}}, b.Chapters[1].Blocks...)
	err := Write(&bytes.Buffer{}, b, nil)
	var ge *GlyphError
	if !errors.As(err, &ge) || !errors.Is(err, ErrMissingGlyph) || ge.Rune != '中' || !strings.Contains(err.Error(), `chapter 2 "features", block 1`) || !strings.Contains(err.Error(), "U+4E2D") {
		t.Errorf("missing glyph: got %v", err)
	}
	b = testBook()
	b.Chapters[0].Title = "Emoji 😀"
	err = Write(&bytes.Buffer{}, b, nil)
	if !errors.As(err, &ge) || ge.Rune != '😀' || !strings.Contains(err.Error(), "U+1F600") {
		t.Errorf("emoji: got %v", err)
	}
	for _, magic := range []string{"OTTO", "ttcf", "wOFF", "junk"} {
		font := append([]byte(magic), make([]byte, 100)...)
		err = Write(&bytes.Buffer{}, testBook(), &Options{Body: &Font{Name: "Bad", Regular: font}})
		if !errors.Is(err, ErrFont) {
			t.Errorf("%s font: got %v", magic, err)
		}
	}
}

// TestConcurrent writes books at the same time; run with -race.
func TestConcurrent(t *testing.T) {
	_, want := write(t, testBook(), nil)
	var wg sync.WaitGroup
	results := make([][]byte, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := Write(&buf, testBook(), nil); err != nil {
				t.Error(err)
			}
			results[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i, r := range results {
		if !bytes.Equal(r, want) {
			t.Errorf("concurrent build %d differs", i)
		}
	}
}

// The same image bytes under two names (the cover and a figure) are one
// image in the file: the PDF library keys images by their bytes, and two
// registrations listed that key twice in the page resources (qpdf warned
// "dictionary has duplicated key").
func TestSameImageTwoNames(t *testing.T) {
	b := testBook()
	b.Meta.Cover = &book.Resource{Name: "cover.png", MediaType: "image/png", Data: testPNG()}
	path, data := write(t, b, &Options{Cover: true})
	if n := bytes.Count(data, []byte("/Subtype /Image")); n != 1 {
		t.Errorf("%d image objects, want 1", n)
	}
	validators.QPDFCheck(t, path)
}
