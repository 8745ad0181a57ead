package epub

import (
	"strings"
	"unicode/utf8"
)

// xw accumulates XML. Text and attribute values are escaped; characters
// XML cannot hold become U+FFFD, so the output is always well-formed.
type xw struct {
	strings.Builder
}

// open writes a start tag; attrs are name, value pairs.
func (x *xw) open(tag string, attrs ...string) {
	x.tag(tag, attrs)
	x.WriteByte('>')
}

// empty writes an empty-element tag such as <br/>.
func (x *xw) empty(tag string, attrs ...string) {
	x.tag(tag, attrs)
	x.WriteString("/>")
}

func (x *xw) tag(tag string, attrs []string) {
	x.WriteByte('<')
	x.WriteString(tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.WriteByte(' ')
		x.WriteString(attrs[i])
		x.WriteString(`="`)
		x.escape(attrs[i+1], true)
		x.WriteByte('"')
	}
}

// close writes an end tag.
func (x *xw) close(tag string) {
	x.WriteString("</")
	x.WriteString(tag)
	x.WriteByte('>')
}

// elem writes an element holding only text.
func (x *xw) elem(tag, text string, attrs ...string) {
	x.open(tag, attrs...)
	x.text(text)
	x.close(tag)
}

func (x *xw) text(s string) { x.escape(s, false) }

func (x *xw) nl() { x.WriteByte('\n') }

func (x *xw) escape(s string, attr bool) {
	// Runs of characters that need nothing are written at once.
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		var repl string
		size := 1
		switch {
		case c >= 0x20 && c < utf8.RuneSelf:
			switch {
			case c == '&':
				repl = "&amp;"
			case c == '<':
				repl = "&lt;"
			case c == '>':
				repl = "&gt;"
			case c == '"' && attr:
				repl = "&quot;"
			default:
				i++
				continue
			}
		case c < 0x20:
			switch {
			case (c == '\n' || c == '\t') && attr:
				repl = " "
			case c == '\n' || c == '\t' || c == '\r':
				i++
				continue
			default:
				repl = "\uFFFD"
			}
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			size = n
			if (r != utf8.RuneError || n == 3) && xmlChar(r) {
				// U+FFFD itself is three bytes; an invalid byte is one.
				i += n
				continue
			}
			repl = "\uFFFD"
		}
		if repl == "" {
			i += size
			continue
		}
		x.WriteString(s[start:i])
		x.WriteString(repl)
		i += size
		start = i
	}
	x.WriteString(s[start:])
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
