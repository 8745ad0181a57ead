package pdf

// The layout turns each chapter into a list of elements stacked down the
// page (lines, spaces, figures, table rows); the page builder cuts that
// list into pages; the renderer draws the pages.

// forbid is a break penalty that forbids a page break.
const forbid = 10000

// elem is one thing stacked on a page: a line of text, a space, a figure.
type elem struct {
	h    Length // height it takes
	base Length // baseline of its text from its top, for list markers
	// grid elements start on the body's line grid: the page builder
	// moves them down to the next grid line.
	grid bool
	// discard elements (spaces) vanish at the top of a page.
	discard bool
	// line elements are lines of text; headings keep with two of them.
	line bool
	// brk is the cost of a page break after this element: 0 is a good
	// place, forbid or more never (unless nothing else fits).
	brk int32
	ops []op
	// marks are outline entries at the element's top.
	marks []mark
	// refs holds what few elements have; nil if none. (A line is an
	// element: 80 bytes, not 128 with these in it.)
	refs *elemRefs
}

// elemRefs are an element's footnotes and anchors.
type elemRefs struct {
	// notes are the footnotes referred to from the element; they must
	// start on its page.
	notes []int
	// anchors are link targets at the element's top.
	anchors []string
}

// notes returns the footnotes referred to from e.
func (e *elem) notes() []int {
	if e.refs == nil {
		return nil
	}
	return e.refs.notes
}

// anchors returns the link targets at e's top.
func (e *elem) anchors() []string {
	if e.refs == nil {
		return nil
	}
	return e.refs.anchors
}

// ext returns e's footnotes and anchors to add to, made on first use.
func (e *elem) ext() *elemRefs {
	if e.refs == nil {
		e.refs = &elemRefs{}
	}
	return e.refs
}

// addNote adds footnote n to those referred to from e, once.
func (e *elem) addNote(n int) {
	r := e.ext()
	r.notes = appendOnce(r.notes, n)
}

// addAnchor adds a link target at e's top.
func (e *elem) addAnchor(a string) {
	r := e.ext()
	r.anchors = append(r.anchors, a)
}

// mark is a PDF outline entry.
type mark struct {
	title string
	level int // 0 chapters, 1 sections, …
}

type opKind uint8

const (
	opText  opKind = iota // text at x, baseline y
	opRule                // a rule from (x, y), w long, h thick
	opImage               // an image in the rectangle x, y, w, h (y its top)
	opLink                // a link area x, y, w, h (y its top) to tag
	opFrame               // a thin frame around x, y, w, h
	opTOC                 // dot leaders from x to the page number of anchor, set flush right at w
	opBox                 // a rectangle x, y, w, h (y its top) filled in the current colour
)

// op is one drawing operation, in points from the element's top left
// (the left edge of the text block). There is one per word, so what only
// the other kinds need is kept apart, in an area, keeping it 40 bytes.
type op struct {
	kind opKind
	// ref is an opText's style (an index in doc.styles) and any other
	// op's area (an index in doc.areas).
	ref  int32
	x, y Length
	text string // opText: the text; opTOC: the anchor
}

// opStyle is the style of an opText or opTOC.
func (d *doc) opStyle(o op) int {
	if o.kind == opText {
		return int(o.ref)
	}
	return d.area(o).tag
}

// area is the size of an op that is not opText (for opTOC, w), and the tag
// of an opLink (what the link goes to) or an opImage (the tagImage tag
// of its picture; see doc.tag), or the style of an opTOC.
type area struct {
	w, h Length
	tag  int
}

// placed is an element at a height on a page (y its top, from the top of
// the text block or the footnote area).
type placed struct {
	e *elem
	y Length
}

type pageKind uint8

const (
	bodyPage  pageKind = iota
	blankPage          // no head, no folio, nothing
	plainPage          // title page, colophon: no head, no folio
	coverPage          // the front or back cover: art only
)

// page is one page of the book.
type page struct {
	kind   pageKind
	body   []placed
	notes  []placed // in the footnote area
	notesH Length   // height of the footnote area, rule included
	// opener pages start a chapter or the contents: no running head or
	// folio.
	opener bool
	head   string // running head, if any
	art    *coverArt
}

// target is where an anchor landed.
type target struct {
	page int    // index in doc.pages
	y    Length // from the top of the page
}

// tocEntry is a line of the table of contents.
type tocEntry struct {
	title  string
	level  int // 0 chapters, 1 sections, …
	anchor string
}
