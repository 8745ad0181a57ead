package source

import _ "embed"

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
