package source

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/quire-books/quire/book"
)

// plainParagraphs is the reader's last paragraph transformer. It takes a
// paragraph that holds no inline markup at all, only words, spaces and
// punctuation of which the typographer changes nothing but "---", "--",
// "..." and apostrophes between letters, out of goldmark's inline
// parsing, which visits every byte of every paragraph (a third of the
// time a read took), and leaves in its
// place a plainParagraph, whose text the reader makes itself as goldmark's
// parser and the typographer would have made it. Most of a book's
// paragraphs are such.
type plainParagraphs struct{}

func (plainParagraphs) Transform(node *ast.Paragraph, reader text.Reader, _ parser.Context) {
	// Only a paragraph that a blank line or the end of the text closes:
	// the transformers also see one that a setext underline follows, which
	// must stay a paragraph for the heading parser to take.
	if line, _ := reader.PeekLine(); line != nil && !util.IsBlank(line) {
		return
	}
	src := reader.Source()
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		if line := lines.At(i); !plainLine(line.Value(src)) {
			return
		}
	}
	// The lines trimmed as the paragraph parser's Close, which will not
	// run on a replaced paragraph, would have trimmed them.
	for i := 0; i < lines.Len(); i++ {
		line := lines.At(i)
		line = line.TrimLeftSpace(src)
		if i == lines.Len()-1 {
			line = line.TrimRightSpace(src)
		}
		lines.Set(i, line)
	}
	p := &plainParagraph{}
	p.SetLines(lines)
	p.SetPos(node.Pos())
	p.SetBlankPreviousLines(node.HasBlankPreviousLines())
	node.Parent().ReplaceChild(node.Parent(), node, p)
}

// Bytes that make a line not plain, as two masks over 0–63 and 64–127:
// those that start code spans, links, images, notes, autolinks, raw HTML
// and emphasis, double quotes, whose typography depends on what came
// before (as that of single quotes does but between two letters), escapes,
// character references and table pipes. ("!" and ">" trigger parsers too,
// but do nothing without a "[" or a "<".)
const (
	notPlainLow  = 1<<'"' | 1<<'&' | 1<<'*' | 1<<'<'
	notPlainHigh = 1<<('['-64) | 1<<('\\'-64) | 1<<(']'-64) | 1<<('_'-64) | 1<<('`'-64) | 1<<('|'-64)
)

// plainLine reports whether line has none of the bytes that make it not
// plain, and its single quotes, if any, are between ASCII letters, where
// the typographer makes them apostrophes whatever came before.
func plainLine(line []byte) bool {
	// A set of bytes as bits, looked up without branches.
	set := [4]uint64{notPlainLow, notPlainHigh}
	var any uint64
	for _, c := range line {
		any |= set[c>>6] >> (c & 63)
	}
	if any&1 != 0 {
		return false
	}
	for i := bytes.IndexByte(line, '\''); i >= 0; {
		if i == 0 || i+1 == len(line) || !isASCIILetter(line[i-1]) || !isASCIILetter(line[i+1]) {
			return false
		}
		j := bytes.IndexByte(line[i+1:], '\'')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// attached reports whether n hangs from the document root doc, as all
// nodes do but the list of notes when a note's definition is inside
// another's: noteDefParser.Close then puts the list inside a note that it
// then moves into the list. goldmark parses the inlines only of nodes
// that hang from the root.
func attached(n, doc ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p {
		case doc:
			return true
		case n:
			return false
		}
	}
	return false
}

// plainParagraph is a paragraph whose inlines goldmark does not parse.
// Its kind is a paragraph's.
type plainParagraph struct{ ast.BaseBlock }

func (*plainParagraph) Kind() ast.NodeKind { return ast.KindParagraph }

func (*plainParagraph) IsRaw() bool { return true }

func (p *plainParagraph) Dump(src []byte, level int) { ast.DumpHelper(p, src, level, nil, nil) }

// plainInlines makes the text of a plain paragraph: each line's, with its
// trailing spaces trimmed and "---", "--" and "..." written as dashes and
// an ellipsis, then a space, or a line break where the line ends with two
// spaces.
func (r *mdReader) plainInlines(p *plainParagraph) []book.Inline {
	r.prev = 0
	outer := r.openList()
	var out []book.Inline
	lines := p.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := seg.Value(r.src)
		soft, hard := false, false
		if n := len(line); n > 0 && line[n-1] == '\n' {
			soft = true
			if n >= 3 && line[n-2] == ' ' && line[n-3] == ' ' {
				soft, hard = false, true
			}
		}
		r.typeset(util.TrimRightSpace(line))
		switch {
		case hard:
			out = append(r.flush(out), book.LineBreak{})
			r.prev = ' '
		case soft:
			r.text(" ")
		}
	}
	return r.closeList(out, outer)
}

// typeset adds text with "---", "--", "..." and "'" written as the
// typographer writes them, reading from left to right. (In a plain line a
// "'" is an apostrophe.)
func (r *mdReader) typeset(b []byte) {
	index := func(c byte, from int) int {
		if i := bytes.IndexByte(b[from:], c); i >= 0 {
			return from + i
		}
		return len(b)
	}
	start := 0                     // b[:start] is added
	dash, dot, quote := -1, -1, -1 // the next '-', '.' and "'" at or after i, once looked for
	for i := 0; ; {
		if dash < i {
			dash = index('-', i)
		}
		if dot < i {
			dot = index('.', i)
		}
		if quote < i {
			quote = index('\'', i)
		}
		j := min(dash, dot, quote)
		if j == len(b) {
			break
		}
		mark, n := markAt(b[j:])
		if n == 0 {
			i = j + 1
			continue
		}
		r.textBytes(b[start:j])
		r.text(mark)
		i = j + n
		start = i
	}
	r.textBytes(b[start:])
}

// markAt returns the typographer's mark for the start of b (its UTF-8 in
// markText, which the typographer's nodes share), and how many bytes it
// stands for, or 0.
func markAt(b []byte) (string, int) {
	switch {
	case len(b) >= 3 && b[0] == '-' && b[1] == '-' && b[2] == '-':
		return markText[emDash:enDash], 3
	case len(b) >= 2 && b[0] == '-' && b[1] == '-':
		return markText[enDash:ellipsis], 2
	case len(b) >= 3 && b[0] == '.' && b[1] == '.' && b[2] == '.':
		return markText[ellipsis:leftSingle], 3
	case b[0] == '\'':
		return markText[rightSingle:leftDouble], 1 // the apostrophe
	}
	return "", 0
}
