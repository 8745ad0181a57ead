// Package corpus makes long books out of the pamphlet's text, for the
// benchmarks and the comparison with pandoc (examples/bench): the
// repository ships no corpus of its own.
//
//	src, err := corpus.Markdown(40) // a manuscript of 40 pamphlets
//	b, err := corpus.Book(40)       // the same as a book.Book
package corpus

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/source"
)

// Markdown returns the pamphlet's Markdown manuscript with its body
// repeated copies times, each copy after the first opened by a "# Part N"
// heading.
func Markdown(copies int) ([]byte, error) {
	md := source.PamphletMarkdown()
	// The front matter ends at the second "---" line.
	end := bytes.Index(md, []byte("\n---\n"))
	if !bytes.HasPrefix(md, []byte("---\n")) || end < 0 {
		return nil, errors.New("corpus: the pamphlet's manuscript has no front matter")
	}
	front, body := md[:end+5], md[end+5:]
	var b bytes.Buffer
	b.Grow(len(front) + copies*(len(body)+16))
	b.Write(front)
	for k := range copies {
		if k > 0 {
			fmt.Fprintf(&b, "\n# Part %d\n\n", k+1)
		}
		b.Write(body)
	}
	return b.Bytes(), nil
}

// Book returns the pamphlet's book with its chapters repeated copies
// times, the chapter IDs of each copy after the first made unique with a
// "-N" suffix.
func Book(copies int) (*book.Book, error) {
	b, err := source.Pamphlet()
	if err != nil {
		return nil, err
	}
	one := b.Chapters
	b.Chapters = make([]book.Chapter, 0, copies*len(one))
	for k := range copies {
		for _, c := range one {
			if k > 0 {
				c.ID = fmt.Sprintf("%s-%d", c.ID, k+1)
			}
			b.Chapters = append(b.Chapters, c)
		}
	}
	return b, nil
}
