package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/quire-books/quire/book"
)

// testPNG draws a small deterministic picture: a gradient with a frame.
func testPNG() []byte {
	m := image.NewNRGBA(image.Rect(0, 0, 240, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 240; x++ {
			c := color.NRGBA{uint8(x), uint8(2 * y), 160, 255}
			if x < 3 || y < 3 || x > 236 || y > 116 {
				c = color.NRGBA{20, 20, 20, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const lorem = "The workers did not return to the factories, nor the soldiers to their barracks. " +
	"Or rather they did return, but not to resume working under the foremen's orders, nor to obey " +
	"their captains and generals. They returned, but continued to discuss their grievances, and " +
	"the discussion itself became a school of revolutionary politics for millions of people."

// testBook has every block and inline type, footnotes, nested sections,
// an image made here, accented Latin, Greek and Cyrillic.
func testBook() *book.Book {
	pic := book.Resource{Name: "images/gradient.png", MediaType: "image/png", Data: testPNG()}
	long := func(n int) []book.Block {
		var bs []book.Block
		for i := 0; i < n; i++ {
			bs = append(bs, book.Paragraph{book.Text(lorem)})
		}
		return bs
	}
	ch1 := []book.Block{
		book.Paragraph{book.Text("An untitled opening: the text before the first heading, with an "), book.Emphasis{book.Text("emphasised")}, book.Text(" word and a "), book.Strong{book.Text("strong one")}, book.Text(".")},
		book.Paragraph{book.Text(lorem + " " + lorem)},
	}
	ch2 := []book.Block{
		book.Paragraph{
			book.Text("Accented Latin: façade, naïve, Œuvre, Ærø, Łódź, São Paulo, Dvořák. "),
			book.Text("Greek: Η επανάσταση του Οκτώβρη. Cyrillic: Октябрьская революция, «Вся власть Советам!» "),
			book.Text("Inline "), book.Code("code()"), book.Text(", a "), book.Link{URL: "https://example.org/a/very/long/path", Content: []book.Inline{book.Text("link to elsewhere")}},
			book.Text(", an internal "), book.Link{URL: "#tables", Content: []book.Inline{book.Text("link to the tables")}},
			book.Text(", a note"), book.FootnoteRef{ID: "n1"}, book.Text(" and "), book.Emphasis{book.Text("nested "), book.Strong{book.Text("bold italic")}, book.Text(" text")},
			book.Text(", an inline image "), book.Image{Image: pic, Alt: "gradient"}, book.Text(" and a hard"), book.LineBreak{}, book.Text("line break. Non\u00a0breaking and thin\u2009spaces, a soft hy\u00adphen, "),
			book.Text("“quotes”, en – and em — dashes, and an ellipsis…"),
		},
		book.Paragraph{book.Text(lorem), book.FootnoteRef{ID: "n2"}, book.Text(" " + lorem)},
		book.Heading{Level: 2, ID: "lists", Content: []book.Inline{book.Text("Lists and quotes")}},
		book.Paragraph{book.Text("A bulleted list follows.")},
		book.List{Items: []book.ListItem{
			{book.Paragraph{book.Text("First item, short.")}},
			{book.Paragraph{book.Text("Second item, long enough to wrap onto a second line so the hanging indent shows: " + lorem)}},
			{book.Paragraph{book.Text("Third item with a nested list:")}, book.List{Ordered: true, Start: 8, Items: []book.ListItem{
				{book.Paragraph{book.Text("eight")}}, {book.Paragraph{book.Text("nine")}}, {book.Paragraph{book.Text("ten, the first two-digit number")}},
			}}},
		}},
		book.Paragraph{book.Text("And a quotation:")},
		book.Quote{book.Paragraph{book.Text("Comrades, the workers’ and peasants’ revolution has been carried out. " + lorem)}, book.Quote{book.Paragraph{book.Text("A quote inside the quote.")}}},
		book.Paragraph{book.Text(lorem)},
		book.Heading{Level: 3, Content: []book.Inline{book.Text("A subsection with code")}},
		book.CodeBlock{Language: "go", Text: "package main\n\nfunc main() {\n\tprintln(\"hello, world\")\n\t// a very long comment line that has to be wrapped because it is much wider than the measure of the page\n}\n"},
		book.Paragraph{book.Text(lorem)},
		book.Heading{Level: 4, Content: []book.Inline{book.Text("A level four heading")}},
		book.Paragraph{book.Text(lorem)},
		book.SceneBreak{},
		book.Paragraph{book.Text("After the scene break. " + lorem)},
		book.Footnote{ID: "n1", Blocks: []book.Block{book.Paragraph{book.Text("The first footnote, with "), book.Emphasis{book.Text("italics")}, book.Text(".")}}},
		book.Footnote{ID: "n2", Blocks: []book.Block{book.Paragraph{book.Text("A longer note. " + lorem)}, book.Paragraph{book.Text("Its second paragraph.")}}},
	}
	ch2 = append(ch2, long(6)...)
	ch3 := []book.Block{
		book.Paragraph{book.Text("A figure with a caption follows.")},
		book.Figure{Image: pic, Alt: "A gradient", Caption: []book.Inline{book.Text("A gradient made by the test, "), book.Emphasis{book.Text("with a caption")}, book.Text(".")}},
		book.Paragraph{book.Text(lorem)},
		book.Heading{Level: 2, ID: "tables", Content: []book.Inline{book.Text("Tables")}},
		book.Table{
			Align:  []book.Align{book.AlignLeft, book.AlignRight, book.AlignCenter},
			Header: []book.Cell{{book.Text("Year")}, {book.Text("Members")}, {book.Text("Event")}},
			Rows: [][]book.Cell{
				{{book.Text("1903")}, {book.Text("8,400")}, {book.Text("The split between Bolsheviks and Mensheviks at the second congress")}},
				{{book.Text("1917")}, {book.Text("240,000")}, {book.Text("October")}},
				{{book.Text("1921")}, {book.Text("730,000")}, {book.Strong{book.Text("Kronstadt")}}},
			},
		},
		book.Paragraph{book.Text(lorem)},
	}
	ch3 = append(ch3, long(3)...)
	return &book.Book{
		Meta: book.Meta{
			Title:    "A Test of Every Feature",
			Subtitle: "Blocks, inlines, footnotes and figures",
			Contributors: []book.Contributor{
				{Name: "Ann Author"}, {Name: "Bob Writer", Role: book.Author},
				{Name: "Tom Translator", Role: book.Translator},
			},
			Publisher:   "Quire Test Press",
			Language:    "en-GB",
			Published:   book.Date{Year: 2026, Month: time.March, Day: 5},
			Rights:      "© 2026 Ann Author. Some rights reserved.",
			Description: "A book that uses every part of the model.",
			Subjects:    []string{"Testing", "Typography"},
		},
		Chapters: []book.Chapter{
			{ID: "opening", Blocks: ch1},
			{ID: "features", Title: "Every inline and block — with accents: Ελληνικά, Русский", Blocks: ch2},
			{ID: "figures", Title: "Figures and tables", Blocks: ch3},
		},
	}
}

var lineEndHyphen = regexp.MustCompile(`[-‐][ \t]*\n\s*`)

// words returns the text of s as a sequence of words for comparison:
// letters and digits only, hyphens at line ends and inside words joined.
func words(s string) []string {
	s = lineEndHyphen.ReplaceAllString(s, "")
	s = strings.NewReplacer("-", "", "‐", "", "’", "", "'", "").Replace(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7F && unicode.IsLetter(r))
	})
}
