// Command mkbook makes an EPUB and a print-ready PDF from a manuscript:
//
//	mkbook [flags] MANUSCRIPT
//
// MANUSCRIPT is Markdown (.md) or plain text in the pamphlet's format (.txt);
// see package source for both. mkbook writes DIR/NAME.epub and DIR/NAME.pdf,
// where NAME is the manuscript's file name without its extension and DIR is
// the manuscript's folder unless -out says otherwise:
//
//	go run ./examples/mkbook notes/book.md                # notes/book.epub, notes/book.pdf
//	go run ./examples/mkbook -trim 6x9 -out out book.md   # a 6 × 9 in PDF
//	go run ./examples/mkbook -pdf -font Gentium.ttf book.txt
//
// Flags:
//
//	-out DIR            write the editions into DIR (made if missing)
//	-epub, -pdf         write only that edition (both: both)
//	-trim SIZE          PDF page size: a5 (default), a4, letter, 6x9,
//	                    5.5x8.5, or WxH with a unit: 148x210mm, 15x23cm, 6x9in
//	-font FILE          body font of both editions, a TrueType (.ttf) file;
//	-font-bold FILE     its other faces; a face not given falls back to the
//	-font-italic FILE   regular one, so that face's emphasis is lost
//	-font-bolditalic FILE
//	-cover FILE         cover image, PNG or JPEG (replaces the front matter's)
//	-chapter-level N    Markdown heading level that opens a chapter (1 to 6)
//	-lang TAG           language when the manuscript gives none (BCP 47)
//
// Images in a Markdown manuscript are read relative to its folder, and never
// from outside it: "../x.png", absolute paths, URLs and symbolic links that
// lead out of the folder are errors.
//
// A manuscript without a title is given its file name as title, with a
// warning, as pandoc does. The PDF's hyphenation patterns are US English,
// so a book in another language is set without hyphenation.
//
// Exit status: 0 when the editions were written; 1 when the input is wrong,
// with one line "mkbook: FILE:LINE: what is wrong" on stderr and no file
// written; 2 on a usage error. Warnings, such as a paragraph the PDF could
// not justify well, go to stderr and do not change the exit status.
//
// When SOURCE_DATE_EPOCH is set (seconds since 1970), it becomes the
// editions' modification date; otherwise the date comes from the
// manuscript, and every run gives the same bytes.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/examples/internal/atomic"
	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr, os.Getenv))
}

// config is what the command line asks for.
type config struct {
	manuscript   string
	out          string
	epub, pdf    bool
	trim         pdf.Size
	fonts        [4]string // regular, bold, italic, bold italic
	cover        string
	chapterLevel int
	lang         string
}

// run is the whole command: it returns the exit status.
func run(args []string, stderr io.Writer, getenv func(string) string) int {
	c, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // parseArgs has said why
	}
	warnings, err := build(c, getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		// Only the error: warnings about a book that was not made are noise.
		fmt.Fprintln(stderr, "mkbook:", oneLine(err.Error()))
		return 1
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "mkbook:", oneLine(w))
	}
	return 0
}

const usage = `usage: mkbook [flags] MANUSCRIPT

Makes MANUSCRIPT (.md or .txt) into NAME.epub and NAME.pdf. Flags:
`

