// Package cover lays out Quire's typographic cover from a book's metadata
// and draws it as a raster image.
//
// The layout is computed once, in the cover's own units, through a
// measuring function, so the EPUB's PNG cover (drawn here with
// golang.org/x/image) and the PDF's vector cover page (drawn by package pdf
// with the same fonts) place the same words in the same places.
//
//	items := cover.Layout(&b.Meta, 1600, 2560, measure)
//	png, err := cover.PNG(&b.Meta, nil)
package cover

import (
	"image/color"
	"math"
	"strings"

	"github.com/quire-books/quire/book"
)

// Style is the font style of a cover line.
type Style int

// Cover font styles, all in the serif family.
const (
	Regular Style = iota
	Bold
	Italic
)

// Options sets the cover's colours. A zero colour means the default: a
// deep red ground with warm off-white type.
type Options struct {
	Background color.RGBA
	Foreground color.RGBA
}

// Default colours.
var (
	DefaultBackground = color.RGBA{0x7c, 0x1c, 0x1c, 0xff}
	DefaultForeground = color.RGBA{0xf6, 0xef, 0xe1, 0xff}
)

// Colours returns the background and foreground, defaults filled in.
func (o *Options) Colours() (bg, fg color.RGBA) {
	bg, fg = DefaultBackground, DefaultForeground
	if o != nil && o.Background != (color.RGBA{}) {
		bg = o.Background
	}
	if o != nil && o.Foreground != (color.RGBA{}) {
		fg = o.Foreground
	}
	return bg, fg
}

// Item is one thing to draw: a line of text with its baseline's left end at
// (X, Y), or, when Text is empty, a filled rule W wide and H high with its
// top-left corner at (X, Y). Y grows downwards, as on a raster image.
type Item struct {
	Text  string
	Style Style
	Size  float64
	X, Y  float64
	W, H  float64
}

// Measure returns the advance width of s set in style at size.
type Measure func(style Style, size float64, s string) float64

// Layout places the cover's text on a w×h cover: the authors at the head,
// the title large and centred in the upper half with a rule beneath it, the
// subtitle in italics, then the other contributors ("translated by …") and
// the publisher at the foot. Long titles wrap into balanced lines and shrink
// until they fit in four lines.
func Layout(m *book.Meta, w, h float64, measure Measure) []Item {
	var items []Item
	margin := w * 0.1
	measureWidth := w - 2*margin
	centre := func(text string, st Style, size, y float64) {
		items = append(items, Item{Text: text, Style: st, Size: size, X: (w - measure(st, size, text)) / 2, Y: y})
	}
	block := func(text string, st Style, size, y float64, maxLines int) float64 {
		lines := wrap(text, st, size, measureWidth, measure)
		for len(lines) > maxLines && size > w*0.03 {
			size *= 0.92
			lines = wrap(text, st, size, measureWidth, measure)
		}
		lead := size * 1.18
		for i, l := range lines {
			centre(l, st, size, y+float64(i)*lead)
		}
		return y + float64(len(lines)-1)*lead
	}

	// Head: the authors in capitals.
	if authors := m.Authors(); len(authors) > 0 {
		block(strings.ToUpper(strings.Join(authors, " · ")), Regular, w*0.042, h*0.11, 2)
	}

	// Title, rule, subtitle.
	y := block(m.Title, Bold, w*0.095, h*0.30, 4)
	ruleY := y + w*0.07
	items = append(items, Item{X: w * 0.38, Y: ruleY, W: w * 0.24, H: w * 0.006})
	y = ruleY + w*0.11
	if m.Subtitle != "" {
		block(m.Subtitle, Italic, w*0.05, y, 4)
	}

	// Foot: other contributors, then the publisher.
	var foot []string
	for _, c := range m.Contributors {
		if c.Role.Code() != book.Author.Code() {
			foot = append(foot, c.Role.Phrase()+" "+c.Name)
		}
	}
	footY := h * 0.90
	if m.Publisher != "" {
		centre(m.Publisher, Regular, w*0.035, h*0.93)
		footY = h * 0.86
	}
	for i := len(foot) - 1; i >= 0; i-- {
		text := strings.ToUpper(foot[i][:1]) + foot[i][1:]
		block(text, Italic, w*0.036, footY, 2)
		footY -= w * 0.06
	}
	return items
}

// wrap breaks text into lines no wider than width, balanced so the last
// line is not much shorter than the others.
func wrap(text string, st Style, size, width float64, measure Measure) []string {
	words := strings.Fields(text)
	n := len(words)
	if n == 0 {
		return nil
	}
	// Filling lines greedily at narrower and narrower measures asks for
	// the widths of the same runs of words again and again: each run,
	// words[j:k], is joined and measured once, when first asked for.
	known := make([]float64, n*n)
	for i := range known {
		known[i] = math.NaN()
	}
	runWidth := func(j, k int) float64 {
		w := &known[j*n+k-1]
		if math.IsNaN(*w) {
			*w = measure(st, size, strings.Join(words[j:k], " "))
		}
		return *w
	}
	// greedy returns where each line starts, and n.
	greedy := func(limit float64, starts []int) []int {
		starts = append(starts[:0], 0)
		for k := 1; k < n; k++ {
			if runWidth(starts[len(starts)-1], k+1) > limit {
				starts = append(starts, k)
			}
		}
		return append(starts, n)
	}
	tooWide := func(starts []int, limit float64) bool {
		for i := range len(starts) - 1 {
			if runWidth(starts[i], starts[i+1]) > limit {
				return true
			}
		}
		return false
	}
	lines := greedy(width, nil)
	// Narrow the measure while the line count stays the same: balanced lines.
	var l []int
	for limit := width * 0.97; limit > width*0.4; limit *= 0.97 {
		l = greedy(limit, l)
		if len(l) != len(lines) || tooWide(l, limit) {
			break
		}
		lines, l = l, lines
	}
	out := make([]string, len(lines)-1)
	for i := range out {
		out[i] = strings.Join(words[lines[i]:lines[i+1]], " ")
	}
	return out
}
