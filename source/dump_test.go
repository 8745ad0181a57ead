package source

import (
	"fmt"
	"strings"
	"time"

	"github.com/quire-books/quire/book"
)

// dump writes a book as readable, deterministic text for the case files:
// metadata fields one per line, then each chapter with its blocks indented
// and each block's inlines on one line. Strings are Go-quoted, so that a
// no-break space shows as \u00a0.
func dump(b *book.Book) string {
	var sb strings.Builder
	m := &b.Meta
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&sb, "%s: %q\n", name, v)
		}
	}
	field("title", m.Title)
	field("subtitle", m.Subtitle)
	for _, c := range m.Contributors {
		fmt.Fprintf(&sb, "contributor: %s %q", c.Role.Code(), c.Name)
		if c.FileAs != "" {
			fmt.Fprintf(&sb, " file-as %q", c.FileAs)
		}
		sb.WriteByte('\n')
	}
	field("publisher", m.Publisher)
	field("language", m.Language)
	field("identifier", m.Identifier)
	field("published", m.Published.String())
	if !m.Modified.IsZero() {
		field("modified", m.Modified.Format(time.RFC3339))
	}
	field("rights", m.Rights)
	field("description", m.Description)
	for _, s := range m.Subjects {
		field("subject", s)
	}
	if m.Cover != nil {
		fmt.Fprintf(&sb, "cover: %s\n", resource(*m.Cover))
	}
	for _, c := range b.Chapters {
		fmt.Fprintf(&sb, "chapter %s %q\n", c.ID, c.Title)
		dumpBlocks(&sb, c.Blocks, 1)
	}
	return sb.String()
}

func resource(r book.Resource) string {
	return fmt.Sprintf("%s %s %d bytes", r.Name, r.MediaType, len(r.Data))
}

func dumpBlocks(sb *strings.Builder, blocks []book.Block, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, b := range blocks {
		sb.WriteString(indent)
		switch b := b.(type) {
		case book.Paragraph:
			fmt.Fprintf(sb, "paragraph: %s\n", inlines(b))
		case book.Heading:
			fmt.Fprintf(sb, "heading %d #%s: %s\n", b.Level, b.ID, inlines(b.Content))
		case book.Quote:
			sb.WriteString("quote\n")
			dumpBlocks(sb, b, depth+1)
		case book.List:
			sb.WriteString("list")
			if b.Ordered {
				fmt.Fprintf(sb, " ordered start=%d", b.Start)
			}
			if b.Loose {
				sb.WriteString(" loose")
			}
			sb.WriteByte('\n')
			for _, item := range b.Items {
				sb.WriteString(indent + "  item\n")
				dumpBlocks(sb, item, depth+2)
			}
		case book.CodeBlock:
			fmt.Fprintf(sb, "code %q\n", b.Language)
			for _, line := range strings.Split(b.Text, "\n") {
				fmt.Fprintf(sb, "%s  | %q\n", indent, line)
			}
		case book.SceneBreak:
			sb.WriteString("scene-break\n")
		case book.Figure:
			fmt.Fprintf(sb, "figure %s alt=%q", resource(b.Image), b.Alt)
			if b.Caption != nil {
				fmt.Fprintf(sb, " caption: %s", inlines(b.Caption))
			}
			sb.WriteByte('\n')
		case book.Table:
			sb.WriteString("table")
			if b.Align != nil {
				names := []string{"default", "left", "center", "right"}
				var al []string
				for _, a := range b.Align {
					al = append(al, names[a])
				}
				fmt.Fprintf(sb, " align=%s", strings.Join(al, ","))
			}
			sb.WriteByte('\n')
			if b.Header != nil {
				fmt.Fprintf(sb, "%s  header: %s\n", indent, cells(b.Header))
			}
			for _, row := range b.Rows {
				fmt.Fprintf(sb, "%s  row: %s\n", indent, cells(row))
			}
		case book.Footnote:
			fmt.Fprintf(sb, "footnote %s\n", b.ID)
			dumpBlocks(sb, b.Blocks, depth+1)
		default:
			fmt.Fprintf(sb, "unknown block %T\n", b)
		}
	}
}

func cells(row []book.Cell) string {
	var parts []string
	for _, c := range row {
		parts = append(parts, "["+inlines(c)+"]")
	}
	return strings.Join(parts, " ")
}

func inlines(in []book.Inline) string {
	var parts []string
	for _, x := range in {
		switch x := x.(type) {
		case book.Text:
			parts = append(parts, fmt.Sprintf("%q", string(x)))
		case book.Emphasis:
			parts = append(parts, "em("+inlines(x)+")")
		case book.Strong:
			parts = append(parts, "strong("+inlines(x)+")")
		case book.Code:
			parts = append(parts, fmt.Sprintf("code(%q)", string(x)))
		case book.Link:
			s := fmt.Sprintf("link(%q", x.URL)
			if x.Title != "" {
				s += fmt.Sprintf(" title=%q", x.Title)
			}
			parts = append(parts, s+": "+inlines(x.Content)+")")
		case book.Image:
			parts = append(parts, fmt.Sprintf("image(%s alt=%q)", resource(x.Image), x.Alt))
		case book.FootnoteRef:
			parts = append(parts, "ref("+x.ID+")")
		case book.LineBreak:
			parts = append(parts, "br")
		default:
			parts = append(parts, fmt.Sprintf("unknown(%T)", x))
		}
	}
	return strings.Join(parts, " ")
}
