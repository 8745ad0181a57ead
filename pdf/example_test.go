package pdf_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/pdf"
)

// Write a short book as an A5 PDF with the defaults.
func ExampleWrite() {
	b := &book.Book{
		Meta: book.Meta{
			Title:        "Notes",
			Language:     "en",
			Contributors: []book.Contributor{{Name: "Ann Author"}},
			Published:    book.Date{Year: 2026, Month: time.March},
		},
		Chapters: []book.Chapter{{
			ID:     "one",
			Title:  "One",
			Blocks: []book.Block{book.Paragraph{book.Text("Hello, world.")}},
		}},
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, b, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	// Output: true
}

// Set a book on US Letter paper, ragged right, with chapters opening on
// right-hand pages, and collect the typesetter's warnings.
func ExampleWrite_options() {
	b := &book.Book{
		Meta: book.Meta{Title: "Notes", Language: "en"},
		Chapters: []book.Chapter{
			{ID: "one", Title: "One", Blocks: []book.Block{book.Paragraph{book.Text("The first chapter.")}}},
			{ID: "two", Title: "Two", Blocks: []book.Block{book.Paragraph{book.Text("The second chapter.")}}},
		},
	}
	var warnings []string
	o := &pdf.Options{
		TrimSize:      pdf.Letter,
		Margins:       pdf.Margins{Inner: 1 * pdf.Inch, Outer: 0.75 * pdf.Inch},
		FontSize:      11,
		Ragged:        true,
		RectoChapters: true,
		Warn:          func(msg string) { warnings = append(warnings, msg) },
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, b, o); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Count(buf.Bytes(), []byte("/Type /Page\n")), "pages,", len(warnings), "warnings")
	// Output: 8 pages, 0 warnings
}
