package source

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The tables and typography of newMarkdown are Quire's own, written to
// build the same tree as goldmark's extensions (which this test, not the
// reader, links). These tests parse with both and compare the trees.

// goldmarkMarkdown is newMarkdown with goldmark's table and typographer
// extensions, as Quire used them before it had its own.
func goldmarkMarkdown(notes *footnotes, w *work) parser.Parser {
	p := newCommonMark(notes, w)
	p.AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(&tableLimit{ParagraphTransformer: extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
				extension.LeftSingleQuote:  []byte("‘"),
				extension.RightSingleQuote: []byte("’"),
				extension.LeftDoubleQuote:  []byte("“"),
				extension.RightDoubleQuote: []byte("”"),
				extension.EnDash:           []byte("–"),
				extension.EmDash:           []byte("—"),
				extension.Ellipsis:         []byte("…"),
				extension.Apostrophe:       []byte("’"),
				extension.LeftAngleQuote:   nil,
				extension.RightAngleQuote:  nil,
			})),
		),
	).Parser()
}

// treeDump writes the tree that markdown makes of src: every node's kind,
// position and fields, block lines and inline text, one node per line.
func treeDump(newMD func(*footnotes, *work) parser.Parser, src []byte) string {
	var notes footnotes
	doc := newMD(&notes, newWork(src)).Parse(text.NewReader(src))
	var sb strings.Builder
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		depth++
		fmt.Fprintf(&sb, "%s%s @%d", strings.Repeat(" ", depth), n.Kind(), n.Pos())
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&sb, " %q soft=%t hard=%t raw=%t [%d,%d)", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw(), n.Segment.Start, n.Segment.Stop)
		case *ast.String:
			fmt.Fprintf(&sb, " %q code=%t raw=%t", n.Value, n.IsCode(), n.IsRaw())
		case *east.Table:
			fmt.Fprintf(&sb, " %v", n.Alignments)
		case *east.TableHeader:
			fmt.Fprintf(&sb, " %v", n.Alignments)
		case *east.TableRow:
			fmt.Fprintf(&sb, " %v", n.Alignments)
		case *east.TableCell:
			fmt.Fprintf(&sb, " %v", n.Alignment)
		case *ast.Heading:
			fmt.Fprintf(&sb, " %d", n.Level)
		case *ast.Emphasis:
			fmt.Fprintf(&sb, " %d", n.Level)
		case *ast.Link:
			fmt.Fprintf(&sb, " %q %q", n.Destination, n.Title)
		case *ast.Image:
			fmt.Fprintf(&sb, " %q %q", n.Destination, n.Title)
		case *ast.List:
			fmt.Fprintf(&sb, " %c %d tight=%t", n.Marker, n.Start, n.IsTight)
		case *east.FootnoteLink:
			fmt.Fprintf(&sb, " %d", n.Index)
		case *east.Footnote:
			fmt.Fprintf(&sb, " %q %d", n.Ref, n.Index)
		}
		for _, a := range n.Attributes() {
			fmt.Fprintf(&sb, " %s=%v", a.Name, a.Value)
		}
		if n.Type() == ast.TypeBlock {
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				s := lines.At(i)
				fmt.Fprintf(&sb, " |%q pad=%d", s.Value(src), s.Padding)
			}
		}
		sb.WriteByte('\n')
		return ast.WalkContinue, nil
	})
	return sb.String()
}

// checkSameTree fails t if Quire's parser and goldmark's extensions make
// different trees of src.
func checkSameTree(t *testing.T, src []byte) {
	t.Helper()
	want := treeDump(goldmarkMarkdown, src)
	got := treeDump(newMarkdown, src)
	if got != want {
		t.Errorf("input %q: tree differs from goldmark's extensions'\n%s", src, diffLine(got, want))
	}
}

