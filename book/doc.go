// Package book is Quire's document model: a book's metadata and its
// chapters, made of blocks and inlines.
//
// The model is plain data. Readers (package source) build it; writers
// (packages epub and pdf) turn it into editions. It imports no reader's or
// writer's library, holds no parent pointers and never reads the clock.
//
// Block and Inline are closed sets: only this package can define them, so a
// writer's type switch can list every case and return an error for a value it
// does not know.
//
// The shortest use builds a book in Go code and checks it:
//
//	b := &book.Book{
//		Meta: book.Meta{Title: "Notes", Language: "en"},
//		Chapters: []book.Chapter{{
//			ID:     "one",
//			Title:  "One",
//			Blocks: []book.Block{book.Paragraph{book.Text("Hello, world.")}},
//		}},
//	}
//	if err := b.Validate(); err != nil {
//		// err lists every problem; errors.Is finds each kind.
//	}
package book
