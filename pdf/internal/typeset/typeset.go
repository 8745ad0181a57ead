package typeset

// Length is a distance in PostScript points (1/72 inch).
type Length float64

// Units of Length.
const (
	Point      Length = 1
	Inch       Length = 72
	Millimetre Length = 72 / 25.4
)

// Fil is the stretch of infinitely stretchable glue (TeX's "fil"), as in
// \parfillskip. A glue whose Stretch is Fil or more outstretches all finite
// glue on its line: the line is then set with its finite glue at natural
// width (Line.Ratio 0).
const Fil Length = 1e9

// Kind of an Item.
type Kind uint8

// The kinds of Item.
const (
	Box Kind = iota
	Glue
	Penalty
)

func (k Kind) String() string {
	switch k {
	case Box:
		return "box"
	case Glue:
		return "glue"
	case Penalty:
		return "penalty"
	}
	return "kind?"
}

// Infinity is the penalty that forbids a break; a penalty of -Infinity or
// less forces one.
const Infinity = 10000

// Item is a box, glue or penalty (Knuth & Plass 1981).
//
// Its fields are ordered and sized for a small Item (56 bytes): a
// paragraph's list is copied and scanned several times over.
type Item struct {
	Kind    Kind
	Flagged bool   // penalty: a hyphenation break (consecutive flagged breaks are penalised)
	Penalty int32  // penalty value
	Width   Length // box/glue natural width; penalty: width added if broken here (e.g. hyphen)
	Stretch Length // glue; Fil or more means infinitely stretchable
	Shrink  Length // glue
	Text    string // box: the text to draw; penalty: text to draw at the end of the line when broken here ("-")
	Style   int32  // caller's style index (font/size/colour) for Text; copied from Run.Style
	Tag     int32  // caller's opaque tag (e.g. link or footnote-reference index); copied from Run.Tag
}

// Run is a stretch of text in one style, the input to Itemize.
type Run struct {
	Text        string
	Style       int
	Tag         int
	NoHyphenate bool   // no hyphenation and no breaks at explicit hyphens inside its words (code, URLs)
	Box         Length // if > 0 and Text == "": an unbreakable object of this width (inline image, footnote marker drawn by caller)
}

// Measurer measures text; the caller implements it with real fonts
// (kerning included). Itemize asks for the width of every box it makes,
// so a Measurer whose measuring is slow keeps what it measured.
type Measurer interface {
	Width(style int, s string) Length
}

// Hyphenator returns the positions (byte offsets into word, 0 < p <
// len(word), ascending) where word may be hyphenated.
type Hyphenator interface {
	Hyphenate(word string) []int
}

// Line is one line of a broken paragraph: items[Start:End] are on it and
// items[End] is the break (a glue or penalty, or len(items) at the very end).
// Start already points past the glue and penalties that TeX discards after
// a break. Ratio is the adjustment ratio: positive stretches the line's
// glue, negative shrinks it (never below -1 except in a greedy fallback
// line that is overfull, where it is -1).
type Line struct {
	Start, End int
	Ratio      float64
	Width      Length // the measure it was set to
	Hyphenated bool   // ends in a flagged penalty
}

// GlueWidth returns the width it takes on line l: a glue is stretched or
// shrunk by l.Ratio, a box keeps its width, a penalty inside a line takes
// no room. (The penalty at l.End adds its Width; draw its Text there.)
func (l Line) GlueWidth(it Item) Length {
	switch it.Kind {
	case Box:
		return it.Width
	case Glue:
		switch {
		case l.Ratio > 0 && it.Stretch < Fil:
			return it.Width + Length(l.Ratio)*it.Stretch
		case l.Ratio < 0:
			return it.Width + Length(l.Ratio)*it.Shrink
		}
		return it.Width
	}
	return 0
}

// Result of Break.
type Result struct {
	Lines []Line
	// Demerits is the sum of the TeX demerits of Lines (computed from their
	// real glue, without emergency stretch), comparable between Break and
	// Greedy.
	Demerits float64
	// Greedy is true when no feasible total-fit solution existed (a box or
	// unbreakable stretch wider than the measure) and the first-fit
	// fallback was used; its lines may be overfull.
	Greedy bool
}