// parseArgs reads the command line. On a usage error it prints the message
// and the usage to stderr.
func parseArgs(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("mkbook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.out, "out", "", "write the editions into `DIR` (default: the manuscript's folder)")
	fs.BoolVar(&c.epub, "epub", false, "write the EPUB only (with -pdf: both)")
	fs.BoolVar(&c.pdf, "pdf", false, "write the PDF only (with -epub: both)")
	fs.Func("trim", "PDF page `SIZE`: a5, a4, letter, 6x9, 5.5x8.5 or WxH with a unit (mm, cm, in, pt), e.g. 148x210mm (default a5)", func(s string) (err error) {
		c.trim, err = parseTrim(s)
		return err
	})
	fs.StringVar(&c.fonts[0], "font", "", "body font of both editions, a TrueType `FILE`")
	fs.StringVar(&c.fonts[1], "font-bold", "", "its bold face, a TrueType `FILE` (default: the regular face)")
	fs.StringVar(&c.fonts[2], "font-italic", "", "its italic face, a TrueType `FILE` (default: the regular face)")
	fs.StringVar(&c.fonts[3], "font-bolditalic", "", "its bold italic face, a TrueType `FILE` (default: bold, else regular)")
	fs.StringVar(&c.cover, "cover", "", "cover image, a PNG or JPEG `FILE`")
	fs.IntVar(&c.chapterLevel, "chapter-level", 0, "Markdown heading `LEVEL` that opens a chapter, 1 to 6 (default 1)")
	fs.StringVar(&c.lang, "lang", "", "BCP 47 language `TAG` when the manuscript gives none (default en)")
	if err := fs.Parse(args); err != nil {
		return nil, err // the flag package has printed the message and usage
	}
	fail := func(format string, a ...any) (*config, error) {
		err := fmt.Errorf(format, a...)
		fmt.Fprintln(stderr, "mkbook:", err)
		fs.Usage()
		return nil, err
	}
	if fs.NArg() != 1 {
		return fail("want one manuscript, got %d arguments", fs.NArg())
	}
	c.manuscript = fs.Arg(0)
	switch strings.ToLower(filepath.Ext(c.manuscript)) {
	case ".md", ".markdown", ".txt":
	default:
		return fail("%s: unknown kind of manuscript (want .md for Markdown or .txt for plain text)", c.manuscript)
	}
	if !c.epub && !c.pdf {
		c.epub, c.pdf = true, true
	}
	if c.chapterLevel != 0 && (c.chapterLevel < 1 || c.chapterLevel > 6) {
		return fail("-chapter-level %d: want 1 to 6", c.chapterLevel)
	}
	if c.chapterLevel > 1 && isText(c.manuscript) {
		return fail("-chapter-level applies to Markdown only: a plain-text manuscript has one level of headings")
	}
	if c.lang != "" && !book.ValidLanguageTag(c.lang) {
		return fail("-lang %q: not a BCP 47 language tag such as en or en-GB", c.lang)
	}
	if c.fonts[0] == "" && (c.fonts[1] != "" || c.fonts[2] != "" || c.fonts[3] != "") {
		return fail("-font-bold, -font-italic and -font-bolditalic need -font for the regular face")
	}
	if c.out == "" {
		c.out = filepath.Dir(c.manuscript)
	}
	return c, nil
}

func isText(name string) bool { return strings.EqualFold(filepath.Ext(name), ".txt") }

// parseTrim reads a trim size: a name or "WxH" with a unit.
func parseTrim(s string) (pdf.Size, error) {
	named := map[string]pdf.Size{"a5": pdf.A5, "a4": pdf.A4, "letter": pdf.Letter, "6x9": pdf.Royal6x9, "5.5x8.5": pdf.Digest}
	s = strings.ToLower(strings.TrimSpace(s))
	if size, ok := named[s]; ok {
		return size, nil
	}
	bad := fmt.Errorf("%q is not a5, a4, letter, 6x9, 5.5x8.5 or WxH with a unit, such as 148x210mm or 6x9in", s)
	var unit pdf.Length
	for suffix, u := range map[string]pdf.Length{"mm": pdf.Millimetre, "cm": 10 * pdf.Millimetre, "in": pdf.Inch, "pt": pdf.Point} {
		if rest, ok := strings.CutSuffix(s, suffix); ok {
			s, unit = rest, u
		}
	}
	w, h, ok := strings.Cut(s, "x")
	if unit == 0 || !ok {
		return pdf.Size{}, bad
	}
	fw, err1 := strconv.ParseFloat(strings.TrimSpace(w), 64)
	fh, err2 := strconv.ParseFloat(strings.TrimSpace(h), 64)
	if err1 != nil || err2 != nil {
		return pdf.Size{}, bad
	}
	size := pdf.Size{W: pdf.Length(fw) * unit, H: pdf.Length(fh) * unit}
	// From a visiting card's width to PDF's largest page, 200 in.
	for _, l := range []pdf.Length{size.W, size.H} {
		if !(l >= 2*pdf.Inch && l <= 200*pdf.Inch) {
			return pdf.Size{}, fmt.Errorf("%q: each side must be between 2 in (51 mm) and 200 in", s)
		}
	}
	return size, nil
}

// build reads the manuscript and everything the flags name, makes the
// editions in memory and writes them only when all of them succeeded. It
// returns the warnings of the readers and writers.
func build(c *config, epoch string) (warnings []string, err error) {
	warn := func(msg string) { warnings = append(warnings, msg) }

	src, err := os.ReadFile(c.manuscript)
	if err != nil {
		return nil, fileError(c.manuscript, err)
	}
	b, err := read(c, src, warn)
	if err != nil {
		return nil, err
	}
	if epoch != "" {
		secs, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", epoch)
		}
		b.Meta.Modified = time.Unix(secs, 0).UTC()
	}
	if c.cover != "" {
		if b.Meta.Cover, err = readCover(c.cover); err != nil {
			return nil, err
		}
	}
	eo := &epub.Options{}
	po := &pdf.Options{TrimSize: c.trim, Warn: warn}
	if c.fonts[0] != "" {
		if eo.Fonts, po.Body, err = readFonts(c.fonts); err != nil {
			return nil, err
		}
	}
	if lang, _, _ := strings.Cut(b.Meta.Language, "-"); !strings.EqualFold(lang, "en") {
		po.NoHyphenation = true // the only patterns are English ones
	}

	name := strings.TrimSuffix(filepath.Base(c.manuscript), filepath.Ext(c.manuscript))
	// The editions are made side by side: the writers only read the book.
	// Only the PDF writer warns, so warnings keep their order; errors are
	// reported EPUB first, whichever finished first.
	type edition struct {
		on    bool
		ext   string
		write func(io.Writer) error
		buf   bytes.Buffer
		err   error
	}
	editions := []*edition{
		{on: c.epub, ext: ".epub", write: func(w io.Writer) error { return epub.Write(w, b, eo) }},
		{on: c.pdf, ext: ".pdf", write: func(w io.Writer) error { return pdf.Write(w, b, po) }},
	}
	var wg sync.WaitGroup
	for _, e := range editions {
		if e.on {
			wg.Go(func() { e.err = e.write(&e.buf) })
		}
	}
	wg.Wait()
	var files []atomic.File
	for _, e := range editions {
		if e.err != nil {
			return nil, placed(c.manuscript, src, e.err)
		}
		if e.on {
			files = append(files, atomic.File{Name: filepath.Join(c.out, name+e.ext), Data: e.buf.Bytes()})
		}
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return nil, fileError(c.out, err)
	}
	return warnings, atomic.WriteFiles(files...)
}

// read reads the manuscript into a book. Images come from the manuscript's
// folder through an os.Root, which refuses any path or symbolic link that
// leads out of it.
func read(c *config, src []byte, warn func(string)) (*book.Book, error) {
	var (
		b   *book.Book
		err error
	)
	if isText(c.manuscript) {
		b, err = source.ReadText(src, &source.TextOptions{Name: c.manuscript, Language: c.lang})
		return b, placed(c.manuscript, src, err)
	}
	root, err := os.OpenRoot(filepath.Dir(c.manuscript))
	if err != nil {
		return nil, fileError(filepath.Dir(c.manuscript), err)
	}
	defer root.Close()
	o := &source.MarkdownOptions{Name: c.manuscript, ChapterLevel: c.chapterLevel, FS: root.FS(), Language: c.lang}
	b, err = source.ReadMarkdown(src, o)
	if !noTitle(err) {
		return b, placed(c.manuscript, src, err)
	}
	// No title: read it again with the file name as title, put into the
	// front matter, and report any other problem at its original line.
	title := strings.TrimSuffix(filepath.Base(c.manuscript), filepath.Ext(c.manuscript))
	if strings.TrimSpace(title) == "" {
		title = "Untitled" // a file named ".md"
	}
	titled, at, added := withTitle(src, title)
	b, err = source.ReadMarkdown(titled, o)
	var se *source.Error
	if errors.As(err, &se) && se.Line >= at {
		moved := *se
		moved.Line = max(at-1, se.Line-added, 1)
		err = &moved
	}
	if err != nil {
		return nil, placed(c.manuscript, src, err)
	}
	warn(fmt.Sprintf("%s: no title in the front matter; using %q", c.manuscript, title))
	return b, nil
}

// noTitle reports whether err says that the front matter gives no title.
// It is the only front matter problem that has no line.
func noTitle(err error) bool {
	var se *source.Error
	return errors.Is(err, book.ErrNoTitle) ||
		errors.As(err, &se) && se.Line == 0 && errors.Is(err, source.ErrFrontMatter)
}

// withTitle returns src with a title line in its front matter, or with a
// front matter block holding only the title when it has none. It also
// returns the line where the added lines start and how many there are, so
// that the caller can move line numbers back.
func withTitle(src []byte, title string) (out []byte, at, added int) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF")) // it would no longer be first
	title = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(title, "\uFFFD"))
	line := `title: "` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(title) + `"`

	lines := splitLines(src)
	// The same test as the Markdown reader's: a first line "---" followed
	// by a line that is not blank opens front matter.
	if len(lines) < 2 || strings.TrimRight(strings.TrimLeft(string(lines[0]), " "), " \t\r\n") != "---" || len(bytes.TrimSpace(lines[1])) == 0 {
		return append([]byte("---\n"+line+"\n---\n"), src...), 1, 3
	}
	// A title key with an empty value is replaced; otherwise the title
	// goes right after the opening line.
	for i := 1; i < len(lines); i++ {
		t := strings.TrimRight(string(lines[i]), " \t\r\n")
		if t == "---" || t == "..." {
			break
		}
		if v, ok := strings.CutPrefix(t, "title:"); ok && (strings.TrimSpace(v) == "" || strings.TrimSpace(v) == `""` || strings.TrimSpace(v) == "''") {
			out = bytes.Join(lines[:i], nil)
			out = append(out, line+"\n"...)
			out = append(out, bytes.Join(lines[i+1:], nil)...)
			return out, i + 1, 0
		}
	}
	out = append([]byte(nil), lines[0]...)
	out = append(out, line+"\n"...)
	out = append(out, bytes.Join(lines[1:], nil)...)
	return out, 2, 1
}

