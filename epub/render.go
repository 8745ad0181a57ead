package epub

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/quire-books/quire/book"
)

// target is where a model ID points: an XHTML file in the xhtml folder
// and a fragment, empty for the top of the file.
type target struct {
	file, frag string
}

// tocEntry is one line of the table of contents. href is relative to the
// xhtml folder.
type tocEntry struct {
	label    string
	href     string
	level    int
	children []*tocEntry
}

// renderer turns chapters into XHTML body content. It is made once per
// book; IDs it hands out are unique within the whole book.
type renderer struct {
	opts    *Options
	targets map[string]target // chapter, heading and footnote IDs
	images  map[string]string // resource name → src from the xhtml folder
	ids     *book.Slugs
	notes   map[string]string // footnote ID → its aside's id
	runOn   int               // last note number, when notes run on
	out     xw                // every chapter's body, one after another
}

// chapterState is the state while one chapter is rendered.
type chapterState struct {
	r        *renderer
	where    string // for errors, e.g. `chapter 3 "peace"`
	file     string
	defs     map[string]book.Footnote
	defOrder []string
	num      map[string]int    // footnote ID → number
	firstRef map[string]string // footnote ID → id of its first noteref
	order    []string          // footnote IDs by number
	next     int
	level    int // level of the last heading, 1 for the chapter title
	inLink   bool
	stack    []*tocEntry // open TOC entries, the chapter's first
}

// chapter renders chapter c, stored in file, with the TOC label label,
// onto r.out. It returns the chapter's TOC entry.
func (r *renderer) chapter(i int, c *book.Chapter, file, label string) (*tocEntry, error) {
	where := fmt.Sprintf("chapter %d %q", i+1, c.ID)
	entry := &tocEntry{label: label, href: file, level: 1}
	st := &chapterState{
		r: r, where: where, file: file,
		defs: map[string]book.Footnote{}, num: map[string]int{}, firstRef: map[string]string{},
		level: 1, stack: []*tocEntry{entry},
	}
	for _, b := range c.Blocks {
		if f, ok := b.(book.Footnote); ok {
			st.defs[f.ID] = f
			st.defOrder = append(st.defOrder, f.ID)
		}
	}
	x := &r.out
	attrs := []string{"class", "chapter", "epub:type", "chapter", "role", "doc-chapter", "id", c.ID}
	title := strings.TrimSpace(c.Title)
	if title == "" {
		attrs = append(attrs, "aria-label", label)
	}
	x.open("section", attrs...)
	x.nl()
	if title != "" {
		x.elem("h1", title, "class", "chapter-title")
		x.nl()
	}
	for j, b := range c.Blocks {
		if _, ok := b.(book.Footnote); ok {
			continue
		}
		if err := st.block(x, b, true); err != nil {
			return nil, fmt.Errorf("%s, block %d: %w", where, j+1, err)
		}
	}
	if err := st.footnotes(x); err != nil {
		return nil, err
	}
	x.close("section")
	return entry, nil
}

func (st *chapterState) blocks(x *xw, bs []book.Block) error {
	for _, b := range bs {
		if err := st.block(x, b, false); err != nil {
			return err
		}
	}
	return nil
}

// block renders one block; top is true for a chapter's own blocks, whose
// headings go into the table of contents.
func (st *chapterState) block(x *xw, b book.Block, top bool) error {
	switch b := b.(type) {
	case book.Paragraph:
		x.open("p")
		if err := st.inlines(x, b); err != nil {
			return err
		}
		x.close("p")
	case book.Heading:
		return st.heading(x, b, top)
	case book.Quote:
		x.open("blockquote")
		x.nl()
		if err := st.blocks(x, b); err != nil {
			return err
		}
		x.close("blockquote")
	case book.List:
		tag, attrs := "ul", []string{}
		if b.Ordered {
			tag = "ol"
			if b.Start > 1 {
				attrs = append(attrs, "start", strconv.Itoa(b.Start))
			}
		}
		if b.Loose {
			attrs = append(attrs, "class", "loose")
		}
		x.open(tag, attrs...)
		x.nl()
		for _, item := range b.Items {
			x.open("li")
			if err := st.blocks(x, item); err != nil {
				return err
			}
			x.close("li")
			x.nl()
		}
		x.close(tag)
	case book.CodeBlock:
		x.open("pre")
		if lang := classSafe(b.Language); lang != "" {
			x.open("code", "class", "language-"+lang)
		} else {
			x.open("code")
		}
		x.text(b.Text)
		x.close("code")
		x.close("pre")
	case book.SceneBreak:
		if o := st.r.opts.SceneBreak; o != "" {
			x.elem("p", o, "class", "ornament", "role", "separator")
		} else {
			x.empty("hr", "class", "scene")
		}
	case book.Figure:
		x.open("figure")
		x.nl()
		src, err := st.r.imageSrc(&b.Image)
		if err != nil {
			return err
		}
		x.empty("img", "src", src, "alt", b.Alt)
		if len(b.Caption) > 0 {
			x.nl()
			x.open("figcaption")
			if err := st.inlines(x, b.Caption); err != nil {
				return err
			}
			x.close("figcaption")
		}
		x.nl()
		x.close("figure")
	case book.Table:
		return st.table(x, b)
	case book.Footnote:
		// Validate allows notes only at a chapter's top level, where the
		// chapter collects them; anywhere else is a bug in the model.
		return fmt.Errorf("footnote %q not at the chapter's top level", b.ID)
	default:
		return fmt.Errorf("epub: unknown block type %T", b)
	}
	x.nl()
	return nil
}

