package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/internal/validators"
	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

var keep = flag.String("keep", "", "write the editions of the hostile manuscripts into this directory, to look at them")

// want is the expected outcome of a manuscript.
type want struct {
	// err is the whole error message the reader must give, or its start
	// if it ends in ": "; "" means the manuscript must give valid editions.
	err string
	// glyphs means the text holds characters the PDF's default fonts lack:
	// pdf.Write must fail with a one-line *pdf.GlyphError whose message
	// holds glyphs (the character; its place is the chapter and block, as
	// the model has no source lines), and succeed with ReplaceMissing.
	glyphs string
	// pdfErr means pdf.Write must fail with an error holding pdfErr even
	// with ReplaceMissing, as for right-to-left text, which it cannot set.
	pdfErr string
	// pdfBug names a note in /work/notes/bugs about a known bug of package
	// pdf that the case shows: its words-on-page check is logged rather
	// than failed until the bug is fixed.
	pdfBug string
}

// outcomes lists every manuscript in testdata and what it must give.
var outcomes = map[string]want{
	// Empty files and front matter.
	"empty.md":                 {err: "source: empty.md:1: front matter: no title (begin the file with a front matter block: a line \"---\", \"title: …\", and \"---\")"},
	"blank.md":                 {err: "source: blank.md:1: front matter: no title (begin the file with a front matter block: a line \"---\", \"title: …\", and \"---\")"},
	"no-front-matter.md":       {err: "source: no-front-matter.md:1: front matter: no title (begin the file with a front matter block: a line \"---\", \"title: …\", and \"---\")"},
	"no-title.md":              {err: "source: no-title.md:1: front matter: no title (begin the file with a front matter block: a line \"---\", \"title: …\", and \"---\")"},
	"unclosed-front-matter.md": {err: "source: unclosed-front-matter.md:1: front matter: not closed (want a line \"---\" after it)"},
	"broken-front-matter.md":   {err: "source: broken-front-matter.md:3: front matter: list not closed with ]"},
	"only-front-matter.md":     {err: "source: only-front-matter.md:3: no text: the manuscript has no content after its front matter"},
	"bom-crlf.md":              {},
	// Bytes that are not text.
	"invalid-utf8.md":  {err: "source: invalid-utf8.md:6:18: invalid UTF-8"},
	"surrogate.md":     {err: "source: surrogate.md:4:18: invalid UTF-8"},
	"nul.md":           {err: "source: nul.md:4:17: character not allowed in text: U+0000"},
	"control.md":       {err: "source: control.md:4:19: character not allowed in text: U+001B"},
	"noncharacter.md":  {err: "source: noncharacter.md:4:16: character not allowed in text: U+FFFE"},
	"bad-char-refs.md": {glyphs: "U+FFFD"},
	// Markup that must not become markup.
	"raw-html.md":       {},
	"links.md":          {},
	"dangling-link.md":  {err: "source: dangling-link.md:6:1: link to \"#nowhere\": no chapter, heading or footnote has that ID"},
	"footnotes.md":      {},
	"duplicates.md":     {},
	"empty-chapters.md": {},
	"tables.md":         {},
	"scripts.md":        {glyphs: "U+65E5 '日'"},
	"arabic.md":         {pdfErr: "cannot set right-to-left text"},
	// Images.
	"image-ok.md":                {},
	"image-escape.md":            {err: "source: image-escape.md:8:16: image \"../hostile_test.go\": leaves the manuscript's directory"},
	"image-escape-deep.md":       {err: "source: image-escape-deep.md:8:16: image \"images/../../doc.go\": leaves the manuscript's directory"},
	"image-encoded-escape.md":    {err: "source: image-encoded-escape.md:8:16: image \"%2e%2e/hostile_test.go\": leaves the manuscript's directory"},
	"image-absolute.md":          {err: "source: image-absolute.md:8:16: image \"/etc/passwd\": is not a relative path with '/' separators"},
	"image-backslash.md":         {err: "source: image-backslash.md:8:16: image \"images\\\\good.png\": is not a relative path with '/' separators"},
	"image-remote.md":            {err: "source: image-remote.md:8:16: image \"https://example.org/x.png\": is a URL; images must be files beside the manuscript"},
	"image-protocol-relative.md": {err: "source: image-protocol-relative.md:8:16: image \"//example.org/x.png\": is a URL; images must be files beside the manuscript"},
	"image-file-url.md":          {err: "source: image-file-url.md:8:16: image \"file:///etc/passwd\": is a URL; images must be files beside the manuscript"},
	"image-missing.md":           {err: "source: image-missing.md:8:16: image \"images/missing.png\": no such file"},
	"image-directory.md":         {err: "source: image-directory.md:8:16: image \"images\": "},
	"image-text.md":              {err: "source: image-text.md:8:16: image \"images/text.png\": not a PNG, JPEG, GIF or SVG file"},
	"image-garbage.md":           {err: "source: image-garbage.md:8:16: image \"images/garbage.png\": damaged PNG file: "},
	"image-cut.md":               {err: "source: image-cut.md:8:16: image \"images/cut.png\": damaged PNG file: "},
	"image-signature-only.md":    {err: "source: image-signature-only.md:8:16: image \"images/signature-only.png\": damaged PNG file: "},
	"image-svg-script.md":        {err: "source: image-svg-script.md:8:16: image \"images/script.svg\": SVG holds a script element"},
	"image-svg-remote.md":        {err: "source: image-svg-remote.md:8:16: image \"images/remote.svg\": SVG refers to \"https://evil.example/track.png\" outside the image"},
	"image-svg-entity.md":        {err: "source: image-svg-entity.md:8:16: image \"images/xxe.svg\": SVG declares entities"},
	"cover-bad.md":               {err: "source: cover-bad.md:3: cover: image \"images/cut.png\": damaged PNG file: "},
	"cover-remote.md":            {err: "source: cover-remote.md:3: cover: image \"https://example.org/cover.jpg\": is a URL; images must be files beside the manuscript"},
	// Plain text.
	"empty.txt":        {err: "source: empty.txt:1: header: no line for a title (want a title, a byline and a date on the first three non-blank lines)"},
	"header-only.txt":  {err: "source: header-only.txt:3: no text after the header"},
	"bad-date.txt":     {err: "source: bad-date.txt:3: header: cannot read the date \"the day after tomorrow\" (want YYYY, YYYY-MM, YYYY-MM-DD or a date such as \"November 1987\")"},
	"invalid-utf8.txt": {err: "source: invalid-utf8.txt:6:11: invalid UTF-8"},
	"control.txt":      {err: "source: control.txt:5:8: character not allowed in text: U+0007"},
	"odd.txt":          {glyphs: "U+65E5 '日'"},
}

