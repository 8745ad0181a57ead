package source

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/quire-books/quire/book"
)

// MarkdownOptions configures ReadMarkdown. A nil *MarkdownOptions means the
// zero value, and every zero field means the default described beside it.
type MarkdownOptions struct {
	// Name is the file name used in error messages; empty means messages
	// give only the line.
	Name string
	// ChapterLevel is the heading level that opens a chapter; 0 means 1.
	// Deeper headings become book.Heading blocks of level
	// (their level - ChapterLevel + 1), at least 2 and at most 6. Headings
	// above ChapterLevel open a chapter too, so that part titles are not
	// lost.
	ChapterLevel int
	// FS holds the images and the cover, found by paths relative to its
	// root; nil means the manuscript may have none.
	FS fs.FS
	// Language is the BCP 47 language tag used when the front matter gives
	// none; empty means "en".
	Language string
}

// ReadMarkdown reads a Markdown manuscript with YAML front matter into a
// book. See the package documentation for the syntax it accepts. Input
// problems are returned as *Error values naming the line. The book
// returned passes book.Validate.
func ReadMarkdown(src []byte, o *MarkdownOptions) (*book.Book, error) {
	return readMarkdown(src, o, true)
}

// readMarkdown is ReadMarkdown, with plain paragraphs (see
// plainParagraphs) read without goldmark's inline parser if plain is
// true: tests compare the two.
func readMarkdown(src []byte, o *MarkdownOptions, plain bool) (*book.Book, error) {
	if o == nil {
		o = &MarkdownOptions{}
	}
	level := o.ChapterLevel
	if level == 0 {
		level = 1
	}
	if level < 1 || level > 6 {
		return nil, fmt.Errorf("source: MarkdownOptions.ChapterLevel is %d, want 1 to 6 (or 0 for 1)", o.ChapterLevel)
	}
	if err := checkText(o.Name, src, 1); err != nil {
		return nil, err
	}
	// Line ends become "\n" (column numbers stay the same) and a byte order
	// mark becomes spaces, so that offsets still give the right columns.
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		src = append([]byte("   "), src[3:]...)
	}

	r := &mdReader{name: o.Name, src: src, full: src, fsys: o.FS, level: level, notes: map[int]*mdNote{}}

	b := &book.Book{}
	bodyStart, err := r.frontMatter(&b.Meta)
	if err != nil {
		return nil, err
	}
	if b.Meta.Language == "" {
		b.Meta.Language = o.Language
	}
	if b.Meta.Language == "" {
		b.Meta.Language = "en"
	}

	// goldmark reads the body alone, and its offsets count from bodyStart.
	body := src[bodyStart:]
	r.src, r.base = body, bodyStart
	// Chunks as big as the body, in which a book's text, a little smaller
	// than its Markdown, mostly fits.
	r.texts.size = max(len(body), 4096)
	var notes footnotes
	p := newMarkdown(&notes, newWork(src))
	if plain {
		p.AddOptions(parser.WithParagraphTransformers(util.Prioritized(plainParagraphs{}, 1000)))
	}
	doc := p.Parse(text.NewReader(body))
	for _, def := range notes.defs {
		r.notes[def.Index] = &mdNote{def: def}
	}
	r.notesUnparsed = notes.list != nil && !attached(notes.list, doc)
	b.Chapters = r.chapters(doc)
	if r.err != nil {
		return nil, r.err
	}
	if len(b.Chapters) == 0 {
		line, _ := r.place(min(bodyStart, max(len(src)-1, 0)))
		return nil, &Error{File: o.Name, Line: line, Err: fmt.Errorf("%w: the manuscript has no content after its front matter", ErrNoText)}
	}
	if err := r.checkLinks(b); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, &Error{File: o.Name, Err: err}
	}
	return b, nil
}

