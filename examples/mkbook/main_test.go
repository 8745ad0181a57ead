package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationsansregular"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/validators"
	"github.com/quire-books/quire/source"
)

// checkEditions runs the validators on NAME.epub and NAME.pdf in dir and
// checks that the PDF's text holds every word of b, in order.
func checkEditions(t *testing.T, dir, name string, b *book.Book) {
	t.Helper()
	epubcheck(t, filepath.Join(dir, name+".epub"))
	pdfFile := filepath.Join(dir, name+".pdf")
	validators.QPDFCheck(t, pdfFile)
	have := words(validators.Run(t, "pdftotext", pdfFile, "-"))
	body, notes := bookText(b)
	want := words(b.Meta.Title + "\n" + b.Meta.Subtitle + "\n" + body)
	if len(want) < 150 {
		t.Fatalf("only %d words to look for: %q", len(want), want)
	}
	if miss := inOrder(want, have); miss != "" {
		t.Errorf("pdftotext lacks a word of the text, or has it out of order: %s", miss)
	}
	for _, n := range notes {
		if miss := inOrder(words(n), have); miss != "" {
			t.Errorf("pdftotext lacks a word of a footnote: %s", miss)
		}
	}
}

// A manuscript the project has never seen, in six languages besides
// English, with every kind of block: both editions pass the validators
// and the PDF holds every word.
func TestMarkdownManuscript(t *testing.T) {
	out := t.TempDir()
	code, stderr := mkbook(t, nil, "-out", out, "testdata/harbours.md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := files(t, out); got != "harbours.epub harbours.pdf" {
		t.Fatalf("wrote %q, want harbours.epub and harbours.pdf", got)
	}
	src, _ := os.ReadFile("testdata/harbours.md")
	b, err := source.ReadMarkdown(src, &source.MarkdownOptions{FS: os.DirFS("testdata")})
	if err != nil {
		t.Fatal(err)
	}
	// Make sure the test looks for what the manuscript is about.
	body, notes := bookText(b)
	for _, w := range []string{"réparait", "Füßen", "świeżym", "çıkacağız", "İzmir’de", "Πειραιάς", "набережной", "fmt.Println", "Türkiye"} {
		if !strings.Contains(body, w) {
			t.Errorf("the text to look for lacks %q", w)
		}
	}
	if len(notes) != 3 {
		t.Errorf("%d footnotes, want 3", len(notes))
	}
	checkEditions(t, out, "harbours", b)

	// The same manuscript gives the same bytes.
	again := t.TempDir()
	if code, stderr := mkbook(t, nil, "-out", again, "testdata/harbours.md"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"harbours.epub", "harbours.pdf"} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// A plain-text manuscript in the pamphlet's format, with other headings.
func TestTextManuscript(t *testing.T) {
	out := t.TempDir()
	code, stderr := mkbook(t, nil, "-out", out, "testdata/keepers.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := files(t, out); got != "keepers.epub keepers.pdf" {
		t.Fatalf("wrote %q, want keepers.epub and keepers.pdf", got)
	}
	src, _ := os.ReadFile("testdata/keepers.txt")
	b, err := source.ReadText(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, c := range b.Chapters {
		titles = append(titles, c.Title)
	}
	if got := strings.Join(titles, "|"); got != "|The first storm|Oil, wicks and glass|Letters home|Spring" {
		t.Errorf("chapters %q: the test manuscript is not read as intended", got)
	}
	checkEditions(t, out, "keepers", b)
	if o := opf(t, filepath.Join(out, "keepers.epub")); !strings.Contains(o, "Jon Ek") || !strings.Contains(o, "Mara Lind") {
		t.Errorf("the byline's names are not in the package document:\n%s", o)
	}
}

// write makes a file, and its folder, under dir.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	name = filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 16, 24))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Bad input: exit status 1, one line "mkbook: FILE:LINE: what", and no
// file written, not even the edition that could have been made.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	secret := write(t, dir, "secret.png", string(pngImage(t)))
	write(t, dir, "book/inside.png", string(pngImage(t)))
	if err := os.Symlink(secret, filepath.Join(dir, "book", "link.png")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, manuscript string
		args             []string
		want             string // the message after "mkbook: "
	}{
		{"climbing image", "---\ntitle: T\n---\n\n# One\n\nText.\n\n![a map](../secret.png)\n",
			nil, `BOOK:9: image "../secret.png": leaves the manuscript's directory`},
		{"climbing image, no title", "# One\n\nText.\n\n![a map](inside.png)\n\n![a map](../secret.png)\n",
			nil, `BOOK:7: image "../secret.png": leaves the manuscript's directory`},
		{"climbing image, front matter without title", "---\nauthor: A\n---\n\n# One\n\n![a map](../secret.png)\n",
			nil, `BOOK:7: image "../secret.png": leaves the manuscript's directory`},
		{"climbing image, empty title", "---\ntitle:\nauthor: A\n---\n\n# One\n\n![a map](../secret.png)\n",
			nil, `BOOK:8: image "../secret.png": leaves the manuscript's directory`},
		{"climbing image, CRLF", "# One\r\n\r\n![a map](../secret.png)\r\n",
			nil, `BOOK:3: image "../secret.png": leaves the manuscript's directory`},
		{"symbolic link out", "---\ntitle: T\n---\n\n![a map](link.png)\n",
			nil, `BOOK:5: image "link.png": .*escapes.*`},
		{"absolute path", "---\ntitle: T\n---\n\n![a map](" + secret + ")\n",
			nil, `BOOK:5: image ".*": is not a relative path with '/' separators`},
		{"missing image", "---\ntitle: T\n---\n\ntext\n\n![a map](nothere.png)\n",
			nil, `BOOK:7: image "nothere.png": no such file`},
		{"unknown key", "---\ntitle: T\ncolour: red\n---\n\ntext\n",
			nil, `BOOK:3: front matter: unknown key "colour"`},
		{"invalid UTF-8", "---\ntitle: T\n---\n\nab\xffc\n",
			nil, `BOOK:5: invalid UTF-8 \(column 3\)`},
		{"character the PDF's font lacks", "---\ntitle: T\n---\n\nfine\n\nthe word 漢字\n",
			nil, `BOOK:7: pdf: .*U\+6F22.*`},
		{"cover that is no image", "---\ntitle: T\n---\n\ntext\n",
			[]string{"-cover", write(t, dir, "notes.txt", "not an image")}, `.*notes.txt: not a PNG or JPEG image`},
		{"font that is no font", "---\ntitle: T\n---\n\ntext\n",
			[]string{"-font", filepath.Join(dir, "book", "inside.png")}, `.*inside.png: not a TrueType font.*`},
		{"missing font", "---\ntitle: T\n---\n\ntext\n",
			[]string{"-font", filepath.Join(dir, "nothere.ttf")}, `.*nothere.ttf: no such file or directory`},
		{"bad SOURCE_DATE_EPOCH", "---\ntitle: T\n---\n\ntext\n",
			[]string{"EPOCH"}, `SOURCE_DATE_EPOCH="soon" is not a number of seconds`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			manuscript := write(t, dir, "book/book.md", tc.manuscript)
			out := filepath.Join(t.TempDir(), "out")
			env := map[string]string{}
			args := tc.args
			if len(args) == 1 && args[0] == "EPOCH" {
				env["SOURCE_DATE_EPOCH"], args = "soon", nil
			}
			code, stderr := mkbook(t, env, append(append([]string{"-out", out}, args...), manuscript)...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr: %s", code, stderr)
			}
			want := "mkbook: " + strings.ReplaceAll(tc.want, "BOOK", regexp.QuoteMeta(manuscript)) + "\n"
			if !regexp.MustCompile("^" + want + "$").MatchString(stderr) {
				t.Errorf("stderr:\n%q\nwant one line matching\n%q", stderr, want)
			}
			if got := files(t, out); got != "" {
				t.Errorf("the output folder holds %q after a failure", got)
			}
			if got := files(t, filepath.Dir(manuscript)); got != "book.md inside.png link.png" {
				t.Errorf("the manuscript's folder holds %q after a failure", got)
			}
		})
	}
}

