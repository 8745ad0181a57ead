package source

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quire-books/quire/book"
)

// TextOptions configures ReadText. A nil *TextOptions means the zero value,
// and every zero field means the default described beside it.
type TextOptions struct {
	// Name is the file name used in error messages; empty means messages
	// give only the line.
	Name string
	// Language is the book's BCP 47 language tag; empty means "en".
	Language string
	// OneChapter keeps the whole text in one chapter titled like the book
	// and makes each heading a level-2 book.Heading inside it. The zero
	// value starts a new chapter at each heading.
	OneChapter bool
}

// maxHeading is the length in characters from which a line is always a
// paragraph.
const maxHeading = 90

// ReadText reads a book in the plain-text format of the pamphlet (see
// PamphletText):
//
//   - The first three non-blank lines are the header: the title, the byline
//     and the date. A title holding ": " is split there into title and
//     subtitle, the subtitle's first letter capitalised. The byline is split
//     at spaced dashes; a part that starts with a credit phrase ("by",
//     "translated by", "edited by", "illustrated by", "foreword by") names
//     contributors in that role, several joined by ", " or " and ". The
//     whole byline also becomes the description, since its other parts
//     (such as a series or a place) have no field of their own. The date is
//     read by book.ParseDate.
//   - After the header every non-blank line is a paragraph, a heading or a
//     list item. A line of fewer than 90 characters that does not end in
//     closing punctuation (. ? ! : ; , … ) ] or a quote) is a heading, and
//     opens a chapter; text before the first heading becomes an untitled
//     chapter with the ID "opening". Consecutive lines starting with "•"
//     (blank lines between them allowed) form one bulleted list.
//   - Runs of spaces and tabs count as one space. Punctuation is made
//     typographic: straight quotes become curly quotes and apostrophes, a
//     hyphen with a space on each side an en dash, "--" an en dash, "---" an
//     em dash and "..." an ellipsis; the space before a spaced dash becomes
//     a no-break space, so that the dash never starts a line.
//
// Errors are *Error values naming the line: invalid UTF-8, control
// characters, a missing header or an unreadable date, or no text at all.
// The book returned passes book.Validate.
func ReadText(src []byte, o *TextOptions) (*book.Book, error) {
	if o == nil {
		o = &TextOptions{}
	}
	if err := checkText(o.Name, src, 1); err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = normalizeSpace(l)
	}

	b := &book.Book{Meta: book.Meta{Language: o.Language}}
	if b.Meta.Language == "" {
		b.Meta.Language = "en"
	}
	body, err := readHeader(o.Name, lines, &b.Meta)
	if err != nil {
		return nil, err
	}

	t := textReader{book: b, oneChapter: o.OneChapter}
	if o.OneChapter {
		t.open(b.Meta.Title, b.Meta.Title)
	}
	for i := body; i < len(lines); i++ {
		line := lines[i]
		switch {
		case line == "":
		case strings.HasPrefix(line, "•"):
			var item book.ListItem
			if text := strings.TrimLeft(strings.TrimPrefix(line, "•"), " \u00a0"); text != "" {
				item = book.ListItem{book.Paragraph{book.Text(smarten(text))}}
			}
			t.items = append(t.items, item)
		case isHeading(line):
			if !o.OneChapter && len(b.Chapters) >= maxChapters {
				return nil, &Error{File: o.Name, Line: i + 1, Err: errTooManyChapters}
			}
			t.heading(smarten(line))
		default:
			t.add(book.Paragraph{book.Text(smarten(line))})
		}
	}
	t.flush()
	if len(b.Chapters) == 0 {
		return nil, &Error{File: o.Name, Line: min(body+1, max(len(lines)-1, 1)), Err: fmt.Errorf("%w after the header", ErrNoText)}
	}
	if err := b.Validate(); err != nil {
		return nil, &Error{File: o.Name, Err: err}
	}
	return b, nil
}

