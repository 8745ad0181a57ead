package pdf

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// Write typesets b and writes it to w as a PDF. Nil options mean the
// defaults. The book is validated first; an invalid book, an unusable font,
// a character the font lacks or an image that cannot be read gives an error
// and nothing is written to w.
func Write(w io.Writer, b *book.Book, o *Options) error {
	d, err := setBook(b, o)
	if err != nil {
		return err
	}
	return guard(func() error { return d.render(w) })
}

// Document is a book typeset for print, ready to be written as a PDF
// (Write) and as a booklet (WriteBooklet) without setting it again. It
// is not changed by writing: its methods may be called any number of
// times, from several goroutines at once, and give the same bytes as the
// package's Write and WriteBooklet functions.
type Document struct {
	d *doc

	// The book PDF, made once: Write writes it, WriteBooklet imposes it.
	once sync.Once
	pdf  []byte
	err  error
}

// Typeset validates b and sets it into pages with the options o (nil
// means the defaults), for Document.Write and Document.WriteBooklet. It
// gives the errors Write gives for the book, and calls Options.Warn for
// the typographic problems it finds, once for both editions.
func Typeset(b *book.Book, o *Options) (*Document, error) {
	d, err := setBook(b, o)
	if err != nil {
		return nil, err
	}
	return &Document{d: d}, nil
}

// book returns the book PDF, drawing it on the first call.
func (doc *Document) book() ([]byte, error) {
	doc.once.Do(func() {
		doc.err = guard(func() (err error) {
			doc.pdf, err = doc.d.forRender().renderPDF()
			return err
		})
	})
	return doc.pdf, doc.err
}

