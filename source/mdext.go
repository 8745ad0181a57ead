package source

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
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

// More limits that keep reading time proportional to the input's size,
// whatever it holds. goldmark matches each emphasis closer against every
// earlier opener of its paragraph, and each "]" scans the rest of its
// paragraph, so a paragraph of thousands of unmatched "*", "_" or "[" takes
// time growing with the square of its length; past these counts the
// characters stay text. A table is padded to its header's width, so a
// short manuscript could ask for billions of cells.
const (
	maxDelimiters = 1000    // emphasis delimiter runs in one paragraph
	maxBrackets   = 1000    // "[" and "![" that may open a link or image in one paragraph
	maxTableCells = 1 << 17 // cells in all the tables of a manuscript
)

// work is what goldmark may spend on scans that can repeat over the same
// text: link destinations, and runs of link reference definitions (each
// definition copies the rest of its paragraph). It grows with the
// manuscript, so that no real manuscript comes near it; when it runs out,
// what is left stays text.
type work struct{ left int }

func newWork(src []byte) *work { return &work{left: 1<<24 + 16*len(src)} }

// spend takes n from what is left, or reports false if there is not that
// much.
func (w *work) spend(n int) bool {
	if n > w.left {
		w.left = 0
		return false
	}
	w.left -= n
	return true
}

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
// characters, and nesting limited to maxContainers. It is the parser alone,
// not goldmark.New's Markdown: that would build a default parser and an
// HTML renderer only to discard them, and link goldmark's renderers into
// every command.
func newMarkdown(notes *footnotes, w *work) parser.Parser {
	p := newCommonMark(notes, w)
	tables := &gfmTables{}
	p.AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(&tableLimit{ParagraphTransformer: tables}, 200)),
		parser.WithASTTransformers(util.Prioritized(pipesInCode{tables}, 0)),
		parser.WithInlineParsers(util.Prioritized(newTypography(), 9999)),
	)
	return p
}

