package epub

import (
	"fmt"
	"path"
	"strings"

	"github.com/quire-books/quire/book"
)

// Names inside the container. go-epub fixes the folders: the package
// document, nav.xhtml and toc.ncx in EPUB/, the rest in EPUB/xhtml,
// EPUB/css, EPUB/fonts and EPUB/images.
const (
	contentDir = "EPUB/"
	xhtmlDir   = "xhtml/"
	cssName    = "quire.css"
	navName    = "nav.xhtml"
	ncxName    = "toc.ncx"
	opfName    = "package.opf"
)

// The kinds of XHTML documents in the spine.
const (
	kindCover     = "cover"
	kindTitlePage = "titlepage"
	kindChapter   = "chapter"
	kindColophon  = "colophon"
)

// doc is one XHTML document that go-epub wraps, in spine order.
type doc struct {
	kind   string
	file   string // name in the xhtml folder
	itemID string // manifest id
	title  string // the document's <title>
	body   string // rendered body content
}

// media is an image or font file handed to go-epub.
type media struct {
	key       string // the book.Resource's name, for images
	name      string // file name in its folder
	mediaType string
	data      []byte
	itemID    string
	src       string // path from the xhtml folder, as go-epub returns it
	cover     bool
	alt       bool // an image with a text alternative
}

// plan is everything Write puts into the EPUB, worked out before go-epub
// is called.
type plan struct {
	b         *book.Book
	opts      *Options
	docs      []doc
	images    []*media
	fonts     []*media
	toc       []*tocEntry
	css       string
	cssSrc    string // path from the xhtml folder, as go-epub returns it
	firstBody string // file of the first chapter
}

func (p *plan) doc(kind string) *doc {
	for i := range p.docs {
		if p.docs[i].kind == kind {
			return &p.docs[i]
		}
	}
	return nil
}

// newPlan names the files and collects the images and fonts. Rendering
// waits for go-epub's paths: see render.
func newPlan(b *book.Book, o *Options) (*plan, error) {
	p := &plan{b: b, opts: o}

	// Images, in order of first use, the cover first.
	imgNames := &book.Slugs{}
	byName := map[string]*media{}
	addImage := func(r *book.Resource, alt string, cover bool) {
		if m, ok := byName[r.Name]; ok {
			m.cover = m.cover || cover
			m.alt = m.alt && alt != ""
			return
		}
		stem := strings.TrimSuffix(path.Base(r.Name), path.Ext(r.Name))
		m := &media{
			key:       r.Name,
			name:      imgNames.Make(stem, "image") + imageExt(r.MediaType),
			mediaType: r.MediaType,
			data:      r.Data,
			itemID:    fmt.Sprintf("img-%d", len(p.images)+1),
			cover:     cover,
			alt:       alt != "",
		}
		byName[r.Name] = m
		p.images = append(p.images, m)
	}
	if c := b.Meta.Cover; c != nil {
		addImage(c, "cover", true)
	}
	for i := range b.Chapters {
		walkBlocks(b.Chapters[i].Blocks, func(bl book.Block) {
			if f, ok := bl.(book.Figure); ok {
				addImage(&f.Image, f.Alt, false)
			}
		}, func(in book.Inline) {
			if im, ok := in.(book.Image); ok {
				addImage(&im.Image, im.Alt, false)
			}
		})
	}

	for _, m := range p.images {
		if err := checkImage(m.mediaType, m.data); err != nil {
			return nil, fmt.Errorf("epub: image %q: %w", m.key, err)
		}
	}

	for i, f := range o.Fonts {
		mt, ext, _ := fontFormat(f.Data)
		p.fonts = append(p.fonts, &media{
			name:      fmt.Sprintf("font-%d%s", i+1, ext),
			mediaType: mt,
			data:      f.Data,
			itemID:    fmt.Sprintf("font-%d", i+1),
		})
	}

	// Documents in spine order. Chapter files are named after their IDs,
	// lower-cased so that no two differ only in case.
	files := &book.Slugs{}
	for _, n := range []string{kindCover, kindTitlePage, kindColophon, "nav"} {
		files.Reserve(n)
	}
	if b.Meta.Cover != nil {
		p.docs = append(p.docs, doc{kind: kindCover, file: kindCover + ".xhtml", itemID: kindCover, title: b.Meta.Title})
	}
	p.docs = append(p.docs, doc{kind: kindTitlePage, file: kindTitlePage + ".xhtml", itemID: kindTitlePage, title: b.Meta.Title})
	for i := range b.Chapters {
		c := &b.Chapters[i]
		stem := files.Make(c.ID, "chapter")
		p.docs = append(p.docs, doc{kind: kindChapter, file: stem + ".xhtml", itemID: "c-" + stem, title: chapterLabel(b, i)})
		if i == 0 {
			p.firstBody = stem + ".xhtml"
		}
	}
	p.docs = append(p.docs, doc{kind: kindColophon, file: kindColophon + ".xhtml", itemID: kindColophon, title: "Colophon"})
	return p, nil
}

// imageExt is the file extension for an image media type.
func imageExt(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/svg+xml":
		return ".svg"
	}
	return ".png"
}

