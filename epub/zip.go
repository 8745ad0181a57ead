package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unsafe"

	"github.com/quire-books/quire/internal/deflate"
)

// finish completes go-epub's EPUB: it replaces the package document, the
// navigation document and the NCX, makes every document from go-epub's
// shell (its title, language and body filled in), puts in the fonts and
// images, and zips everything again in a fixed order. The container file
// keeps go-epub's compressed bytes, copied as they are.
func (p *plan) finish(raw []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("epub: reading go-epub's output: %w", err)
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	take := func(name string) (*zip.File, error) {
		f, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("epub: go-epub wrote no %s", name)
		}
		delete(files, name)
		return f, nil
	}
	var inflated []byte // reused for every file read
	inflate := func(f *zip.File) ([]byte, error) {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("epub: reading go-epub's %s: %w", f.Name, err)
		}
		defer rc.Close()
		// The size is go-epub's own, and the reader checks it and the CRC.
		inflated = slices.Grow(inflated[:0], int(min(f.UncompressedSize64, 1<<30))+bytes.MinRead)
		buf := bytes.NewBuffer(inflated)
		if _, err := buf.ReadFrom(rc); err != nil {
			return nil, fmt.Errorf("epub: reading go-epub's %s: %w", f.Name, err)
		}
		inflated = buf.Bytes()
		return inflated, nil
	}
	read := func(name string) ([]byte, error) {
		f, err := take(name)
		if err != nil {
			return nil, err
		}
		return inflate(f)
	}

	// The documents are go-epub's shell filled in: the shell is read
	// first, so that the output's bound is known before it is made.
	first := contentDir + xhtmlDir + p.docs[0].file
	data, err := read(first)
	if err != nil {
		return nil, err
	}
	sh, err := newShell(data, p.docs[0].title)
	if err != nil {
		return nil, fmt.Errorf("%w in %s", err, first)
	}
	opf, nav, ncx := p.packageDocument(), p.navDocument(), p.ncxDocument()

	// The output is made at once, as large as it can grow: incompressible
	// files stored. Memory fresh from the operating system costs nothing
	// until written, and the EPUB is written straight into it, so the
	// part never reached is never paid for, where a slice grown to fit
	// would be copied and its first allocation left behind.
	// raw bounds go-epub's files that are copied: the mimetype and the
	// container file.
	size := len(raw) + zipEndBound
	entry := func(name string, n int) { size += zipEntryBound(name, n) }
	for _, f := range []string{opfName, navName, ncxName} {
		entry(contentDir+f, max(len(opf), len(nav), len(ncx)))
	}
	entry(contentDir+"css/"+cssName, len(p.css))
	for _, f := range p.fonts {
		entry(contentDir+"fonts/"+f.name, len(f.data))
	}
	for _, im := range p.images {
		entry(contentDir+"images/"+im.name, len(im.data))
	}
	lang := p.b.Meta.Language
	largest := 0
	for _, d := range p.docs {
		n := sh.size(d.title, d.body, lang)
		largest = max(largest, n)
		entry(contentDir+xhtmlDir+d.file, n)
	}
	date, clock := dosTime(p.b.Meta.EditionTime())
	z := &zipWriter{b: make([]byte, 0, size), defl: deflate.NewWriter(), date: date, clock: clock}
	add := func(name string, data []byte, compress bool) error {
		if err := z.add(name, data, compress); err != nil {
			return fmt.Errorf("epub: zip: %s: %w", name, err)
		}
		return nil
	}

	mt, err := read("mimetype")
	if err != nil {
		return nil, err
	}
	if string(mt) != "application/epub+zip" {
		return nil, fmt.Errorf("epub: go-epub wrote mimetype %q", mt)
	}
	if err := add("mimetype", mt, false); err != nil {
		return nil, err
	}
	cf, err := take("META-INF/container.xml")
	if err != nil {
		return nil, err
	}
	container, err := inflate(cf)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(container, []byte(`full-path="`+contentDir+opfName+`"`)) {
		return nil, fmt.Errorf("epub: go-epub's container.xml does not point to %s", contentDir+opfName)
	}
	if err := copyEntry(z, raw, cf); err != nil {
		return nil, fmt.Errorf("epub: zip: %s: %w", cf.Name, err)
	}
	goOPF, err := read(contentDir + opfName)
	if err != nil {
		return nil, err
	}
	if err := p.checkManifest(goOPF); err != nil {
		return nil, err
	}
	for _, name := range []string{navName, ncxName} {
		if _, err := take(contentDir + name); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct{ name, data string }{{opfName, opf}, {navName, nav}, {ncxName, ncx}} {
		if err := add(contentDir+f.name, stringBytes(f.data), true); err != nil {
			return nil, err
		}
	}
	// go-epub holds an empty placeholder for the stylesheet and each font
	// and image (see placeholder); the files go in here. Only those not
	// compressed already are deflated.
	replace := func(name string, data []byte, compress bool) error {
		f, err := take(name)
		if err != nil {
			return err
		}
		if f.UncompressedSize64 != 0 {
			return fmt.Errorf("epub: go-epub stored %d bytes for %s, want none", f.UncompressedSize64, name)
		}
		return add(name, data, compress)
	}
	if err := replace(contentDir+"css/"+cssName, stringBytes(p.css), true); err != nil {
		return nil, err
	}
	for _, f := range p.fonts {
		compress := f.mediaType != "font/woff" && f.mediaType != "font/woff2"
		if err := replace(contentDir+"fonts/"+f.name, f.data, compress); err != nil {
			return nil, err
		}
	}
	for _, im := range p.images {
		if err := replace(contentDir+"images/"+im.name, im.data, im.mediaType == "image/svg+xml"); err != nil {
			return nil, err
		}
	}
	doc := make([]byte, 0, largest) // reused for every document
	for _, d := range p.docs {
		doc = sh.fill(doc[:0], d.title, d.body, lang)
		if err := add(contentDir+xhtmlDir+d.file, doc, true); err != nil {
			return nil, err
		}
	}
	if len(files) > 0 {
		var extra []string
		for name := range files {
			extra = append(extra, name)
		}
		sort.Strings(extra)
		return nil, fmt.Errorf("epub: go-epub wrote unexpected files: %s", strings.Join(extra, ", "))
	}
	return z.close(), nil
}

