package cover

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/quire-books/quire/book"
)

var pngOut = flag.String("png", "", "write the test cover to this file, to look at")

var pamphlet = book.Meta{
	Title:     "The 70th anniversary of the 1917 October Revolution",
	Subtitle:  "The relevance of the proletarian revolution today",
	Publisher: "Workers’ Fight",
	Contributors: []book.Contributor{
		{Name: "Lutte Ouvrière", Role: book.Author},
		{Name: "Workers’ Fight", Role: book.Translator},
	},
}

// fixedWidth measures every rune as half the font size.
func fixedWidth(_ Style, size float64, s string) float64 {
	return float64(len([]rune(s))) * size / 2
}

func TestLayout(t *testing.T) {
	items := Layout(&pamphlet, 1000, 1600, fixedWidth)
	var texts []string
	for _, it := range items {
		if it.Text != "" {
			if it.X < 0 || it.X+fixedWidth(it.Style, it.Size, it.Text) > 1000 {
				t.Errorf("%q runs off the cover: x=%.1f", it.Text, it.X)
			}
			texts = append(texts, it.Text)
		}
		if it.Y < 0 || it.Y > 1600 {
			t.Errorf("%q outside the cover: y=%.1f", it.Text, it.Y)
		}
	}
	all := strings.Join(texts, " | ")
	for _, want := range []string{"LUTTE OUVRIÈRE", "The 70th", "Revolution", "The relevance of the", "Translated by Workers’ Fight", "Workers’ Fight"} {
		if !strings.Contains(all, want) {
			t.Errorf("cover text %q lacks %q", all, want)
		}
	}
	// The title's lines are balanced: none more than twice as long as another.
	var title []string
	for _, it := range items {
		if it.Style == Bold {
			title = append(title, it.Text)
		}
	}
	if len(title) < 2 || len(title) > 4 {
		t.Fatalf("title in %d lines: %q", len(title), title)
	}
	for _, l := range title {
		if len(l) > 2*len(title[len(title)-1])+4 {
			t.Errorf("unbalanced title lines %q", title)
		}
	}
}

func TestPNG(t *testing.T) {
	a, err := PNG(&pamphlet, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(&pamphlet, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two covers of the same book differ")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != Width || r.Dy() != Height {
		t.Errorf("cover is %v", r)
	}
	// The ground is the default colour; the title's area has ink in it.
	if c := img.At(5, 5); c != DefaultBackground {
		t.Errorf("corner colour %v", c)
	}
	ink := 0
	for x := 0; x < Width; x += 2 {
		for y := Height * 28 / 100; y < Height*45/100; y += 2 {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 > 0xc0 {
				ink++
			}
		}
	}
	if ink < 1000 {
		t.Errorf("only %d inked samples where the title should be", ink)
	}
	if *pngOut != "" {
		os.WriteFile(*pngOut, a, 0o644)
	}
}

func BenchmarkPNG(b *testing.B) {
	for b.Loop() {
		if _, err := PNG(&pamphlet, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// The cover is drawn from the top down, its rows encoded and reused as it
// goes; a wrong guess at an item's rows makes it draw the cover again,
// keeping every row, with the same result.
func TestDrawAgain(t *testing.T) {
	for _, m := range []book.Meta{pamphlet, {Title: "Ÿ ÉÂ Ǻ ǻ ý þ ĵ Ŷ ŷ j g q p", Subtitle: "Ç ȘȚ Ģ ķ ļ ņ ŗ", Publisher: "ÅÑ"}} {
		want, again, err := drawPNG(&m, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if again {
			t.Errorf("%q: a good guess at the rows was wrong", m.Title)
		}
		got, again, err := drawPNG(&m, nil, -400)
		if err != nil {
			t.Fatal(err)
		}
		if !again {
			t.Errorf("%q: rows 400 pixels below the items went unnoticed", m.Title)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%q: drawn again, the cover differs", m.Title)
		}
	}
}
