package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/quire-books/quire/internal/corpus"
	"github.com/quire-books/quire/source"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0}, {[]time.Duration{5}, 5}, {[]time.Duration{9, 1, 5}, 5}, {[]time.Duration{4, 1, 3, 100}, 3},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestLargeMarkdown(t *testing.T) {
	one, err := source.Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	src, err := corpus.Markdown(3)
	if err != nil {
		t.Fatal(err)
	}
	b, err := source.ReadMarkdown(src, &source.MarkdownOptions{Name: "large.md"})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Chapters) != 3*len(one.Chapters) || b.Meta.Title != one.Meta.Title {
		t.Errorf("%d chapters titled %q; the pamphlet has %d", len(b.Chapters), b.Meta.Title, len(one.Chapters))
	}
	if w1, w3 := words(source.PamphletMarkdown()), words(src); w3 < 3*w1-300 || w3 > 3*w1 {
		t.Errorf("%d words in three pamphlets, %d in one", w3, w1)
	}
}

// TestRun runs the whole comparison once, without pandoc, on a book of
// two pamphlets. It builds the example commands, so it is not short.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example commands")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	var out bytes.Buffer
	if err := run(&out, config{rounds: 1, copies: 2, pandoc: "no-such-pandoc"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"machine: ", "commands built with CGO_ENABLED=0", "pandoc: not found", "quire pamphlet (all editions)", "pamphlet.epub, pamphlet.pdf",
		"pamphlets-2.md", "peak RSS", "cost per word 2× / 1×",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
