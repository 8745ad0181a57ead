package source

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quire-books/quire/internal/ascii"
)

// Kinds of input problems; test for them with errors.Is.
var (
	ErrInvalidUTF8 = errors.New("invalid UTF-8")                 // bytes that are not UTF-8
	ErrBadChar     = errors.New("character not allowed in text") // control characters, U+FFFE, U+FFFF
	ErrFrontMatter = errors.New("front matter")                  // Markdown metadata
	ErrHeader      = errors.New("header")                        // plain text's title, byline and date lines
	ErrImage       = errors.New("image")                         // an image or cover that cannot be used
	ErrNoText      = errors.New("no text")                       // nothing to make a chapter of
)

// maxChapters is the most chapters a manuscript may have. The EPUB
// writer's library takes time growing with the square of the number of
// chapters (a second for 5,000, a minute for 40,000), so a manuscript of
// short lines must not become hundreds of thousands of them.
const maxChapters = 10000

var errTooManyChapters = fmt.Errorf("more than %d chapters, the most a book may have", maxChapters)

// Error is a problem in a manuscript, with its place. Its message reads
// "source: NAME:LINE:COLUMN: what", leaving out the parts that are unknown.
type Error struct {
	// File is the Name option the reader was given; it may be empty.
	File string
	// Line is the 1-based line number; 0 means the problem has no single line.
	Line int
	// Column is the 1-based byte offset within the line; 0 means unknown.
	Column int
	// Err describes the problem.
	Err error
}

// Error returns the message, "source: NAME:LINE:COLUMN: what".
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("source: ")
	place := e.File
	if e.Line > 0 {
		if place == "" {
			place = "line "
		} else {
			place += ":"
		}
		place += strconv.Itoa(e.Line)
		if e.Column > 0 {
			place += ":" + strconv.Itoa(e.Column)
		}
	}
	if place != "" {
		sb.WriteString(place)
		sb.WriteString(": ")
	}
	sb.WriteString(e.Err.Error())
	return sb.String()
}

// Unwrap returns Err, so that errors.Is finds the kind of problem.
func (e *Error) Unwrap() error { return e.Err }

// checkText reports the first invalid UTF-8 sequence or disallowed
// character in src, counting lines from firstLine. Tabs, line feeds and
// carriage returns are allowed; other control characters and the
// noncharacters U+FFFE and U+FFFF are not, as book.Validate refuses them.
func checkText(name string, src []byte, firstLine int) error {
	line, start := firstLine, 0
	for i := 0; i < len(src); {
		// Most text is printable ASCII, skipped eight bytes at a time.
		for i+8 <= len(src) && ascii.Printable8(src[i:]) {
			i += 8
		}
		if i == len(src) {
			break
		}
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, start = line+1, i+1
			case c == '\t' || c == '\r':
			case c < 0x20 || c == 0x7f:
				return &Error{File: name, Line: line, Column: i - start + 1, Err: badChar(rune(c))}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return &Error{File: name, Line: line, Column: i - start + 1, Err: ErrInvalidUTF8}
		}
		if unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF {
			return &Error{File: name, Line: line, Column: i - start + 1, Err: badChar(r)}
		}
		i += size
	}
	return nil
}

func badChar(r rune) error { return fmt.Errorf("%w: %U", ErrBadChar, r) }