// checkLinks reports the first "#id" link that names no chapter, heading or
// footnote, at the line of the block that holds it.
func (r *mdReader) checkLinks(b *book.Book) error {
	if len(r.internal) == 0 {
		return nil
	}
	ids := map[string]bool{}
	var walk func(blocks []book.Block)
	walk = func(blocks []book.Block) {
		for _, bl := range blocks {
			switch bl := bl.(type) {
			case book.Heading:
				ids[bl.ID] = true
			case book.Footnote:
				ids[bl.ID] = true
				walk(bl.Blocks)
			case book.Quote:
				walk(bl)
			case book.List:
				for _, item := range bl.Items {
					walk(item)
				}
			}
		}
	}
	for _, c := range b.Chapters {
		ids[c.ID] = true
		walk(c.Blocks)
	}
	for _, l := range r.internal {
		if !ids[l.id] {
			r.fail(l.pos, fmt.Errorf("link to \"#%s\": no chapter, heading or footnote has that ID", l.id))
			return r.err
		}
	}
	return nil
}

// mdReader turns goldmark's tree into chapters.
type mdReader struct {
	name      string
	full      []byte // the manuscript
	src       []byte // the Markdown after the front matter, which begins at full[base]
	base      int
	fsys      fs.FS
	level     int
	slugs     book.Slugs
	notes     map[int]*mdNote    // by goldmark's footnote index
	refs      []noteUse          // notes referred to in the current chapter, in order
	inChapter map[*mdNote]string // IDs of the notes referred to in the current chapter
	copied    int                // bytes of source of the notes placed in a second chapter or more
	noRefs    int                // >0 while reading text where references are dropped
	prev      rune               // last character of the current block so far
	blockPos  int                // offset of the current block, for errors
	err       error              // the first error
	internal  []internalLink     // "#id" links, checked once every ID is known
	images    map[string]loadedImage
	texts     textArena // the book's text, and that of the inline lists being read
	// Set while the blocks of a note are read, and if the notes were
	// cut off from the document, so that goldmark parsed none of their
	// inlines.
	inNote, notesUnparsed bool
}

// loadedImage is the outcome of reading an image, kept so that each file
// is read once however often the manuscript shows it.
type loadedImage struct {
	res book.Resource
	err error
}

// image reads the image at ref from the file system once.
func (r *mdReader) image(ref string) (book.Resource, error) {
	if l, ok := r.images[ref]; ok {
		return l.res, l.err
	}
	res, err := loadImage(r.fsys, ref)
	if r.images == nil {
		r.images = map[string]loadedImage{}
	}
	r.images[ref] = loadedImage{res, err}
	return res, err
}

// internalLink is a link to "#id" and where it was written.
type internalLink struct {
	id  string
	pos int
}

// mdNote is a footnote definition.
type mdNote struct {
	def    *east.Footnote
	placed bool // in an earlier chapter
	size   int  // bytes of source, once known
}

// noteUse is a footnote referred to in the current chapter, under its ID
// there. A note referred to from several chapters is placed in each, each
// copy with its own ID, since a footnote belongs to one chapter.
type noteUse struct {
	note *mdNote
	id   string
}

// sourceSize returns the size in bytes of the source of a footnote's
// blocks.
func (n *mdNote) sourceSize() int {
	if n.size == 0 {
		_ = ast.Walk(n.def, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && c.Type() == ast.TypeBlock {
				for i := 0; i < c.Lines().Len(); i++ {
					seg := c.Lines().At(i)
					n.size += seg.Len()
				}
			}
			return ast.WalkContinue, nil
		})
		n.size = max(n.size, 1)
	}
	return n.size
}

// value returns the text of a segment of the source.
func (r *mdReader) value(s text.Segment) []byte { return s.Value(r.src) }

// place returns the line and column of a byte offset in the manuscript.
// It counts lines when asked, since it is asked once, for an error.
func (r *mdReader) place(off int) (line, col int) {
	before := r.full[:min(off, len(r.full))]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, off - start + 1
}

// fail records err at offset off of the Markdown body (-1 if unknown),
// unless an error was recorded before.
func (r *mdReader) fail(off int, err error) {
	if r.err != nil {
		return
	}
	e := &Error{File: r.name, Err: err}
	if off >= 0 {
		e.Line, e.Column = r.place(r.base + off)
	}
	r.err = e
}

