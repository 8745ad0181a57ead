package source

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/quire-books/quire/book"
)

// maxContainers is the deepest nesting of block quotes, lists and
// footnote definitions that the Markdown parser recognises. goldmark
// checks every open container on every line, so deeper nesting would make
// parsing time grow with the square of the input's size. The reader
// flattens nesting past book.MaxDepth anyway; past maxContainers the
// markers are no longer recognised and stay text.
const maxContainers = 2 * book.MaxDepth

// footnotes holds the footnote definitions of one document, in the order
// they were closed, and finds them by label. It replaces goldmark's
// footnote extension, which looks labels up by a linear search and sorts
// its list by insertion: time growing with the square of the number of
// notes.
type footnotes struct {
	defs    []*east.Footnote // index i has Index i+1
	byLabel map[string]*east.Footnote
	list    *east.FootnoteList // holds the definitions inside the document, so that their inlines are parsed
}

// newMarkdown returns the goldmark parser: CommonMark with footnotes (read
// into notes), GFM tables and typographic punctuation written as Unicode
// characters, and nesting limited to maxContainers.
func newMarkdown(notes *footnotes) goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(nestLimit{parser.NewListParser()}, 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(nestLimit{parser.NewBlockquoteParser()}, 800),
			util.Prioritized(parser.NewHTMLBlockParser(), 900),
			util.Prioritized(noteDefParser{notes}, 999),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(append(parser.DefaultInlineParsers(),
			util.Prioritized(noteRefParser{notes}, 101))...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.Table,
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
				extension.LeftSingleQuote:  []byte("‘"),
				extension.RightSingleQuote: []byte("’"),
				extension.LeftDoubleQuote:  []byte("“"),
				extension.RightDoubleQuote: []byte("”"),
				extension.EnDash:           []byte("–"),
				extension.EmDash:           []byte("—"),
				extension.Ellipsis:         []byte("…"),
				extension.Apostrophe:       []byte("’"),
				extension.LeftAngleQuote:   nil, // "<<" stays as it is
				extension.RightAngleQuote:  nil,
			})),
		),
	)
}

// containers returns how many block quotes, lists and footnote
// definitions n is inside of, counting n itself.
func containers(n ast.Node) int {
	depth := 0
	for ; n != nil; n = n.Parent() {
		switch n.(type) {
		case *ast.Blockquote, *ast.List, *east.Footnote:
			depth++
		}
	}
	return depth
}

// nestLimit wraps the parser of a container block so that it opens none
// nested deeper than maxContainers.
type nestLimit struct{ parser.BlockParser }

func (l nestLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if containers(parent) >= maxContainers {
		return nil, parser.NoChildren
	}
	return l.BlockParser.Open(parent, reader, pc)
}

// noteDefParser reads a footnote definition, "[^label]: text", whose
// further paragraphs are indented by four spaces, as PHP Markdown Extra
// and goldmark's footnote extension do.
type noteDefParser struct{ notes *footnotes }

func (noteDefParser) Trigger() []byte { return []byte{'['} }

func (p noteDefParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+1 >= len(line) || line[pos] != '[' || line[pos+1] != '^' || containers(parent) >= maxContainers {
		return nil, parser.NoChildren
	}
	start := pos + 2
	end := noteLabelEnd(line, start)
	if end < 0 || end+1 >= len(line) || line[end+1] != ':' {
		return nil, parser.NoChildren
	}
	padding := segment.Padding
	label := reader.Value(text.NewSegment(segment.Start+start-padding, segment.Start+end-padding))
	if util.IsBlank(label) {
		return nil, parser.NoChildren
	}
	def := east.NewFootnote(label)
	pos = end + 2 - padding
	if pos >= len(line) {
		reader.Advance(pos)
		return def, parser.NoChildren
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return def, parser.HasChildren
}

func (noteDefParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	pos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	if pos < 0 {
		return parser.Close
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return parser.Continue | parser.HasChildren
}

// Close moves the definition from where it was written into the
// document's footnote list, which the reader skips, and records it; the
// first definition of a label counts.
func (p noteDefParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	n := p.notes
	parent := node.Parent()
	if n.list == nil {
		n.list = east.NewFootnoteList()
		parent.InsertBefore(parent, node, n.list)
	}
	parent.RemoveChild(parent, node)
	n.list.AppendChild(n.list, node)
	def := node.(*east.Footnote)
	if n.byLabel == nil {
		n.byLabel = map[string]*east.Footnote{}
	}
	if _, dup := n.byLabel[string(def.Ref)]; dup {
		return
	}
	n.defs = append(n.defs, def)
	def.Index = len(n.defs)
	n.byLabel[string(def.Ref)] = def
}

func (noteDefParser) CanInterruptParagraph() bool { return true }

func (noteDefParser) CanAcceptIndentedLine() bool { return false }

// noteLabelEnd returns the offset of the "]" that ends a footnote label
// starting at line[start], or -1 if there is none within 999 bytes (the
// limit for link labels). A backslash escapes punctuation; a "[" ends the
// search.
func noteLabelEnd(line []byte, start int) int {
	for i := start; i < len(line) && i < start+999; i++ {
		switch line[i] {
		case '\\':
			if i+1 < len(line) && util.IsPunct(line[i+1]) {
				i++
			}
		case '[':
			return -1
		case ']':
			return i
		}
	}
	return -1
}

// noteRefParser reads a footnote reference, "[^label]", whose label has a
// definition. Its trigger includes '!' so that "![^1]" is a "!" and a
// reference rather than an image.
type noteRefParser struct{ notes *footnotes }

func (noteRefParser) Trigger() []byte { return []byte{'!', '['} }

func (p noteRefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	pos := 0
	if len(line) > 0 && line[0] == '!' {
		pos = 1
	}
	if pos+1 >= len(line) || line[pos] != '[' || line[pos+1] != '^' {
		return nil
	}
	end := noteLabelEnd(line, pos+2)
	if end < 0 {
		return nil
	}
	def := p.notes.byLabel[string(block.Value(text.NewSegment(segment.Start+pos+2, segment.Start+end)))]
	if def == nil {
		return nil
	}
	block.Advance(end + 1)
	if pos == 1 {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return east.NewFootnoteLink(def.Index)
}
