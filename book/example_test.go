package book_test

import (
	"errors"
	"fmt"

	"github.com/quire-books/quire/book"
)

// Build a small book in Go code and check it.
func Example() {
	b := &book.Book{
		Meta: book.Meta{
			Title:    "A Short Book",
			Language: "en",
			Contributors: []book.Contributor{
				{Name: "Ann Author", Role: book.Author},
				{Name: "Tom Translator", Role: book.Translator},
			},
			Published: book.Date{Year: 2026, Month: 11},
		},
		Chapters: []book.Chapter{{
			ID:    "hello",
			Title: "Hello",
			Blocks: []book.Block{
				book.Paragraph{book.Text("Hello, "), book.Emphasis{book.Text("world")}, book.Text("."), book.FootnoteRef{ID: "n1"}},
				book.List{Items: []book.ListItem{
					{book.Paragraph{book.Text("one")}},
					{book.Paragraph{book.Text("two")}},
				}},
				book.Footnote{ID: "n1", Blocks: []book.Block{book.Paragraph{book.Text("A note.")}}},
			},
		}},
	}
	fmt.Println(b.Validate())
	fmt.Println(b.Meta.BookID())
	fmt.Println(b.Meta.Published, b.Meta.Authors())
	// Output:
	// <nil>
	// urn:uuid:24e7b955-cb42-560d-ac55-97a5a304ba88
	// 2026-11 [Ann Author]
}

// Validate reports every problem at once; errors.Is finds each kind.
func ExampleBook_Validate() {
	b := &book.Book{
		Meta: book.Meta{Language: "english!"},
		Chapters: []book.Chapter{
			{ID: "one", Blocks: []book.Block{book.Paragraph{book.FootnoteRef{ID: "x"}}}},
			{ID: "one"},
		},
	}
	err := b.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, book.ErrDuplicateID), errors.Is(err, book.ErrNoChapters))
	// Output:
	// book: 4 problems:
	// 	metadata: book has no title
	// 	metadata: invalid BCP 47 language tag: "english!"
	// 	chapter 2 "one": duplicate ID: "one", first used at chapter 1 "one"
	// 	chapter 1 "one", block 1: footnote reference without a definition: "x"
	// true false
}
