package source

import (
	"fmt"
	"strings"
	"testing"
)

// pathological are inputs that make Markdown parsers slow (most from
// CommonMark's pathological tests and the issues of other parsers), as
// functions of a size in bytes.
var pathological = map[string]func(n int) string{
	"nested quotes":     func(n int) string { return strings.Repeat(">", n) + " a\n" },
	"nested lists":      func(n int) string { return strings.Repeat("- ", n/2) + "a\n" },
	"staircase list":    staircase,
	"quote, lazy lines": func(n int) string { return strings.Repeat(">", n/4) + " a\n" + strings.Repeat("b\n", n/4) },
	"nested emphasis":   func(n int) string { return strings.Repeat("*a ", n/6) + strings.Repeat(" a*", n/6) },
	"mixed delimiters":  func(n int) string { return strings.Repeat("*a_ ", n/4) },
	"unclosed emphasis": func(n int) string { return strings.Repeat("*a **a ", n/7) },
	"nested brackets":   func(n int) string { return strings.Repeat("[", n/2) + "a" + strings.Repeat("]", n/2) },
	"unclosed links":    func(n int) string { return strings.Repeat("[a](b", n/5) },
	"unclosed <links":   func(n int) string { return strings.Repeat("[a](<b", n/6) },
	"backtick runs":     backtickSeries,
	"escaped backticks": func(n int) string { return strings.Repeat("\\``", n/3) },
	"reference defs":    func(n int) string { return refDefs(n) },
	"footnotes":         footnoteDefs,
	"padded table": func(n int) string {
		return "|" + strings.Repeat("a|", n/4) + "\n|" + strings.Repeat("-|", n/4) + "\n" + strings.Repeat("|\n", n/4)
	},
	"duplicate headings": func(n int) string { return strings.Repeat("## a\n", n/5) },
	"plain text":         func(n int) string { return strings.Repeat("Lorem \"ipsum\" dolor -- sit... ", n/30) },
}

func staircase(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
	}
	return sb.String()
}

func backtickSeries(n int) string {
	var sb strings.Builder
	for i := 1; sb.Len() < n; i++ {
		sb.WriteString("a" + strings.Repeat("`", i))
	}
	return sb.String()
}

func refDefs(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n/2; i++ {
		fmt.Fprintf(&sb, "[a%d]: https://example.org/\n", i)
	}
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "[a%d] ", i)
	}
	return sb.String()
}

func footnoteDefs(n int) string {
	var refs, defs strings.Builder
	for i := 0; refs.Len()+defs.Len() < n; i++ {
		fmt.Fprintf(&refs, "x[^%d] ", i)
		fmt.Fprintf(&defs, "[^%d]: y\n", i)
	}
	return refs.String() + "\n\n" + defs.String()
}

// BenchmarkPathological reads each pathological input at 64 KB and 1 MB:
// reading time should grow about 16 times, not 256.
//
//	go test -run XXX -bench Pathological ./source
func BenchmarkPathological(b *testing.B) {
	for name, f := range pathological {
		for _, size := range []int{64 << 10, 1 << 20} {
			src := []byte("---\ntitle: T\n---\n" + f(size) + "\n")
			b.Run(fmt.Sprintf("%s/%dKB", name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := ReadMarkdown(src, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// The pathological inputs are read, all their text kept.
func TestPathologicalInputs(t *testing.T) {
	for name, f := range pathological {
		if _, err := ReadMarkdown([]byte("---\ntitle: T\n---\n"+f(16<<10)+"\n"), nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