func TestMissingManuscript(t *testing.T) {
	name := filepath.Join(t.TempDir(), "nothere.md")
	code, stderr := mkbook(t, nil, name)
	if want := "mkbook: " + name + ": no such file or directory\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
}

// A manuscript without a title gets its file name, with a warning.
func TestNoTitle(t *testing.T) {
	for _, tc := range []struct{ name, manuscript string }{
		{"no front matter", "# One\n\nThe first chapter.\n\n# Two\n\nThe second.\n"},
		{"front matter without title", "---\nauthor: Ann Smith\n---\n\n# One\n\nText.\n"},
		{"empty title", "---\nauthor: Ann Smith\ntitle: \"\"\n---\n\n# One\n\nText.\n"},
		{"byte order mark, CRLF", "\uFEFF# One\r\n\r\nText.\r\n"},
		{"thematic break first", "---\n\nText after a rule.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			manuscript := write(t, dir, "field notes.md", tc.manuscript)
			code, stderr := mkbook(t, nil, manuscript)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if want := "mkbook: " + manuscript + ": no title in the front matter; using \"field notes\"\n"; stderr != want {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
			if o := opf(t, filepath.Join(dir, "field notes.epub")); !strings.Contains(o, ">field notes</dc:title>") {
				t.Errorf("the EPUB's title is not the file name:\n%s", o)
			}
			if strings.Contains(tc.manuscript, "Ann Smith") {
				if o := opf(t, filepath.Join(dir, "field notes.epub")); !strings.Contains(o, "Ann Smith") {
					t.Errorf("the front matter's author was lost:\n%s", o)
				}
			}
			if info := validators.Run(t, "pdfinfo", filepath.Join(dir, "field notes.pdf")); !regexp.MustCompile(`(?m)^Title: +field notes$`).MatchString(info) {
				t.Errorf("the PDF's title is not the file name:\n%s", info)
			}
		})
	}
}

