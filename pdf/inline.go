package pdf

import (
	"fmt"
	"golang.org/x/text/unicode/norm"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf/internal/typeset"
)

// tagKind says what an item's Tag refers to.
type tagKind int

const (
	tagURL      tagKind = iota + 1 // an external link
	tagInternal                    // a link to an anchor of the book
	tagNote                        // a footnote marker
	tagImage                       // an inline image
)

type tag struct {
	kind tagKind
	url  string   // tagURL
	id   string   // tagInternal: the anchor
	note int      // tagNote: index into doc.notes
	img  *picture // tagImage
	h    Length   // tagImage: drawn height
}

func (d *doc) addTag(t tag) int {
	d.tags = append(d.tags, t)
	return len(d.tags)
}

func (d *doc) tag(k int) *tag {
	if k <= 0 || k > len(d.tags) {
		return nil
	}
	return &d.tags[k-1]
}

// opImage is the picture an opImage draws, or nil.
func (d *doc) opImage(o op) *picture {
	if t := d.tag(d.area(o).tag); t != nil && t.kind == tagImage {
		return t.img
	}
	return nil
}

// addArea adds the area of an op and returns its index.
func (d *doc) addArea(w, h Length, tag int) int32 {
	d.areas = append(d.areas, area{w, h, tag})
	return int32(len(d.areas) - 1)
}

// area returns the area of o, none for an opText.
func (d *doc) area(o op) area {
	if o.kind == opText || o.ref < 0 || int(o.ref) >= len(d.areas) {
		return area{}
	}
	return d.areas[o.ref]
}

// inl is the inline context: the current style and link.
type inl struct {
	italic, bold bool
	size         Length
	tag          int
	where        string
	noteFrame    bool // inside a footnote: refs to other notes are not placed again
}

func (c inl) face() faceID {
	switch {
	case c.italic && c.bold:
		return boldItalic
	case c.italic:
		return italic
	case c.bold:
		return bold
	}
	return regular
}

