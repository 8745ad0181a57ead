package pdf

import (
	"strings"

	"github.com/quire-books/quire/book"
)

// block is a small helper to stack centred or flush paragraphs into one
// element, for the title page and colophon.
type stack struct {
	d   *doc
	e   *elem
	y   Length
	err error
}

// add sets text in a frame and stacks its lines, each lead apart.
func (s *stack) add(text string, c inl, fr frame, al align) {
	if s.err != nil {
		return
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return
	}
	c.size = fr.size
	lines, err := s.d.setParagraph(fr, []book.Inline{book.Text(text)}, c, false, al, false)
	if err != nil {
		s.err = err
		return
	}
	for _, l := range lines {
		for _, o := range l.ops {
			o.y += s.y
			s.e.ops = append(s.e.ops, o)
		}
		s.y += fr.lead
	}
}

// titlePage sets the title, subtitle, authors and other contributors, and
// the publisher at the foot.
func (d *doc) titlePage() (*elem, error) {
	m := &d.b.Meta
	L := d.sz.lead
	s := &stack{d: d, e: &elem{h: d.textH}}
	wide := frame{w: d.textW, size: d.sz.body, lead: L}
	narrow := frame{x: d.textW * 0.06, w: d.textW * 0.88}

	s.y = d.textH * 0.18
	fr := narrow
	fr.size, fr.lead = d.sz.title, d.sz.titleLead
	s.add(m.Title, inl{where: "metadata: title"}, fr, centred)
	if m.Subtitle != "" {
		s.y += L
		fr.size = d.sz.body * 1.25
		fr.lead = fr.size * 1.3
		s.add(m.Subtitle, inl{italic: true, where: "metadata: subtitle"}, fr, centred)
	}
	if authors := m.Authors(); len(authors) > 0 {
		s.y += 2.5 * L
		fr := wide
		fr.size = d.sz.body * 1.25
		fr.lead = fr.size * 1.3
		s.add(joinNames(authors), inl{where: "metadata: contributor"}, fr, centred)
	}
	var others []string
	for _, c := range m.Contributors {
		if c.Role.Code() != book.Author.Code() {
			others = append(others, c.Role.Phrase()+" "+c.Name)
		}
	}
	if len(others) > 0 {
		s.y += L
		for _, o := range mergePhrases(others) {
			s.add(o, inl{italic: true, where: "metadata: contributor"}, wide, centred)
		}
	}
	if m.Publisher != "" || !m.Published.IsZero() {
		s.y = d.textH - 2*L
		s.add(m.Publisher, inl{where: "metadata: publisher"}, wide, centred)
		if !m.Published.IsZero() {
			s.add(m.Published.Human(), inl{where: "metadata: published"}, wide, centred)
		}
	}
	return s.e, s.err
}

// colophon sets the copyright page: small type at the foot of the page.
func (d *doc) colophon() (*elem, error) {
	m := &d.b.Meta
	fr := frame{w: d.textW * 0.9, size: d.sz.note, lead: d.sz.noteLead}
	type line struct {
		text string
		c    inl
	}
	var paras [][]line
	p := func(ls ...line) { paras = append(paras, ls) }
	title := m.Title
	if m.Subtitle != "" {
		title += ": " + m.Subtitle
	}
	titleLines := []line{{title, inl{italic: true, where: "metadata: title"}}}
	if a := m.Authors(); len(a) > 0 {
		titleLines = append(titleLines, line{"by " + joinNames(a), inl{where: "metadata: contributor"}})
	}
	for _, c := range m.Contributors {
		if c.Role.Code() != book.Author.Code() {
			titleLines = append(titleLines, line{upperFirst(c.Role.Phrase()) + " " + c.Name, inl{where: "metadata: contributor"}})
		}
	}
	p(titleLines...)
	var pub []line
	if !m.Published.IsZero() {
		pub = append(pub, line{"First published " + m.Published.Human() + ".", inl{where: "metadata: published"}})
	}
	if m.Rights != "" {
		pub = append(pub, line{m.Rights, inl{where: "metadata: rights"}})
	}
	if m.Publisher != "" {
		pub = append(pub, line{"Published by " + m.Publisher + ".", inl{where: "metadata: publisher"}})
	}
	if len(pub) > 0 {
		p(pub...)
	}
	p(line{m.BookID(), inl{where: "metadata: identifier"}})
	p(line{"Typeset with Quire in " + d.fonts.familyName + ".", inl{where: "font name"}})

	// Set it once to learn its height, then again at the foot of the page.
	s := &stack{d: d, e: &elem{h: d.textH}}
	for i, para := range paras {
		if i > 0 {
			s.y += fr.lead / 2
		}
		for _, l := range para {
			s.add(l.text, l.c, fr, flushLeft)
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	shift := d.textH - s.y
	for i := range s.e.ops {
		s.e.ops[i].y += shift
	}
	return s.e, nil
}

// contents lays out the table of contents: a title like a chapter's, then
// one entry per chapter and section with dot leaders and page numbers.
func (d *doc) contents() ([]*elem, error) {
	save := d.out
	d.out = nil
	defer func() { d.out = save }()
	L := d.sz.lead
	title := &elem{h: 5 * L, refs: &elemRefs{anchors: []string{"\x00contents"}}, marks: []mark{{title: d.s.contentsTitle, level: 0}}}
	fr := frame{x: d.textW * 0.08, w: d.textW * 0.84, size: d.sz.chapter, lead: d.sz.chapterLead}
	lines, err := d.setParagraph(fr, []book.Inline{book.Text(d.s.contentsTitle)}, inl{size: fr.size, where: "contents"}, false, centred, false)
	if err != nil {
		return nil, err
	}
	y := title.h
	for _, l := range lines {
		for _, o := range l.ops {
			o.y += y
			title.ops = append(title.ops, o)
		}
		y += fr.lead
	}
	title.h = y + 1.5*L
	d.out = append(d.out, title)

	st := d.style(regular, d.sz.body, 0)
	numW := d.width(st, "0000")
	sections := false
	for _, t := range d.toc {
		sections = sections || t.level > 0
	}
	for i, t := range d.toc {
		if t.level > d.s.depth-1 {
			continue
		}
		indent := Length(t.level) * 1.5 * d.sz.body
		c := inl{size: d.sz.body, where: "contents"}
		if t.level > 0 {
			c.italic = false
		}
		fr := frame{x: indent, w: d.textW - indent - numW - d.sz.body, size: d.sz.body, lead: L, grid: true}
		lines, err := d.setParagraph(fr, []book.Inline{book.Text(t.title)}, c, false, flushLeft, false)
		if err != nil {
			return nil, err
		}
		if len(lines) == 0 {
			continue
		}
		if sections && t.level == 0 && i > 0 {
			d.space(L / 2)
		}
		link := d.addTag(tag{kind: tagInternal, id: t.anchor})
		for j, e := range lines {
			e.ops = append(e.ops, op{kind: opLink, x: 0, y: 0, ref: d.addArea(d.textW, L, link)})
			if j == len(lines)-1 {
				end := Length(0)
				for _, o := range e.ops {
					if o.kind == opText {
						if x := o.x + d.width(int(o.ref), o.text); x > end {
							end = x
						}
					}
				}
				e.ops = append(e.ops, op{kind: opTOC, x: end, y: e.base, ref: d.addArea(d.textW, 0, st), text: t.anchor})
			}
		}
		d.emitLines(lines)
	}
	return d.out, nil
}

// joinNames joins names as English does: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// mergePhrases keeps the contributor lines in order; one line each.
func mergePhrases(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = upperFirst(l)
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
