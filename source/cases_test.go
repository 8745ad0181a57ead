package source

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quire-books/quire/book"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of the case files in testdata")

// The case files hold many cases each, in goldmark's style:
//
//	name of the case
//	option: value (any number of lines)
//	//- - - - - - - - -//
//	input
//	//- - - - - - - - -//
//	expected dump, or "error: message"
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// With the option "escaped: true" the input's \xHH, \t, \r and \\ are
// decoded, for bytes an editor would not keep.
const (
	caseSep = "//- - - - - - - - -//"
	caseEnd = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type testCase struct {
	file    string
	line    int
	name    string
	options map[string]string
	head    string // the name and option lines as written
	input   string // as written
	want    string
}

func readCases(t *testing.T, path string) []testCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []testCase
	lines := strings.SplitAfter(string(data), "\n")
	for i := 0; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		tc := testCase{file: path, line: i + 1, options: map[string]string{}}
		part := 0
		var parts [3]strings.Builder
		for ; i < len(lines); i++ {
			l := strings.TrimSuffix(lines[i], "\n")
			if l == caseSep {
				part++
				if part > 2 {
					t.Fatalf("%s:%d: too many %s", path, i+1, caseSep)
				}
				continue
			}
			if l == caseEnd {
				i++
				break
			}
			parts[part].WriteString(lines[i])
		}
		if part != 2 {
			t.Fatalf("%s:%d: case not complete", path, tc.line)
		}
		tc.head = parts[0].String()
		head := strings.Split(strings.TrimSuffix(tc.head, "\n"), "\n")
		tc.name = head[0]
		for _, o := range head[1:] {
			k, v, ok := strings.Cut(o, ": ")
			if !ok {
				t.Fatalf("%s:%d: bad option line %q", path, tc.line, o)
			}
			tc.options[k] = v
		}
		tc.input = parts[1].String()
		tc.want = parts[2].String()
		cases = append(cases, tc)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

func writeCases(t *testing.T, path string, cases []testCase) {
	var sb strings.Builder
	for i, tc := range cases {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(tc.head)
		sb.WriteString(caseSep + "\n")
		sb.WriteString(tc.input)
		sb.WriteString(caseSep + "\n")
		sb.WriteString(tc.want)
		sb.WriteString(caseEnd + "\n")
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// input returns the case's input bytes.
func (tc *testCase) inputBytes(t *testing.T) []byte {
	if tc.options["escaped"] != "true" {
		return []byte(tc.input)
	}
	var out []byte
	s := tc.input
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			out = append(out, s[i])
			continue
		}
		switch s[i+1] {
		case 'x':
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				t.Fatalf("%s:%d: bad escape", tc.file, tc.line)
			}
			out = append(out, byte(v))
			i += 3
		case 't':
			out = append(out, '\t')
			i++
		case 'r':
			out = append(out, '\r')
			i++
		case '\\':
			out = append(out, '\\')
			i++
		default:
			out = append(out, s[i])
		}
	}
	return out
}

// runCases reads every case file in dir with read and compares the dump.
func runCases(t *testing.T, dir string, read func(tc *testCase, src []byte) (*book.Book, error)) {
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files in testdata/%s: %v", dir, err)
	}
	for _, path := range files {
		cases := readCases(t, path)
		for i := range cases {
			tc := &cases[i]
			t.Run(filepath.Base(path)+":"+strconv.Itoa(tc.line), func(t *testing.T) {
				b, err := read(tc, tc.inputBytes(t))
				var got string
				if err != nil {
					got = "error: " + err.Error() + "\n"
				} else {
					if verr := b.Validate(); verr != nil {
						t.Errorf("the book does not validate: %v", verr)
					}
					got = dump(b)
				}
				if *update {
					tc.want = got
					return
				}
				if got != tc.want {
					t.Errorf("%s:%d: %s\ninput:\n%s\ngot:\n%s\nwant:\n%s\n%s", path, tc.line, tc.name, tc.input, got, tc.want, diffLine(got, tc.want))
				}
			})
		}
		if *update {
			writeCases(t, path, cases)
		}
	}
}

// diffLine points at the first line that differs.
func diffLine(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("first difference on line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return "one is a prefix of the other"
}

// testFS holds the files that the Markdown cases' images refer to. Only
// their first bytes matter to the reader.
func testFS() fstest.MapFS {
	return fstest.MapFS{
		"img/map.png":      {Data: encodeImage(png.Encode, 3, 2)},
		"img/photo.jpg":    {Data: encodeImage(jpegEncode, 2, 2)},
		"img/anim.gif":     {Data: encodeImage(gifEncode, 1, 1)},
		"img/logo.svg":     {Data: []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")},
		"img/my photo.jpg": {Data: encodeImage(jpegEncode, 1, 1)},
		"img/notes.txt":    {Data: []byte("not an image")},
		"cover.png":        {Data: encodeImage(png.Encode, 2, 3)},
		"chapters/fig.gif": {Data: encodeImage(gifEncode, 2, 1)},
		"img/empty.png":    {Data: []byte{}},
		"img/garbage.png":  {Data: []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("garbage ", 8))},
		"img/cut.png":      {Data: encodeImage(png.Encode, 3, 2)[:40]},
		"img/huge.png":     {Data: pngHeader(100000, 100000)},
		"img/cut.jpg":      {Data: encodeImage(jpegEncode, 8, 8)[:200]},
		"img/script.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		"img/broken.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`)},
	}
}

func jpegEncode(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) }
func gifEncode(w io.Writer, m image.Image) error  { return gif.Encode(w, m, nil) }

// encodeImage returns a small grey image of w × h pixels in a format.
func encodeImage(encode func(io.Writer, image.Image) error, w, h int) []byte {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(40 * i)
	}
	var buf bytes.Buffer
	if err := encode(&buf, m); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// pngHeader returns the start of a PNG file that claims w × h pixels.
func pngHeader(w, h uint32) []byte {
	ihdr := []byte("IHDR\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00")
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	out := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func TestMarkdownCases(t *testing.T) {
	runCases(t, "markdown", func(tc *testCase, src []byte) (*book.Book, error) {
		o := &MarkdownOptions{Name: "case.md", FS: testFS(), Language: tc.options["language"]}
		if tc.options["fs"] == "none" {
			o.FS = nil
		}
		if n, ok := tc.options["name"]; ok {
			o.Name = n
		}
		if l, ok := tc.options["chapter-level"]; ok {
			n, err := strconv.Atoi(l)
			if err != nil {
				return nil, err
			}
			o.ChapterLevel = n
		}
		return ReadMarkdown(src, o)
	})
}

func TestTextCases(t *testing.T) {
	runCases(t, "text", func(tc *testCase, src []byte) (*book.Book, error) {
		o := &TextOptions{Name: "case.txt", Language: tc.options["language"], OneChapter: tc.options["one-chapter"] == "true"}
		if n, ok := tc.options["name"]; ok {
			o.Name = n
		}
		return ReadText(src, o)
	})
}
