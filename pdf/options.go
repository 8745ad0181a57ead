package pdf

import (
	"fmt"
	"image/color"
	"math"

	"github.com/quire-books/quire/pdf/internal/typeset"
)

// Length is a distance in PostScript points (1/72 inch).
type Length float64

// Units of Length.
const (
	Point      Length = 1
	Inch       Length = 72
	Millimetre Length = 72 / 25.4
)

// Size is the width and height of a page.
type Size struct {
	W, H Length
}

// Common trim sizes.
var (
	A5         = Size{148 * Millimetre, 210 * Millimetre}
	A4         = Size{210 * Millimetre, 297 * Millimetre}
	Letter     = Size{8.5 * Inch, 11 * Inch}
	Royal6x9   = Size{6 * Inch, 9 * Inch}     // US trade paperback, 6 × 9 in
	Digest     = Size{5.5 * Inch, 8.5 * Inch} // digest, 5.5 × 8.5 in
	minPage    = 2 * Inch
	maxPage    = 200 * Inch // the PDF 1.x limit is 14,400 pt
	minMeasure = 6 * Point
)

// maxBleed bounds Options.Bleed; print shops ask for 3 to 5 mm.
const maxBleed = 1 * Inch

// Margins are the four margins of a page. Inner is the gutter: the margin
// at the spine, on the left of right-hand (odd) pages and on the right of
// left-hand (even) pages; Outer is the other side.
type Margins struct {
	Inner, Outer, Top, Bottom Length
}

// Font is a TrueType font family given as the bytes of its files. Only
// TrueType outlines are supported (files that start with 0x00010000 or
// "true"); OpenType fonts with CFF outlines ("OTTO") and collections are
// rejected, because the PDF library cannot embed them.
type Font struct {
	// Name is the family's name as shown in the colophon, e.g. "Gentium".
	// Empty means "custom".
	Name string
	// Regular is required. A missing Italic, Bold or BoldItalic falls back
	// to Regular (BoldItalic first to Bold, then to Regular), so emphasis is
	// lost rather than the book refused.
	Regular, Italic, Bold, BoldItalic []byte
}

// Options tune Write. The zero value, like a nil *Options, asks for the
// defaults, which make an A5 book set in Liberation Serif 10.5/13.5 pt.
type Options struct {
	// TrimSize is the page size. Zero means A5.
	TrimSize Size
	// Margins are the page margins; any zero field takes its default for
	// A5 scaled to the trim size: inner 20 mm, outer 16 mm, top 17 mm,
	// bottom 22 mm (the folio sits in the bottom margin, the running head
	// in the top one). The bottom margin grows by less than a line so the
	// text block holds a whole number of lines.
	Margins Margins
	// FontSize is the body text size. Zero means 10.5 pt (scaled with the
	// width of the trim size for other sizes: 11 pt on 6 × 9 in, 12 pt on A4).
	FontSize Length
	// Leading is the distance between baselines of body text, the line
	// grid that all body lines sit on. Zero means 9/7 of FontSize
	// (13.5 pt for 10.5 pt type).
	Leading Length
	// Body is the text font family. Nil means Liberation Serif.
	Body *Font
	// Mono is the font for code; only its Regular face is used. Nil means
	// Liberation Mono.
	Mono *Font
	// Ragged sets text ragged right instead of justified.
	Ragged bool
	// NoHyphenation turns hyphenation off; by default words are hyphenated
	// with Hyphenator.
	NoHyphenation bool
	// Hyphenator finds the places where a word may be broken. Nil means
	// the standard TeX patterns for US English.
	Hyphenator Hyphenator
	// RectoChapters makes every chapter open on a right-hand (odd) page,
	// leaving a blank page before it when needed. The first chapter always
	// opens on a right-hand page.
	RectoChapters bool
	// NoContents leaves out the table of contents. Without this option the
	// contents page is made when the book has at least two entries for it.
	NoContents bool
	// ContentsDepth is the deepest heading level listed in the table of
	// contents and the PDF outline: 1 lists chapters only. Zero means 2
	// (chapters and their sections).
	ContentsDepth int
	// ContentsTitle is the heading of the contents page. Empty means
	// "Contents".
	ContentsTitle string
	// ReplaceMissing draws U+FFFD (or '?' if the font lacks it) for a
	// character the font cannot draw, and reports it through Warn, instead
	// of failing with a *GlyphError.
	ReplaceMissing bool
	// Bleed is how far the page extends beyond the trim on each side, for
	// a print shop that trims after printing: 3 mm is usual. Each PDF page
	// is then the trim size plus twice the bleed, with the trim centred
	// (its TrimBox), and the cover's ground runs to the edge. Zero means
	// none: the page is the trim size. WriteBooklet ignores it.
	Bleed Length
	// CropMarks draws crop marks at the corners of the trim, outside it and
	// outside the bleed, on a page enlarged to hold them (by the bleed, at
	// least 3 mm, plus 6 mm on each side). False means none. WriteBooklet
	// ignores it (see BookletOptions.Guides).
	CropMarks bool
	// Cover makes page 1 a cover: the book's own cover image
	// (book.Meta.Cover) filling the page and its bleed, or, without one, a
	// typographic cover drawn from the metadata in the same design as the
	// EPUB's generated cover. A blank page follows it (the inside of the
	// cover), so the title page stays a right-hand page. The generated
	// cover also gives the book a back cover in its ground colour as the
	// last page, after a blank one. False means no cover: page 1 is the
	// title page.
	Cover bool
	// CoverBackground and CoverForeground colour the generated cover (the
	// alpha channel is ignored). A zero colour means the default, as in the
	// EPUB: a deep red ground with warm off-white type.
	CoverBackground, CoverForeground color.RGBA
	// Warn, if not nil, receives one line per typographic problem that did
	// not stop the book: a paragraph that could not be justified within
	// tolerance, a line too long for the measure, an SVG image shown as its
	// alternative text, a replaced character, an image printed at less than
	// 300 pixels per inch. Nil ignores them.
	Warn func(msg string)
}