func (st *chapterState) heading(x *xw, h book.Heading, top bool) error {
	// Headings never skip a level: a level 4 after a level 2 becomes 3.
	level := h.Level
	if level > st.level+1 {
		level = st.level + 1
	}
	if level < 2 {
		level = 2
	}
	st.level = level
	id := h.ID
	if id == "" {
		id = st.r.ids.Make(book.PlainText(h.Content), "section")
	}
	tag := "h" + strconv.Itoa(level)
	x.open(tag, "id", id)
	if err := st.inlines(x, h.Content); err != nil {
		return err
	}
	x.close(tag)
	x.nl()
	label := strings.Join(strings.Fields(book.PlainText(h.Content)), " ")
	if !top || label == "" {
		return nil
	}
	for len(st.stack) > 1 && st.stack[len(st.stack)-1].level >= level {
		st.stack = st.stack[:len(st.stack)-1]
	}
	e := &tocEntry{label: label, href: st.file + "#" + id, level: level}
	parent := st.stack[len(st.stack)-1]
	parent.children = append(parent.children, e)
	st.stack = append(st.stack, e)
	return nil
}

func (st *chapterState) table(x *xw, t book.Table) error {
	align := func(i int) []string {
		if i < len(t.Align) {
			switch t.Align[i] {
			case book.AlignLeft:
				return []string{"class", "align-left"}
			case book.AlignCenter:
				return []string{"class", "align-center"}
			case book.AlignRight:
				return []string{"class", "align-right"}
			}
		}
		return nil
	}
	x.open("table")
	x.nl()
	if t.Header != nil {
		x.open("thead")
		x.open("tr")
		for i, c := range t.Header {
			x.open("th", append([]string{"scope", "col"}, align(i)...)...)
			if err := st.inlines(x, c); err != nil {
				return err
			}
			x.close("th")
		}
		x.close("tr")
		x.close("thead")
		x.nl()
	}
	if len(t.Rows) > 0 {
		x.open("tbody")
		x.nl()
		for _, row := range t.Rows {
			x.open("tr")
			for i, c := range row {
				x.open("td", align(i)...)
				if err := st.inlines(x, c); err != nil {
					return err
				}
				x.close("td")
			}
			x.close("tr")
			x.nl()
		}
		x.close("tbody")
		x.nl()
	}
	x.close("table")
	x.nl()
	return nil
}

func (st *chapterState) inlines(x *xw, in []book.Inline) error {
	for _, n := range in {
		if err := st.inline(x, n); err != nil {
			return err
		}
	}
	return nil
}

func (st *chapterState) inline(x *xw, n book.Inline) error {
	switch n := n.(type) {
	case book.Text:
		x.text(string(n))
	case book.Emphasis:
		x.open("em")
		if err := st.inlines(x, n); err != nil {
			return err
		}
		x.close("em")
	case book.Strong:
		x.open("strong")
		if err := st.inlines(x, n); err != nil {
			return err
		}
		x.close("strong")
	case book.Code:
		x.elem("code", string(n))
	case book.Link:
		return st.link(x, n)
	case book.Image:
		src, err := st.r.imageSrc(&n.Image)
		if err != nil {
			return err
		}
		x.empty("img", "class", "inline", "src", src, "alt", n.Alt)
	case book.FootnoteRef:
		st.noteref(x, n.ID)
	case book.LineBreak:
		x.empty("br")
	default:
		return fmt.Errorf("epub: unknown inline type %T", n)
	}
	return nil
}

func (st *chapterState) link(x *xw, l book.Link) error {
	if st.inLink {
		// Links cannot nest: an inner link keeps only its text.
		return st.inlines(x, l.Content)
	}
	var attrs []string
	if id, ok := strings.CutPrefix(l.URL, "#"); ok {
		t, ok := st.r.targets[id]
		if !ok {
			return fmt.Errorf("link to unknown ID %q", l.URL)
		}
		attrs = []string{"href", t.href(st.file)}
	} else {
		if !book.SafeURL(l.URL) {
			return fmt.Errorf("link to unsafe URL %q", l.URL)
		}
		attrs = []string{"class", "external", "href", escapeURL(l.URL), "rel", "external"}
	}
	if l.Title != "" {
		attrs = append(attrs, "title", l.Title)
	}
	x.open("a", attrs...)
	st.inLink = true
	err := st.inlines(x, l.Content)
	st.inLink = false
	x.close("a")
	return err
}