// newCommonMark returns the parser of newMarkdown without tables and
// typography.
func newCommonMark(notes *footnotes, w *work) parser.Parser {
	return parser.NewParser(
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
		parser.WithInlineParsers(
			util.Prioritized(&codeSpanLimit{InlineParser: parser.NewCodeSpanParser()}, 100),
			util.Prioritized(noteRefParser{notes}, 101),
			util.Prioritized(linkLimit{parser.NewLinkParser(), &perBlock{}, w}, 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(emphasisLimit{parser.NewEmphasisParser(), &perBlock{}}, 500),
		),
		parser.WithParagraphTransformers(util.Prioritized(linkRefLimit{parser.LinkReferenceParagraphTransformer, w}, 100)),
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

// perBlock counts something in the block being parsed.
type perBlock struct {
	block ast.Node
	n     int
	open  int // brackets that a "]" may close, at most
}

// take counts one more in block and reports whether the count is still at
// most limit.
func (c *perBlock) take(block ast.Node, limit int) bool {
	if block != c.block {
		c.block, c.n, c.open = block, 0, 0
	}
	c.n++
	return c.n <= limit
}

// emphasisLimit wraps the emphasis parser so that a paragraph has at most
// maxDelimiters delimiter runs.
type emphasisLimit struct {
	parser.InlineParser
	count *perBlock
}

func (l emphasisLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if l.count.block == parent && l.count.n >= maxDelimiters {
		return nil
	}
	n := l.InlineParser.Parse(parent, block, pc)
	if n != nil {
		l.count.take(parent, maxDelimiters)
	}
	return n
}

// linkLimit wraps the link parser so that a paragraph has at most
// maxBrackets brackets that may open a link or an image, and link
// destinations are scanned within the work budget.
type linkLimit struct {
	parser.InlineParser
	count *perBlock
	work  *work
}

func (l linkLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	switch {
	case len(line) > 0 && line[0] == '[' || len(line) > 1 && line[0] == '!' && line[1] == '[':
		if !l.count.take(parent, maxBrackets) {
			return nil
		}
		l.count.open++
	case len(line) > 0 && line[0] == ']':
		if l.count.block != parent || l.count.open <= 0 {
			break // no bracket that it could close: goldmark does nothing
		}
		l.count.open--
		if len(line) > 1 && line[1] == '(' && !l.work.spend(destinationScan(line[2:], l.work.left)) {
			return nil
		}
	}
	return l.InlineParser.Parse(parent, block, pc)
}

// destinationScan returns how many bytes goldmark reads looking for the
// end of a link destination at the start of line, as its
// parseLinkDestination does, or limit+1 if that is more than limit.
func destinationScan(line []byte, limit int) int {
	i := 0
	for i < len(line) && util.IsSpace(line[i]) && line[i] != '\n' {
		i++
	}
	angle := i < len(line) && line[i] == '<'
	opened := 0
	for ; i < len(line); i++ {
		if i > limit {
			return limit + 1
		}
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			i++
		case angle:
			if c == '>' {
				return i
			}
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return i
			}
		case util.IsSpace(c):
			return i
		}
	}
	return i
}

// linkRefLimit wraps the paragraph transformer that reads link reference
// definitions so that it runs within the work budget: each definition at
// the start of a paragraph costs a copy of the rest of the paragraph's
// lines. A paragraph over budget stays text.
type linkRefLimit struct {
	parser.ParagraphTransformer
	work *work
}

func (l linkRefLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if !startsWithBracket(lines, reader.Source()) {
		return
	}
	defs := 0 // lines that may start a definition
	for i := 0; i < lines.Len(); i++ {
		if line := bytes.TrimLeft(segmentValue(lines.At(i), reader.Source()), " "); len(line) > 0 && line[0] == '[' {
			defs++
		}
	}
	if defs > 1 && !l.work.spend(defs*lines.Len()) {
		return
	}
	l.ParagraphTransformer.Transform(node, reader, pc)
}

// startsWithBracket reports whether the first character of lines that is
// not white space is "[". goldmark's transformer looks for a definition
// there and, finding none, leaves the paragraph as it was; most paragraphs
// start otherwise, and skipping them saves it a block reader each.
func startsWithBracket(lines *text.Segments, src []byte) bool {
	for i := 0; i < lines.Len(); i++ {
		for _, c := range segmentValue(lines.At(i), src) {
			if !util.IsSpace(c) {
				return c == '['
			}
		}
	}
	return false
}

// codeSpanLimit wraps the code span parser so that openers without a
// closing run of backticks of the same length are found without scanning
// the rest of the paragraph each time: on its first opener in a block, it
// notes where the last run of each length starts.
type codeSpanLimit struct {
	parser.InlineParser
	block   ast.Node
	lastRun map[int]int // run length → offset in the source of the last run of that length
}

func (l *codeSpanLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, segment := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	if parent != l.block {
		l.block = parent
		l.lastRun = backtickRuns(block)
	}
	if last, ok := l.lastRun[n]; !ok || last <= segment.Start {
		block.Advance(n)
		return ast.NewTextSegment(segment.WithStop(segment.Start + n))
	}
	return l.InlineParser.Parse(parent, block, pc)
}

// backtickRuns returns, for each length of the runs of backticks in the
// rest of the block, the source offset where the last one starts. It
// leaves the reader where it was.
func backtickRuns(block text.Reader) map[int]int {
	runs := map[int]int{}
	line0, pos0 := block.Position()
	for {
		line, segment := block.PeekLine()
		if line == nil {
			break
		}
		for i := 0; i < len(line); {
			if line[i] != '`' {
				i++
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			runs[j-i] = segment.Start + i
			i = j
		}
		block.AdvanceLine()
	}
	block.SetPosition(line0, pos0)
	return runs
}

// CloseBlock lets the link parser turn the brackets left open into text.
func (l linkLimit) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := l.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// tableLimit wraps the table paragraph transformer so that
// the tables of a manuscript have at most maxTableCells cells, counting
// the empty ones that pad short rows. A paragraph that would go past it
// stays text.
type tableLimit struct {
	parser.ParagraphTransformer
	cells int // so far
}

func (l *tableLimit) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	// At most (the most cells in a line) × (lines) cells.
	widest := 0
	for i := 0; i < lines.Len(); i++ {
		widest = max(widest, bytes.Count(segmentValue(lines.At(i), reader.Source()), []byte("|")))
	}
	if widest == 0 || l.cells+(widest+1)*lines.Len() > maxTableCells {
		return
	}
	parent, prev := node.Parent(), node.PreviousSibling()
	l.ParagraphTransformer.Transform(node, reader, pc)
	next := node.NextSibling()
	if node.Parent() == nil { // the whole paragraph became a table
		next = parent.FirstChild()
		if prev != nil {
			next = prev.NextSibling()
		}
	}
	if t, ok := next.(*east.Table); ok {
		for row := t.FirstChild(); row != nil; row = row.NextSibling() {
			l.cells += row.ChildCount()
		}
	}
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
	line, segment := block.PeekLine() // the label is on this line: noteLabelEnd stops at its end
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
	def := p.notes.byLabel[string(line[pos+2:end])]
	if def == nil {
		return nil
	}
	block.Advance(end + 1)
	if pos == 1 {
		parent.AppendChild(parent, ast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return east.NewFootnoteLink(def.Index)
}

func segmentValue(s text.Segment, src []byte) []byte { return s.Value(src) }
