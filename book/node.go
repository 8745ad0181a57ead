package book

import "strings"

// Block is a block-level element: one of Paragraph, Heading, Quote, List,
// CodeBlock, SceneBreak, Figure, Table or Footnote. The set is closed.
type Block interface {
	block()
}

// Inline is an inline element: one of Text, Emphasis, Strong, Code, Link,
// Image, FootnoteRef or LineBreak. The set is closed.
type Inline interface {
	inline()
}

// Paragraph is a paragraph of running text.
type Paragraph []Inline

// Heading is a section heading inside a chapter. Level 2 is a section,
// 3 a subsection, and so on to 6; level 1 is the chapter's own title and
// is not used inside content.
type Heading struct {
	Level int
	// ID is a slug unique within the book, used as a link target; empty
	// means the writer makes one.
	ID      string
	Content []Inline
}

// Quote is a block quotation.
type Quote []Block

// List is a bulleted or numbered list.
type List struct {
	// Ordered lists are numbered from Start (0 counts as 1).
	Ordered bool
	Start   int
	// Loose lists have space between their items.
	Loose bool
	Items []ListItem
}

// ListItem is one item of a List.
type ListItem []Block

// CodeBlock is preformatted text such as program code. Lines are separated
// by "\n".
type CodeBlock struct {
	// Language is the code's language, e.g. "go"; empty means unknown.
	Language string
	Text     string
}

// SceneBreak is a thematic break between scenes or sections, drawn as space
// or an ornament.
type SceneBreak struct{}

// Figure is an image displayed as a block, with an optional caption.
type Figure struct {
	Image   Resource
	Alt     string // text alternative, required unless the image is decorative
	Caption []Inline
}

// Align is the alignment of a table column.
type Align int

// Column alignments.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Table is a table with an optional header row.
type Table struct {
	// Align has one entry per column; missing entries mean AlignDefault.
	Align  []Align
	Header []Cell // nil means no header row
	Rows   [][]Cell
}

// Cell is a table cell.
type Cell []Inline

// Footnote is a footnote's text. It belongs to the chapter that refers to
// it, at the chapter's top level. Chapters, headings and footnotes share one
// namespace of IDs: each ID is unique within the book.
type Footnote struct {
	ID     string
	Blocks []Block
}

// Text is plain text.
type Text string

// Emphasis is emphasised text, usually set in italics.
type Emphasis []Inline

// Strong is strongly emphasised text, usually set in bold.
type Strong []Inline

// Code is inline code, set in a monospaced font.
type Code string

// Link is a hyperlink. URL is an absolute http, https or mailto URL, or
// "#id" for a chapter, heading or footnote of the book, which must exist.
type Link struct {
	URL     string
	Title   string
	Content []Inline
}

// Image is an image inside a line of text.
type Image struct {
	Image Resource
	Alt   string
}

// FootnoteRef is a reference to the Footnote with the same ID.
type FootnoteRef struct {
	ID string
}

// LineBreak is a hard line break.
type LineBreak struct{}

func (Paragraph) block()  {}
func (Heading) block()    {}
func (Quote) block()      {}
func (List) block()       {}
func (CodeBlock) block()  {}
func (SceneBreak) block() {}
func (Figure) block()     {}
func (Table) block()      {}
func (Footnote) block()   {}

func (Text) inline()        {}
func (Emphasis) inline()    {}
func (Strong) inline()      {}
func (Code) inline()        {}
func (Link) inline()        {}
func (Image) inline()       {}
func (FootnoteRef) inline() {}
func (LineBreak) inline()   {}

// PlainText returns the text of inlines without markup: images give their
// alt text, line breaks a space and footnote references nothing.
func PlainText(in []Inline) string {
	var sb strings.Builder
	writePlain(&sb, in)
	return sb.String()
}

func writePlain(sb *strings.Builder, in []Inline) {
	for _, x := range in {
		switch x := x.(type) {
		case Text:
			sb.WriteString(string(x))
		case Code:
			sb.WriteString(string(x))
		case Emphasis:
			writePlain(sb, x)
		case Strong:
			writePlain(sb, x)
		case Link:
			writePlain(sb, x.Content)
		case Image:
			sb.WriteString(x.Alt)
		case LineBreak:
			sb.WriteByte(' ')
		}
	}
}