// normalizeSpace turns each run of spaces, tabs and carriage returns into
// one space and trims spaces, including no-break spaces, at both ends.
func normalizeSpace(s string) string {
	if strings.ContainsAny(s, "\t\r") || strings.Contains(s, "  ") {
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }), " ")
	}
	return strings.TrimFunc(s, func(r rune) bool { return r == ' ' || r == nbsp })
}

// isHeading reports whether a body line is a section heading.
func isHeading(line string) bool {
	if utf8.RuneCountInString(line) >= maxHeading {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".?!:;,…)]\"'’”", last)
}

// readHeader fills m from the title, byline and date lines and returns the
// index of the first body line.
func readHeader(name string, lines []string, m *book.Meta) (int, error) {
	var header [3]int // indexes of the title, byline and date lines
	n := 0
	i := 0
	for ; i < len(lines) && n < 3; i++ {
		if lines[i] != "" {
			header[n] = i
			n++
		}
	}
	if n < 3 {
		what := [...]string{"a title", "a byline", "a date"}[n]
		return 0, &Error{File: name, Line: len(lines), Err: fmt.Errorf("%w: no line for %s (want a title, a byline and a date on the first three non-blank lines)", ErrHeader, what)}
	}

	title := smarten(lines[header[0]])
	if t, sub, ok := strings.Cut(title, ": "); ok && strings.TrimSpace(t) != "" && strings.TrimSpace(sub) != "" {
		title, m.Subtitle = t, capitalize(sub)
	}
	m.Title = title

	byline := smarten(lines[header[1]])
	m.Description = byline
	m.Contributors = credits(byline)

	d, err := book.ParseDate(lines[header[2]])
	if err != nil {
		return 0, &Error{File: name, Line: header[2] + 1, Err: fmt.Errorf("%w: cannot read the date %q (want YYYY, YYYY-MM, YYYY-MM-DD or a date such as \"November 1987\")", ErrHeader, lines[header[2]])}
	}
	m.Published = d
	return i, nil
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// credits finds the contributors named in a byline such as "LO pamphlet –
// translated by Workers’ Fight – Britain".
func credits(byline string) []book.Contributor {
	var out []book.Contributor
	parts := strings.FieldsFunc(strings.NewReplacer("\u00a0– ", "|", "\u00a0— ", "|").Replace(byline), func(r rune) bool { return r == '|' })
	for _, part := range parts {
		for _, role := range []book.Role{book.Author, book.Translator, book.Editor, book.Illustrator, book.Foreword} {
			phrase := role.Phrase() + " "
			if len(part) <= len(phrase) || !strings.EqualFold(part[:len(phrase)], phrase) {
				continue
			}
			names := strings.NewReplacer(" and ", ",", " & ", ",").Replace(part[len(phrase):])
			for _, name := range strings.Split(names, ",") {
				if name = strings.TrimSpace(name); name != "" {
					out = append(out, book.Contributor{Name: name, Role: role})
				}
			}
			break
		}
	}
	return out
}

// textReader gathers the body into chapters.
type textReader struct {
	book       *book.Book
	slugs      book.Slugs
	oneChapter bool
	chapter    *book.Chapter // nil before the first block or heading
	items      []book.ListItem
}

// open starts a chapter.
func (t *textReader) open(title, slugFrom string) {
	t.book.Chapters = append(t.book.Chapters, book.Chapter{ID: t.slugs.Make(slugFrom, "chapter"), Title: title})
	t.chapter = &t.book.Chapters[len(t.book.Chapters)-1]
}

func (t *textReader) add(b book.Block) {
	t.flushList()
	if t.chapter == nil {
		t.open("", "opening")
	}
	t.chapter.Blocks = append(t.chapter.Blocks, b)
}

func (t *textReader) heading(title string) {
	if t.oneChapter {
		t.add(book.Heading{Level: 2, ID: t.slugs.Make(title, "section"), Content: []book.Inline{book.Text(title)}})
		return
	}
	t.flushList()
	t.open(title, title)
}

func (t *textReader) flushList() {
	if len(t.items) == 0 {
		return
	}
	items := t.items
	t.items = nil
	t.add(book.List{Items: items})
}

func (t *textReader) flush() { t.flushList() }