func TestWithTitle(t *testing.T) {
	for _, tc := range []struct {
		in, out   string
		at, added int
	}{
		{"# One\n", "---\ntitle: \"x\"\n---\n# One\n", 1, 3},
		{"\uFEFF# One\n", "---\ntitle: \"x\"\n---\n# One\n", 1, 3},
		{"---\n\ntext\n", "---\ntitle: \"x\"\n---\n---\n\ntext\n", 1, 3},
		{"---\nauthor: A\n---\n", "---\ntitle: \"x\"\nauthor: A\n---\n", 2, 1},
		{"---\r\nauthor: A\r\n---\r\n", "---\r\ntitle: \"x\"\nauthor: A\r\n---\r\n", 2, 1},
		{"---\nauthor: A\ntitle:  \n---\n", "---\nauthor: A\ntitle: \"x\"\n---\n", 3, 0},
		{"---\nauthor: A\n---\ntitle:\n", "---\ntitle: \"x\"\nauthor: A\n---\ntitle:\n", 2, 1},
		{"\t---\nauthor: A\n", "---\ntitle: \"x\"\n---\n\t---\nauthor: A\n", 1, 3}, // not front matter to the reader
		{"  ---  \nauthor: A\n---\n", "  ---  \ntitle: \"x\"\nauthor: A\n---\n", 2, 1},
	} {
		out, at, added := withTitle([]byte(tc.in), "x")
		if string(out) != tc.out || at != tc.at || added != tc.added {
			t.Errorf("withTitle(%q) = %q, %d, %d; want %q, %d, %d", tc.in, out, at, added, tc.out, tc.at, tc.added)
		}
	}
	out, _, _ := withTitle([]byte("text\n"), "a \"b\" \\c\x01\xff")
	if want := "---\ntitle: \"a \\\"b\\\" \\\\c \uFFFD\"\n---\ntext\n"; string(out) != want {
		t.Errorf("quoting: got %q, want %q", out, want)
	}
}