// frontMatter reads the front matter, if the file starts with one, into m
// and returns the offset where the Markdown begins.
func (r *mdReader) frontMatter(m *book.Meta) (int, error) {
	src := r.src
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(bytes.TrimLeft(first, " "), " \t")) != "---" || isBlankLine(rest) {
		return 0, frontMatter(r.name, nil, r.fsys, m)
	}
	var lines []string
	off := len(first) + 1
	for off < len(src) {
		line, _, _ := bytes.Cut(src[off:], []byte("\n"))
		end := off + len(line) + 1
		if t := string(bytes.TrimRight(line, " \t")); t == "---" || t == "..." {
			fields, err := parseYAML(r.name, lines, 2)
			if err != nil {
				return 0, err
			}
			return min(end, len(src)), frontMatter(r.name, fields, r.fsys, m)
		}
		lines = append(lines, string(line))
		off = end
	}
	return 0, &Error{File: r.name, Line: 1, Err: fmt.Errorf("%w: not closed (want a line \"---\" after it)", ErrFrontMatter)}
}

// isBlankLine reports whether the text up to the first newline is blank.
func isBlankLine(b []byte) bool {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return len(bytes.TrimSpace(line)) == 0
}

// chapters splits the document at chapter headings.
func (r *mdReader) chapters(doc ast.Node) []book.Chapter {
	// The chapters, and each one's blocks, are counted first, so that
	// their slices are made once.
	heads := 0
	for n := doc.FirstChild(); n != nil && heads <= maxChapters; n = n.NextSibling() {
		if r.opensChapter(n) {
			heads++
		}
	}
	var chapters []book.Chapter
	if heads > 0 {
		chapters = make([]book.Chapter, 0, heads+1)
	}
	var cur *book.Chapter
	opening := false // cur is the untitled opening chapter
	finish := func() {
		if cur != nil && len(cur.Blocks) == 0 {
			cur.Blocks = nil // as if none had been made room for
		}
		if cur != nil && (!opening || len(cur.Blocks) > 0) {
			r.placeNotes(cur)
			chapters = append(chapters, *cur)
		}
		opening = false
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*east.FootnoteList); ok {
			continue
		}
		if r.opensChapter(n) {
			h := n.(*ast.Heading)
			if n := len(chapters) + 2; cur == nil && n-1 > maxChapters || cur != nil && n > maxChapters {
				pos := h.Pos()
				if h.Lines().Len() > 0 {
					pos = h.Lines().At(0).Start
				}
				r.fail(pos, errTooManyChapters)
				return nil
			}
			finish()
			r.noRefs++
			title := book.PlainText(r.inlines(h, 0))
			r.noRefs--
			cur = &book.Chapter{ID: r.slugs.Make(title, "chapter"), Title: title}
			if k := r.blocksBefore(n.NextSibling()); k > 0 {
				cur.Blocks = make([]book.Block, 0, k)
			}
			continue
		}
		if cur == nil {
			cur = &book.Chapter{ID: r.slugs.Make("opening", "opening"), Blocks: make([]book.Block, 0, r.blocksBefore(n))}
			opening = true
		}
		cur.Blocks = r.appendBlock(cur.Blocks, n, 0)
	}
	finish()
	return chapters
}

// opensChapter reports whether n, a child of the document, is a heading
// that opens a chapter.
func (r *mdReader) opensChapter(n ast.Node) bool {
	h, ok := n.(*ast.Heading)
	return ok && h.Level <= r.level
}

// blocksBefore counts n and its next siblings before the next chapter's
// heading, as many as the blocks they make at most (a list of notes
// makes none).
func (r *mdReader) blocksBefore(n ast.Node) int {
	k := 0
	for ; n != nil && !r.opensChapter(n); n = n.NextSibling() {
		if _, ok := n.(*east.FootnoteList); !ok {
			k++
		}
	}
	return k
}

// placeNotes appends to c the footnotes first referred to in it, and those
// that they refer to in turn.
func (r *mdReader) placeNotes(c *book.Chapter) {
	c.Blocks = slices.Grow(c.Blocks, len(r.refs))
	for i := 0; i < len(r.refs); i++ { // placing notes can refer to more
		u := r.refs[i]
		r.inNote = true
		c.Blocks = append(c.Blocks, book.Footnote{ID: u.id, Blocks: r.blocks(u.note.def, 1)})
		r.inNote = false
	}
	for _, u := range r.refs {
		u.note.placed = true
	}
	r.refs, r.inChapter = nil, nil
}