// Write writes the document to w as a PDF, as the package's Write
// function does.
func (doc *Document) Write(w io.Writer) error {
	if doc == nil || doc.d == nil {
		return errors.New("pdf: nil document")
	}
	pdf, err := doc.book()
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

// WriteBooklet writes the document to w imposed as a booklet, as the
// package's WriteBooklet function does; nil bo means the defaults.
// Options.Bleed and Options.CropMarks do not apply to a booklet.
func (doc *Document) WriteBooklet(w io.Writer, bo *BookletOptions) error {
	if doc == nil || doc.d == nil {
		return errors.New("pdf: nil document")
	}
	if bo == nil {
		bo = &BookletOptions{}
	}
	if _, err := bookletSheet(doc.d.s.trim, bo); err != nil {
		return err
	}
	pdf, err := doc.book()
	if err != nil {
		return err
	}
	return guard(func() error { return doc.d.imposeBooklet(w, pdf, bo) })
}

// setBook checks the book and options and lays the book out.
func setBook(b *book.Book, o *Options) (d *doc, err error) {
	if b == nil {
		return nil, errors.New("pdf: nil book")
	}
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	s, err := o.settings()
	if err != nil {
		return nil, err
	}
	var bodyFont, monoFont *Font
	if o != nil {
		bodyFont, monoFont = o.Body, o.Mono
	}
	fonts, err := loadFonts(bodyFont, monoFont)
	if err != nil {
		return nil, err
	}
	err = guard(func() error {
		d = newDoc(b, s, fonts)
		return d.layout()
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// guard runs f, turning a panic into an error: the layout and drawing
// code is written not to panic; this keeps a bug in it, or in a library
// under it, from taking the caller down.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: internal error: %v", r)
		}
	}()
	return f()
}

// forRender returns a copy of the laid-out document to draw from, with
// its own style table and outline state, which drawing changes. The
// fonts, whose measurement caches drawing fills, are d's own (copying
// them took 0.45 MB per pamphlet): a Document draws its book once, under
// its sync.Once, and no doc is drawn from two goroutines at once.
func (d *doc) forRender() *doc {
	c := *d
	c.styles = slices.Clip(d.styles)
	c.styleIdx = maps.Clone(d.styleIdx)
	c.lastOutline = 0
	return &c
}

// doc is the state of one Write call.
type doc struct {
	b     *book.Book
	s     *settings
	fonts *fontSet

	styles   []style
	styleIdx map[style]int

	// The text block.
	textW, textH Length
	lines        int // body lines per page

	// Type sizes derived from the body size.
	sz sizes

	tags  []tag // Run.Tag k > 0 is tags[k-1]
	notes []*note
	// noteNum maps a footnote ID to its index in notes once referenced.
	noteNum map[string]int
	// noteDefs are the current chapter's footnote definitions.
	noteDefs     map[string]book.Footnote
	chapterNotes int // notes numbered so far in this chapter

	images    map[string]*picture // by resource name
	imageList []*picture          // in order of first use
	areas     []area              // of the ops that are not opText
	imageSums map[[sha256.Size]byte]*picture

	// breaker itemizes and breaks the paragraphs, its storage kept from
	// one to the next.
	breaker typeset.Breaker

	// traceText, if set (by tests), is told of every string drawn: the
	// PDF page (from 1), style, baseline position and text.
	traceText func(page, st int, x, y Length, s string)

	// Layout output.
	out     []*elem // elements of the chapter being laid out
	keep    int     // lines still to keep with the element before
	marker  []op    // a list marker waiting for the next line
	ops     []op    // the chunk lines' ops are allocated in (see opRoom)
	lineBuf []op    // scratch space for a line's ops
	anchorN int     // counter for generated anchors
	toc     []tocEntry
	pages   []*page
	targets map[string]target // anchor → where it landed
	// lastOutline is the outline level of the previous entry, to keep the
	// outline's levels consecutive.
	lastOutline int
}

// style is a font face at a size, raised by rise (superscripts).
type style struct {
	face faceID
	size Length
	rise Length
}

// sizes are the book's type sizes and leadings.
type sizes struct {
	body, lead             Length // body text and the line grid
	note, noteLead         Length // footnotes
	quote, quoteLead       Length // block quotes
	code, codeLead         Length // code blocks and inline code
	small                  Length // running heads and folios
	chapter, chapterLead   Length // chapter titles
	title, titleLead       Length // the book's title on the title page
	sup, supRise           Length // footnote markers
	table, tableLead       Length // tables
	heading2, heading2Lead Length
}

func newDoc(b *book.Book, s *settings, fonts *fontSet) *doc {
	d := &doc{
		b: b, s: s, fonts: fonts,
		styleIdx: map[style]int{},
		noteNum:  map[string]int{},
		images:   map[string]*picture{},
		targets:  map[string]target{},
	}
	d.textW = s.trim.W - s.margins.Inner - s.margins.Outer
	d.lines = int(math.Floor(float64((s.trim.H - s.margins.Top - s.margins.Bottom) / s.leading)))
	d.textH = Length(d.lines) * s.leading
	half := func(l Length) Length { return Length(math.Round(float64(l)*2) / 2) }
	z := s.size
	d.sz = sizes{
		body: z, lead: s.leading,
		note: half(z * 0.81), noteLead: half(z*0.81) * 1.24,
		quote: half(z * 0.91), quoteLead: s.leading * 0.89,
		code: half(z * 0.84), codeLead: s.leading * 0.85,
		small:   half(z * 0.86),
		chapter: half(z * 1.6), chapterLead: half(z*1.6) * 1.25,
		title: half(z * 2.1), titleLead: half(z*2.1) * 1.2,
		sup: half(z * 0.64), supRise: z * 0.36,
		table: half(z * 0.91), tableLead: s.leading * 0.89,
		heading2: half(z * 1.1), heading2Lead: s.leading,
	}
	return d
}

// style returns the index of a style, adding it to the table if new.
func (d *doc) style(f faceID, size, rise Length) int {
	st := style{f, size, rise}
	if i, ok := d.styleIdx[st]; ok {
		return i
	}
	d.styles = append(d.styles, st)
	d.styleIdx[st] = len(d.styles) - 1
	return len(d.styles) - 1
}

// Width measures s in a style, with kerning; it implements
// typeset.Measurer.
func (d *doc) Width(st int, s string) typeset.Length {
	return typeset.Length(d.width(st, s))
}

func (d *doc) width(st int, s string) Length {
	if st < 0 || st >= len(d.styles) {
		return 0
	}
	x := d.styles[st]
	fc := d.fonts.faces[x.face]
	return Length(fc.width(s)) * x.size / Length(fc.upm)
}

func (d *doc) warn(format string, args ...any) {
	if d.s.warn != nil {
		d.s.warn("pdf: " + fmt.Sprintf(format, args...))
	}
}

// where names a block the way book.Validate does.
func chapterWhere(i int, c *book.Chapter) string {
	w := fmt.Sprintf("chapter %d", i+1)
	if c.ID != "" {
		w += fmt.Sprintf(" %q", c.ID)
	}
	return w
}