// generated are manuscripts made in code, too big or too regular to keep
// as files, with their outcomes.
var generated = []struct {
	name string
	src  func() []byte
	want want
}{
	{"megabyte-paragraph.md", megabyteParagraph, want{}},
	{"long-word.md", func() []byte {
		return md("Long word", "A word of 5,000 letters: "+strings.Repeat("abcdefghij", 500)+" and a URL of 5,000: https://example.org/"+strings.Repeat("x", 4980)+
			"\n\nA [linked one](https://example.org/"+strings.Repeat("y", 4980)+") and <https://example.org/"+strings.Repeat("z", 4980)+">.\n\n    "+strings.Repeat("code", 1250)+"\n")
	}, want{}},
	{"long-heading.md", func() []byte {
		return md("Long heading", "# "+strings.Repeat("Heading ", 700)+"\n\n## "+strings.Repeat("Section", 700)+"\n\nText.\n")
	}, want{}},
	{"many-chapters.md", func() []byte {
		var sb strings.Builder
		for i := range 2000 {
			fmt.Fprintf(&sb, "# Chapter %d\n\nText %d.\n\n", i+1, i+1)
		}
		return md("Many chapters", sb.String())
	}, want{}},
	{"too-many-chapters.md", func() []byte {
		return md("Too many chapters", strings.Repeat("# Chapter\n\n", 10001))
	}, want{err: "source: too-many-chapters.md:20004:3: more than 10000 chapters, the most a book may have"}},
	{"too-many-chapters.txt", func() []byte {
		return []byte("Too many\nby A\n2000\n" + strings.Repeat("Chapter\nText.\n", 10001))
	}, want{err: "source: too-many-chapters.txt:20004: more than 10000 chapters, the most a book may have"}},
	{"many-footnotes.md", func() []byte {
		var refs, defs strings.Builder
		for i := range 5000 {
			fmt.Fprintf(&refs, "Word[^%d] ", i)
			fmt.Fprintf(&defs, "[^%d]: Note %d.\n", i, i)
		}
		return md("Many footnotes", "# Notes\n\n"+refs.String()+"\n\n"+defs.String())
	}, want{}},
	{"same-heading.md", func() []byte {
		return md("Same heading", strings.Repeat("# Same\n\n## Same\n\nText.\n\n", 1000))
	}, want{}},
	{"deep-quotes.md", func() []byte {
		return md("Deep quotes", strings.Repeat(">", 10000)+" deep words\n"+strings.Repeat("> ", 5000)+"more\nlazy line\n")
	}, want{}},
	{"deep-list.md", func() []byte { return md("Deep list", strings.Repeat("- ", 5000)+"deep words\n") }, want{}},
	{"deep-ordered-list.md", func() []byte { return md("Deep list", strings.Repeat("1. ", 5000)+"deep words\n") }, want{}},
	{"staircase-list.md", func() []byte {
		var sb strings.Builder
		for i := range 2000 {
			sb.WriteString(strings.Repeat(" ", 2*i) + "- item\n")
		}
		return md("Staircase", sb.String())
	}, want{}},
	{"deep-emphasis.md", func() []byte {
		return md("Deep emphasis", strings.Repeat("*a _b ", 5000)+"deep"+strings.Repeat(" b_ a*", 5000)+"\n")
	}, want{}},
	{"deep-links.md", func() []byte {
		return md("Deep links", strings.Repeat("[", 5000)+"deep"+strings.Repeat("](https://example.org/)", 5000)+"\n")
	}, want{}},
	{"nested-notes.md", func() []byte {
		return md("Nested notes", "Text[^a].\n\n"+strings.Repeat("[^a]: ", 3000)+"note\n")
	}, want{}},
	{"wide-table.md", func() []byte {
		return md("Wide table", "|"+strings.Repeat(" a |", 2000)+"\n|"+strings.Repeat("---|", 2000)+"\n"+strings.Repeat("| b |\n", 100))
	}, want{}},
	{"padded-tables.md", func() []byte {
		return md("Padded tables", strings.Repeat("|"+strings.Repeat("a|", 1000)+"\n|"+strings.Repeat("-|", 1000)+"\n"+strings.Repeat("|\n", 1000)+"\n", 20))
	}, want{}},
}

