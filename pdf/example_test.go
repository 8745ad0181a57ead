package pdf_test

import (
	"bytes"
	"fmt"
	"image/color"
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

// Impose a book as a saddle-stitched booklet: A5 pages two to a side of
// A4 landscape sheets, in folding order, with a cover and fold marks.
// Print it on both sides, flipping on the short edge, fold and staple.
func ExampleWriteBooklet() {
	b := &book.Book{
		Meta: book.Meta{Title: "Notes", Language: "en", Contributors: []book.Contributor{{Name: "Ann Author"}}},
		Chapters: []book.Chapter{
			{ID: "one", Title: "One", Blocks: []book.Block{book.Paragraph{book.Text("The first chapter.")}}},
			{ID: "two", Title: "Two", Blocks: []book.Block{book.Paragraph{book.Text("The second chapter.")}}},
		},
	}
	var pages, booklet bytes.Buffer
	o := &pdf.Options{Cover: true}
	if err := pdf.Write(&pages, b, o); err != nil {
		log.Fatal(err)
	}
	if err := pdf.WriteBooklet(&booklet, b, o, &pdf.BookletOptions{Guides: true}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Count(pages.Bytes(), []byte("/Type /Page\n")), "pages on",
		bytes.Count(booklet.Bytes(), []byte("/Type /Page\n")), "sides")
	// Output: 10 pages on 6 sides
}

// Typeset a book once and write it both ways: the PDF of its pages and
// the booklet. The two may be written at once, from two goroutines.
func ExampleTypeset() {
	b := &book.Book{
		Meta: book.Meta{Title: "Notes", Language: "en"},
		Chapters: []book.Chapter{
			{ID: "one", Title: "One", Blocks: []book.Block{book.Paragraph{book.Text("The first chapter.")}}},
		},
	}
	doc, err := pdf.Typeset(b, &pdf.Options{Cover: true})
	if err != nil {
		log.Fatal(err)
	}
	var pages, booklet bytes.Buffer
	if err := doc.Write(&pages); err != nil {
		log.Fatal(err)
	}
	if err := doc.WriteBooklet(&booklet, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Count(pages.Bytes(), []byte("/Type /Page\n")), "pages on",
		bytes.Count(booklet.Bytes(), []byte("/Type /Page\n")), "sides")
	// Output: 8 pages on 4 sides
}

// Write a book for a print shop: 3 mm of bleed around each A5 page, crop
// marks, and a typographic cover in the publisher's colours.
func ExampleWrite_print() {
	b := &book.Book{
		Meta: book.Meta{Title: "Notes", Subtitle: "A short book", Language: "en"},
		Chapters: []book.Chapter{
			{ID: "one", Title: "One", Blocks: []book.Block{book.Paragraph{book.Text("The first chapter.")}}},
		},
	}
	o := &pdf.Options{
		Bleed:           3 * pdf.Millimetre,
		CropMarks:       true,
		Cover:           true,
		CoverBackground: color.RGBA{0x1b, 0x3a, 0x5c, 0xff},
		CoverForeground: color.RGBA{0xff, 0xff, 0xff, 0xff},
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, b, o); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Contains(buf.Bytes(), []byte("/TrimBox [25.51 25.51 445.04 620.79]")))
	// Output: true
}
