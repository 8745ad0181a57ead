package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strings"
	"time"
)

// finish completes go-epub's EPUB: it replaces the package document, the
// navigation document and the NCX, sets the language of every XHTML
// document and zips everything again in a fixed order.
func (p *plan) finish(raw []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("epub: reading go-epub's output: %w", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("epub: reading go-epub's %s: %w", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("epub: reading go-epub's %s: %w", f.Name, err)
		}
		files[f.Name] = data
	}
	take := func(name string) ([]byte, error) {
		data, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("epub: go-epub wrote no %s", name)
		}
		delete(files, name)
		return data, nil
	}

	type entry struct {
		name string
		data []byte
	}
	var out []entry
	add := func(name string, data []byte) { out = append(out, entry{name, data}) }

	mt, err := take("mimetype")
	if err != nil {
		return nil, err
	}
	if string(mt) != "application/epub+zip" {
		return nil, fmt.Errorf("epub: go-epub wrote mimetype %q", mt)
	}
	add("mimetype", mt)
	container, err := take("META-INF/container.xml")
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(container, []byte(`full-path="`+contentDir+opfName+`"`)) {
		return nil, fmt.Errorf("epub: go-epub's container.xml does not point to %s", contentDir+opfName)
	}
	add("META-INF/container.xml", container)
	goOPF, err := take(contentDir + opfName)
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
	add(contentDir+opfName, []byte(p.packageDocument()))
	add(contentDir+navName, []byte(p.navDocument()))
	add(contentDir+ncxName, []byte(p.ncxDocument()))
	css, err := take(contentDir + "css/" + cssName)
	if err != nil {
		return nil, err
	}
	add(contentDir+"css/"+cssName, css)
	for _, f := range p.fonts {
		data, err := take(contentDir + "fonts/" + f.name)
		if err != nil {
			return nil, err
		}
		add(contentDir+"fonts/"+f.name, data)
	}
	for _, im := range p.images {
		data, err := take(contentDir + "images/" + im.name)
		if err != nil {
			return nil, err
		}
		add(contentDir+"images/"+im.name, data)
	}
	for _, d := range p.docs {
		name := contentDir + xhtmlDir + d.file
		data, err := take(name)
		if err != nil {
			return nil, err
		}
		data, err = setLang(data, p.b.Meta.Language)
		if err != nil {
			return nil, fmt.Errorf("%w in %s", err, name)
		}
		add(name, data)
	}
	if len(files) > 0 {
		var extra []string
		for name := range files {
			extra = append(extra, name)
		}
		sort.Strings(extra)
		return nil, fmt.Errorf("epub: go-epub wrote unexpected files: %s", strings.Join(extra, ", "))
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	date, clock := dosTime(p.b.Meta.EditionTime())
	fw, err := flate.NewWriter(io.Discard, flate.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("epub: zip: %w", err)
	}
	for i, e := range out {
		var c *flate.Writer
		if i > 0 {
			c = fw
		}
		if err := writeEntry(zw, e.name, e.data, c, date, clock); err != nil {
			return nil, fmt.Errorf("epub: zip: %s: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("epub: zip: %w", err)
	}
	return buf.Bytes(), nil
}

// writeEntry adds one file, compressed with fw (reset for it) unless fw
// is nil or compressing would not shrink it. It writes the sizes and CRC into the local header
// (no data descriptor) and no extra field: EPUB forbids extra fields on
// the mimetype entry, and leaving them out everywhere keeps the bytes
// simple. The MS-DOS date fields are the only way to date an entry
// without an extra field, hence their use although archive/zip deprecates
// them.
func writeEntry(zw *zip.Writer, name string, data []byte, fw *flate.Writer, date, clock uint16) error {
	fh := &zip.FileHeader{
		Name:               name,
		Method:             zip.Store,
		CRC32:              crc32.ChecksumIEEE(data),
		UncompressedSize64: uint64(len(data)),
		CreatorVersion:     20,
		ReaderVersion:      20,
	}
	fh.ModifiedDate, fh.ModifiedTime = date, clock //nolint:staticcheck // see above
	body := data
	if fw != nil {
		var c bytes.Buffer
		fw.Reset(&c)
		if _, err := fw.Write(data); err != nil {
			return err
		}
		if err := fw.Close(); err != nil {
			return err
		}
		if c.Len() < len(data) {
			fh.Method = zip.Deflate
			body = c.Bytes()
		}
	}
	fh.CompressedSize64 = uint64(len(body))
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
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

// setLang adds xml:lang and lang to go-epub's html element.
func setLang(doc []byte, lang string) ([]byte, error) {
	if bytes.Count(doc, []byte(goHTML)) != 1 {
		return nil, fmt.Errorf("epub: go-epub's html element is not the expected one")
	}
	with := strings.TrimSuffix(goHTML, ">") + ` xml:lang="` + lang + `" lang="` + lang + `">`
	return bytes.Replace(doc, []byte(goHTML), []byte(with), 1), nil
}

// checkManifest makes sure go-epub's package document lists exactly the
// files of the plan, the XHTML documents in spine order, so that the
// package document that replaces it describes what go-epub stored.
func (p *plan) checkManifest(opf []byte) error {
	var pkg struct {
		Items []struct {
			Href string `xml:"href,attr"`
		} `xml:"manifest>item"`
		Spine []struct {
			Idref string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal(opf, &pkg); err != nil {
		return fmt.Errorf("epub: reading go-epub's package document: %w", err)
	}
	var got, want []string
	for _, it := range pkg.Items {
		got = append(got, it.Href)
	}
	want = append(want, navName, ncxName, "css/"+cssName)
	for _, f := range p.fonts {
		want = append(want, "fonts/"+f.name)
	}
	for _, im := range p.images {
		want = append(want, "images/"+im.name)
	}
	for _, d := range p.docs {
		want = append(want, xhtmlDir+d.file)
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("epub: go-epub's manifest %v differs from the plan %v", got, want)
	}
	if len(pkg.Spine) != len(p.docs) {
		return fmt.Errorf("epub: go-epub's spine has %d documents, want %d", len(pkg.Spine), len(p.docs))
	}
	for i, it := range pkg.Spine {
		if it.Idref != p.docs[i].file {
			return fmt.Errorf("epub: go-epub's spine has %s at %d, want %s", it.Idref, i+1, p.docs[i].file)
		}
	}
	return nil
}