// stringBytes returns the bytes of s without copying them, for reading
// only: finish deflates and sums the documents it made as strings, and a
// copy of each would be allocated only to be read once.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// An appender is an io.Writer that appends to b. Unlike a bytes.Buffer
// grown to a size, which clears the memory it allocates, it leaves a
// fresh allocation untouched until written.
type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// copyEntry copies f's compressed bytes, from raw, the zip f is in, into
// a new entry of the same name, method, CRC and sizes.
func copyEntry(z *zipWriter, raw []byte, f *zip.File) error {
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return fmt.Errorf("compression method %d", f.Method)
	}
	off, err := f.DataOffset()
	if err != nil {
		return err
	}
	if off < 0 || f.CompressedSize64 > uint64(len(raw)) || uint64(off) > uint64(len(raw))-f.CompressedSize64 {
		return io.ErrUnexpectedEOF
	}
	return z.raw(f.Name, f.Method, raw[off:off+int64(f.CompressedSize64)], f.CRC32, f.UncompressedSize64)
}

// dosTime is t as an MS-DOS date and time, clamped to the years MS-DOS
// can hold (1980 to 2107).
func dosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	switch {
	case t.Year() < 1980:
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Year() > 2107:
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	clock = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, clock
}

// goHTML is the start tag go-epub writes for every XHTML document.
const goHTML = `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">`

// A shell is go-epub's XHTML document shell, marked where a document's
// own parts go: the html element's language attributes, the title's text
// and the body.
type shell struct {
	data               []byte
	lang               int // where the html start tag's ">" is
	title0, title1, at int // the title's text, the body marker
}

// newShell finds the places in data, a shell go-epub made for a document
// titled title, and checks that they are where a shell has them.
func newShell(data []byte, title string) (*shell, error) {
	if bytes.Count(data, []byte(goHTML)) != 1 {
		return nil, fmt.Errorf("epub: go-epub's html element is not the expected one")
	}
	if bytes.Count(data, []byte(bodyMarker)) != 1 {
		return nil, fmt.Errorf("epub: go-epub's document does not hold the body's place once")
	}
	if bytes.Count(data, []byte("<title")) != 1 || bytes.Count(data, []byte("</title>")) != 1 {
		return nil, fmt.Errorf("epub: go-epub's document does not have one title element")
	}
	// The html element comes before the title, the title before the body.
	t := bytes.Index(data, []byte("<title"))
	gt := bytes.IndexByte(data[t:], '>')
	if gt < 0 {
		return nil, fmt.Errorf("epub: go-epub's title element is not closed")
	}
	s := &shell{data: slices.Clone(data)}
	s.lang = bytes.Index(data, []byte(goHTML)) + len(goHTML) - len(">")
	s.title0, s.title1 = t+gt+1, bytes.Index(data, []byte("</title>"))
	s.at = bytes.Index(data, []byte(bodyMarker))
	if !(s.lang < t && s.title0 <= s.title1 && s.title1 < s.at) {
		return nil, fmt.Errorf("epub: go-epub's document is not html, title and body in that order")
	}
	// Titles are escaped as go-epub escapes them (with encoding/xml).
	if want := appendEscaped(nil, title); !bytes.Equal(data[s.title0:s.title1], want) {
		return nil, fmt.Errorf("epub: go-epub's document is titled %q, want %q", data[s.title0:s.title1], want)
	}
	return s, nil
}