// href is the link to t from the file from.
func (t target) href(from string) string {
	switch {
	case t.frag == "":
		return t.file
	case t.file == from:
		return "#" + t.frag
	}
	return t.file + "#" + t.frag
}

// noteref writes a reference to footnote id, numbering the note when it is
// first referred to.
func (st *chapterState) noteref(x *xw, id string) {
	n := st.number(id)
	ref := st.r.ids.Make("ref-"+id, "ref")
	if _, ok := st.firstRef[id]; !ok {
		st.firstRef[id] = ref
	}
	num := strconv.Itoa(n)
	x.open("sup")
	if st.inLink {
		x.elem("span", num, "class", "noteref", "id", ref)
	} else {
		x.elem("a", num, "class", "noteref", "epub:type", "noteref", "role", "doc-noteref",
			"id", ref, "href", "#"+st.r.notes[id])
	}
	x.close("sup")
}

func (st *chapterState) number(id string) int {
	if n, ok := st.num[id]; ok {
		return n
	}
	var n int
	if st.r.opts.Notes == NotesRunOn {
		st.r.runOn++
		n = st.r.runOn
	} else {
		st.next++
		n = st.next
	}
	st.num[id] = n
	st.order = append(st.order, id)
	return n
}

// footnotes writes the chapter's notes in the order of their numbers.
// Rendering a note may number further notes it refers to; notes that only
// refer to themselves come last.
func (st *chapterState) footnotes(x *xw) error {
	if len(st.defOrder) == 0 {
		return nil
	}
	x.open("div", "class", "notes")
	x.nl()
	done := 0
	for {
		for ; done < len(st.order); done++ {
			if err := st.footnote(x, st.order[done]); err != nil {
				return err
			}
		}
		var missed string
		for _, id := range st.defOrder {
			if _, ok := st.num[id]; !ok {
				missed = id
				break
			}
		}
		if missed == "" {
			break
		}
		st.number(missed)
	}
	x.close("div")
	x.nl()
	return nil
}

func (st *chapterState) footnote(x *xw, id string) error {
	f, ok := st.defs[id]
	if !ok {
		return fmt.Errorf("%s: footnote %q is defined in another chapter", st.where, id)
	}
	x.open("aside", "class", "footnote", "epub:type", "footnote", "role", "doc-footnote", "id", st.r.notes[id])
	x.nl()
	num := strconv.Itoa(st.num[id]) + "."
	label := func() {
		if ref := st.firstRef[id]; ref != "" {
			x.elem("a", num, "class", "backlink", "role", "doc-backlink", "href", "#"+ref)
		} else {
			x.elem("span", num, "class", "backlink")
		}
	}
	blocks := f.Blocks
	if p, ok := firstParagraph(blocks); ok {
		x.open("p")
		label()
		x.text(" ")
		if err := st.inlines(x, p); err != nil {
			return fmt.Errorf("%s, footnote %q: %w", st.where, id, err)
		}
		x.close("p")
		x.nl()
		blocks = blocks[1:]
	} else {
		x.open("p")
		label()
		x.close("p")
		x.nl()
	}
	if err := st.blocks(x, blocks); err != nil {
		return fmt.Errorf("%s, footnote %q: %w", st.where, id, err)
	}
	x.close("aside")
	x.nl()
	return nil
}

func firstParagraph(bs []book.Block) (book.Paragraph, bool) {
	if len(bs) == 0 {
		return nil, false
	}
	p, ok := bs[0].(book.Paragraph)
	return p, ok
}

// imageSrc returns the src of an image added to the container.
func (r *renderer) imageSrc(res *book.Resource) (string, error) {
	src, ok := r.images[res.Name]
	if !ok {
		return "", fmt.Errorf("image %q was not added to the container", res.Name)
	}
	return src, nil
}

// classSafe keeps the letters, digits, '-', '_' and '+' of s, for use in a
// class name.
func classSafe(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '+' {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// escapeURL percent-encodes the bytes of u that a URL may not hold as
// they are: non-ASCII bytes, and '%' not followed by two hex digits.
func escapeURL(u string) string {
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 0x80 || c < 0x20 || c == 0x7f:
			sb.WriteByte('%')
			sb.WriteByte(hex[c>>4])
			sb.WriteByte(hex[c&15])
		case c == '%' && !(i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2])):
			sb.WriteString("%25")
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
