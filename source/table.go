package source

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfmTables reads GFM tables out of paragraphs: a header line, a
// delimiter line ("| :-- | --: |") and body lines. It builds the same tree
// as goldmark's table extension, which Quire does not link because that
// package's initialisation compiles regular expressions for linkify (half
// a millisecond at every start). Its Transform is the paragraph
// transformer; its escapedPipes are fixed by pipesInCode once the inlines
// are parsed.
type gfmTables struct {
	// cells with "\|" after a backtick, and where each such backslash is:
	// inside a code span the backslash still escapes the pipe, so
	// pipesInCode drops it from the span's text.
	escaped []escapedPipes
}

type escapedPipes struct {
	cell  *east.TableCell
	slash []int // source offsets of the backslashes
	done  bool
}

// Transform turns the paragraph's lines from the line before its first
// delimiter line to its end into a table placed after it; the lines
// before stay the paragraph, which is removed if it has none. A header
// whose cell count differs from the delimiter line's leaves the paragraph
// as it is.
func (g *gfmTables) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	for i := 1; i < lines.Len(); i++ {
		delim := lines.At(i)
		aligns := delimiterRow(delim.Value(reader.Source()))
		if aligns == nil {
			continue
		}
		head := g.row(lines.At(i-1), aligns, true, reader.Source())
		if head.ChildCount() != len(aligns) {
			return
		}
		table := east.NewTable()
		table.Alignments = aligns
		table.SetPos(node.Pos())
		table.AppendChild(table, east.NewTableHeader(head))
		for j := i + 1; j < lines.Len(); j++ {
			table.AppendChild(table, g.row(lines.At(j), aligns, false, reader.Source()))
		}
		parent := node.Parent()
		parent.InsertAfter(parent, node, table)
		lines.SetSliced(0, i-1)
		if lines.Len() == 0 {
			parent.RemoveChild(parent, node)
			return
		}
		// The paragraph's last line loses its line end, as the last line
		// of any paragraph does.
		last := lines.At(i - 2)
		last.Stop--
		lines.Set(i-2, last)
		return
	}
}

// delimiterRow returns the alignments of a delimiter line, or nil if line
// is not one: at most three columns of indent, then cells of one or more
// "-" with an optional ":" at either end, separated by "|" (optional at
// the line's ends), with spaces around them.
func delimiterRow(line []byte) []east.Alignment {
	if w, _ := util.IndentWidth(line, 0); w > 3 {
		return nil
	}
	dashesOnly := true
	for _, c := range line {
		if c != '-' {
			dashesOnly = false
		}
		if c != '-' && c != '|' && c != ':' && !util.IsSpace(c) {
			return nil
		}
	}
	if dashesOnly {
		return nil
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	var aligns []east.Alignment
	for _, col := range cols {
		a, ok := delimiterCell(col)
		if !ok {
			return nil
		}
		aligns = append(aligns, a)
	}
	return aligns
}

// delimiterCell reads one cell of a delimiter line. The spaces around it
// are those of Go's regular expressions' \s, which has no vertical tab
// (as the GFM extension matches them).
func delimiterCell(col []byte) (east.Alignment, bool) {
	col = bytes.Trim(col, "\t\n\f\r ")
	left := len(col) > 0 && col[0] == ':'
	if left {
		col = col[1:]
	}
	right := len(col) > 0 && col[len(col)-1] == ':'
	if right {
		col = col[:len(col)-1]
	}
	if len(col) == 0 || len(bytes.Trim(col, "-")) != 0 {
		return 0, false
	}
	switch {
	case left && right:
		return east.AlignCenter, true
	case left:
		return east.AlignLeft, true
	case right:
		return east.AlignRight, true
	}
	return east.AlignNone, true
}

// row reads one line of a table. A body row drops cells past the
// delimiter line's count and gets empty cells (with no alignment) for the
// missing ones; a header keeps all its cells, so that its count can be
// checked. A "|" after a backslash separates no cells.
func (g *gfmTables) row(line text.Segment, aligns []east.Alignment, header bool, src []byte) *east.TableRow {
	r := east.NewTableRow(aligns)
	r.SetPos(line.Start)
	trimmed := line.TrimLeftSpace(src)
	trimmed = trimmed.TrimRightSpace(src)
	v := trimmed.Value(src)
	start, end := 0, len(v)
	if end > 0 && v[0] == '|' {
		start++
	}
	if end > 0 && v[end-1] == '|' {
		end--
	}
	n := 0
	for ; start < end; n++ {
		align := east.AlignNone
		if n < len(aligns) {
			align = aligns[n]
		} else if !header {
			return r
		}
		cell := east.NewTableCell()
		cell.SetPos(line.Start + start - line.Padding)
		cell.Alignment = align
		var esc *escapedPipes
		backtick := false
		stop := start
		for ; stop < end; stop++ {
			if v[stop] == '`' {
				backtick = true
			}
			if v[stop] != '|' {
				continue
			}
			if stop == 0 || v[stop-1] != '\\' {
				break
			}
			if backtick {
				if esc == nil {
					g.escaped = append(g.escaped, escapedPipes{cell: cell})
					esc = &g.escaped[len(g.escaped)-1]
				}
				esc.slash = append(esc.slash, trimmed.Start+stop-1)
			}
		}
		content := text.NewSegment(trimmed.Start+start, trimmed.Start+stop)
		content = content.TrimLeftSpace(src)
		cell.Lines().Append(content.TrimRightSpace(src))
		r.AppendChild(r, cell)
		start = stop + 1
	}
	for ; n < len(aligns); n++ {
		r.AppendChild(r, east.NewTableCell())
	}
	return r
}

// pipesInCode is the AST transformer that removes, from the text of code
// spans in table cells, the backslashes that escaped a pipe: the text on
// each side becomes a raw text node of its own.
type pipesInCode struct{ tables *gfmTables }

func (p pipesInCode) Transform(_ *ast.Document, _ text.Reader, _ parser.Context) {
	all := p.tables.escaped
	p.tables.escaped = nil
	for i := range all {
		if all[i].done {
			continue
		}
		_ = ast.Walk(all[i].cell, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && n.Kind() == ast.KindCodeSpan {
				splitAtSlashes(n, all)
			}
			return ast.WalkContinue, nil
		})
	}
}

// splitAtSlashes splits the text children of code at the backslashes of
// all, dropping them, and marks the cells it found them in as done.
func splitAtSlashes(code ast.Node, all []escapedPipes) {
	for c := code.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok {
			c = next
			continue
		}
		span := t.Segment // where the original text was
		tail := t
		for i := range all {
			for _, at := range all[i].slash {
				if at < span.Start || at >= span.Stop {
					continue
				}
				before := ast.NewRawTextSegment(tail.Segment.WithStop(at))
				after := ast.NewRawTextSegment(tail.Segment.WithStart(at + 1))
				code.InsertAfter(code, tail, before)
				code.InsertAfter(code, before, after)
				code.RemoveChild(code, tail)
				tail = after
				all[i].done = true
			}
		}
		c = next
	}
}
