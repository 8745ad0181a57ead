package corpus

import (
	"bytes"
	"testing"

	"github.com/quire-books/quire/source"
)

func TestMarkdown(t *testing.T) {
	one, err := Markdown(1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, source.PamphletMarkdown()) {
		t.Error("one copy is not the pamphlet's manuscript")
	}
	three, err := Markdown(3)
	if err != nil {
		t.Fatal(err)
	}
	two, err := Markdown(2)
	if err != nil {
		t.Fatal(err)
	}
	// Each copy adds the body and its three-word "# Part N" heading.
	n1, n2, n3 := len(bytes.Fields(one)), len(bytes.Fields(two)), len(bytes.Fields(three))
	if n3-n2 != n2-n1 || n2-n1 < n1*9/10 {
		t.Errorf("1, 2 and 3 copies have %d, %d and %d words", n1, n2, n3)
	}
	b, err := source.ReadMarkdown(three, &source.MarkdownOptions{Name: "three.md"})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := source.Pamphlet()
	if got, want := len(b.Chapters), 3*len(p.Chapters); got != want {
		t.Errorf("%d chapters, want %d", got, want)
	}
}

func TestBook(t *testing.T) {
	b, err := Book(3)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	p, _ := source.Pamphlet()
	if got, want := len(b.Chapters), 3*len(p.Chapters); got != want {
		t.Errorf("%d chapters, want %d", got, want)
	}
}
