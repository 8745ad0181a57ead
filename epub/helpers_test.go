package epub_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/internal/validators"
)

// epubcheck runs epubcheck on data and fails the test on any message at
// all, whatever its severity.
func epubcheck(t *testing.T, data []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, m := range validators.EPUBCheck(t, file) {
		t.Errorf("epubcheck %s", m)
	}
}

// write builds b with o and fails the test on error.
func write(t testing.TB, b *book.Book, o *epub.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := epub.Write(&buf, b, o); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// unzip returns the EPUB's files by name, and their names in zip order.
func unzip(t testing.TB, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
		names = append(names, f.Name)
	}
	return files, names
}

// testPNG is a small PNG image made in code.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// spine returns the package document's spine as paths in the container.
func spine(t testing.TB, files map[string][]byte) []string {
	t.Helper()
	var pkg struct {
		Items []struct {
			ID   string `xml:"id,attr"`
			Href string `xml:"href,attr"`
		} `xml:"manifest>item"`
		Spine []struct {
			Idref string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal(files["EPUB/package.opf"], &pkg); err != nil {
		t.Fatalf("package document: %v", err)
	}
	href := map[string]string{}
	for _, it := range pkg.Items {
		href[it.ID] = "EPUB/" + it.Href
	}
	var out []string
	for _, it := range pkg.Spine {
		out = append(out, href[it.Idref])
	}
	return out
}

// xhtmlText parses an XHTML document with encoding/xml and returns the
// text of its body, one line per block.
func xhtmlText(t testing.TB, name string, doc []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var sb strings.Builder
	inBody := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "body" {
				inBody = true
			}
			if blockElement[tok.Name.Local] {
				sb.WriteByte('\n')
			}
		case xml.EndElement:
			if blockElement[tok.Name.Local] {
				sb.WriteByte('\n')
			}
		case xml.CharData:
			if inBody {
				sb.Write(tok)
			}
		}
	}
	return sb.String()
}

var blockElement = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "pre": true, "blockquote": true, "figure": true, "figcaption": true,
	"td": true, "th": true, "tr": true, "aside": true, "section": true, "nav": true, "br": true, "hr": true,
}
