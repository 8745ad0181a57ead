package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/quire-books/quire/source"
)

// largeMarkdown returns the pamphlet's manuscript with its body repeated
// copies times, each copy after the first opened by a "# Part N" heading: a
// long book made from the pamphlet's text, with no corpus of its own.
func largeMarkdown(copies int) ([]byte, error) {
	md := source.PamphletMarkdown()
	// The front matter ends at the second "---" line.
	end := bytes.Index(md, []byte("\n---\n"))
	if !bytes.HasPrefix(md, []byte("---\n")) || end < 0 {
		return nil, errors.New("pamphlet manuscript: no front matter")
	}
	front, body := md[:end+5], md[end+5:]
	var b bytes.Buffer
	b.Write(front)
	for k := range copies {
		if k > 0 {
			fmt.Fprintf(&b, "\n# Part %d\n\n", k+1)
		}
		b.Write(body)
	}
	return b.Bytes(), nil
}

// words counts the words of a manuscript.
func words(src []byte) int { return len(bytes.Fields(src)) }