func (r *mdReader) blocks(parent ast.Node, depth int) []book.Block {
	return r.appendBlocks(nil, parent, depth)
}

// appendBlocks appends the blocks converted from parent's children to out.
func (r *mdReader) appendBlocks(out []book.Block, parent ast.Node, depth int) []book.Block {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = r.appendBlock(out, n, depth)
	}
	return out
}

// appendBlock converts one block node and appends it to out. Containers
// nested deeper than book.MaxDepth are flattened: their content joins
// their parent's. (The parser nests containers no deeper than
// maxContainers, which bounds the recursion.)
func (r *mdReader) appendBlock(out []book.Block, n ast.Node, depth int) []book.Block {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		r.blockPos = n.Lines().At(0).Start
	}
	switch n := n.(type) {
	case *plainParagraph:
		if r.inNote && r.notesUnparsed {
			return out // as goldmark left it: a paragraph without inlines
		}
		if in := r.plainInlines(n); len(in) > 0 {
			return append(out, book.Paragraph(in))
		}
		return out
	case *ast.Paragraph, *ast.TextBlock:
		if fig, ok := r.figure(n); ok {
			return append(out, fig)
		}
		if in := r.inlines(n, depth); len(in) > 0 {
			return append(out, book.Paragraph(in))
		}
		return out
	case *ast.Heading:
		in := r.inlines(n, depth)
		level := min(max(n.Level-r.level+1, 2), 6)
		return append(out, book.Heading{Level: level, ID: r.slugs.Make(book.PlainText(in), "section"), Content: in})
	case *ast.Blockquote:
		if depth+1 > book.MaxDepth {
			return r.appendBlocks(out, n, depth)
		}
		if bs := r.blocks(n, depth+1); len(bs) > 0 {
			return append(out, book.Quote(bs))
		}
		return out
	case *ast.List:
		if depth+1 > book.MaxDepth {
			for item := n.FirstChild(); item != nil; item = item.NextSibling() {
				out = r.appendBlocks(out, item, depth)
			}
			return out
		}
		l := book.List{Ordered: n.IsOrdered(), Loose: !n.IsTight}
		if l.Ordered {
			l.Start = n.Start
		}
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			l.Items = append(l.Items, book.ListItem(r.blocks(item, depth+1)))
		}
		if len(l.Items) == 0 {
			return out
		}
		return append(out, l)
	case *ast.FencedCodeBlock:
		return append(out, book.CodeBlock{Language: decodeText(string(n.Language(r.src))), Text: r.lines(n)})
	case *ast.CodeBlock:
		return append(out, book.CodeBlock{Text: r.lines(n)})
	case *ast.ThematicBreak:
		return append(out, book.SceneBreak{})
	case *ast.HTMLBlock:
		if n.HTMLBlockType == ast.HTMLBlockType2 { // a comment
			return out
		}
		var lines []string
		for i := 0; i < n.Lines().Len(); i++ {
			lines = append(lines, strings.TrimSpace(string(r.value(n.Lines().At(i)))))
		}
		if n.HasClosure() {
			lines = append(lines, strings.TrimSpace(string(r.value(n.ClosureLine))))
		}
		if s := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); s != "" {
			return append(out, book.Paragraph{book.Text(s)})
		}
		return out
	case *east.Table:
		if t, ok := r.table(n, depth); ok {
			return append(out, t)
		}
		return out
	case *ast.LinkReferenceDefinition, *east.FootnoteList:
		return out
	}
	// Nodes of extensions not enabled here: keep their content.
	return r.appendBlocks(out, n, depth)
}

