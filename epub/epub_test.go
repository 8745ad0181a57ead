package epub_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fullOptions turns on everything Options can do.
func fullOptions() *epub.Options {
	return &epub.Options{
		ExtraCSS:   "p.quire { font-style: italic; }",
		Fonts:      []epub.Font{{Family: "Go", Data: goregular.TTF}, {Family: "Go", Data: goitalic.TTF, Italic: true}},
		Notes:      epub.NotesRunOn,
		SceneBreak: "⁂",
	}
}

// withCover is the feature book with a cover image.
func withCover(t testing.TB) *book.Book {
	b := featureBook(t)
	b.Meta.Cover = &book.Resource{Name: "cover.png", MediaType: "image/png", Data: testPNG(t)}
	return b
}

func TestEpubcheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    *book.Book
		o    *epub.Options
	}{
		{"feature", featureBook(t), nil},
		{"feature-full-options", withCover(t), fullOptions()},
		{"small", smallBook(), nil},
		{"deep", deepBook(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := write(t, tc.b, tc.o)
			if dir := os.Getenv("QUIRE_EPUB_OUT"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.name+".epub"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			epubcheck(t, data)
		})
	}
}

// deepBook nests quotes and lists as deep as book.Validate allows.
func deepBook() *book.Book {
	var q book.Block = book.Paragraph{book.Text("the bottom of the quotes")}
	var l book.Block = book.Paragraph{book.Text("the bottom of the lists")}
	var in book.Inline = book.Text("deep")
	for i := 0; i < book.MaxDepth; i++ {
		q = book.Quote{q}
		l = book.List{Items: []book.ListItem{{l}}}
		in = book.Emphasis{in}
	}
	return &book.Book{
		Meta:     book.Meta{Title: "Deep", Language: "en"},
		Chapters: []book.Chapter{{ID: "deep", Title: "Deep", Blocks: []book.Block{q, l, book.Paragraph{in}}}},
	}
}

// Every XHTML document, the package document and the NCX parse as XML;
// IDs are unique in each document; headings start at h1 or h2 and never
// skip a level; every document says its language.
func TestWellFormed(t *testing.T) {
	for _, b := range []*book.Book{featureBook(t), withCover(t), deepBook()} {
		files, _ := unzip(t, write(t, b, fullOptions()))
		for name, data := range files {
			switch filepath.Ext(name) {
			case ".xhtml":
				checkXHTML(t, name, data, b.Meta.Language)
			case ".opf", ".ncx", ".xml":
				if err := xml.Unmarshal(data, new(struct{})); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
}

func checkXHTML(t *testing.T, name string, data []byte, lang string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	ids := map[string]bool{}
	last := 0
	sawLang := false
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Errorf("%s: %v", name, err)
			}
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local == "id" {
				if ids[a.Value] {
					t.Errorf("%s: duplicate id %q", name, a.Value)
				}
				ids[a.Value] = true
			}
			if se.Name.Local == "html" && a.Name.Space == "http://www.w3.org/XML/1998/namespace" && a.Name.Local == "lang" {
				sawLang = a.Value == lang
			}
			if a.Name.Local == "on" || strings.HasPrefix(a.Name.Local, "on") && len(a.Name.Local) > 2 {
				t.Errorf("%s: event attribute %s", name, a.Name.Local)
			}
		}
		if se.Name.Local == "script" {
			t.Errorf("%s: script element", name)
		}
		if n := headingLevel(se.Name.Local); n > 0 {
			if last == 0 && n > 2 || last > 0 && n > last+1 {
				t.Errorf("%s: h%d after h%d", name, n, last)
			}
			last = n
		}
	}
	if !sawLang {
		t.Errorf("%s: html element without xml:lang=%q", name, lang)
	}
}

func headingLevel(tag string) int {
	if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
		return int(tag[1] - '0')
	}
	return 0
}

func TestReproducible(t *testing.T) {
	b := withCover(t)
	first := write(t, b, fullOptions())
	second := write(t, withCover(t), fullOptions())
	if !bytes.Equal(first, second) {
		t.Fatal("two builds of the same book differ")
	}
}

