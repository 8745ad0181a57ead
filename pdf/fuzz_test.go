package pdf

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
)

// FuzzWrite sets arbitrary text as titles, paragraphs, list items, code
// and table cells: Write must give a PDF or a clear error, never panic
// (Write turns panics into "internal error", which fails here).
func FuzzWrite(f *testing.F) {
	f.Add("Title", "A paragraph.\n\nAnother, with a soft hy\u00adphen and a very long worddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.")
	f.Add("", "\t\n\u00a0\u2028\u200b")
	f.Add("Ελληνικά", "Русский текст – “quotes” — dashes…")
	f.Add("中文", "emoji 😀")
	f.Fuzz(fuzzOne)
}

// fuzzOne is one run of FuzzWrite.
func fuzzOne(t *testing.T, title, text string) {
	var blocks []book.Block
	for i, p := range strings.Split(text, "\n\n") {
		in := []book.Inline{book.Text(p), book.Emphasis{book.Text(p)}, book.LineBreak{}}
		switch i % 5 {
		case 0:
			blocks = append(blocks, book.Paragraph(in))
		case 1:
			blocks = append(blocks, book.Heading{Level: 2, Content: in})
		case 2:
			blocks = append(blocks, book.List{Items: []book.ListItem{{book.Paragraph(in)}}})
		case 3:
			blocks = append(blocks, book.CodeBlock{Text: p})
		case 4:
			blocks = append(blocks, book.Table{Rows: [][]book.Cell{{book.Cell(in)}}}, book.Quote{book.Paragraph(in)})
		}
	}
	b := &book.Book{
		Meta:     book.Meta{Title: "T" + title, Language: "en"},
		Chapters: []book.Chapter{{ID: "c", Title: title, Blocks: blocks}},
	}
	if b.Validate() != nil {
		return
	}
	var buf bytes.Buffer
	err := Write(&buf, b, nil)
	if err != nil {
		if !errors.Is(err, ErrMissingGlyph) {
			t.Fatalf("unexpected error: %v", err)
		}
		if buf.Len() != 0 {
			t.Fatal("output written despite the error")
		}
		return
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	// The same text on a generated cover (the title in bold, the
	// subtitle in italics), in a booklet.
	b.Meta.Subtitle = title
	buf.Reset()
	if err := WriteBooklet(&buf, b, &Options{Cover: true}, nil); err != nil && !errors.Is(err, ErrMissingGlyph) {
		t.Fatalf("booklet: unexpected error: %v", err)
	}
}
