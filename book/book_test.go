package book

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in, iso, human string
	}{
		{"", "", ""},
		{"1987", "1987", "1987"},
		{"1987-11", "1987-11", "November 1987"},
		{"1917-11-07", "1917-11-07", "7 November 1917"},
		{"November 1987", "1987-11", "November 1987"},
		{"7 November 1917", "1917-11-07", "7 November 1917"},
		{"nov 1987", "1987-11", "November 1987"},
		{" 2024-02-29 ", "2024-02-29", "29 February 2024"},
	} {
		d, err := ParseDate(c.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if d.String() != c.iso || d.Human() != c.human {
			t.Errorf("ParseDate(%q) = %q / %q, want %q / %q", c.in, d.String(), d.Human(), c.iso, c.human)
		}
	}
	for _, bad := range []string{"87", "1987-13", "2023-02-29", "1987-1-1", "Brumaire 1799", "0000", "1987-11-07-01", "32 May 2000"} {
		if d, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, d)
		}
	}
}

func TestEditionTime(t *testing.T) {
	m := Meta{}
	if got := m.EditionTime(); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("zero meta: %v", got)
	}
	m.Published = Date{Year: 1987, Month: time.November}
	if got := m.EditionTime(); got != time.Date(1987, 11, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("published only: %v", got)
	}
	paris := time.FixedZone("CET", 3600)
	m.Modified = time.Date(2026, 1, 2, 3, 4, 5, 600, paris)
	if got := m.EditionTime(); got != time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC) {
		t.Errorf("modified: %v", got)
	}
}

func TestBookID(t *testing.T) {
	a := Meta{Title: "T", Contributors: []Contributor{{Name: "A"}, {Name: "X", Role: Translator}}}
	b := Meta{Title: "T", Contributors: []Contributor{{Name: "A", Role: Author}}}
	if a.BookID() != b.BookID() {
		t.Errorf("translators must not change the derived ID: %s vs %s", a.BookID(), b.BookID())
	}
	c := Meta{Title: "T", Contributors: []Contributor{{Name: "B"}}}
	if a.BookID() == c.BookID() {
		t.Error("different authors gave the same ID")
	}
	if id := a.BookID(); !strings.HasPrefix(id, "urn:uuid:") || len(id) != 45 || id[23] != '5' {
		t.Errorf("not a version-5 UUID URN: %s", id)
	}
	a.Identifier = " urn:isbn:9780000000002 "
	if a.BookID() != "urn:isbn:9780000000002" {
		t.Errorf("explicit identifier: %q", a.BookID())
	}
}

