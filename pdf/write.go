package pdf

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// Write typesets b and writes it to w as a PDF. Nil options mean the
// defaults. The book is validated first; an invalid book, an unusable font,
// a character the font lacks or an image that cannot be read gives an error
// and nothing is written to w.
func Write(w io.Writer, b *book.Book, o *Options) error {
	return build(b, o, nil, func(d *doc) error { return d.render(w) })
}

// build checks the book and options, lays the book out and hands it to
// draw. A booklet (bo not nil) has no bleed and no crop marks.
func build(b *book.Book, o *Options, bo *BookletOptions, draw func(*doc) error) (err error) {
	if b == nil {
		return errors.New("pdf: nil book")
	}
	if err := b.Validate(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	s, err := o.settings()
	if err != nil {
		return err
	}
	if bo != nil {
		s.bleed, s.cropMarks = 0, false
	}
	var bodyFont, monoFont *Font
	if o != nil {
		bodyFont, monoFont = o.Body, o.Mono
	}
	fonts, err := loadFonts(bodyFont, monoFont)
	if err != nil {
		return err
	}
	defer func() {
		// The layout code is written not to panic; this keeps a bug in it,
		// or in a library under it, from taking the caller down.
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: internal error: %v", r)
		}
	}()
	d := newDoc(b, s, fonts)
	if err := d.layout(); err != nil {
		return err
	}
	return draw(d)
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

	// Layout output.
	out     []*elem // elements of the chapter being laid out
	keep    int     // lines still to keep with the element before
	marker  []op    // a list marker waiting for the next line
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
