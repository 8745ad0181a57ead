package epub

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options adjust the EPUB. A nil *Options, like the zero Options, means
// the defaults described for each field.
type Options struct {
	// CSS replaces DefaultCSS as the stylesheet when it is not empty.
	CSS string
	// ExtraCSS is appended to the stylesheet (DefaultCSS or CSS), for
	// small changes to the default look. Empty means nothing is added.
	ExtraCSS string
	// Fonts are embedded in the EPUB with an @font-face rule each. With
	// DefaultCSS, body text is set in the first font's family (readers
	// still let their users choose another). Nil means no fonts are
	// embedded and readers use their own.
	Fonts []Font
	// Notes chooses how footnotes are numbered. The zero value,
	// NotesPerChapter, starts again at 1 in every chapter.
	Notes NoteNumbering
	// SceneBreak is the text of the ornament drawn at a scene break, such
	// as "⁂" or "* * *". Empty means a short centred rule (an hr element).
	SceneBreak string
	// NoCover leaves the cover out when the book has no cover image. By
	// default Write then draws a typographic cover from the metadata (title,
	// subtitle, authors, other contributors, publisher) as a 1600×2560 PNG,
	// the same design as the PDF's cover page. A book's own cover image is
	// always used as it is.
	NoCover bool
	// CoverBackground and CoverForeground colour the generated cover. A
	// zero colour means the default: a deep red ground, warm off-white type.
	CoverBackground, CoverForeground color.RGBA
}

// NoteNumbering says how footnotes are numbered.
type NoteNumbering int

// Ways to number footnotes.
const (
	// NotesPerChapter numbers the notes of each chapter from 1.
	NotesPerChapter NoteNumbering = iota
	// NotesRunOn numbers the notes through the whole book.
	NotesRunOn
)

// Font is a font file to embed: TrueType, OpenType (CFF), WOFF or WOFF2,
// recognised by its content.
type Font struct {
	// Family is the CSS font-family name, e.g. "Liberation Serif".
	Family string
	// Data is the font file's content.
	Data []byte
	// Weight is the CSS font-weight from 100 to 900; 0 means 400 (normal).
	Weight int
	// Italic marks an italic or oblique face; false means upright.
	Italic bool
}

// fontFormat tells a font file's media type and extension from its first
// bytes.
func fontFormat(data []byte) (mediaType, ext string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0, 1, 0, 0}), bytes.HasPrefix(data, []byte("true")):
		return "font/ttf", ".ttf", true
	case bytes.HasPrefix(data, []byte("OTTO")):
		return "font/otf", ".otf", true
	case bytes.HasPrefix(data, []byte("wOFF")):
		return "font/woff", ".woff", true
	case bytes.HasPrefix(data, []byte("wOF2")):
		return "font/woff2", ".woff2", true
	}
	return "", "", false
}

// check reports the first problem with the options.
func (o *Options) check() error {
	for i, f := range o.Fonts {
		where := fmt.Sprintf("epub: options: font %d", i+1)
		if strings.TrimSpace(f.Family) == "" {
			return fmt.Errorf("%s: no family name", where)
		}
		if !plainText(f.Family) {
			return fmt.Errorf("%s: family name %q has invalid or control characters", where, f.Family)
		}
		if f.Weight != 0 && (f.Weight < 100 || f.Weight > 900) {
			return fmt.Errorf("%s %q: weight %d (want 100 to 900)", where, f.Family, f.Weight)
		}
		if _, _, ok := fontFormat(f.Data); !ok {
			return fmt.Errorf("%s %q: not a TrueType, OpenType, WOFF or WOFF2 font", where, f.Family)
		}
	}
	if !plainText(o.SceneBreak) {
		return fmt.Errorf("epub: options: scene break %q has invalid or control characters", o.SceneBreak)
	}
	for _, s := range []struct{ name, css string }{{"CSS", o.CSS}, {"ExtraCSS", o.ExtraCSS}} {
		if !utf8.ValidString(s.css) {
			return fmt.Errorf("epub: options: %s is not valid UTF-8", s.name)
		}
	}
	return nil
}

// plainText reports whether s is valid UTF-8 without control characters.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}