// Bad usage: exit status 2 and the usage on stderr; -h is not an error.
func TestUsage(t *testing.T) {
	dir := t.TempDir()
	md := write(t, dir, "b.md", "---\ntitle: T\n---\n\ntext\n")
	txt := write(t, dir, "b.txt", "T\n\nby A\n2026\n\ntext.\n")
	for _, args := range [][]string{
		{},
		{md, txt},
		{write(t, dir, "b.html", "<p>text</p>")},
		{"-nosuchflag", md},
		{"-trim", "a3", md},
		{"-trim", "148x210", md},
		{"-trim", "1x1in", md},
		{"-chapter-level", "7", md},
		{"-chapter-level", "two", md},
		{"-chapter-level", "2", txt},
		{"-lang", "english!", md},
		{"-font-bold", md, md},
	} {
		code, stderr := mkbook(t, nil, append([]string{"-out", filepath.Join(dir, "out")}, args...)...)
		if code != 2 || !strings.Contains(stderr, "usage: mkbook [flags] MANUSCRIPT") {
			t.Errorf("mkbook %q: exit %d, want 2 and the usage; stderr:\n%s", args, code, stderr)
		}
	}
	if got := files(t, filepath.Join(dir, "out")); got != "" {
		t.Errorf("usage errors wrote %q", got)
	}
	if code, stderr := mkbook(t, nil, "-h"); code != 0 || !strings.Contains(stderr, "-chapter-level LEVEL") {
		t.Errorf("-h: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestParseTrim(t *testing.T) {
	for in, want := range map[string][2]float64{
		"a5": {419.53, 595.28}, "6x9cm": {170.08, 255.12}, "A4": {595.28, 841.89}, "letter": {612, 792}, "6x9": {432, 648},
		"5.5x8.5": {396, 612}, "148x210mm": {419.53, 595.28}, "15 x 23cm": {425.2, 651.97},
		"6x9in": {432, 648}, "400x600pt": {400, 600},
	} {
		got, err := parseTrim(in)
		if err != nil || round(float64(got.W)) != want[0] || round(float64(got.H)) != want[1] {
			t.Errorf("parseTrim(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "a3", "6x", "x9in", "axbmm", "148x210", "-6x9in", "NaNxNaNin", "300x9in", "1x9cm"} {
		if got, err := parseTrim(in); err == nil {
			t.Errorf("parseTrim(%q) = %v, want an error", in, got)
		}
	}
}

func round(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// The flags reach the editions.
func TestFlags(t *testing.T) {
	dir := t.TempDir()
	manuscript := write(t, dir, "in/story.md", "---\ntitle: A Story\nlang: fr\n---\n\n# Un\n\nIl était une fois.\n\n## Deux\n\nLa suite.\n")
	cover := write(t, dir, "cover.png", string(pngImage(t)))
	font := write(t, dir, "sans.ttf", string(liberationsansregular.TTF))
	out := filepath.Join(dir, "out")

	// -epub only, with a cover and a font; the book's language is French.
	code, stderr := mkbook(t, map[string]string{"SOURCE_DATE_EPOCH": "1764028800"},
		"-epub", "-cover", cover, "-font", font, "-out", out, manuscript)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := files(t, out); got != "story.epub" {
		t.Fatalf("-epub wrote %q", got)
	}
	e := filepath.Join(out, "story.epub")
	epubcheck(t, e)
	o := opf(t, e)
	for _, want := range []string{`properties="cover-image"`, ">2025-11-25T00:00:00Z<", ">fr<", "font/ttf"} {
		if !strings.Contains(o, want) {
			t.Errorf("the package document lacks %q:\n%s", want, o)
		}
	}
	css := ""
	for name, data := range epubFiles(t, e) {
		if strings.HasSuffix(name, ".css") {
			css += data
		}
	}
	if !strings.Contains(css, "Liberation Sans") {
		t.Errorf("the stylesheet does not use the font's family, Liberation Sans")
	}

	// -pdf only, 6 × 9 in, chapters at level 2, the same font.
	code, stderr = mkbook(t, nil, "-pdf", "-trim", "6x9", "-chapter-level", "2", "-font", font, "-out", out, manuscript)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := files(t, out); got != "story.epub story.pdf" {
		t.Fatalf("-pdf wrote %q", got)
	}
	p := filepath.Join(out, "story.pdf")
	if info := validators.Run(t, "pdfinfo", p); !strings.Contains(info, "432 x 648 pts") {
		t.Errorf("-trim 6x9 gave\n%s", info)
	}
	text := validators.Run(t, "pdftotext", p, "-")
	if !strings.Contains(text, "Typeset with Quire in Liberation Sans.") {
		t.Errorf("the colophon does not name the -font's family, Liberation Sans:\n%s", text)
	}
	// With chapter level 2, "Un" is a part and "Deux" its chapter: both
	// are chapters, so the contents list them.
	if !regexp.MustCompile(`Un[ .]+\d+\s+Deux[ .]+\d+`).MatchString(text) {
		t.Errorf("-chapter-level 2 did not make both headings chapters:\n%s", text)
	}
	// French is not hyphenated with the English patterns.
	if strings.Contains(text, "-\n") {
		t.Errorf("a French book was hyphenated:\n%s", text)
	}
}

// The built command: exit statuses and messages as a user sees them.
func TestCommand(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build mkbook with")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mkbook")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	good := write(t, dir, "good.md", "---\ntitle: Good\n---\n\n# One\n\nText.\n")
	bad := write(t, dir, "bad.md", "---\ntitle: Bad\n---\n\n# One\n\n![x](../x.png)\n")
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string // a regular expression
	}{
		{[]string{good}, 0, ``},
		{[]string{bad}, 1, `mkbook: ` + regexp.QuoteMeta(bad) + `:7: image "../x.png": leaves the manuscript's directory\n`},
		{[]string{}, 2, `(?s)mkbook: want one manuscript, got 0 arguments\nusage: mkbook .*`},
		{[]string{"-trim", "huge", good}, 2, `(?s)invalid value "huge" for flag -trim: .*usage: mkbook .*`},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !regexp.MustCompile("^"+tc.stderr+"$").MatchString(stderr.String()) {
			t.Errorf("mkbook %q: exit %d, stderr %q; want %d, %q", tc.args, code, stderr.String(), tc.code, tc.stderr)
		}
	}
	if got := files(t, dir); got != "bad.md good.epub good.md good.pdf mkbook" {
		t.Errorf("the folder holds %q", got)
	}
}

// The README's mkbook example works as it says, and its error message is
// the one mkbook prints.
func TestREADMEMkbook(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "## Make a book from your manuscript")
	_, manuscript, ok := strings.Cut(section, "```markdown\n")
	manuscript, _, ok2 := strings.Cut(manuscript, "```")
	m := regexp.MustCompile("(?m)^mkbook: mybook/book.md:.*$").FindString(section)
	if !ok || !ok2 || m == "" || !strings.Contains(manuscript, "(harbour.png") {
		t.Fatal("the README has no example manuscript using harbour.png and its error message")
	}
	dir := t.TempDir()
	name := write(t, dir, "mybook/book.md", manuscript)
	// Wide enough to print at 300 ppi across the A5 measure, so the PDF
	// writer has no resolution to warn about.
	harbour := image.NewGray(image.Rect(0, 0, 1400, 900))
	var buf bytes.Buffer
	if err := png.Encode(&buf, harbour); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "mybook/harbour.png", buf.String())
	if code, stderr := mkbook(t, nil, name); code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := files(t, filepath.Join(dir, "mybook")); got != "book.epub book.md book.pdf harbour.png" {
		t.Errorf("the folder holds %q", got)
	}
	epubcheck(t, filepath.Join(dir, "mybook", "book.epub"))

	write(t, dir, "mybook/book.md", strings.Replace(manuscript, "(harbour.png", "(../harbour.png", 1))
	code, stderr := mkbook(t, nil, name)
	if want := strings.Replace(m, "mybook/book.md", name, 1) + "\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; the README says %q", code, stderr, want)
	}
}