// megabyteParagraph is one paragraph of a megabyte, with some markup.
func megabyteParagraph() []byte {
	var sb strings.Builder
	for i := 0; sb.Len() < 1<<20; i++ {
		fmt.Fprintf(&sb, "Sentence %d of a very long paragraph, with *emphasis*, a [link](https://example.org/%d) and \"quotes\". ", i, i)
	}
	return md("A megabyte paragraph", sb.String()+"\n")
}

// md returns a Markdown manuscript with a title and a body.
func md(title, body string) []byte {
	return []byte("---\ntitle: " + title + "\n---\n" + body)
}

// read reads a manuscript with the reader its name calls for, with images
// from testdata.
func read(name string, src []byte) (*book.Book, error) {
	if strings.HasSuffix(name, ".txt") {
		return source.ReadText(src, &source.TextOptions{Name: name})
	}
	return source.ReadMarkdown(src, &source.MarkdownOptions{Name: name, FS: os.DirFS("testdata")})
}

func TestEveryManuscriptHasAnOutcome(t *testing.T) {
	files, err := manuscripts()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
		if _, ok := outcomes[f]; !ok {
			t.Errorf("testdata/%s has no outcome in the table", f)
		}
	}
	for f := range outcomes {
		if !seen[f] {
			t.Errorf("outcome for testdata/%s, which does not exist", f)
		}
	}
}