// render renders every document; the images' and the stylesheet's paths
// must be known.
func (p *plan) render() error {
	r := &renderer{
		opts:    p.opts,
		targets: map[string]target{},
		images:  map[string]string{},
		ids:     &book.Slugs{},
		notes:   map[string]string{},
	}
	p.collectTargets(r)
	for _, m := range p.images {
		r.images[m.key] = m.src
	}

	// The bodies go into one buffer, made about big enough at once.
	text := 0
	for i := range p.b.Chapters {
		walkBlocks(p.b.Chapters[i].Blocks, nil, func(in book.Inline) {
			if t, ok := in.(book.Text); ok {
				text += len(t)
			}
		})
	}
	r.out.Grow(text + text/4 + 4096)
	type span struct{ doc, start, end int }
	var bodies []span
	chapter := 0
	for i := range p.docs {
		d := &p.docs[i]
		switch d.kind {
		case kindCover:
			d.body = p.coverBody()
		case kindTitlePage:
			d.body = titlePageBody(&p.b.Meta)
		case kindColophon:
			d.body = colophonBody(&p.b.Meta)
		case kindChapter:
			start := r.out.Len()
			entry, err := r.chapter(chapter, &p.b.Chapters[chapter], d.file, d.title)
			if err != nil {
				return fmt.Errorf("epub: %w", err)
			}
			bodies = append(bodies, span{i, start, r.out.Len()})
			p.toc = append(p.toc, entry)
			chapter++
		}
	}
	all := r.out.String()
	for _, b := range bodies {
		p.docs[b.doc].body = all[b.start:b.end]
	}
	p.toc = append(p.toc, &tocEntry{label: "Colophon", href: kindColophon + ".xhtml", level: 1})
	return nil
}

// collectTargets records where every chapter, heading and footnote ID
// points, and reserves the IDs so that generated ones differ from them.
func (p *plan) collectTargets(r *renderer) {
	for _, id := range []string{"toc", "landmarks"} {
		r.ids.Reserve(id)
	}
	chapterFiles := p.chapterFiles()
	for i := range p.b.Chapters {
		c := &p.b.Chapters[i]
		r.ids.Reserve(c.ID)
		r.targets[c.ID] = target{file: chapterFiles[i]}
		walkBlocks(c.Blocks, func(bl book.Block) {
			if h, ok := bl.(book.Heading); ok && h.ID != "" {
				r.ids.Reserve(h.ID)
				r.targets[h.ID] = target{file: chapterFiles[i], frag: h.ID}
			}
		}, nil)
	}
	for i := range p.b.Chapters {
		for _, bl := range p.b.Chapters[i].Blocks {
			f, ok := bl.(book.Footnote)
			if !ok {
				continue
			}
			anchor := r.ids.Make("note-"+f.ID, "note")
			r.notes[f.ID] = anchor
			if _, taken := r.targets[f.ID]; !taken {
				r.targets[f.ID] = target{file: chapterFiles[i], frag: anchor}
			}
		}
	}
}

func (p *plan) chapterFiles() []string {
	var files []string
	for _, d := range p.docs {
		if d.kind == kindChapter {
			files = append(files, d.file)
		}
	}
	return files
}

// walkBlocks calls fb for every block and fi for every inline in bs, at
// any depth, footnotes included. Either may be nil.
func walkBlocks(bs []book.Block, fb func(book.Block), fi func(book.Inline)) {
	for _, b := range bs {
		if fb != nil {
			fb(b)
		}
		switch b := b.(type) {
		case book.Paragraph:
			walkInlines(b, fi)
		case book.Heading:
			walkInlines(b.Content, fi)
		case book.Quote:
			walkBlocks(b, fb, fi)
		case book.List:
			for _, item := range b.Items {
				walkBlocks(item, fb, fi)
			}
		case book.Figure:
			walkInlines(b.Caption, fi)
		case book.Table:
			for _, c := range b.Header {
				walkInlines(c, fi)
			}
			for _, row := range b.Rows {
				for _, c := range row {
					walkInlines(c, fi)
				}
			}
		case book.Footnote:
			walkBlocks(b.Blocks, fb, fi)
		}
	}
}

func walkInlines(in []book.Inline, fi func(book.Inline)) {
	if fi == nil {
		return
	}
	for _, n := range in {
		fi(n)
		switch n := n.(type) {
		case book.Emphasis:
			walkInlines(n, fi)
		case book.Strong:
			walkInlines(n, fi)
		case book.Link:
			walkInlines(n.Content, fi)
		}
	}
}

// chapterLabel is chapter i's title or, for an untitled chapter, a label
// for the table of contents: the book's title for an untitled opening
// chapter, else the chapter's first words.
func chapterLabel(b *book.Book, i int) string {
	c := &b.Chapters[i]
	if t := strings.Join(strings.Fields(c.Title), " "); t != "" {
		return t
	}
	if i == 0 {
		return strings.Join(strings.Fields(b.Meta.Title), " ")
	}
	for _, bl := range c.Blocks {
		if para, ok := bl.(book.Paragraph); ok {
			words := strings.Fields(book.PlainText(para))
			if len(words) == 0 {
				continue
			}
			const most = 8
			if len(words) > most {
				return strings.Join(words[:most], " ") + "…"
			}
			return strings.Join(words, " ")
		}
	}
	return fmt.Sprintf("Chapter %d", i+1)
}