// runs turns inlines into typeset runs. It checks every character against
// the font that will draw it.
func (d *doc) runs(in []book.Inline, c inl, out []typeset.Run) ([]typeset.Run, error) {
	for _, x := range in {
		var err error
		switch x := x.(type) {
		case book.Text:
			f := c.face()
			var s string
			if s, err = d.clean(string(x), f, c.where); err == nil && s != "" {
				out = append(out, typeset.Run{Text: s, Style: d.style(f, c.size, 0), Tag: c.tag})
			}
		case book.Code:
			var s string
			if s, err = d.clean(string(x), mono, c.where); err == nil && s != "" {
				size := c.size * d.sz.code / d.sz.body
				out = append(out, typeset.Run{Text: s, Style: d.style(mono, size, 0), Tag: c.tag, NoHyphenate: true})
			}
		case book.Emphasis:
			cc := c
			cc.italic = !c.italic // emphasis inside italics is upright, as TeX's \emph
			out, err = d.runs(x, cc, out)
		case book.Strong:
			cc := c
			cc.bold = true
			out, err = d.runs(x, cc, out)
		case book.Link:
			cc := c
			if c.tag == 0 {
				if strings.HasPrefix(x.URL, "#") {
					cc.tag = d.addTag(tag{kind: tagInternal, id: x.URL[1:]})
				} else {
					cc.tag = d.addTag(tag{kind: tagURL, url: x.URL})
				}
			}
			out, err = d.runs(x.Content, cc, out)
		case book.Image:
			var img *picture
			img, err = d.image(&x.Image, c.where)
			if err != nil {
				return out, err
			}
			if img.svg {
				// Shown as its alternative text in brackets.
				d.warn("%s: SVG image %q shown as its alternative text", c.where, x.Image.Name)
				alt := "[" + x.Alt + "]"
				if x.Alt == "" {
					alt = "[" + x.Image.Name + "]"
				}
				out, err = d.runs([]book.Inline{book.Text(alt)}, c, out)
				break
			}
			h := c.size // the image stands as tall as capitals and ascenders
			w := h * img.w / img.h
			if w > d.textW/2 {
				w = d.textW / 2
				h = w * img.h / img.w
			}
			out = append(out, typeset.Run{Box: typeset.Length(w), Style: d.style(c.face(), c.size, 0),
				Tag: d.addTag(tag{kind: tagImage, img: img, h: h})})
		case book.FootnoteRef:
			var n int
			n, err = d.noteRef(x.ID, c)
			if err != nil {
				return out, err
			}
			if n < 0 {
				break
			}
			supSize := c.size * d.sz.sup / d.sz.body
			out = append(out, typeset.Run{
				Text:  strconv.Itoa(d.notes[n].num),
				Style: d.style(regular, supSize, c.size*d.sz.supRise/d.sz.body),
				Tag:   d.addTag(tag{kind: tagNote, note: n}),
			})
		case book.LineBreak:
			out = append(out, typeset.Run{Text: "\u2028", Style: d.style(c.face(), c.size, 0)})
		case nil:
		default:
			return out, fmt.Errorf("pdf: %s: unknown inline %T", c.where, x)
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// clean checks that face f can draw every character of s and drops the
// invisible format characters that need no drawing. A character it cannot
// draw is a *GlyphError, or '?' with Options.ReplaceMissing.
func (d *doc) clean(s string, f faceID, where string) (string, error) {
	fc := d.fonts.faces[f]
	// Most text is ASCII the font has: one pass over it, each byte
	// looked up in a bit set (what drawable says of ASCII: the font has
	// it, and it is not a tab or line end).
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && fc.cleanASCII[s[i]>>6]&(1<<(s[i]&63)) != 0 {
		i++
	}
	if i == len(s) {
		return s, nil
	}
	// The PDF library cannot place a combining mark on its letter, so
	// decomposed text ("e" + U+0301) is composed first ("é"). ASCII is.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii && !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	ok := true
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if fc.cleanASCII[c>>6]&(1<<(c&63)) == 0 {
				ok = false
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !d.drawable(fc, r) || r >= 0x0300 && unicode.Is(unicode.Mn, r) || r >= 0x0590 && rightToLeft(r) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s, nil
	}
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x0590 && rightToLeft(r):
			return "", &GlyphError{Rune: r, Font: fc.name, Where: where}
		case r >= 0x0300 && unicode.Is(unicode.Mn, r) && !(r >= 0xFE00 && r <= 0xFE0F) && d.drawable(fc, r):
			// A mark with no precomposed form left: drawn after its letter.
			d.warn("%s: combining mark %U has no precomposed form with its letter; drawn after it", where, r)
			sb.WriteRune(r)
		case d.drawable(fc, r):
			sb.WriteRune(r)
		case r == '\t' || r == '\n' || r == '\r':
			sb.WriteByte(' ')
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) && r >= 0xFE00 && r <= 0xFE0F:
			// format characters (joiners, direction marks) and variation
			// selectors: nothing to draw
		case d.s.replace:
			d.warn("%s: %s has no glyph for %U, drawn as '?'", where, fc.name, r)
			sb.WriteByte('?')
		default:
			return "", &GlyphError{Rune: r, Font: fc.name, Where: where}
		}
	}
	return sb.String(), nil
}

// drawable reports whether r can go into box text as it is: a glyph of the
// font, or a character Itemize or the measurer deals with.
func (d *doc) drawable(fc *face, r rune) bool {
	switch {
	case r >= 0x20 && r < 0x7F && fc.has(r):
		return true
	case r > 0xFFFF, r == '\t', r == '\n', r == '\r':
		return false
	case r == '\u00AD', r == '\u200B', r == '\u2060', r == '\uFEFF', r == '\u2028':
		return true // handled by Itemize, never drawn
	case unicode.Is(unicode.Zs, r):
		return true // spaces: measured as the font's space when it lacks them
	}
	return fc.has(r)
}

// plain returns the inlines as plain text checked against face f, for
// headings in the contents, running heads and the outline.
func (d *doc) plain(in []book.Inline, f faceID, where string) (string, error) {
	return d.clean(strings.Join(strings.Fields(book.PlainText(in)), " "), f, where)
}
