package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"testing"
)

// A small reader for the PDFs gofpdf writes, for tests that look inside
// them: objects by number (read by the imposition's readPDF), their
// dictionaries, their streams decoded, and the text content streams show.

type scannedObj struct {
	dict   []byte // "N 0 obj" and its value (a stream's dictionary)
	stream []byte // decoded; nil if none
}

func scanPDF(t *testing.T, data []byte) map[int]scannedObj {
	t.Helper()
	f, err := readPDF(data)
	if err != nil {
		t.Fatal(err)
	}
	objs := map[int]scannedObj{}
	for n := 1; n < len(f.offsets); n++ {
		if f.offsets[n] < 0 {
			continue
		}
		o, err := f.object(n)
		if err != nil {
			t.Fatal(err)
		}
		dict := data[o.start:o.val.end]
		if !o.stream {
			objs[n] = scannedObj{dict: dict}
			continue
		}
		raw := data[o.data[0]:o.data[1]]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("object %d: %v", n, err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatalf("object %d: %v", n, err)
			}
		}
		objs[n] = scannedObj{dict: dict, stream: raw}
	}
	return objs
}

// ref returns the object number that key refers to in dict ("/Key N 0 R"
// or "/Key [N 0 R]"), 0 if none.
func objRef(dict []byte, key string) int {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + ` \[?(\d+) 0 R`).FindSubmatch(dict)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// embeddedFont is a Type 0 font of the file: its name, embedded font
// program, CIDToGIDMap, widths (thousandths of an em, by CID) and
// characters (by CID, from its ToUnicode map).
type embeddedFont struct {
	name string
	// oneByte fonts' codes are one byte (an embedded CMap), others'
	// two (Identity-H).
	oneByte bool
	file    []byte
	cidGID  []byte
	widths  map[int]float64
	dw      float64
	chars   map[int]rune
}

func (f *embeddedFont) gid(cid int) int {
	if 2*cid+1 >= len(f.cidGID) {
		return 0
	}
	return int(f.cidGID[2*cid])<<8 | int(f.cidGID[2*cid+1])
}

func (f *embeddedFont) width(cid int) float64 {
	if w, ok := f.widths[cid]; ok {
		return w
	}
	return f.dw
}

// embeddedFonts returns the fonts by their resource names (without the slash).
func embeddedFonts(t *testing.T, objs map[int]scannedObj) map[string]*embeddedFont {
	t.Helper()
	out := map[string]*embeddedFont{}
	for _, o := range objs {
		i := bytes.Index(o.dict, []byte("/Font <<"))
		if i < 0 {
			continue
		}
		res := o.dict[i:]
		res = res[:bytes.Index(res, []byte(">>"))]
		for _, m := range regexp.MustCompile(`/(F\w+) (\d+) 0 R`).FindAllSubmatch(res, -1) {
			n, _ := strconv.Atoi(string(m[2]))
			cid := objs[objRef(objs[n].dict, "/DescendantFonts")].dict
			f := &embeddedFont{
				file:   objs[objRef(objs[objRef(cid, "/FontDescriptor")].dict, "/FontFile2")].stream,
				cidGID: objs[objRef(cid, "/CIDToGIDMap")].stream,
				widths: map[int]float64{},
				chars:  toUnicode(t, objs[objRef(objs[n].dict, "/ToUnicode")].stream),
			}
			f.oneByte = !bytes.Contains(objs[n].dict, []byte("/Encoding /Identity-H"))
			if m := regexp.MustCompile(`/BaseFont /(\S+)`).FindSubmatch(objs[n].dict); m != nil {
				f.name = string(m[1])
			}
			if m := regexp.MustCompile(`/DW (\d+)`).FindSubmatch(cid); m != nil {
				f.dw, _ = strconv.ParseFloat(string(m[1]), 64)
			}
			w := cid[bytes.Index(cid, []byte("/W ["))+4:]
			for depth, k := 1, 0; k < len(w); k++ {
				if w[k] == '[' {
					depth++
				} else if w[k] == ']' {
					if depth--; depth == 0 {
						w = w[:k]
						break
					}
				}
			}
			parseW(t, string(w), f.widths)
			out[string(m[1])] = f
		}
	}
	return out
}

// parseW reads a CIDFont's W array: "c [w1 w2 …]" gives CIDs from c on
// their widths, "c1 c2 w" gives CIDs c1 to c2 one width.
func parseW(t *testing.T, s string, into map[int]float64) {
	t.Helper()
	tok := regexp.MustCompile(`\[|\]|[-0-9.]+`).FindAllString(s, -1)
	num := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	for i := 0; i < len(tok); {
		c := int(num(tok[i]))
		if i+1 < len(tok) && tok[i+1] == "[" {
			i += 2
			for ; i < len(tok) && tok[i] != "]"; i++ {
				into[c] = num(tok[i])
				c++
			}
			i++
			continue
		}
		if i+2 >= len(tok) {
			t.Fatalf("W array ends early: %q", s)
		}
		for c2 := int(num(tok[i+1])); c <= c2; c++ {
			into[c] = num(tok[i+2])
		}
		i += 3
	}
}

