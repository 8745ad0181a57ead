package source

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// typography is the inline parser that writes typographic punctuation:
// "---" an em dash, "--" an en dash, "..." an ellipsis, and straight
// quotes curly ones or apostrophes, chosen from the characters around
// them. It makes the same choices, and the same nodes (ast.String marked
// as code, so that renderers write them as they are), as goldmark's
// typographer with these substitutions and no angle quotes; Quire does not
// link that extension because its package's initialisation compiles
// regular expressions for linkify (half a millisecond at every start).
type typography struct {
	// Quotes opened and not yet closed in the document. goldmark keeps
	// them across blocks (its reset is never called), and so does this.
	single, double int
	// The substitutions' UTF-8, which all their nodes share.
	marks []byte
}

// The substitutions, at their offsets in typography.marks.
const (
	markText    = "—–…‘’“”"
	emDash      = 0
	enDash      = emDash + len("—")
	ellipsis    = enDash + len("–")
	leftSingle  = ellipsis + len("…")
	rightSingle = leftSingle + len("‘") // also the apostrophe
	leftDouble  = rightSingle + len("’")
	rightDouble = leftDouble + len("“")
)

// newTypography returns the parser for one document.
func newTypography() *typography { return &typography{marks: []byte(markText)} }

// Trigger lists goldmark's typographer's triggers, including those it
// never acts on (',', '<', '>', '*', '['): a trigger character ends the
// text node before it, so the same set gives the same text nodes.
func (*typography) Trigger() []byte {
	return []byte{'\'', '"', '-', '.', ',', '<', '>', '*', '['}
}

// mark returns the node for the substitution at offset i of t.marks,
// marked as code (its bytes are written as they are), and advances block
// past the n bytes it replaces.
func (t *typography) mark(block text.Reader, i, n int) ast.Node {
	_, size := utf8.DecodeRuneInString(markText[i:])
	node := ast.NewString(t.marks[i : i+size : i+size])
	node.SetCode(true)
	block.Advance(n)
	return node
}

func (t *typography) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	switch c := line[0]; {
	case c == '-' && len(line) > 2 && line[1] == '-' && line[2] == '-':
		return t.mark(block, emDash, 3)
	case c == '-' && len(line) > 1 && line[1] == '-':
		return t.mark(block, enDash, 2)
	case c == '.' && len(line) > 2 && line[1] == '.' && line[2] == '.':
		return t.mark(block, ellipsis, 3)
	case c == '\'':
		return t.singleQuote(line, block)
	case c == '"':
		return t.doubleQuote(line, block)
	}
	return nil
}

// quoteSide is what goldmark's delimiter scan says of the quote that
// starts line: whether it may open (it starts a word) and close (it ends
// one). It computes what parser.ScanDelimiter does, without the Delimiter
// node that ScanDelimiter allocates (5% of the bytes a read allocated).
func quoteSide(line []byte, before rune) (open, close bool) {
	j := 1
	for j < len(line) && line[j] == line[0] {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	open = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	close = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	return open, close
}

// closesQuote reports whether a quote that may both open and close ends a
// quote: it is followed by punctuation and then by the line's end,
// punctuation or a space.
func closesQuote(line []byte) bool {
	return len(line) > 1 && unicode.IsPunct(util.ToRune(line, 1)) &&
		(len(line) == 2 || util.IsPunct(line[2]) || util.IsSpace(line[2]))
}

// singleQuote handles a "'".
func (t *typography) singleQuote(line []byte, block text.Reader) ast.Node {
	before := block.PrecendingCharacter()
	open, close := quoteSide(line, before)
	// A decade: '90s.
	if open && !close && len(line) > 3 && util.IsNumeric(line[1]) && util.IsNumeric(line[2]) && line[3] == 's' {
		after := ' '
		if len(line) > 4 {
			after = util.ToRune(line, 4)
		}
		if util.IsSpaceRune(after) || util.IsPunctRune(after) {
			return t.mark(block, rightSingle, 1)
		}
	}
	// An elision at a word's start: 'twas, 'em, 'n', 'l.
	if len(line) > 1 && (unicode.IsPunct(before) || unicode.IsSpace(before)) &&
		(line[1] == 't' || line[1] == 'e' || line[1] == 'n' || line[1] == 'l') {
		return t.mark(block, rightSingle, 1)
	}
	// Between a letter or digit and a letter: don't, 1920's.
	if len(line) > 1 && (unicode.IsDigit(before) || unicode.IsLetter(before)) && unicode.IsLetter(util.ToRune(line, 1)) {
		return t.mark(block, rightSingle, 1)
	}
	if open && !close {
		// An opening quote, unless it starts a contraction's ending: 's,
		// 'm, 't, 'd, 've, 'll, 're followed by punctuation or a space.
		if len(line) > 1 && (line[1] == 's' || line[1] == 'm' || line[1] == 't' || line[1] == 'd') &&
			(len(line) < 3 || util.IsPunct(line[2]) || util.IsSpace(line[2])) ||
			len(line) > 2 && (line[1] == 'v' && line[2] == 'e' || line[1] == 'l' && line[2] == 'l' || line[1] == 'r' && line[2] == 'e') &&
				(len(line) < 4 || util.IsPunct(line[3]) || util.IsSpace(line[3])) {
			return t.mark(block, rightSingle, 1)
		}
		t.single++
		return t.mark(block, leftSingle, 1)
	}
	// Any other quote with two more bytes on its line, the next not a
	// digit, is a closing one (goldmark's test for "Smiths'" and "doin'"
	// comes to this), and it does not count as closing an open quote.
	if len(line) > 2 && !unicode.IsDigit(util.ToRune(line, 1)) {
		return t.mark(block, rightSingle, 1)
	}
	if t.single > 0 && (close && !open || close && open && closesQuote(line)) {
		t.single--
		return t.mark(block, rightSingle, 1)
	}
	return nil
}

// doubleQuote handles a '"'.
func (t *typography) doubleQuote(line []byte, block text.Reader) ast.Node {
	before := block.PrecendingCharacter()
	open, close := quoteSide(line, before)
	if open && !close {
		t.double++
		return t.mark(block, leftDouble, 1)
	}
	if t.double > 0 && (close && !open || close && open && closesQuote(line)) {
		if len(line) > 1 && line[1] == '"' && unicode.IsDigit(before) {
			return nil // inches: 21""
		}
		t.double--
		return t.mark(block, rightDouble, 1)
	}
	return nil
}