// Two different books written at the same time each come out exactly as
// when written alone.
func TestConcurrent(t *testing.T) {
	books := []*book.Book{featureBook(t), smallBook(), withCover(t), deepBook()}
	want := make([][]byte, len(books))
	for i, b := range books {
		want[i] = write(t, b, nil)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(books))
	for round := 0; round < 4; round++ {
		for i, b := range books {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				if err := epub.Write(&buf, b, nil); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(buf.Bytes(), want[i]) {
					errs <- fmt.Errorf("book %d written concurrently differs from alone", i)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// The zip container: mimetype first, stored, no extra fields; every entry
// dated with the edition time; a fixed order.
func TestContainer(t *testing.T) {
	b := withCover(t)
	data := write(t, b, fullOptions())
	if got := string(data[30:38]); got != "mimetype" {
		t.Fatalf("first entry %q, want mimetype", got)
	}
	if extra := binary.LittleEndian.Uint16(data[28:30]); extra != 0 {
		t.Errorf("mimetype has an extra field of %d bytes", extra)
	}
	if got := string(data[38:58]); got != "application/epub+zip" {
		t.Errorf("mimetype content %q not stored at offset 38", got)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 4, 5, 6, 6, 0, time.UTC) // MS-DOS time has two-second steps
	var names []string
	for i, f := range zr.File {
		names = append(names, f.Name)
		if i == 0 && f.Method != zip.Store {
			t.Errorf("mimetype compressed with method %d", f.Method)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s has an extra field", f.Name)
		}
		if !f.Modified.Equal(want) {
			t.Errorf("%s dated %v, want %v", f.Name, f.Modified, want)
		}
	}
	wantNames := []string{
		"mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx",
		"EPUB/css/quire.css", "EPUB/fonts/font-1.ttf", "EPUB/fonts/font-2.ttf",
		"EPUB/images/cover.png", "EPUB/images/gradient.png",
		"EPUB/xhtml/cover.xhtml", "EPUB/xhtml/titlepage.xhtml", "EPUB/xhtml/opening.xhtml",
		"EPUB/xhtml/kinds.xhtml", "EPUB/xhtml/alphabets.xhtml", "EPUB/xhtml/colophon.xhtml",
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("entries\n%q\nwant\n%q", names, wantNames)
	}
	files, _ := unzip(t, data)
	if !bytes.Equal(files["EPUB/images/gradient.png"], testPNG(t)) || !bytes.Equal(files["EPUB/fonts/font-2.ttf"], goitalic.TTF) {
		t.Error("an image or font changed on the way into the EPUB")
	}
}

// opfMeta reads the package document's metadata.
type opfMeta struct {
	Lang        string `xml:"lang,attr"`
	UniqueID    string `xml:"unique-identifier,attr"`
	Identifiers []struct {
		ID    string `xml:"id,attr"`
		Value string `xml:",chardata"`
	} `xml:"metadata>identifier"`
	Titles []struct {
		ID    string `xml:"id,attr"`
		Value string `xml:",chardata"`
	} `xml:"metadata>title"`
	Creators []struct {
		ID    string `xml:"id,attr"`
		Value string `xml:",chardata"`
	} `xml:"metadata>creator"`
	Contributors []struct {
		ID    string `xml:"id,attr"`
		Value string `xml:",chardata"`
	} `xml:"metadata>contributor"`
	Languages   []string `xml:"metadata>language"`
	Publisher   string   `xml:"metadata>publisher"`
	Date        string   `xml:"metadata>date"`
	Rights      string   `xml:"metadata>rights"`
	Description string   `xml:"metadata>description"`
	Subjects    []string `xml:"metadata>subject"`
	Metas       []struct {
		Property string `xml:"property,attr"`
		Refines  string `xml:"refines,attr"`
		Scheme   string `xml:"scheme,attr"`
		Name     string `xml:"name,attr"`
		Content  string `xml:"content,attr"`
		Value    string `xml:",chardata"`
	} `xml:"metadata>meta"`
	Items []struct {
		ID         string `xml:"id,attr"`
		Href       string `xml:"href,attr"`
		MediaType  string `xml:"media-type,attr"`
		Properties string `xml:"properties,attr"`
	} `xml:"manifest>item"`
}

// metas returns the values of the meta elements with property p refining
// refines ("" for none).
func (m *opfMeta) metas(p, refines string) []string {
	var out []string
	for _, x := range m.Metas {
		if x.Property == p && x.Refines == refines {
			out = append(out, x.Value)
		}
	}
	return out
}

func TestMetadata(t *testing.T) {
	b := withCover(t)
	files, _ := unzip(t, write(t, b, nil))
	var m opfMeta
	if err := xml.Unmarshal(files["EPUB/package.opf"], &m); err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("identifier", m.Identifiers[0].Value, b.Meta.BookID())
	check("unique-identifier", m.UniqueID, m.Identifiers[0].ID)
	check("titles", len(m.Titles), 2)
	check("title", m.Titles[0].Value, "Every Kind of Thing")
	check("title-type", m.metas("title-type", "#"+m.Titles[0].ID), []string{"main"})
	check("subtitle", m.Titles[1].Value, "A test book for Quire")
	check("subtitle type", m.metas("title-type", "#"+m.Titles[1].ID), []string{"subtitle"})
	check("language", m.Languages, []string{"en-GB"})
	check("package xml:lang", m.Lang, "en-GB")
	check("creators", len(m.Creators), 2)
	check("contributors", len(m.Contributors), 2)
	people := append(m.Creators, m.Contributors...)
	for i, want := range []struct{ name, role, fileAs string }{
		{"Ann Author", "aut", "Author, Ann"},
		{"Zoë Ångström", "aut", "Zoë Ångström"},
		{"Tom Translator", "trl", "Translator, Tom"},
		{"Ed Editor", "edt", "Ed Editor"},
	} {
		p := people[i]
		check("contributor", p.Value, want.name)
		check(want.name+" role", m.metas("role", "#"+p.ID), []string{want.role})
		check(want.name+" file-as", m.metas("file-as", "#"+p.ID), []string{want.fileAs})
	}
	for _, x := range m.Metas {
		if x.Property == "role" && x.Scheme != "marc:relators" {
			t.Errorf("role %s has scheme %q", x.Value, x.Scheme)
		}
	}
	check("publisher", m.Publisher, "Quire Test Press")
	check("date", m.Date, "1987-11-07")
	check("rights", m.Rights, b.Meta.Rights)
	check("description", m.Description, b.Meta.Description)
	check("subjects", m.Subjects, []string{"Testing", "Typography"})
	check("modified", m.metas("dcterms:modified", ""), []string{"2026-03-04T05:06:07Z"})
	check("accessMode", m.metas("schema:accessMode", ""), []string{"textual", "visual"})
	check("accessModeSufficient", m.metas("schema:accessModeSufficient", ""), []string{"textual"})
	features := m.metas("schema:accessibilityFeature", "")
	for _, f := range []string{"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"} {
		if !slices.Contains(features, f) {
			t.Errorf("accessibilityFeature %s missing from %v", f, features)
		}
	}
	check("accessibilityHazard", m.metas("schema:accessibilityHazard", ""), []string{"none"})
	if s := m.metas("schema:accessibilitySummary", ""); len(s) != 1 || s[0] == "" {
		t.Errorf("accessibilitySummary = %q", s)
	}
	var cover string
	for _, it := range m.Items {
		if it.Properties == "cover-image" {
			cover = it.ID
			check("cover href", it.Href, "images/cover.png")
			check("cover media type", it.MediaType, "image/png")
		}
	}
	sawCoverMeta := false
	for _, x := range m.Metas {
		if x.Name == "cover" {
			sawCoverMeta = x.Content == cover && cover != ""
		}
	}
	if !sawCoverMeta {
		t.Error("no cover-image item with a matching <meta name=\"cover\">")
	}

	// Without images (and without the generated cover), no visual access
	// mode and no claim of text alternatives; without a modified time, the
	// publication date.
	files, _ = unzip(t, write(t, smallBook(), &epub.Options{NoCover: true}))
	m = opfMeta{}
	if err := xml.Unmarshal(files["EPUB/package.opf"], &m); err != nil {
		t.Fatal(err)
	}
	check("small accessMode", m.metas("schema:accessMode", ""), []string{"textual"})
	if slices.Contains(m.metas("schema:accessibilityFeature", ""), "alternativeText") {
		t.Error("alternativeText claimed for a book without images")
	}
	check("small modified", m.metas("dcterms:modified", ""), []string{"2026-11-01T00:00:00Z"})
}

// Without a cover image, Write draws one; NoCover leaves it out; the
// colours can be set.
func TestGeneratedCover(t *testing.T) {
	files, _ := unzip(t, write(t, smallBook(), nil))
	img, err := png.Decode(bytes.NewReader(files["EPUB/images/quire-cover.png"]))
	if err != nil {
		t.Fatalf("generated cover: %v", err)
	}
	if r := img.Bounds(); r.Dx() != 1600 || r.Dy() != 2560 {
		t.Errorf("generated cover is %v, want 1600×2560", r)
	}
	if r, g, b, _ := img.At(1, 1).RGBA(); r>>8 != 0x7c || g>>8 != 0x1c || b>>8 != 0x1c {
		t.Errorf("default cover ground is %x %x %x", r>>8, g>>8, b>>8)
	}
	page := string(files["EPUB/xhtml/cover.xhtml"])
	if !strings.Contains(page, `<img src="../images/quire-cover.png" alt="Cover: A Short Book"/>`) {
		t.Errorf("cover page:\n%s", page)
	}
	if !strings.Contains(string(files["EPUB/package.opf"]), `href="images/quire-cover.png" media-type="image/png" properties="cover-image"`) {
		t.Error("the generated cover is not the cover-image")
	}
	epubcheck(t, write(t, smallBook(), nil))

	files, _ = unzip(t, write(t, smallBook(), &epub.Options{CoverBackground: color.RGBA{0, 0x33, 0x66, 0xff}}))
	img, err = png.Decode(bytes.NewReader(files["EPUB/images/quire-cover.png"]))
	if err != nil {
		t.Fatal(err)
	}
	if r, g, b, _ := img.At(1, 1).RGBA(); r>>8 != 0 || g>>8 != 0x33 || b>>8 != 0x66 {
		t.Errorf("CoverBackground ignored: %x %x %x", r>>8, g>>8, b>>8)
	}

	files, _ = unzip(t, write(t, smallBook(), &epub.Options{NoCover: true}))
	for name := range files {
		if strings.Contains(name, "cover") {
			t.Errorf("NoCover, yet %s", name)
		}
	}
}

func TestSpineAndNav(t *testing.T) {
	files, _ := unzip(t, write(t, withCover(t), nil))
	got := spine(t, files)
	want := []string{"EPUB/xhtml/cover.xhtml", "EPUB/xhtml/titlepage.xhtml", "EPUB/nav.xhtml",
		"EPUB/xhtml/opening.xhtml", "EPUB/xhtml/kinds.xhtml", "EPUB/xhtml/alphabets.xhtml", "EPUB/xhtml/colophon.xhtml"}
	if !slices.Equal(got, want) {
		t.Errorf("spine %q, want %q", got, want)
	}
	nav := string(files["EPUB/nav.xhtml"])
	for _, s := range []string{
		`<nav epub:type="toc"`,
		// the untitled opening chapter is listed under the book's title
		`<li><a href="xhtml/opening.xhtml">Every Kind of Thing</a></li>`,
		// sections nest, and a skipped level is closed up
		`<li><a href="xhtml/kinds.xhtml#quotes-and-code">Quotes and code</a>` + "\n<ol>\n" +
			`<li><a href="xhtml/kinds.xhtml#a-heading-that-skips-levels">A heading that skips levels</a></li>`,
		`<a href="xhtml/alphabets.xhtml#greek">Ελληνικά</a>`,
		`<nav epub:type="landmarks" id="landmarks" hidden="hidden">`,
		`<a epub:type="cover" href="xhtml/cover.xhtml">`,
		`<a epub:type="titlepage" href="xhtml/titlepage.xhtml">`,
		`<a epub:type="toc" href="nav.xhtml#toc">`,
		`<a epub:type="bodymatter" href="xhtml/opening.xhtml">`,
	} {
		if !strings.Contains(nav, s) {
			t.Errorf("nav.xhtml lacks %s", s)
		}
	}
	ncx := string(files["EPUB/toc.ncx"])
	for _, s := range []string{
		`<meta name="dtb:uid" content="urn:uuid:`,
		`<meta name="dtb:depth" content="4"/>`,
		`<text>Kinds of Block</text></navLabel><content src="xhtml/kinds.xhtml"/>`,
	} {
		if !strings.Contains(ncx, s) {
			t.Errorf("toc.ncx lacks %s", s)
		}
	}
	opening := string(files["EPUB/xhtml/opening.xhtml"])
	if strings.Contains(opening, "<h1") || !strings.Contains(opening, `aria-label="Every Kind of Thing"`) {
		t.Errorf("untitled chapter: want no h1 and an aria-label:\n%s", opening)
	}
	cover := string(files["EPUB/xhtml/cover.xhtml"])
	if !strings.Contains(cover, `<img src="../images/cover.png" alt="Cover: Every Kind of Thing"/>`) {
		t.Errorf("cover page:\n%s", cover)
	}
}

var noterefRE = regexp.MustCompile(`epub:type="noteref" role="doc-noteref" id="([^"]+)" href="#([^"]+)">(\d+)</a>`)

func TestFootnotes(t *testing.T) {
	for _, tc := range []struct {
		o    *epub.Options
		want map[string]string // chapter file → note numbers in order
	}{
		{nil, map[string]string{"opening": "1", "kinds": "1 2 1 3", "alphabets": "1"}},
		{&epub.Options{Notes: epub.NotesRunOn}, map[string]string{"opening": "1", "kinds": "2 3 2 4", "alphabets": "5"}},
	} {
		files, _ := unzip(t, write(t, featureBook(t), tc.o))
		for ch, want := range tc.want {
			doc := string(files["EPUB/xhtml/"+ch+".xhtml"])
			var nums []string
			seen := map[string]bool{}
			for _, m := range noterefRE.FindAllStringSubmatch(doc, -1) {
				nums = append(nums, m[3])
				ref, note := m[1], m[2]
				// the note exists, and its first reference has a link back
				if !strings.Contains(doc, `<aside class="footnote" epub:type="footnote" role="doc-footnote" id="`+note+`">`) {
					t.Errorf("%s: no aside %s", ch, note)
				}
				if !seen[note] && !strings.Contains(doc, `role="doc-backlink" href="#`+ref+`">`+m[3]+`.</a>`) {
					t.Errorf("%s: no backlink to %s", ch, ref)
				}
				seen[note] = true
			}
			if got := strings.Join(nums, " "); got != want {
				t.Errorf("notes %v, %s: numbers %q, want %q", tc.o, ch, got, want)
			}
		}
	}
}

func TestOptions(t *testing.T) {
	files, _ := unzip(t, write(t, smallBook(), nil))
	css := string(files["EPUB/css/quire.css"])
	if css != epub.DefaultCSS {
		t.Error("default stylesheet is not DefaultCSS")
	}
	for _, s := range []string{"text-indent: 1.5em", "hyphens: auto", "-epub-hyphens: auto", "page-break-before: always", "break-before: page"} {
		if !strings.Contains(css, s) {
			t.Errorf("DefaultCSS lacks %q", s)
		}
	}
	if regexp.MustCompile(`\d(px|pt)\b|#[0-9a-fA-F]{3,6}\b|\bcolor:|font-family: *"`).MatchString(epub.DefaultCSS) {
		t.Error("DefaultCSS fixes a size in px or pt, a colour or a font")
	}

	files, _ = unzip(t, write(t, smallBook(), &epub.Options{CSS: "p { margin: 0 }", ExtraCSS: "h1 { color: red }"}))
	if got := string(files["EPUB/css/quire.css"]); got != "p { margin: 0 }\nh1 { color: red }\n" {
		t.Errorf("CSS + ExtraCSS gave %q", got)
	}

	files, _ = unzip(t, write(t, withCover(t), fullOptions()))
	css = string(files["EPUB/css/quire.css"])
	for _, s := range []string{
		"@font-face {\n  font-family: \"Go\";\n  font-weight: 400;\n  font-style: normal;\n  src: url(\"../fonts/font-1.ttf\");\n}",
		"font-style: italic;\n  src: url(\"../fonts/font-2.ttf\");",
		"body {\n  font-family: \"Go\", serif;\n}",
		"p.quire { font-style: italic; }",
	} {
		if !strings.Contains(css, s) {
			t.Errorf("stylesheet lacks %q", s)
		}
	}
	var m opfMeta
	if err := xml.Unmarshal(files["EPUB/package.opf"], &m); err != nil {
		t.Fatal(err)
	}
	fonts := 0
	for _, it := range m.Items {
		if strings.HasPrefix(it.Href, "fonts/") {
			fonts++
			if it.MediaType != "font/ttf" {
				t.Errorf("%s has media type %s", it.Href, it.MediaType)
			}
		}
	}
	if fonts != 2 {
		t.Errorf("%d fonts in the manifest, want 2", fonts)
	}
	if !strings.Contains(string(files["EPUB/xhtml/kinds.xhtml"]), `<p class="ornament" role="separator">⁂</p>`) {
		t.Error("scene break ornament missing")
	}

	for _, o := range []*epub.Options{
		{Fonts: []epub.Font{{Family: "X", Data: []byte("not a font")}}},
		{Fonts: []epub.Font{{Data: goregular.TTF}}},
		{Fonts: []epub.Font{{Family: "X", Data: goregular.TTF, Weight: 1000}}},
		{SceneBreak: "\x00"},
	} {
		err := epub.Write(new(bytes.Buffer), smallBook(), o)
		if err == nil || !strings.HasPrefix(err.Error(), "epub: options: ") {
			t.Errorf("options %+v: error %v", o, err)
		}
	}
}

func TestEscaping(t *testing.T) {
	b := smallBook()
	b.Meta.Title = `<script>alert("title")</script> & co`
	b.Chapters[0].Title = `<img src=x onerror=alert(1)>`
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks,
		book.Paragraph{book.Text(`</p><script>alert(1)</script>`), book.Link{URL: `https://example.org/a?b=1&c=2`, Content: []book.Inline{book.Text("x")}}},
		book.Paragraph{book.Link{URL: "https://example.org/ünïcode/%zz", Content: []book.Inline{book.Link{URL: "https://inner.example", Content: []book.Inline{book.Text("nested"), book.FootnoteRef{ID: "n2"}}}}}},
		book.CodeBlock{Language: `go" onclick="x`, Text: "]]> <![CDATA["},
		book.Footnote{ID: "n2", Blocks: []book.Block{book.Paragraph{book.Text("inside a link")}}},
	)
	data := write(t, b, nil)
	files, _ := unzip(t, data)
	for name, doc := range files {
		if filepath.Ext(name) == ".xhtml" {
			checkXHTML(t, name, doc, "en")
		}
	}
	doc := string(files["EPUB/xhtml/hello.xhtml"])
	for _, s := range []string{
		`&lt;img src=x onerror=alert(1)&gt;`,
		`&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;`,
		`href="https://example.org/%C3%BCn%C3%AFcode/%25zz"`,
		`<code class="language-goonclickx">`,
		// a link inside a link keeps its text; a note inside a link is not a link
		`>nested<sup><span class="noteref" id="ref-n2">2</span></sup></a>`,
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("hello.xhtml lacks %s", s)
		}
	}
	epubcheck(t, data)
}

func TestErrors(t *testing.T) {
	if err := epub.Write(new(bytes.Buffer), nil, nil); err == nil {
		t.Error("nil book: no error")
	}
	b := smallBook()
	b.Meta.Title = ""
	err := epub.Write(new(bytes.Buffer), b, nil)
	if !errors.Is(err, book.ErrNoTitle) || !strings.HasPrefix(err.Error(), "epub: ") {
		t.Errorf("untitled book: %v", err)
	}
	b = smallBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{book.Link{URL: "javascript:alert(1)"}})
	if err := epub.Write(new(bytes.Buffer), b, nil); !errors.Is(err, book.ErrBadLink) {
		t.Errorf("javascript: link: %v", err)
	}
	b = smallBook()
	b.Chapters[0].Blocks = append(b.Chapters[0].Blocks, book.Paragraph{book.Link{URL: "#nowhere", Content: []book.Inline{book.Text("x")}}})
	var buf bytes.Buffer
	err = epub.Write(&buf, b, nil)
	if !errors.Is(err, book.ErrBadLink) || !strings.Contains(err.Error(), `chapter 1 "hello", block 4: invalid link: "#nowhere" names no chapter`) {
		t.Errorf("link to a missing ID: %v", err)
	}
	if buf.Len() != 0 {
		t.Error("a failed Write wrote something")
	}
}

// A short book's package document and chapter, reviewed by hand; run
// go test -update to rewrite them after a deliberate change.
func TestGolden(t *testing.T) {
	files, _ := unzip(t, write(t, smallBook(), nil))
	for _, name := range []string{"EPUB/package.opf", "EPUB/xhtml/hello.xhtml", "EPUB/nav.xhtml"} {
		golden := filepath.Join("testdata", "golden", filepath.Base(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s differs from %s:\n%s", name, golden, files[name])
		}
	}
}

func TestRightToLeft(t *testing.T) {
	for lang, rtl := range map[string]bool{"ar": true, "he-IL": true, "fa": true, "en": false, "az-Arab": true, "ku-Latn": false, "ug-Cyrl": false} {
		b := smallBook()
		b.Meta.Language = lang
		files, _ := unzip(t, write(t, b, nil))
		got := strings.Contains(string(files["EPUB/package.opf"]), `page-progression-direction="rtl"`)
		if got != rtl {
			t.Errorf("%s: right to left %v, want %v", lang, got, rtl)
		}
	}
}