// lines returns a code block's text.
func (r *mdReader) lines(n ast.Node) string {
	var sb strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		sb.Write(r.value(n.Lines().At(i)))
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// figure turns a paragraph holding one image and nothing else into a
// Figure, whose caption is the image's title.
func (r *mdReader) figure(p ast.Node) (book.Block, bool) {
	var img *ast.Image
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if img != nil {
				return nil, false
			}
			img = c
		case *ast.Text:
			if len(bytes.TrimSpace(c.Segment.Value(r.src))) != 0 || c.HardLineBreak() {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if img == nil {
		return nil, false
	}
	r.prev = 0
	outer := r.openList()
	in := r.closeList(r.appendInline(nil, img, 0), outer)
	if len(in) != 1 {
		return nil, false
	}
	im, ok := in[0].(book.Image)
	if !ok {
		return nil, false
	}
	f := book.Figure{Image: im.Image, Alt: im.Alt}
	if t := strings.TrimSpace(decodeText(string(img.Title))); t != "" {
		f.Caption = []book.Inline{book.Text(smarten(oneLine(t)))}
	}
	return f, true
}

func (r *mdReader) table(t *east.Table, depth int) (book.Table, bool) {
	var tb book.Table
	aligned := false
	for _, a := range t.Alignments {
		al := book.AlignDefault
		switch a {
		case east.AlignLeft:
			al = book.AlignLeft
		case east.AlignCenter:
			al = book.AlignCenter
		case east.AlignRight:
			al = book.AlignRight
		}
		aligned = aligned || al != book.AlignDefault
		tb.Align = append(tb.Align, al)
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []book.Cell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Lines().Len() > 0 {
				r.blockPos = c.Lines().At(0).Start
			}
			cells = append(cells, book.Cell(r.inlines(c, depth)))
		}
		if _, ok := row.(*east.TableHeader); ok {
			tb.Header = cells
		} else {
			tb.Rows = append(tb.Rows, cells)
		}
	}
	width := len(tb.Header)
	if width == 0 {
		return tb, false
	}
	for i, row := range tb.Rows {
		for len(row) < width {
			row = append(row, book.Cell{})
		}
		tb.Rows[i] = row[:width]
	}
	if !aligned {
		tb.Align = nil
	} else if len(tb.Align) > width {
		tb.Align = tb.Align[:width]
	}
	return tb, true
}

// inlines converts the inline content of a block.
func (r *mdReader) inlines(parent ast.Node, depth int) []book.Inline {
	r.prev = 0
	return r.nested(parent, depth)
}

// nested converts parent's children into an inline list of their own,
// such as the content of an emphasis, while the text of the list that
// holds it stays pending.
func (r *mdReader) nested(parent ast.Node, depth int) []book.Inline {
	outer := r.openList()
	return r.closeList(r.appendInlines(nil, parent, depth), outer)
}

// openList starts an inline list: text appended from now on is its own.
// It returns what closeList needs to give the outer list its text back.
func (r *mdReader) openList() outerText { return r.texts.open() }

// closeList ends the inline list that openList started, ending out with
// its pending text.
func (r *mdReader) closeList(out []book.Inline, outer outerText) []book.Inline {
	out = r.flush(out)
	r.texts.restore(outer)
	return out
}

// appendInlines appends the inlines converted from parent's children to out.
func (r *mdReader) appendInlines(out []book.Inline, parent ast.Node, depth int) []book.Inline {
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		out = r.appendInline(out, c, depth)
	}
	return out
}

// text adds s to the text of the current inline list, recording it as
// the text written so far in the block. Neighbouring texts become one
// book.Text when flush ends the run, so a paragraph's lines, quotes and
// dashes (each a node of their own in goldmark's tree) make one string,
// written once, into the arena.
func (r *mdReader) text(s string) {
	if s != "" {
		addText(&r.texts, s)
		r.prev, _ = utf8.DecodeLastRuneInString(s)
	}
}

// textBytes is text for bytes.
func (r *mdReader) textBytes(b []byte) {
	if len(b) > 0 {
		addText(&r.texts, b)
		r.prev, _ = utf8.DecodeLastRune(b)
	}
}

// flush appends the current inline list's pending text to out, as one
// book.Text with its spaced dashes bound to the word before them, and
// returns out. Every inline other than text is appended after a flush.
func (r *mdReader) flush(out []book.Inline) []book.Inline {
	if s := r.texts.take(); s != "" {
		return append(out, book.Text(bindDashes(s)))
	}
	return out
}