// splitLines splits src after each line end ("\n", "\r\n" or "\r", as the
// readers count lines), keeping the line ends.
func splitLines(src []byte) [][]byte {
	var lines [][]byte
	for len(src) > 0 {
		i := bytes.IndexAny(src, "\r\n")
		switch {
		case i < 0:
			i = len(src)
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		default:
			i++
		}
		lines = append(lines, src[:i])
		src = src[i:]
	}
	return lines
}

// lineOf returns the 1-based line of byte offset off in src.
func lineOf(src []byte, off int) int {
	n := 1
	for _, l := range splitLines(src[:off]) {
		if c := l[len(l)-1]; c == '\n' || c == '\r' {
			n++
		}
	}
	return n
}

// placed gives an error from a reader or writer the form
// "FILE:LINE: what": a reader's *source.Error has its place, and a
// character the PDF's font lacks is found in the manuscript.
func placed(name string, src []byte, err error) error {
	if err == nil {
		return nil
	}
	var se *source.Error
	if errors.As(err, &se) {
		return placeError(name, se.Line, se.Err, se.Column)
	}
	var ge *pdf.GlyphError
	if errors.As(err, &ge) {
		if i := bytes.IndexRune(src, ge.Rune); i >= 0 {
			return placeError(name, lineOf(src, i), err, 0)
		}
	}
	return placeError(name, 0, err, 0)
}

// placeError is an error whose message starts with its place.
func placeError(name string, line int, err error, column int) error {
	place := name
	if line > 0 {
		place += ":" + strconv.Itoa(line)
	}
	if column > 1 {
		return fmt.Errorf("%s: %w (column %d)", place, err, column)
	}
	return fmt.Errorf("%s: %w", place, err)
}

// fileError turns an *fs.PathError into "NAME: what", without the
// operation's name.
func fileError(name string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", name, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// oneLine joins the lines of a message, such as a book.ValidationError's
// list of problems, with "; ".
func oneLine(msg string) string {
	lines := strings.FieldsFunc(msg, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, "; ")
}
