package epub

import (
	"strconv"
	"strings"

	"github.com/quire-books/quire/book"
)

// packageDocument is the full package document: go-epub's holds only a
// title, one author, the language, a description and the identifier.
func (p *plan) packageDocument() string {
	m := &p.b.Meta
	var x xw
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.open("package", "xmlns", "http://www.idpf.org/2007/opf", "version", "3.0",
		"unique-identifier", "pub-id", "xml:lang", m.Language)
	x.nl()
	x.open("metadata", "xmlns:dc", "http://purl.org/dc/elements/1.1/")
	x.nl()
	meta := func(property, value string, attrs ...string) {
		x.elem("meta", value, append([]string{"property", property}, attrs...)...)
		x.nl()
	}
	x.elem("dc:identifier", m.BookID(), "id", "pub-id")
	x.nl()
	x.elem("dc:title", m.Title, "id", "title")
	x.nl()
	meta("title-type", "main", "refines", "#title")
	if m.Subtitle != "" {
		x.elem("dc:title", m.Subtitle, "id", "subtitle")
		x.nl()
		meta("title-type", "subtitle", "refines", "#subtitle")
	}
	x.elem("dc:language", m.Language)
	x.nl()
	for i, c := range m.Contributors {
		tag, id := "dc:contributor", "contributor-"+strconv.Itoa(i+1)
		if c.Role.Code() == string(book.Author) {
			tag, id = "dc:creator", "creator-"+strconv.Itoa(i+1)
		}
		x.elem(tag, strings.TrimSpace(c.Name), "id", id)
		x.nl()
		meta("role", c.Role.Code(), "refines", "#"+id, "scheme", "marc:relators")
		fileAs := strings.TrimSpace(c.FileAs)
		if fileAs == "" {
			fileAs = strings.TrimSpace(c.Name)
		}
		meta("file-as", fileAs, "refines", "#"+id)
		meta("display-seq", strconv.Itoa(i+1), "refines", "#"+id)
	}
	if m.Publisher != "" {
		x.elem("dc:publisher", m.Publisher)
		x.nl()
	}
	if !m.Published.IsZero() {
		x.elem("dc:date", m.Published.String())
		x.nl()
	}
	if m.Rights != "" {
		x.elem("dc:rights", m.Rights)
		x.nl()
	}
	if m.Description != "" {
		x.elem("dc:description", m.Description)
		x.nl()
	}
	for _, s := range m.Subjects {
		if s = strings.TrimSpace(s); s != "" {
			x.elem("dc:subject", s)
			x.nl()
		}
	}
	meta("dcterms:modified", m.EditionTime().Format("2006-01-02T15:04:05Z"))

	// Accessibility (schema.org, as the EPUB Accessibility spec asks).
	images, allAlt := len(p.images) > 0, true
	for _, im := range p.images {
		allAlt = allAlt && im.alt
	}
	meta("schema:accessMode", "textual")
	if images {
		meta("schema:accessMode", "visual")
	}
	if allAlt {
		meta("schema:accessModeSufficient", "textual")
	} else {
		meta("schema:accessModeSufficient", "textual,visual")
	}
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"}
	if images && allAlt {
		features = append(features, "alternativeText")
	}
	for _, f := range features {
		meta("schema:accessibilityFeature", f)
	}
	meta("schema:accessibilityHazard", "none")
	meta("schema:accessibilitySummary", p.accessibilitySummary(images, allAlt))
	for _, im := range p.images {
		if im.cover {
			x.empty("meta", "name", "cover", "content", im.itemID)
			x.nl()
			break
		}
	}
	x.close("metadata")
	x.nl()

	x.open("manifest")
	x.nl()
	item := func(id, href, mediaType, properties string) {
		attrs := []string{"id", id, "href", href, "media-type", mediaType}
		if properties != "" {
			attrs = append(attrs, "properties", properties)
		}
		x.empty("item", attrs...)
		x.nl()
	}
	item("nav", navName, "application/xhtml+xml", "nav")
	item("ncx", ncxName, "application/x-dtbncx+xml", "")
	item("css", "css/"+cssName, "text/css", "")
	for _, f := range p.fonts {
		item(f.itemID, "fonts/"+f.name, f.mediaType, "")
	}
	for _, im := range p.images {
		props := ""
		if im.cover {
			props = "cover-image"
		}
		item(im.itemID, "images/"+im.name, im.mediaType, props)
	}
	for _, d := range p.docs {
		item(d.itemID, xhtmlDir+d.file, "application/xhtml+xml", "")
	}
	x.close("manifest")
	x.nl()

	if rightToLeft(m.Language) {
		x.open("spine", "toc", "ncx", "page-progression-direction", "rtl")
	} else {
		x.open("spine", "toc", "ncx")
	}
	x.nl()
	for _, d := range p.docs {
		x.empty("itemref", "idref", d.itemID)
		x.nl()
		if d.kind == kindTitlePage {
			x.empty("itemref", "idref", "nav")
			x.nl()
		}
	}
	x.close("spine")
	x.nl()
	x.close("package")
	x.nl()
	return x.String()
}

func (p *plan) accessibilitySummary(images, allAlt bool) string {
	s := "This publication has a table of contents, headings that give its structure, and a reading order that follows the text."
	switch {
	case images && allAlt:
		s += " Every image has a text alternative."
	case images:
		s += " Some images have no text alternative."
	}
	return s + " It does not fix fonts or colours, so readers can adjust them."
}

// rightToLeft reports whether a language is usually written from right to
// left: Arabic, Hebrew, Persian, Urdu and a few others, unless the tag
// names a left-to-right script.
func rightToLeft(tag string) bool {
	parts := strings.Split(strings.ToLower(tag), "-")
	for _, p := range parts[1:] {
		if len(p) == 4 { // a script subtag decides
			switch p {
			case "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg":
				return true
			}
			return false
		}
	}
	switch parts[0] {
	case "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr":
		return true
	}
	return false
}