func TestRoles(t *testing.T) {
	for in, want := range map[string]Role{"Author": Author, "translator": Translator, "trl": Translator, "EDITOR": Editor, "nrt": "nrt"} {
		if got, err := ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseRole("chief cook"); err == nil {
		t.Error("ParseRole accepted nonsense")
	}
	if Role("").Code() != "aut" || Translator.Phrase() != "translated by" || Translator.String() != "translator" {
		t.Error("role names")
	}
}

func TestValidLanguageTag(t *testing.T) {
	good := []string{"en", "en-GB", "fr", "de-CH-1996", "sr-Latn-RS", "zh-Hant", "es-419", "x-klingon", "en-a-bbb-x-a-ccc", "zh-yue-HK", "tlh"}
	bad := []string{"", "e", "english!", "en_GB", "en--GB", "en-", "-en", "123", "en-a", "toolongtag9", "en-GB-x"}
	for _, s := range good {
		if !ValidLanguageTag(s) {
			t.Errorf("ValidLanguageTag(%q) = false", s)
		}
	}
	for _, s := range bad {
		if ValidLanguageTag(s) {
			t.Errorf("ValidLanguageTag(%q) = true", s)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Peace, bread and land":               "peace-bread-and-land",
		"The Popular Fronts: a policy":        "the-popular-fronts-a-policy",
		"Économie — politique":                "economie-politique",
		"The workers’ state":                  "the-workers-state",
		"1917–1920":                           "ch-1917-1920",
		"Революция":                           "ch",
		"  Who else then?  ":                  "who-else-then",
		"The revolutionary wave of 1917-1920": "the-revolutionary-wave-of-1917-1920",
	} {
		if got := Slug(in, "ch"); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
		if got := Slug(in, "ch"); !ValidID(got) {
			t.Errorf("Slug(%q) = %q is not a valid ID", in, got)
		}
	}
	var s Slugs
	s.Reserve("notes")
	if a, b := s.Make("Notes", "x"), s.Make("Notes", "x"); a != "notes-2" || b != "notes-3" {
		t.Errorf("Slugs.Make: %q, %q", a, b)
	}
}

func validBook() *Book {
	png := Resource{Name: "a.png", MediaType: "image/png", Data: []byte("\x89PNG")}
	return &Book{
		Meta: Meta{Title: "T", Language: "en"},
		Chapters: []Chapter{{
			ID: "c1", Title: "One",
			Blocks: []Block{
				Paragraph{Text("a"), Emphasis{Strong{Text("b")}}, Code("c"), Link{URL: "https://example.org/", Content: []Inline{Text("d")}}, Image{Image: png, Alt: "e"}, FootnoteRef{ID: "n1"}, LineBreak{}},
				Heading{Level: 2, ID: "s1", Content: []Inline{Text("Section")}},
				Quote{Paragraph{Text("q")}},
				List{Ordered: true, Start: 3, Items: []ListItem{{Paragraph{Text("i")}}}},
				CodeBlock{Language: "go", Text: "a\n\tb\n"},
				SceneBreak{},
				Figure{Image: png, Alt: "fig"},
				Table{Align: []Align{AlignLeft, AlignRight}, Header: []Cell{{Text("h1")}, {Text("h2")}}, Rows: [][]Cell{{{Text("1")}, {Text("2")}}}},
				Footnote{ID: "n1", Blocks: []Block{Paragraph{Text("note")}}},
			},
		}},
	}
}

func TestValidateAccepts(t *testing.T) {
	b := validBook()
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	// Internal links may name any chapter, heading or footnote.
	b.Chapters[0].Blocks[2] = Quote{Paragraph{Link{URL: "#s1"}, Link{URL: "#c1"}, Link{URL: "#n1"}}}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateProblems(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Book)
		want  error
		where string
	}{
		{"no title", func(b *Book) { b.Meta.Title = " " }, ErrNoTitle, "metadata"},
		{"no chapters", func(b *Book) { b.Chapters = nil }, ErrNoChapters, ""},
		{"language", func(b *Book) { b.Meta.Language = "en_GB" }, ErrBadLanguage, "metadata"},
		{"bad chapter id", func(b *Book) { b.Chapters[0].ID = "1 two" }, ErrBadID, "chapter 1"},
		{"duplicate heading id", func(b *Book) { b.Chapters[0].Blocks[1] = Heading{Level: 2, ID: "c1"} }, ErrDuplicateID, `chapter 1 "c1", block 2`},
		{"missing footnote", func(b *Book) { b.Chapters[0].Blocks[8] = SceneBreak{} }, ErrMissingFootnote, `chapter 1 "c1", block 1`},
		{"unused footnote", func(b *Book) { b.Chapters[0].Blocks[0] = Paragraph{Text("x")} }, ErrUnusedFootnote, `chapter 1 "c1", block 9`},
		{"footnote id taken by a heading", func(b *Book) {
			b.Chapters[0].Blocks[1] = Heading{Level: 2, ID: "n1"}
		}, ErrDuplicateID, "block 9"},
		{"link to nowhere", func(b *Book) {
			b.Chapters[0].Blocks[2] = Quote{Paragraph{Link{URL: "#nowhere"}}}
		}, ErrBadLink, "quote block 1"},
		{"nested footnote", func(b *Book) { b.Chapters[0].Blocks[2] = Quote{Footnote{ID: "n2"}} }, ErrMisplacedNote, "quote block 1"},
		{"heading level", func(b *Book) { b.Chapters[0].Blocks[1] = Heading{Level: 1} }, ErrBadHeading, "block 2"},
		{"ragged table", func(b *Book) {
			b.Chapters[0].Blocks[7] = Table{Header: []Cell{{Text("h")}}, Rows: [][]Cell{{{Text("1")}, {Text("2")}}}}
		}, ErrBadTable, "block 8, row 1"},
		{"bad media type", func(b *Book) {
			b.Chapters[0].Blocks[6] = Figure{Image: Resource{Name: "x.bmp", MediaType: "image/bmp", Data: []byte{1}}}
		}, ErrBadResource, "block 7"},
		{"escaping name", func(b *Book) { b.Meta.Cover = &Resource{Name: "../x.png", MediaType: "image/png", Data: []byte{1}} }, ErrBadResource, "cover"},
		{"same name, other data", func(b *Book) { b.Meta.Cover = &Resource{Name: "a.png", MediaType: "image/png", Data: []byte{1}} }, ErrBadResource, "block 1"},
		{"control character", func(b *Book) { b.Chapters[0].Blocks[0] = Paragraph{Text("a\x00b"), FootnoteRef{ID: "n1"}} }, ErrBadText, "block 1"},
		{"invalid utf-8", func(b *Book) { b.Meta.Subtitle = "caf\xe9" }, ErrBadText, "subtitle"},
		{"javascript link", func(b *Book) {
			b.Chapters[0].Blocks[0] = Paragraph{Link{URL: "javascript:alert(1)"}, FootnoteRef{ID: "n1"}}
		}, ErrBadLink, "block 1"},
		{"too deep", func(b *Book) {
			var q Block = Paragraph{Text("deep")}
			for range MaxDepth + 2 {
				q = Quote{q}
			}
			b.Chapters[0].Blocks[2] = q
		}, ErrTooDeep, "block 3"},
		{"second reference from another chapter", func(b *Book) {
			b.Chapters = append(b.Chapters, Chapter{ID: "c2", Title: "Two", Blocks: []Block{Paragraph{Text("again"), FootnoteRef{ID: "n1"}}}})
		}, ErrMissingFootnote, `chapter 2 "c2", block 1`},
		{"bad role", func(b *Book) { b.Meta.Contributors = []Contributor{{Name: "A", Role: "Author"}} }, ErrBadContributor, "contributor 1"},
		{"bad date", func(b *Book) { b.Meta.Published = Date{Year: 1987, Month: 2, Day: 30} }, ErrBadDate, "published"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := validBook()
			c.edit(b)
			err := b.Validate()
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("want exactly one problem, got %v", err)
			}
			if !strings.Contains(ve.Problems[0].Where, c.where) {
				t.Errorf("problem at %q, want it to name %q", ve.Problems[0].Where, c.where)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	in := []Inline{Text("a "), Emphasis{Text("b"), Strong{Text("c")}}, LineBreak{}, Code("d"), FootnoteRef{ID: "x"}, Link{Content: []Inline{Text(" e")}}, Image{Alt: " f"}}
	if got := PlainText(in); got != "a bc d e f" {
		t.Errorf("PlainText = %q", got)
	}
}

// rawText skips printable ASCII without decoding it: what it reports, and
// where, must not depend on that.
func TestTextCheckPlaces(t *testing.T) {
	for _, c := range []struct{ text, err string }{
		{"plain ASCII ~ text", ""},
		{"tab\tand caf\u00e9, \uFFFD kept, \u2014 dash", ""},
		{"ab\u00e9\x01", "control character U+0001 at byte 4"},
		{"abc\x7f", "control character U+007F at byte 3"},
		{"\u00e9\u00e9x\xff", "invalid UTF-8 at byte 5"},
		{"new\nline", "control character U+000A at byte 3"},
		{"x\u0085", "control character U+0085 at byte 1"},
		{"x\uFFFE", "control character U+FFFE at byte 1"},
	} {
		b := validBook()
		b.Meta.Subtitle = c.text
		err := b.Validate()
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.text, err)
		case c.err != "" && (err == nil || !errors.Is(err, ErrBadText) || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want one with %q", c.text, err, c.err)
		}
	}
}