// Hyphenator returns the byte offsets inside word (0 < p < len(word)) where
// it may be broken with a hyphen. Implementations for other languages can
// be plugged into Options.Hyphenator.
type Hyphenator interface {
	Hyphenate(word string) []int
}

// settings are Options with every default filled in.
type settings struct {
	trim          Size
	margins       Margins
	size, leading Length
	ragged        bool
	hyph          typeset.Hyphenator
	recto         bool
	contents      bool
	depth         int
	contentsTitle string
	replace       bool
	warn          func(string)
	bleed         Length
	cropMarks     bool
	cover         bool
	coverBG       color.RGBA
	coverFG       color.RGBA
}

func (o *Options) settings() (*settings, error) {
	if o == nil {
		o = &Options{}
	}
	s := &settings{
		trim:          o.TrimSize,
		margins:       o.Margins,
		size:          o.FontSize,
		leading:       o.Leading,
		ragged:        o.Ragged,
		recto:         o.RectoChapters,
		contents:      !o.NoContents,
		depth:         o.ContentsDepth,
		contentsTitle: o.ContentsTitle,
		replace:       o.ReplaceMissing,
		warn:          o.Warn,
		bleed:         o.Bleed,
		cropMarks:     o.CropMarks,
		cover:         o.Cover,
		coverBG:       o.CoverBackground,
		coverFG:       o.CoverForeground,
	}
	if s.trim == (Size{}) {
		s.trim = A5
	}
	if !finite(s.trim.W) || !finite(s.trim.H) || s.trim.W < minPage || s.trim.H < minPage || s.trim.W > maxPage || s.trim.H > maxPage {
		return nil, fmt.Errorf("pdf: trim size %.2f × %.2f pt out of range (%.0f to %.0f pt)", s.trim.W, s.trim.H, minPage, maxPage)
	}
	scale := s.trim.W / A5.W
	def := func(v *Length, d Length) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.margins.Inner, 20*Millimetre*scale)
	def(&s.margins.Outer, 16*Millimetre*scale)
	def(&s.margins.Top, 17*Millimetre*scale)
	def(&s.margins.Bottom, 22*Millimetre*scale)
	for _, m := range []Length{s.margins.Inner, s.margins.Outer, s.margins.Top, s.margins.Bottom} {
		if !finite(m) || m < 0 {
			return nil, fmt.Errorf("pdf: margin %.2f pt is negative or not a number", m)
		}
	}
	if s.size == 0 {
		// 10.5 pt on A5, a little larger on wider pages.
		s.size = Length(math.Round(float64(10.5*math.Sqrt(float64(scale)))*2) / 2)
	}
	if !finite(s.size) || s.size < 4 || s.size > 72 {
		return nil, fmt.Errorf("pdf: font size %.2f pt out of range (4 to 72 pt)", s.size)
	}
	def(&s.leading, s.size*9/7)
	if !finite(s.leading) || s.leading < s.size || s.leading > 4*s.size {
		return nil, fmt.Errorf("pdf: leading %.2f pt out of range (the font size to four times it)", s.leading)
	}
	if s.trim.W-s.margins.Inner-s.margins.Outer < 12*s.size || s.trim.H-s.margins.Top-s.margins.Bottom < 12*s.leading {
		return nil, fmt.Errorf("pdf: text block of %.0f × %.0f pt too small for %.1f pt type", s.trim.W-s.margins.Inner-s.margins.Outer, s.trim.H-s.margins.Top-s.margins.Bottom, s.size)
	}
	if !finite(s.bleed) || s.bleed < 0 || s.bleed > maxBleed {
		return nil, fmt.Errorf("pdf: bleed %.2f pt out of range (0 to %.0f pt)", s.bleed, maxBleed)
	}
	if s.depth == 0 {
		s.depth = 2
	}
	if s.depth < 1 || s.depth > 6 {
		return nil, fmt.Errorf("pdf: contents depth %d out of range (1 to 6)", s.depth)
	}
	if s.contentsTitle == "" {
		s.contentsTitle = "Contents"
	}
	if !o.NoHyphenation {
		if o.Hyphenator != nil {
			s.hyph = o.Hyphenator
		} else {
			s.hyph = typeset.English()
		}
	}
	return s, nil
}

func finite(l Length) bool { return !math.IsNaN(float64(l)) && !math.IsInf(float64(l), 0) }
