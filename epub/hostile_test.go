package epub_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
)

const goodSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" viewBox="0 0 40 20">
<defs><circle id="c" r="8"/></defs>
<use xlink:href="#c" x="10" y="10"/><rect x="22" y="2" width="16" height="16"/>
</svg>
`

// hostileBook is legal but awkward in every way the model allows.
func hostileBook(t testing.TB) *book.Book {
	T := func(s string) book.Text { return book.Text(s) }
	pic := book.Resource{Name: "pictures/dot.svg", MediaType: "image/svg+xml", Data: []byte(goodSVG)}
	long := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 1<<20/57)
	b := &book.Book{Meta: book.Meta{Title: "Hostile — 敵対的な本 🙂", Language: "ja"}}
	add := func(c book.Chapter) { b.Chapters = append(b.Chapters, c) }
	// chapter IDs that clash with Quire's own pages or differ only in case
	for _, id := range []string{"titlepage", "colophon", "cover", "nav", "Intro", "intro", "toc"} {
		add(book.Chapter{ID: id, Title: "Chapter " + id, Blocks: []book.Block{book.Paragraph{T("Text of " + id + ".")}}})
	}
	add(book.Chapter{ID: "empty", Title: "An empty chapter"})
	add(book.Chapter{ID: "untitled-empty"})
	add(book.Chapter{ID: "untitled", Blocks: []book.Block{
		book.Paragraph{T("An untitled chapter in the middle of the book, labelled by its first words.")},
	}})
	add(book.Chapter{ID: "dash", Title: "—"})
	var notes []book.Block
	var refs book.Paragraph
	for i := 0; i < 1000; i++ {
		id := fmt.Sprintf("n%d", i)
		refs = append(refs, T(fmt.Sprintf(" ref %d", i)), book.FootnoteRef{ID: id})
		notes = append(notes, book.Footnote{ID: id, Blocks: []book.Block{book.Paragraph{T(fmt.Sprintf("Note %d.", i))}}})
	}
	blocks := []book.Block{
		book.Heading{Level: 2, Content: []book.Inline{T("Same")}},
		book.Heading{Level: 2, Content: []book.Inline{T("Same")}},
		book.Heading{Level: 2, Content: []book.Inline{book.Image{Image: pic, Alt: ""}}},
		book.Heading{Level: 6, Content: []book.Inline{T("日本語の見出し")}},
		book.Paragraph{T("日本語の段落。العربية في سطر واحد. Emoji 🏳️‍🌈 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP.")},
		book.Paragraph{T(strings.Repeat("x", 5000))},
		book.Paragraph{book.Link{URL: "https://example.org/" + strings.Repeat("a", 5000), Content: []book.Inline{T("a very long URL")}}},
		book.Paragraph{book.Link{URL: "#untitled", Content: []book.Inline{T("to the untitled chapter")}}, book.Link{URL: "#n999", Content: []book.Inline{T(" and the last note")}}},
		book.Figure{Image: pic, Alt: "a dot and a square"},
		book.Paragraph{T(long)},
		refs,
	}
	add(book.Chapter{ID: "big", Title: "Big", Blocks: append(blocks, notes...)})
	for i := 0; i < 300; i++ {
		add(book.Chapter{ID: fmt.Sprintf("c%03d", i), Title: fmt.Sprintf("Chapter %d", i), Blocks: []book.Block{book.Paragraph{T("Short.")}}})
	}
	return b
}

func TestHostile(t *testing.T) {
	b := hostileBook(t)
	data := write(t, b, nil)
	files, _ := unzip(t, data)
	for name, doc := range files {
		if filepath.Ext(name) == ".xhtml" {
			checkXHTML(t, name, doc, "ja")
		}
	}
	nav := string(files["EPUB/nav.xhtml"])
	for _, s := range []string{
		`<a href="xhtml/titlepage-2.xhtml">Chapter titlepage</a>`,
		`<a href="xhtml/intro-2.xhtml">Chapter intro</a>`,
		`<a href="xhtml/untitled.xhtml">An untitled chapter in the middle of the…</a>`,
		`<a href="xhtml/untitled-empty.xhtml">Chapter 9</a>`,
		`<a href="xhtml/dash.xhtml">—</a>`,
		`<a href="xhtml/big.xhtml#same">Same</a>`,
		`<a href="xhtml/big.xhtml#same-2">Same</a>`,
	} {
		if !strings.Contains(nav, s) {
			t.Errorf("nav lacks %s", s)
		}
	}
	if dir := os.Getenv("QUIRE_EPUB_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "hostile.epub"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	epubcheck(t, data)
}

func TestManyChapters(t *testing.T) {
	b := &book.Book{Meta: book.Meta{Title: "Many", Language: "en"}}
	for i := 0; i < 3000; i++ {
		b.Chapters = append(b.Chapters, book.Chapter{ID: fmt.Sprintf("c%d", i), Title: fmt.Sprint(i),
			Blocks: []book.Block{book.Paragraph{book.Text("x")}}})
	}
	files, _ := unzip(t, write(t, b, nil))
	// cover, title page, contents, 3000 chapters, colophon
	if n := len(spine(t, files)); n != 3004 {
		t.Errorf("spine has %d documents, want 3004", n)
	}
}

func TestBadImages(t *testing.T) {
	for _, tc := range []struct {
		mediaType, data, err string
	}{
		{"image/png", "GIF89a...", "not a PNG file"},
		{"image/jpeg", "\x89PNG\r\n\x1a\n", "not a JPEG file"},
		{"image/gif", "nope", "not a GIF file"},
		{"image/svg+xml", "<svg", "damaged SVG file"},
		{"image/svg+xml", `<html xmlns="http://www.w3.org/1999/xhtml"/>`, "root element is not svg"},
		{"image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "script"},
		{"image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "event attribute onload"},
		{"image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>`, "outside the image"},
		{"image/svg+xml", `<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>`, "entities"},
	} {
		b := smallBook()
		b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Figure{
			Image: book.Resource{Name: "bad", MediaType: tc.mediaType, Data: []byte(tc.data)}, Alt: "bad"})
		err := epub.Write(new(bytes.Buffer), b, nil)
		if err == nil || !strings.Contains(err.Error(), `epub: image "bad": `) || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s %q: error %v, want one naming the image and saying %q", tc.mediaType, tc.data, err, tc.err)
		}
	}
}

// calibre's ebook-meta, where installed, reads back the title, authors
// and language. calibre is optional: CI does not install it.
func TestEbookMeta(t *testing.T) {
	if _, err := exec.LookPath("ebook-meta"); err != nil {
		t.Skip("calibre's ebook-meta not installed (optional)")
	}
	file := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(file, write(t, featureBook(t), nil), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("ebook-meta", file)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ebook-meta: %v", err)
	}
	for _, s := range []string{
		"Title               : Every Kind of Thing",
		"Author(s)           : Ann Author & Zoë Ångström [Author, Ann & Zoë Ångström]",
		"Languages           : eng",
		"Publisher           : Quire Test Press",
		"Tags                : Testing, Typography",
	} {
		if !strings.Contains(string(out), s) {
			t.Errorf("ebook-meta output lacks %q:\n%s", s, out)
		}
	}
}
