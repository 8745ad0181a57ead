package source

import (
	_ "embed"

	"github.com/quire-books/quire/book"
)

//go:embed pamphlet/october-1917.txt
var pamphletText []byte

//go:embed pamphlet/october-1917.md
var pamphletMarkdown []byte

// PamphletText returns the pamphlet "The 70th anniversary of the 1917
// October Revolution" (Lutte Ouvrière, November 1987, translated by
// Workers' Fight) exactly as it was received, in the plain-text format that
// ReadText reads. The caller may modify the returned slice.
func PamphletText() []byte { return clone(pamphletText) }

// PamphletMarkdown returns the pamphlet's Markdown manuscript: the text of
// PamphletText with front matter, Markdown headings and list, and the typing
// errors listed in pamphlet/ERRATA.md corrected. The caller may modify the
// returned slice.
func PamphletMarkdown() []byte { return clone(pamphletMarkdown) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// Pamphlet reads the pamphlet's Markdown manuscript (PamphletMarkdown) into
// a book: metadata, an untitled opening chapter and 18 titled ones.
func Pamphlet() (*book.Book, error) {
	return ReadMarkdown(pamphletMarkdown, &MarkdownOptions{Name: "october-1917.md"})
}

// PamphletOriginal reads the pamphlet as received (PamphletText) with
// ReadText: the same chapters and words as Pamphlet, without the errata's
// corrections, and with only the metadata that the text's header gives.
func PamphletOriginal() (*book.Book, error) {
	return ReadText(pamphletText, &TextOptions{Name: "october-1917.txt", Language: "en-GB"})
}