var gfmCases = []string{
	// Tables.
	"| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n",
	"a | b\n--|--\n1 | 2\n",
	"| a |\n|---|\n",
	"a\n-\n",
	"| a | b |\n| --- | --- |\n| 1 |\n| 1 | 2 | 3 |\n",
	"| a | b |\n| --- |\n| 1 | 2 |\n",
	"| a |\n| --- | --- |\n",
	"text before\n| a | b |\n|---|---|\n| x | y |\ntext after\n",
	"p1\np2\n| a |\n|---|\n",
	"| a \\| b | `c \\| d` |\n|---|---|\n| `x \\| y \\| z` | \\|\n",
	"| `a | b` |\n|---|\n",
	"| a | `b\\|c` `d\\|e` |\n|---|:---|\n| `\\|` | ``\\|`` |\n",
	"| `x` \\| y |\n|-|\n",
	"\\|a|\n|-|\n|\\||\n",
	"|a|\n| -- :|\n",
	"|a|\n|: --|\n",
	"|a|\n|-\v|\n",
	"|a|\n|-\f|\n",
	"|a|\n\t|-|\n",
	"|a|\n    |-|\n",
	"|a|\n   |-|\n",
	"|a|\n|\n",
	"|a|\n||\n",
	"|a|\n|-|-\n",
	"|a|\n:-:\n",
	"a|b\n-|-|\n",
	"|a|b|\n|-|-|\n|c|d\\|\n",
	"|a|b|\n|-|-|\n|c|d\\\\|\n",
	"- | a | b |\n  |---|---|\n  | 1 | 2 |\n",
	"> | a |\n> |:-:|\n> | *b* |\n",
	"x[^1]\n\n[^1]: | a |\n    |---|\n    | b |\n",
	"| a |\n|---|\n| b |\n\n| c |\n|--:|\n| d |\n",
	"| \"a\" | it's |\n|---|---|\n| -- | ... |\n",
	"|a|\r\n|-|\r\n|b|\r\n",
	"x\r\n|a|\r\n|-|\r\n",
	"| a | b |\n| - | - |\n|\n| |\n",
	"# h\n| a |\n|---|\n",
	"| a |\n|---|\n# h\n",
	"| é | ü |\n|---|---|\n| ∑ | 日本 |\n",
	"[l]: /u\n| a |\n|---|\n",
	"| [a](b) | **c |\n|---|---|\n| d** |\n",
	// Typography.
	"\"Hello,\" she said. 'Hi.'\n",
	"\"start of line\nend of line\"\n",
	"*\"emphasis\"* \"*inside*\" **'strong'**\n",
	"\"[link](u)\" '[l](u)' \"`code`\" '`c`'\n",
	"don't it's I'm you'd I've we'll they're rock 'n' roll 'twas 'em\n",
	"the '70s and '80s, '90s. 1970's '99 '9s '00s\n",
	"\"She said 'no' to me\"\n'He said \"yes\"'\n",
	"a -- b --- c ---- d ----- e -\n",
	"a.... b... c.. d..... .\n",
	"a - b -- c--d---e\n--\n---x\n",
	"Smiths' doin' boys'. 'tis\n",
	"He said \"21\"\" and 5'11\"\n",
	"\"\"\n''\n\"'\"\n'\"'\n\"\n'\n",
	"'a' \"b\" ' c ' \" d \"\n",
	"'\"quoted\"'\n\"'quoted'\"\n",
	"(\"a\") ['b'] {\"c\"} <'d'>\n",
	"<<a>> << b >>\n",
	"a,b,c, d . e\n",
	"\"unclosed\n\nnext paragraph\" closes 'x\n\ny'\n",
	"\\\"escaped\\\" \\'q\\' \\-- \\...\n",
	"\"a\"b'c'd\n",
	"l'été \"über\" 'Ärger' –'x'—\n",
	"1'2\" 3'' 4\"\"\n",
	"''a'' \"\"b\"\"\n",
	"'s 'm 't 'd 've 'll 're 'sx\n",
	"x 's. x 've, x 're!\n",
	"\"'\n'\"'\n",
	"a'\n'\n'a\n",
	"# \"Heading\" -- 'x'\n\n- 'item' ...\n\n> \"quote\"\n",
	"`\"code\" -- ...` \"after\"\n",
	"<span title=\"x\">\"y\"</span>\n",
	"[\"a\"](u \"t\") ![\"b\"](i)\n",
	"a  \n\"b\"\\\n'c'\n",
}

func TestTablesAndTypographyMatchGoldmark(t *testing.T) {
	for _, c := range gfmCases {
		checkSameTree(t, []byte(c))
	}
	// And every Markdown test case and the pamphlet.
	files, _ := filepath.Glob("testdata/markdown/*.txt")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkSameTree(t, data)
	}
	checkSameTree(t, PamphletMarkdown())
}

// TestTreeDumpSeesTables checks that the comparison can fail: the dumps
// show tables and typographic punctuation.
func TestTreeDumpSeesTables(t *testing.T) {
	got := treeDump(newMarkdown, []byte("| \"a\" |\n|:-:|\n"))
	for _, want := range []string{"Table @0 [center]", "TableCell @1 center", `"“" code=true`} {
		if !strings.Contains(got, want) {
			t.Errorf("dump lacks %q:\n%s", want, got)
		}
	}
	if reflect.DeepEqual(treeDump(newMarkdown, []byte("'a'")), treeDump(newMarkdown, []byte("\"a\""))) {
		t.Error("dump does not tell quotes apart")
	}
}

func FuzzTablesAndTypography(f *testing.F) {
	for _, c := range gfmCases {
		f.Add([]byte(c))
	}
	f.Add(PamphletMarkdown()[:1000])
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSameTree(t, src)
	})
}

// quoteDelimiters lets parser.ScanDelimiter classify quotes.
type quoteDelimiters struct{}

func (quoteDelimiters) IsDelimiter(b byte) bool { return b == '\'' || b == '"' }

func (quoteDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (quoteDelimiters) OnMatch(int) ast.Node { return nil }

// quoteSide is goldmark's delimiter scan without its allocation: every
// quote between every pair of neighbours must get the same answer.
func TestQuoteSideMatchesScanDelimiter(t *testing.T) {
	around := []string{"", " ", "a", "1", ".", ",", "(", ")", "'", "\"", "-", "\u00a0", "é", "—", "\t", "\n", "*", "\u2028"}
	for _, q := range []string{"'", "\"", "''", "\"\"\""} {
		for _, b := range around {
			before := ' '
			if b != "" {
				before = []rune(b)[0]
			}
			for _, a := range around {
				line := []byte(q + a)
				d := parser.ScanDelimiter(line, before, 1, quoteDelimiters{})
				open, close := quoteSide(line, before)
				if d == nil || open != d.CanOpen || close != d.CanClose {
					t.Errorf("%q after %q: quoteSide says open %t close %t, goldmark %+v", line, before, open, close, d)
				}
			}
		}
	}
}