// toUnicode reads the bfchar and bfrange entries of a ToUnicode CMap
// (one UTF-16 code unit each).
func toUnicode(t *testing.T, cmap []byte) map[int]rune {
	t.Helper()
	out := map[int]rune{}
	hex := func(s []byte) int {
		v, err := strconv.ParseUint(string(s), 16, 32)
		if err != nil {
			t.Fatalf("ToUnicode: %q", s)
		}
		return int(v)
	}
	for _, sec := range regexp.MustCompile(`(?s)beginbf(char|range)\n(.*?)endbf`).FindAllSubmatch(cmap, -1) {
		for _, l := range bytes.Split(bytes.TrimSpace(sec[2]), []byte("\n")) {
			codes := regexp.MustCompile(`<([0-9A-Fa-f]+)>`).FindAllSubmatch(l, -1)
			switch {
			case string(sec[1]) == "char" && len(codes) == 2:
				out[hex(codes[0][1])] = rune(hex(codes[1][1]))
			case string(sec[1]) == "range" && len(codes) == 3:
				for c := hex(codes[0][1]); c <= hex(codes[1][1]); c++ {
					out[c] = rune(hex(codes[2][1]) + c - hex(codes[0][1]))
				}
			default:
				t.Fatalf("ToUnicode: %q", l)
			}
		}
	}
	return out
}

// drawnGlyph is one character a content stream shows: its font's resource
// name, size, CID, character (by the font's ToUnicode map; -1 if none) and
// where its origin falls, in PDF user space.
type drawnGlyph struct {
	page int
	font string
	size float64
	cid  int
	r    rune
	x, y float64
}

// pageContents returns the content streams of the pages, in page order.
func pageContents(t *testing.T, objs map[int]scannedObj) [][]byte {
	t.Helper()
	var out [][]byte
	for n := 1; n <= len(objs); n++ {
		if o, ok := objs[n]; ok && bytes.HasPrefix(o.dict[bytes.IndexByte(o.dict, '\n')+1:], []byte("<</Type /Page\n")) {
			out = append(out, objs[objRef(o.dict, "/Contents")].stream)
		}
	}
	return out
}

// showText interprets the text operators of a page's content (BT, ET,
// Tf, Td, Tj, TJ, and the q, Q and colour operators gofpdf wraps around
// them), with the fonts' widths.
func showText(t *testing.T, page int, content []byte, fonts map[string]*embeddedFont) []drawnGlyph {
	t.Helper()
	var out []drawnGlyph
	var stack []string
	var font string
	var size, lx, ly, x, y float64
	num := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("page %d: %q is not a number", page, s)
		}
		return f
	}
	show := func(s string) {
		f := fonts[font]
		if f == nil {
			t.Fatalf("page %d: text in unknown font %q", page, font)
		}
		step := 2
		if f.oneByte {
			step = 1
		}
		for i := 0; i+step-1 < len(s); i += step {
			cid := int(s[i])
			if step == 2 {
				cid = cid<<8 | int(s[i+1])
			}
			r, ok := f.chars[cid]
			if !ok {
				r = -1
			}
			out = append(out, drawnGlyph{page, font, size, cid, r, x, y})
			x += f.width(cid) / 1000 * size
		}
	}
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == '<':
			s, n := litString(t, content[i:])
			stack = append(stack, s)
			i += n
		case c == '[' || c == ']':
			stack = append(stack, string(c))
			i++
		default:
			j := i
			for j < len(content) && !bytes.ContainsRune([]byte(" \n\r()<>[]"), rune(content[j])) {
				j++
			}
			tok := string(content[i:j])
			i = j
			switch tok {
			case "BT":
				lx, ly, x, y = 0, 0, 0, 0
			case "Tf":
				font, size = stack[len(stack)-2][1:], num(stack[len(stack)-1])
			case "Td":
				lx += num(stack[len(stack)-2])
				ly += num(stack[len(stack)-1])
				x, y = lx, ly
			case "Tj":
				show(stack[len(stack)-1][1:])
			case "TJ":
				k := len(stack) - 1
				for stack[k] != "[" {
					k--
				}
				for _, e := range stack[k+1 : len(stack)-1] {
					if e[0] == 's' {
						show(e[1:])
					} else {
						x -= num(e) / 1000 * size
					}
				}
			}
			if tok[0] >= 'A' && tok[0] <= 'z' && tok[0] != '[' {
				stack = stack[:0]
			} else {
				stack = append(stack, tok)
			}
		}
	}
	return out
}

// litString reads a literal or hex string at the start of b and returns
// it, marked with a leading 's', and the bytes it took.
func litString(t *testing.T, b []byte) (string, int) {
	t.Helper()
	out := []byte{'s'}
	if b[0] == '<' {
		end := bytes.IndexByte(b, '>')
		for i := 1; i+1 < end; i += 2 {
			v, err := strconv.ParseUint(string(b[i:i+2]), 16, 8)
			if err != nil {
				t.Fatalf("hex string %q", b[:end+1])
			}
			out = append(out, byte(v))
		}
		return string(out), end + 1
	}
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\\':
			i++
			switch b[i] {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if b[i] >= '0' && b[i] <= '7' {
					v, k := 0, 0
					for ; k < 3 && b[i+k] >= '0' && b[i+k] <= '7'; k++ {
						v = v*8 + int(b[i+k]-'0')
					}
					out = append(out, byte(v))
					i += k - 1
				} else {
					out = append(out, b[i])
				}
			}
		case '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out), i + 1
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	t.Fatalf("unterminated string %q", b[:min(len(b), 40)])
	return "", 0
}

// glyphsOf returns every character the pages of a PDF show, with the
// file's fonts.
func glyphsOf(t *testing.T, data []byte) ([]drawnGlyph, map[string]*embeddedFont) {
	t.Helper()
	objs := scanPDF(t, data)
	fonts := embeddedFonts(t, objs)
	var out []drawnGlyph
	for i, c := range pageContents(t, objs) {
		out = append(out, showText(t, i+1, c, fonts)...)
	}
	return out, fonts
}
