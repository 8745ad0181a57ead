package pdf

import (
	"strings"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// chapterText is a chapter laid out, ready for the page builder.
type chapterText struct {
	elems []*elem
	head  string // running head on its right-hand pages
}

// layout sets the whole book and cuts it into pages.
func (d *doc) layout() error {
	body := frame{w: d.textW, size: d.sz.body, lead: d.sz.lead, grid: true}
	bookHead, err := d.runningHead(d.b.Meta.Title, "metadata: title")
	if err != nil {
		return err
	}
	var chapters []chapterText
	for i := range d.b.Chapters {
		ch := &d.b.Chapters[i]
		where := chapterWhere(i, ch)
		d.noteDefs = map[string]book.Footnote{}
		for _, b := range ch.Blocks {
			if f, ok := b.(book.Footnote); ok {
				d.noteDefs[f.ID] = f
			}
		}
		d.chapterNotes = 0
		d.out, d.keep, d.marker = nil, 0, nil
		head := bookHead
		if err := d.opener(ch, where); err != nil {
			return err
		}
		if strings.TrimSpace(ch.Title) != "" {
			if head, err = d.runningHead(ch.Title, where+": title"); err != nil {
				return err
			}
		}
		if err := d.blocks(body, ch.Blocks, where, true); err != nil {
			return err
		}
		chapters = append(chapters, chapterText{elems: d.out, head: head})
	}

	title, err := d.titlePage()
	if err != nil {
		return err
	}
	colophon, err := d.colophon()
	if err != nil {
		return err
	}
	d.pages = []*page{
		{kind: plainPage, body: []placed{{e: title}}},
		{kind: plainPage, body: []placed{{e: colophon}}},
	}
	if d.s.contents && len(d.toc) >= 2 {
		toc, err := d.contents()
		if err != nil {
			return err
		}
		head, err := d.runningHead(d.s.contentsTitle, "contents")
		if err != nil {
			return err
		}
		d.addPages(d.paginate(toc), head, head)
	}
	for i, ch := range chapters {
		if (i == 0 || d.s.recto) && len(d.pages)%2 == 1 {
			d.pages = append(d.pages, &page{kind: blankPage})
		}
		d.addPages(d.paginate(ch.elems), bookHead, ch.head)
	}
	if len(d.pages)%2 == 1 {
		d.pages = append(d.pages, &page{kind: blankPage})
	}
	if d.s.cover {
		if err := d.withCover(); err != nil {
			return err
		}
	}
	// The breaker's storage (item lists, hyphenation memo) is not needed
	// to draw the pages.
	d.breaker = typeset.Breaker{}
	d.checkResolution()
	// Where every anchor landed.
	for i, p := range d.pages {
		areaTop := d.s.margins.Top + d.textH - p.notesH
		for _, pl := range p.body {
			for _, a := range pl.e.anchors() {
				if _, ok := d.targets[a]; !ok {
					d.targets[a] = target{page: i, y: d.s.margins.Top + pl.y}
				}
			}
		}
		for _, pl := range p.notes {
			for _, a := range pl.e.anchors() {
				if _, ok := d.targets[a]; !ok {
					d.targets[a] = target{page: i, y: areaTop + pl.y}
				}
			}
		}
	}
	return nil
}

// addPages appends a part's pages, its first page an opener, with running
// heads: verso on left-hand pages, recto on right-hand ones.
func (d *doc) addPages(pages []*page, verso, recto string) {
	for i, p := range pages {
		p.opener = i == 0
		if (len(d.pages)+1)%2 == 0 {
			p.head = verso
		} else {
			p.head = recto
		}
		d.pages = append(d.pages, p)
	}
}

// opener makes the element that starts a chapter: white space above the
// title (the sink), the title centred, space below.
func (d *doc) opener(ch *book.Chapter, where string) error {
	L := d.sz.lead
	sink := 5 * L
	e := &elem{h: sink, refs: &elemRefs{anchors: []string{ch.ID}}}
	title, err := d.clean(strings.Join(strings.Fields(ch.Title), " "), regular, where+": title")
	if err != nil {
		return err
	}
	if title == "" {
		// The text starts where it does under a one-line title.
		e.h = sink + d.sz.chapterLead + 1.5*L
		e.marks = []mark{{title: d.untitled(ch), level: 0}}
		d.out = append(d.out, e)
		return nil
	}
	size, lead := d.sz.chapter, d.sz.chapterLead
	fr := frame{x: d.textW * 0.08, w: d.textW * 0.84, size: size, lead: lead}
	lines, err := d.setParagraph(fr, []book.Inline{book.Text(title)}, inl{size: size, where: where + ": title"}, false, centred, false)
	if err != nil {
		return err
	}
	y := sink
	for _, l := range lines {
		for _, o := range l.ops {
			o.y += y
			e.ops = append(e.ops, o)
		}
		y += lead
	}
	e.h = y + 1.5*L
	e.marks = []mark{{title: title, level: 0}}
	d.toc = append(d.toc, tocEntry{title: title, level: 0, anchor: ch.ID})
	d.out = append(d.out, e)
	return nil
}

// untitled labels an untitled chapter in the outline with its first words.
func (d *doc) untitled(ch *book.Chapter) string {
	for _, b := range ch.Blocks {
		p, ok := b.(book.Paragraph)
		if !ok {
			continue
		}
		words := strings.Fields(book.PlainText(p))
		if len(words) == 0 {
			continue
		}
		if len(words) > 6 {
			return strings.Join(words[:6], " ") + "…"
		}
		return strings.Join(words, " ")
	}
	return d.b.Meta.Title
}

// runningHead shortens a title to fit the running head: the part before a
// colon, or the first words and an ellipsis.
func (d *doc) runningHead(title, where string) (string, error) {
	st := d.style(italic, d.sz.small, 0)
	s, err := d.clean(strings.Join(strings.Fields(title), " "), italic, where)
	if err != nil {
		return "", err
	}
	max := d.textW * 0.8
	if d.width(st, s) <= max {
		return s, nil
	}
	if i := strings.Index(s, ": "); i > 0 && d.width(st, s[:i]) <= max {
		return s[:i], nil
	}
	words := strings.Fields(s)
	for n := len(words) - 1; n > 0; n-- {
		t := strings.TrimRight(strings.Join(words[:n], " "), ",;:.–—-") + "…"
		if d.width(st, t) <= max {
			return t, nil
		}
	}
	return "", nil
}