// manuscripts returns the names of the manuscripts in testdata.
func manuscripts() ([]string, error) {
	var names []string
	for _, pattern := range []string{"testdata/*.md", "testdata/*.txt"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		for _, f := range m {
			names = append(names, filepath.Base(f))
		}
	}
	sort.Strings(names)
	return names, nil
}

func TestHostileManuscripts(t *testing.T) {
	names, err := manuscripts()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		w, ok := outcomes[name]
		if !ok {
			continue // reported by TestEveryManuscriptHasAnOutcome
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			check(t, name, src, w)
		})
	}
	for _, g := range generated {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			check(t, g.name, g.src(), g.want)
		})
	}
}

// check reads a manuscript and checks the outcome.
func check(t *testing.T, name string, src []byte, w want) {
	b, err := read(name, src)
	if w.err != "" {
		checkError(t, name, err, w.err)
		return
	}
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	checkEPUB(t, name, b)
	checkPDF(t, name, b, w)
}

// checkError checks that err is one line, names the file and, for all
// but whole-file problems, the line, and starts with want (all of it, if
// want does not end in ": ").
func checkError(t *testing.T, name string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("read gave no error, want %q", want)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line:\n%s", msg)
	}
	if strings.HasSuffix(want, ": ") && !strings.HasPrefix(msg, want) || !strings.HasSuffix(want, ": ") && msg != want {
		t.Errorf("error\n\t%s\nwant\n\t%s", msg, want)
	}
	var e *source.Error
	if !errors.As(err, &e) || e.File != name {
		t.Errorf("error %#v is not a *source.Error naming %s", err, name)
	}
}

var badElement = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "form": true, "input": true,
	"button": true, "style": true, "link": false, "meta": false, "base": true, "frame": true, "frameset": true,
	"applet": true, "foreignObject": true,
}

// checkEPUB writes b as an EPUB, parses every XML document in it, looks
// for active content and unsafe links, and runs epubcheck.
func checkEPUB(t *testing.T, name string, b *book.Book) {
	t.Helper()
	var buf bytes.Buffer
	if err := epub.Write(&buf, b, nil); err != nil {
		t.Fatalf("epub.Write: %v", err)
	}
	data := buf.Bytes()
	checkXMLFiles(t, data)
	keepFile(t, name, ".epub", data)
	epubcheck(t, data)
}