// fill appends to dst the shell with title, xml:lang and lang on its html
// element, and body where the shell holds bodyMarker.
func (s *shell) fill(dst []byte, title, body, lang string) []byte {
	dst = append(dst, s.data[:s.lang]...)
	dst = append(dst, ` xml:lang="`...)
	dst = append(dst, lang...)
	dst = append(dst, `" lang="`...)
	dst = append(dst, lang...)
	dst = append(dst, '"')
	dst = append(dst, s.data[s.lang:s.title0]...)
	dst = appendEscaped(dst, title)
	dst = append(dst, s.data[s.title1:s.at]...)
	dst = append(dst, body...)
	return append(dst, s.data[s.at+len(bodyMarker):]...)
}

// size is the most bytes fill appends for title, body and lang: every
// byte of the title may become an escape of up to 5.
func (s *shell) size(title, body, lang string) int {
	return len(s.data) - (s.title1 - s.title0) - len(bodyMarker) + 5*len(title) + len(body) + len(` xml:lang="" lang=""`) + 2*len(lang)
}

// appendEscaped appends s escaped as XML character data, as encoding/xml
// escapes it.
func appendEscaped(dst []byte, s string) []byte {
	b := bytes.NewBuffer(dst)
	xml.EscapeText(b, []byte(s)) // a bytes.Buffer takes every write
	return b.Bytes()
}

// checkManifest makes sure go-epub's package document lists exactly the
// files of the plan that go-epub was given, the shell alone in its spine,
// so that the package document that replaces it describes what go-epub
// stored.
func (p *plan) checkManifest(opf []byte) error {
	hrefs, err := attrs(opf, "manifest", "item", "href")
	if err != nil {
		return fmt.Errorf("epub: reading go-epub's package document: %w", err)
	}
	idrefs, err := attrs(opf, "spine", "itemref", "idref")
	if err != nil {
		return fmt.Errorf("epub: reading go-epub's package document: %w", err)
	}
	got := hrefs
	var want []string
	want = append(want, navName, ncxName, "css/"+cssName)
	for _, f := range p.fonts {
		want = append(want, "fonts/"+f.name)
	}
	for _, im := range p.images {
		want = append(want, "images/"+im.name)
	}
	want = append(want, xhtmlDir+p.docs[0].file) // the shell
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("epub: go-epub's manifest %v differs from the plan %v", got, want)
	}
	if len(idrefs) != 1 || idrefs[0] != p.docs[0].file {
		return fmt.Errorf("epub: go-epub's spine is %v, want [%s]", idrefs, p.docs[0].file)
	}
	return nil
}

// attrs returns the values of the attribute attr of the elements elem in
// the first element parent of doc, an XML document as encoding/xml writes
// it (go-epub's package document): a scan of its bytes, much cheaper than
// decoding it, that reads only what checkManifest checks.
func attrs(doc []byte, parent, elem, attr string) ([]string, error) {
	start := tagAt(doc, parent)
	if start < 0 {
		return nil, fmt.Errorf("no %s element", parent)
	}
	body := doc[start:]
	end := bytes.Index(body, []byte("</"+parent+">"))
	if end < 0 {
		return nil, fmt.Errorf("%s element not closed", parent)
	}
	body = body[:end]
	var vals []string
	for {
		at := tagAt(body, elem)
		if at < 0 {
			return vals, nil
		}
		body = body[at:]
		gt := bytes.IndexByte(body, '>')
		if gt < 0 {
			return nil, fmt.Errorf("%s element not closed", elem)
		}
		tag := body[:gt]
		body = body[gt:]
		i := bytes.Index(tag, []byte(" "+attr+`="`))
		if i < 0 {
			return nil, fmt.Errorf("%s element without %s", elem, attr)
		}
		v := tag[i+len(attr)+3:]
		q := bytes.IndexByte(v, '"')
		if q < 0 {
			return nil, fmt.Errorf("%s element's %s not closed", elem, attr)
		}
		val := string(v[:q])
		if strings.IndexByte(val, '&') >= 0 {
			val = html.UnescapeString(val)
		}
		vals = append(vals, val)
	}
}

// tagAt returns where in doc the first start tag of element name ends its
// name, or -1.
func tagAt(doc []byte, name string) int {
	for off := 0; ; {
		i := bytes.Index(doc[off:], []byte("<"+name))
		if i < 0 {
			return -1
		}
		off += i + 1 + len(name)
		if off == len(doc) {
			return -1
		}
		switch doc[off] {
		case ' ', '>', '/', '\t', '\n', '\r':
			return off
		}
	}
}
