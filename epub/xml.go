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
	for i, r := range s {
		switch {
		case r == '&':
			x.WriteString("&amp;")
		case r == '<':
			x.WriteString("&lt;")
		case r == '>':
			x.WriteString("&gt;")
		case r == '"' && attr:
			x.WriteString("&quot;")
		case (r == '\n' || r == '\t') && attr:
			x.WriteByte(' ')
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"), !xmlChar(r):
			x.WriteRune('\uFFFD')
		default:
			x.WriteRune(r)
		}
	}
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