// plainText reports whether text has none of the characters that
// decodeText and curlQuotes change, so that it is kept as it is.
func plainText(b []byte) bool {
	return bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 &&
		bytes.IndexByte(b, '\'') < 0 && bytes.IndexByte(b, '"') < 0
}

// appendInline converts one inline node and appends it to out. Markup
// nested deeper than book.MaxDepth is flattened to its content.
func (r *mdReader) appendInline(out []book.Inline, n ast.Node, depth int) []book.Inline {
	switch n := n.(type) {
	case *ast.Text:
		if v := n.Value(r.src); n.IsRaw() || plainText(v) {
			r.textBytes(v)
		} else {
			r.text(curlQuotes(decodeText(string(v)), r.prev))
		}
		switch {
		case n.HardLineBreak():
			out = append(r.flush(out), book.LineBreak{})
			r.prev = ' '
		case n.SoftLineBreak():
			r.text(" ")
		}
		return out
	case *ast.String:
		if n.IsCode() || n.IsRaw() || plainText(n.Value) {
			r.textBytes(n.Value)
		} else {
			r.text(curlQuotes(decodeText(string(n.Value)), r.prev))
		}
		return out
	case *ast.CodeSpan:
		var sb strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				sb.Write(t.Value(r.src))
			} else if s, ok := c.(*ast.String); ok {
				sb.Write(s.Value)
			}
		}
		s := strings.ReplaceAll(sb.String(), "\n", " ")
		if s != "" {
			r.prev, _ = utf8.DecodeLastRuneInString(s)
		}
		return append(r.flush(out), book.Code(s))
	case *ast.Emphasis:
		if depth+1 > book.MaxDepth {
			return r.flatInlines(out, n, false)
		}
		in := r.nested(n, depth+1)
		if len(in) == 0 {
			return out
		}
		if n.Level >= 2 {
			return append(r.flush(out), book.Strong(in))
		}
		return append(r.flush(out), book.Emphasis(in))
	case *ast.Link:
		url := linkURL(string(n.Destination))
		if depth+1 > book.MaxDepth {
			return r.flatInlines(out, n, false)
		}
		if url == "" {
			return r.appendInlines(out, n, depth)
		}
		if id, ok := strings.CutPrefix(url, "#"); ok {
			r.internal = append(r.internal, internalLink{id, r.blockPos})
		}
		content := r.nested(n, depth+1)
		return append(r.flush(out), book.Link{URL: url, Title: linkTitle(n.Title), Content: content})
	case *ast.AutoLink:
		label := string(n.Label(r.src))
		url := label
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		if url = linkURL(url); url == "" || depth+1 > book.MaxDepth {
			r.text(label)
			return out
		}
		var content []book.Inline
		if label != "" {
			content = []book.Inline{book.Text(label)}
			r.prev, _ = utf8.DecodeLastRuneInString(label)
		}
		return append(r.flush(out), book.Link{URL: url, Content: content})
	case *ast.Image:
		pos := n.Pos()
		if pos < 0 {
			pos = r.blockPos
		}
		res, err := r.image(decodeText(string(n.Destination)))
		if err != nil {
			r.fail(pos, err)
			return out
		}
		prev := r.prev
		r.noRefs++
		outer := r.openList()
		alt := book.PlainText(r.closeList(r.flatInlines(nil, n, true), outer))
		r.noRefs--
		r.prev = prev
		return append(r.flush(out), book.Image{Image: res, Alt: alt})
	case *ast.RawHTML:
		var sb strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			sb.Write(r.value(n.Segments.At(i)))
		}
		if s := sb.String(); !strings.HasPrefix(s, "<!--") {
			r.text(oneLine(s))
		}
		return out
	case *east.FootnoteLink:
		note := r.notes[n.Index]
		if note == nil || r.noRefs > 0 {
			return out
		}
		id, ok := r.inChapter[note]
		if !ok {
			// Copies of notes in later chapters may together be as big as
			// the manuscript, so that a big note referred to from thousands
			// of chapters cannot make the book thousands of times bigger.
			if note.placed {
				if r.copied += note.sourceSize(); r.copied > len(r.full)+1<<16 {
					r.fail(r.blockPos, fmt.Errorf("footnote [^%s] is referred to from so many chapters that its copies (one in each) would outgrow the manuscript", note.def.Ref))
					return out
				}
			}
			id = r.slugs.Make("fn-"+string(note.def.Ref), "fn")
			if r.inChapter == nil {
				r.inChapter = map[*mdNote]string{}
			}
			r.inChapter[note] = id
			r.refs = append(r.refs, noteUse{note, id})
		}
		return append(r.flush(out), book.FootnoteRef{ID: id})
	case *east.FootnoteBacklink:
		return out
	}
	return r.appendInlines(out, n, depth)
}