// checkXML parses an XML document from the EPUB strictly and reports
// active content and links other than http, https, mailto and relative
// ones inside the container.
func checkXML(t *testing.T, name string, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s does not parse: %v", name, err)
			return
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if badElement[se.Name.Local] {
			t.Errorf("%s holds a %s element", name, se.Name.Local)
		}
		for _, a := range se.Attr {
			attr := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(attr, "on") {
				t.Errorf("%s: <%s> has an event attribute %s=%q", name, se.Name.Local, a.Name.Local, a.Value)
			}
			if attr == "href" || attr == "src" {
				if !safeLink(name, a.Value) {
					t.Errorf("%s: <%s %s=%q> is not a safe link", name, se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// safeLink reports whether a link in the container document name is
// http, https, mailto, or relative and inside the container.
func safeLink(name, link string) bool {
	if s := scheme.FindString(link); s != "" {
		s = strings.ToLower(s)
		return s == "http:" || s == "https:" || s == "mailto:"
	}
	if strings.HasPrefix(link, "//") || strings.HasPrefix(link, "/") {
		return false
	}
	p, _, _ := strings.Cut(link, "#")
	if p == "" {
		return true
	}
	full := path.Join(path.Dir(name), p)
	return full != ".." && !strings.HasPrefix(full, "../")
}

// checkPDF writes b as a PDF and runs qpdf --check on it, and checks that
// every word is on its page; see want for glyphs, pdfErr and pdfBug.
func checkPDF(t *testing.T, name string, b *book.Book, w want) {
	t.Helper()
	var buf bytes.Buffer
	err := pdf.Write(&buf, b, nil)
	if w.glyphs != "" {
		var ge *pdf.GlyphError
		if !errors.As(err, &ge) || !strings.Contains(err.Error(), w.glyphs) || strings.Contains(err.Error(), "\n") {
			t.Errorf("pdf.Write: got %v, want a one-line *pdf.GlyphError with %s", err, w.glyphs)
		} else {
			t.Logf("pdf.Write: %v", err)
		}
		if buf.Len() != 0 {
			t.Errorf("pdf.Write wrote %d bytes despite the error", buf.Len())
		}
		buf.Reset()
		warnings := 0
		err = pdf.Write(&buf, b, &pdf.Options{ReplaceMissing: true, Warn: func(string) { warnings++ }})
		if err == nil && warnings == 0 {
			t.Error("pdf.Write with ReplaceMissing reported no replaced character")
		}
	}
	if w.pdfErr != "" {
		for _, o := range []*pdf.Options{nil, {ReplaceMissing: true}} {
			buf.Reset()
			err := pdf.Write(&buf, b, o)
			if err == nil || !strings.Contains(err.Error(), w.pdfErr) || strings.Contains(err.Error(), "\n") {
				t.Errorf("pdf.Write(%+v): got %v, want a one-line error with %q", o, err, w.pdfErr)
			}
			if buf.Len() != 0 {
				t.Errorf("pdf.Write wrote %d bytes despite the error", buf.Len())
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("pdf.Write: %v", err)
	}
	data := buf.Bytes()
	keepFile(t, name, ".pdf", data)
	qpdfCheck(t, data)
	if w.pdfBug != "" {
		t.Logf("known bug /work/notes/bugs/%s: words leaving the page are logged, not failed", w.pdfBug)
		wordsOnPage(logOnly{t}, data)
		return
	}
	wordsOnPage(t, data)
}

// logOnly turns errors into log lines.
type logOnly struct{ *testing.T }

func (l logOnly) Errorf(format string, args ...any) { l.Logf("(known bug) "+format, args...) }

// keepFile writes an edition into the -keep directory, if any.
func keepFile(t *testing.T, name, ext string, data []byte) {
	if *keep == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*keep, name+ext), data, 0o644); err != nil {
		t.Error(err)
	}
}

// jvm lets one epubcheck run at a time: each takes a lot of memory.
var jvm = make(chan struct{}, 1)

// epubcheck fails the test on any message epubcheck gives, whatever its
// severity.
func epubcheck(t *testing.T, data []byte) {
	t.Helper()
	validators.Need(t, "epubcheck")
	file := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	jvm <- struct{}{}
	msgs := func() []validators.Message {
		defer func() { <-jvm }()
		return validators.EPUBCheck(t, file)
	}()
	for _, m := range msgs {
		t.Errorf("epubcheck %s", m)
	}
}

// qpdfCheck fails the test unless qpdf --check passes without warnings.
func qpdfCheck(t *testing.T, data []byte) {
	t.Helper()
	validators.Need(t, "qpdf")
	file := filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	validators.QPDFCheck(t, file)
}

// wordsOnPage fails the test if pdftotext finds a word outside its page.
func wordsOnPage(t testing.TB, data []byte) {
	t.Helper()
	validators.Need(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatalf("%v", err)
	}
	out := []byte(validators.Run(t, "pdftotext", "-bbox", file, "-"))
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(bytes.NewReader(out))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatalf("pdftotext found no pages")
	}
	bad := 0
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			if w.XMin < 0 || w.YMin < 0 || w.XMax > p.Width+0.5 || w.YMax > p.Height+0.5 {
				if bad++; bad <= 5 {
					t.Errorf("page %d (%.0f × %.0f pt): word %.40q at x %.1f–%.1f, y %.1f–%.1f leaves the page",
						i+1, p.Width, p.Height, w.Text, w.XMin, w.XMax, w.YMin, w.YMax)
				}
			}
		}
	}
}

// checkXMLFiles checks every XML document of an EPUB (XHTML, package
// document, NCX, SVG) with checkXML.
func checkXMLFiles(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("EPUB is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".opf") && !strings.HasSuffix(f.Name, ".ncx") && !strings.HasSuffix(f.Name, ".svg") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		checkXML(t, f.Name, doc)
	}
}
