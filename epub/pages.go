package epub

import (
	"strconv"
	"strings"

	"github.com/quire-books/quire/book"
)

// credits groups the contributors by role, roles in order of first
// appearance: "translated by Ann Smith and Tom Jones".
func credits(m *book.Meta) []string {
	var roles []book.Role
	names := map[book.Role][]string{}
	for _, c := range m.Contributors {
		r := book.Role(c.Role.Code())
		if _, ok := names[r]; !ok {
			roles = append(roles, r)
		}
		names[r] = append(names[r], strings.TrimSpace(c.Name))
	}
	var out []string
	for _, r := range roles {
		out = append(out, r.Phrase()+" "+joinNames(names[r]))
	}
	return out
}

// joinNames gives "A", "A and B" or "A, B and C".
func joinNames(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func titlePageBody(m *book.Meta) string {
	var x xw
	x.open("section", "class", "titlepage", "epub:type", "titlepage")
	x.nl()
	x.elem("h1", m.Title, "class", "title")
	x.nl()
	if m.Subtitle != "" {
		x.elem("p", m.Subtitle, "class", "subtitle")
		x.nl()
	}
	for _, c := range credits(m) {
		x.elem("p", c, "class", "credit")
		x.nl()
	}
	if m.Publisher != "" || !m.Published.IsZero() {
		x.open("p", "class", "imprint")
		x.text(m.Publisher)
		if m.Publisher != "" && !m.Published.IsZero() {
			x.empty("br")
		}
		x.text(m.Published.Human())
		x.close("p")
		x.nl()
	}
	x.close("section")
	return x.String()
}

func colophonBody(m *book.Meta) string {
	var x xw
	x.open("section", "class", "colophon", "epub:type", "colophon", "role", "doc-colophon")
	x.nl()
	x.elem("h1", "Colophon", "class", "colophon-title")
	x.nl()
	x.open("p")
	x.elem("cite", m.Title)
	if m.Subtitle != "" {
		x.text(": " + m.Subtitle)
	}
	if cs := credits(m); len(cs) > 0 {
		x.text(", " + strings.Join(cs, ", "))
	}
	x.text(".")
	x.close("p")
	x.nl()
	if m.Publisher != "" || !m.Published.IsZero() {
		s := "Published"
		switch {
		case m.Published.Day != 0:
			s += " on " + m.Published.Human()
		case !m.Published.IsZero():
			s += " in " + m.Published.Human()
		}
		if m.Publisher != "" {
			s += " by " + m.Publisher
		}
		x.elem("p", s+".")
		x.nl()
	}
	if m.Rights != "" {
		x.elem("p", m.Rights, "class", "rights")
		x.nl()
	}
	x.open("p")
	x.text("Identifier: ")
	x.elem("span", m.BookID(), "class", "identifier")
	x.close("p")
	x.nl()
	x.elem("p", "Made with Quire.", "class", "quire")
	x.nl()
	x.close("section")
	return x.String()
}

func (p *plan) coverBody() string {
	var src string
	for _, m := range p.images {
		if m.cover {
			src = m.src
			break
		}
	}
	var x xw
	x.open("section", "class", "cover", "epub:type", "cover")
	x.nl()
	x.empty("img", "src", src, "alt", "Cover: "+p.b.Meta.Title)
	x.nl()
	x.close("section")
	return x.String()
}

const xhtmlHeader = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
`

// navDocument is the EPUB 3 navigation document: the table of contents
// and the landmarks. It lives beside the package document, so links to
// the XHTML documents go through the xhtml folder.
func (p *plan) navDocument() string {
	lang := p.b.Meta.Language
	var x xw
	x.WriteString(xhtmlHeader)
	x.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "xmlns:epub", "http://www.idpf.org/2007/ops",
		"xml:lang", lang, "lang", lang)
	x.nl()
	x.open("head")
	x.nl()
	x.elem("title", "Contents")
	x.nl()
	x.empty("link", "rel", "stylesheet", "type", "text/css", "href", strings.TrimPrefix(p.cssSrc, "../"))
	x.nl()
	x.close("head")
	x.nl()
	x.open("body")
	x.nl()
	x.open("nav", "epub:type", "toc", "role", "doc-toc", "id", "toc", "class", "toc")
	x.nl()
	x.elem("h1", "Contents")
	x.nl()
	navList(&x, p.toc)
	x.close("nav")
	x.nl()
	x.open("nav", "epub:type", "landmarks", "id", "landmarks", "hidden", "hidden")
	x.nl()
	x.elem("h2", "Landmarks")
	x.nl()
	x.open("ol")
	x.nl()
	landmark := func(typ, href, label string) {
		x.open("li")
		x.elem("a", label, "epub:type", typ, "href", href)
		x.close("li")
		x.nl()
	}
	if d := p.doc(kindCover); d != nil {
		landmark("cover", xhtmlDir+d.file, "Cover")
	}
	landmark("titlepage", xhtmlDir+kindTitlePage+".xhtml", "Title page")
	landmark("toc", navName+"#toc", "Contents")
	landmark("bodymatter", xhtmlDir+p.firstBody, "Start of text")
	x.close("ol")
	x.nl()
	x.close("nav")
	x.nl()
	x.close("body")
	x.nl()
	x.close("html")
	x.nl()
	return x.String()
}

func navList(x *xw, entries []*tocEntry) {
	x.open("ol")
	x.nl()
	for _, e := range entries {
		x.open("li")
		x.elem("a", e.label, "href", xhtmlDir+e.href)
		if len(e.children) > 0 {
			x.nl()
			navList(x, e.children)
		}
		x.close("li")
		x.nl()
	}
	x.close("ol")
	x.nl()
}

// ncxDocument is the EPUB 2 table of contents, for old readers.
func (p *plan) ncxDocument() string {
	m := &p.b.Meta
	var x xw
	x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.open("ncx", "xmlns", "http://www.daisy.org/z3986/2005/ncx/", "version", "2005-1", "xml:lang", m.Language)
	x.nl()
	x.open("head")
	x.nl()
	for _, meta := range [][2]string{
		{"dtb:uid", m.BookID()},
		{"dtb:depth", strconv.Itoa(tocDepth(p.toc))},
		{"dtb:totalPageCount", "0"},
		{"dtb:maxPageNumber", "0"},
	} {
		x.empty("meta", "name", meta[0], "content", meta[1])
		x.nl()
	}
	x.close("head")
	x.nl()
	x.open("docTitle")
	x.elem("text", m.Title)
	x.close("docTitle")
	x.nl()
	for _, a := range m.Authors() {
		x.open("docAuthor")
		x.elem("text", a)
		x.close("docAuthor")
		x.nl()
	}
	x.open("navMap")
	x.nl()
	n := 0
	ncxPoints(&x, p.toc, &n)
	x.close("navMap")
	x.nl()
	x.close("ncx")
	x.nl()
	return x.String()
}

func ncxPoints(x *xw, entries []*tocEntry, n *int) {
	for _, e := range entries {
		*n++
		x.open("navPoint", "id", "np-"+strconv.Itoa(*n), "playOrder", strconv.Itoa(*n))
		x.open("navLabel")
		x.elem("text", e.label)
		x.close("navLabel")
		x.empty("content", "src", xhtmlDir+e.href)
		x.nl()
		ncxPoints(x, e.children, n)
		x.close("navPoint")
		x.nl()
	}
}

func tocDepth(entries []*tocEntry) int {
	d := 0
	for _, e := range entries {
		d = max(d, 1+tocDepth(e.children))
	}
	return d
}