// flatInlines appends the content of root's descendants to out with all
// their markup dropped: emphasis, links and other containers give their
// content, leaves such as text, code and images are converted at
// book.MaxDepth. In alt mode images, too, give their content, which is
// what the plain text of an image's alternative text needs. It walks the
// tree without recursion, however deep it is.
func (r *mdReader) flatInlines(out []book.Inline, root ast.Node, alt bool) []book.Inline {
	n := root.FirstChild()
	for n != nil {
		switch n.(type) {
		case *ast.Text, *ast.String, *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink:
			out = r.appendInline(out, n, book.MaxDepth)
		case *ast.Image:
			if !alt {
				out = r.appendInline(out, n, book.MaxDepth)
				break
			}
			if c := n.FirstChild(); c != nil {
				n = c
				continue
			}
		default:
			if c := n.FirstChild(); c != nil {
				n = c
				continue
			}
		}
		for n != root && n.NextSibling() == nil {
			n = n.Parent()
		}
		if n == root {
			break
		}
		n = n.NextSibling()
	}
	return out
}

// linkURL returns a link destination Quire keeps: an http, https or mailto
// URL, or "#id"; otherwise "".
func linkURL(dest string) string {
	u := strings.TrimSpace(decodeText(dest))
	if book.SafeURL(u) {
		return u
	}
	var sb strings.Builder
	for i := 0; i < len(u); i++ {
		if c := u[i]; strings.IndexByte(" \"<>\\^`{|}", c) >= 0 {
			fmt.Fprintf(&sb, "%%%02X", c)
		} else {
			sb.WriteByte(c)
		}
	}
	if u = sb.String(); book.SafeURL(u) {
		return u
	}
	return ""
}

func linkTitle(t []byte) string {
	return smarten(oneLine(strings.TrimSpace(decodeText(string(t)))))
}

// oneLine replaces line breaks by spaces.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// decodeText resolves backslash escapes and character references, as
// CommonMark does for text.
func decodeText(s string) string {
	if !strings.ContainsAny(s, "\\&") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			sb.WriteByte(s[i+1])
			i++
		case c == '&':
			if r, n := charRef(s[i:]); n > 0 {
				sb.WriteString(r)
				i += n - 1
			} else {
				sb.WriteByte(c)
			}
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// charRef reads the character reference ("&amp;", "&#38;", "&#x26;") at
// the start of s and returns its text and length, or 0 if there is none.
// Characters that book text cannot hold become U+FFFD or a space.
func charRef(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 40 {
		return "", 0
	}
	name := s[1:end]
	if name[0] != '#' {
		for i := 0; i < len(name); i++ {
			if !util.IsAlphaNumeric(name[i]) {
				return "", 0
			}
		}
		e, ok := util.LookUpHTML5EntityByName(name)
		if !ok {
			return "", 0
		}
		return string(e.Characters), end + 1
	}
	digits, base, maxLen := name[1:], 10, 7
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base, maxLen = digits[1:], 16, 6
	}
	if digits == "" || len(digits) > maxLen {
		return "", 0
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil {
		return "", 0
	}
	r := rune(v)
	switch {
	case v == 0 || v > unicode.MaxRune || !utf8.ValidRune(r) || r == 0xFFFE || r == 0xFFFF:
		r = utf8.RuneError
	case r != '\t' && unicode.IsControl(r):
		r = ' '
	}
	return string(r), end + 1
}
