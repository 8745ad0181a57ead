package epub_test

import (
	"testing"
	"time"

	"github.com/quire-books/quire/book"
)

// featureBook exercises every block and inline type of the model,
// footnotes, nested sections, an image and non-Latin text.
func featureBook(t testing.TB) *book.Book {
	pic := book.Resource{Name: "images/gradient.png", MediaType: "image/png", Data: testPNG(t)}
	T := func(s string) book.Text { return book.Text(s) }
	P := func(in ...book.Inline) book.Paragraph { return in }
	return &book.Book{
		Meta: book.Meta{
			Title:    "Every Kind of Thing",
			Subtitle: "A test book for Quire",
			Contributors: []book.Contributor{
				{Name: "Ann Author", FileAs: "Author, Ann", Role: book.Author},
				{Name: "Zoë Ångström", Role: book.Author},
				{Name: "Tom Translator", FileAs: "Translator, Tom", Role: book.Translator},
				{Name: "Ed Editor", Role: book.Editor},
			},
			Publisher:   "Quire Test Press",
			Language:    "en-GB",
			Published:   book.Date{Year: 1987, Month: time.November, Day: 7},
			Modified:    time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
			Rights:      "© 1987 The Authors & friends. Some rights reserved.",
			Description: "A book with <every> block & inline type.",
			Subjects:    []string{"Testing", "Typography"},
		},
		Chapters: []book.Chapter{
			{
				ID: "opening",
				Blocks: []book.Block{
					P(T("This opening chapter has no title. It starts the book with plain text, "),
						book.Emphasis{T("emphasis")}, T(", "), book.Strong{T("strong "), book.Emphasis{T("and both")}},
						T(", "), book.Code("inline <code> & such"), T(".")),
					P(T("A second paragraph, indented, with a note."), book.FootnoteRef{ID: "n-open"}),
					book.Footnote{ID: "n-open", Blocks: []book.Block{P(T("The opening's only note."))}},
				},
			},
			{
				ID:    "kinds",
				Title: "Kinds of Block",
				Blocks: []book.Block{
					P(T("Links: "), book.Link{URL: "https://example.org/search?q=a&b=c", Title: "Example \"search\"", Content: []book.Inline{T("an external one")}},
						T(", "), book.Link{URL: "mailto:someone@example.org", Content: []book.Inline{T("a mail address")}},
						T(", "), book.Link{URL: "#greek", Content: []book.Inline{T("a section in another chapter")}},
						T(", "), book.Link{URL: "#lists", Content: []book.Inline{T("one in this chapter")}},
						T(", "), book.Link{URL: "#alphabets", Content: []book.Inline{T("a whole chapter")}},
						T(" and "), book.Link{URL: "#n-two", Content: []book.Inline{T("a footnote")}}, T("."),
						book.FootnoteRef{ID: "n-one"}),
					P(T("A line"), book.LineBreak{}, T("broken by hand, and an inline image "),
						book.Image{Image: pic, Alt: "a small gradient"}, T(" in the text."), book.FootnoteRef{ID: "n-two"}),
					book.Heading{Level: 2, ID: "lists", Content: []book.Inline{T("Lists")}},
					book.List{Items: []book.ListItem{
						{P(T("a bullet"))},
						{P(T("a bullet with a nested list")), book.List{Ordered: true, Items: []book.ListItem{{P(T("one"))}, {P(T("two"))}}}},
					}},
					book.List{Ordered: true, Start: 7, Loose: true, Items: []book.ListItem{
						{P(T("seventh, loose")), P(T("with a second paragraph"))},
						{P(T("eighth"))},
					}},
					book.Heading{Level: 3, Content: []book.Inline{T("Quotes and code")}},
					book.Quote{
						P(T("A quotation, "), book.Emphasis{T("with emphasis")}, T(".")),
						book.Quote{P(T("A quotation inside a quotation."))},
					},
					book.CodeBlock{Language: "go", Text: "func main() {\n\tif a < b && c > d {\n\t\tfmt.Println(\"<&>\")\n\t}\n}"},
					book.CodeBlock{Text: "plain preformatted text\n  indented"},
					book.Heading{Level: 5, Content: []book.Inline{T("A heading that skips levels")}},
					P(T("Level 5 in the model, level 4 in the XHTML.")),
					book.Heading{Level: 2, Content: []book.Inline{T("Figures and tables")}},
					book.Figure{Image: pic, Alt: "A gradient from blue to pink", Caption: []book.Inline{T("A gradient, "), book.Emphasis{T("made in Go")}, T(".")}},
					book.Table{
						Align:  []book.Align{book.AlignLeft, book.AlignCenter, book.AlignRight},
						Header: []book.Cell{{T("Name")}, {T("Kind")}, {T("Count")}},
						Rows: [][]book.Cell{
							{{T("apples")}, {book.Emphasis{T("fruit")}}, {T("12")}},
							{{T("bolts")}, {book.Code("M6")}, {T("1,024")}},
						},
					},
					book.Table{Rows: [][]book.Cell{{{T("a table")}, {T("without a header")}}}},
					book.SceneBreak{},
					P(T("After a scene break."), book.FootnoteRef{ID: "n-one"}),
					book.Footnote{ID: "n-one", Blocks: []book.Block{
						P(T("A note referred to twice, which refers to another note."), book.FootnoteRef{ID: "n-three"}),
						P(T("Its second paragraph.")),
					}},
					book.Footnote{ID: "n-two", Blocks: []book.Block{
						book.List{Items: []book.ListItem{{P(T("a note that is a list"))}}},
					}},
					book.Footnote{ID: "n-three", Blocks: []book.Block{P(T("A note inside a note."))}},
				},
			},
			{
				ID:    "alphabets",
				Title: "Alphabets — Ελληνικά, Русский, Français",
				Blocks: []book.Block{
					book.Heading{Level: 2, ID: "greek", Content: []book.Inline{T("Ελληνικά")}},
					P(T("Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν."), book.FootnoteRef{ID: "n-greek"}),
					book.Heading{Level: 2, Content: []book.Inline{T("Русский")}},
					P(T("Съешь же ещё этих мягких французских булок, да выпей чаю.")),
					book.Heading{Level: 3, Content: []book.Inline{T("Français")}},
					P(T("« Où êtes-vous, Zoë ? » — L’été, à Noël, ça coûte 5 € ; naïve façade.")),
					book.Heading{Level: 2, Content: []book.Inline{T("Français")}},
					P(T("A second heading with the same text gets its own ID.")),
					book.Footnote{ID: "n-greek", Blocks: []book.Block{P(T("John 1:1."))}},
				},
			},
		},
	}
}

// smallBook is a short book for the golden files and the examples.
func smallBook() *book.Book {
	return &book.Book{
		Meta: book.Meta{
			Title:        "A Short Book",
			Language:     "en",
			Contributors: []book.Contributor{{Name: "Ann Author", Role: book.Author}},
			Published:    book.Date{Year: 2026, Month: time.November},
		},
		Chapters: []book.Chapter{{
			ID:    "hello",
			Title: "Hello",
			Blocks: []book.Block{
				book.Paragraph{book.Text("Hello, "), book.Emphasis{book.Text("world")}, book.Text("."), book.FootnoteRef{ID: "n1"}},
				book.Paragraph{book.Text("A second paragraph.")},
				book.Footnote{ID: "n1", Blocks: []book.Block{book.Paragraph{book.Text("A note.")}}},
			},
		}},
	}
}
