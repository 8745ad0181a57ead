package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unsafe"
)

// The booklet is imposed from the finished book PDF, which render wrote
// (gofpdf's layout, streams compressed by compress): this file reads
// enough PDF for that. It reads an object's value and the place of its
// stream's bytes, not the stream itself, and takes names as the file's
// bytes, which must not change while the file is read; a file not laid
// out the way render writes one is an error, never a panic.

// errBookPDF is a book PDF the imposition cannot read: a bug, not an
// input problem.
var errBookPDF = errors.New("pdf: internal error: unexpected book PDF")

// pkind is the kind of a PDF value.
type pkind uint8

const (
	pNumber  pkind = iota + 1
	pName          // name: the name without its slash
	pString        // literal or hexadecimal string
	pArray         // elems: the items
	pDict          // elems: keys and values in turn
	pRef           // ref: the object number
	pKeyword       // true, false or null: name
)

// pval is a PDF value and where its bytes are in the file (which is
// under 2 GB). A booklet reads some 1,900 of them: 64 bytes each, not 80
// (an int for each offset and for a reference's object number, which num
// holds), is 30 KB of fresh memory less.
type pval struct {
	start, end int32
	kind       pkind
	num        float64 // a number, or a reference's object number
	name       string
	elems      []pval
}

// ref is the object number of a reference.
func (v pval) ref() int { return int(v.num) }

// pop returns a copy of the items on f.stack from mark, nil if none,
// and takes them off. The copies are cut from a slab allocated for many:
// an allocation for each array and dictionary took a third of a
// booklet's time.
func (f *pdfFile) pop(mark int) []pval {
	var out []pval
	if n := len(f.stack) - mark; n > 0 {
		if cap(f.slab)-len(f.slab) < n {
			f.slab = make([]pval, 0, max(slab, n))
		}
		k := len(f.slab)
		f.slab = append(f.slab, f.stack[mark:]...)
		out = f.slab[k : k+n : k+n]
	}
	clear(f.stack[mark:]) // the stack keeps no slices alive
	f.stack = f.stack[:mark]
	return out
}

// get returns the value of key in a dictionary.
func (v pval) get(key string) (pval, bool) {
	if v.kind != pDict {
		return pval{}, false
	}
	for i := 0; i+1 < len(v.elems); i += 2 {
		if v.elems[i].name == key {
			return v.elems[i+1], true
		}
	}
	return pval{}, false
}

// pobj is an indirect object: its value (a stream's dictionary) and, for
// a stream, where its bytes are.
type pobj struct {
	val        pval
	stream     bool
	data       [2]int
	start, end int // "N 0 obj" … "endobj"
}

// pdfFile is a PDF read for imposition.
type pdfFile struct {
	data    []byte
	header  []byte // the first line, "%PDF-1.3"
	offsets []int  // where each object starts; -1 for none
	objs    []*pobj
	trailer pval
	// stack holds the items of the arrays and dictionaries being read,
	// each copied to a slice of its own size, cut from slab, when
	// complete.
	stack []pval
	slab  []pval
}

// slab is how many values a slab holds.
const slab = 512

// maxDepth bounds the nesting of arrays and dictionaries.
const maxDepth = 32

func bookErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errBookPDF}, args...)...)
}

// readPDF reads the cross-reference table and trailer of data.
func readPDF(data []byte) (*pdfFile, error) {
	f := &pdfFile{data: data}
	if len(data) > math.MaxInt32 {
		return nil, bookErr("over 2 GB")
	}
	nl := bytes.IndexByte(data, '\n')
	if !bytes.HasPrefix(data, []byte("%PDF-")) || nl < 0 {
		return nil, bookErr("no header")
	}
	f.header = data[:nl]
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return nil, bookErr("no startxref")
	}
	v, _, err := f.value(i+len("startxref"), 0)
	if err != nil || v.kind != pNumber || v.num < 0 || int(v.num) >= i {
		return nil, bookErr("bad startxref")
	}
	k := int(v.num)
	if !bytes.HasPrefix(data[k:], []byte("xref")) {
		return nil, bookErr("no xref table at %d", k)
	}
	first, k, err := f.value(k+len("xref"), 0)
	if err != nil {
		return nil, err
	}
	count, k, err := f.value(k, 0)
	if err != nil {
		return nil, err
	}
	if first.kind != pNumber || first.num != 0 || count.kind != pNumber || count.num < 1 || count.num > float64(len(data)/20) {
		return nil, bookErr("xref table is not one section from object 0")
	}
	n := int(count.num)
	k = f.skip(k)
	const entry = 20 // "0000000123 00000 n \n"
	if k+n*entry > len(data) {
		return nil, bookErr("xref table cut short")
	}
	f.offsets = make([]int, n)
	f.objs = make([]*pobj, n)
	for j := range n {
		e := data[k+j*entry : k+(j+1)*entry]
		f.offsets[j] = -1
		if e[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off >= len(data) {
			return nil, bookErr("xref entry %d", j)
		}
		f.offsets[j] = off
	}
	k += n * entry
	if !bytes.HasPrefix(data[k:], []byte("trailer")) {
		return nil, bookErr("no trailer")
	}
	f.trailer, _, err = f.value(k+len("trailer"), 0)
	if err != nil {
		return nil, err
	}
	if f.trailer.kind != pDict {
		return nil, bookErr("trailer is not a dictionary")
	}
	return f, nil
}

// object reads object n.
func (f *pdfFile) object(n int) (*pobj, error) {
	if n <= 0 || n >= len(f.offsets) || f.offsets[n] < 0 {
		return nil, bookErr("no object %d", n)
	}
	if o := f.objs[n]; o != nil {
		return o, nil
	}
	start := f.offsets[n]
	head := strconv.Itoa(n) + " 0 obj"
	if !bytes.HasPrefix(f.data[start:], []byte(head)) {
		return nil, bookErr("object %d not at its offset", n)
	}
	v, k, err := f.value(start+len(head), 0)
	if err != nil {
		return nil, fmt.Errorf("%w (object %d)", err, n)
	}
	o := &pobj{val: v, start: start}
	k = f.skip(k)
	if bytes.HasPrefix(f.data[k:], []byte("stream")) {
		k += len("stream")
		if bytes.HasPrefix(f.data[k:], []byte("\r\n")) {
			k += 2
		} else if bytes.HasPrefix(f.data[k:], []byte("\n")) {
			k++
		} else {
			return nil, bookErr("object %d: no end of line after stream", n)
		}
		l, ok := v.get("Length")
		if !ok || l.kind != pNumber || l.num < 0 || l.num > float64(len(f.data)-k) || l.num != float64(int(l.num)) {
			return nil, bookErr("object %d: stream without a direct /Length", n)
		}
		o.stream = true
		o.data = [2]int{k, k + int(l.num)}
		k = f.skip(k + int(l.num))
		if !bytes.HasPrefix(f.data[k:], []byte("endstream")) {
			return nil, bookErr("object %d: no endstream", n)
		}
		k = f.skip(k + len("endstream"))
	}
	if !bytes.HasPrefix(f.data[k:], []byte("endobj")) {
		return nil, bookErr("object %d: no endobj", n)
	}
	o.end = k + len("endobj")
	f.objs[n] = o
	return o, nil
}

// resolve follows a reference to its object's value.
func (f *pdfFile) resolve(v pval) (pval, error) {
	if v.kind != pRef {
		return v, nil
	}
	o, err := f.object(v.ref())
	if err != nil {
		return pval{}, err
	}
	return o.val, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skip returns the index of the first byte from i that is neither white
// space nor in a comment.
func (f *pdfFile) skip(i int) int {
	for i < len(f.data) {
		switch c := f.data[i]; {
		case isSpace(c):
			i++
		case c == '%':
			for i < len(f.data) && f.data[i] != '\n' && f.data[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// token returns the end of the regular characters from i.
func (f *pdfFile) token(i int) int {
	for i < len(f.data) && !isSpace(f.data[i]) && !isDelim(f.data[i]) {
		i++
	}
	return i
}

// value reads the value at i (after white space) and returns it and the
// index after it.
func (f *pdfFile) value(i, depth int) (pval, int, error) {
	if depth > maxDepth {
		return pval{}, i, bookErr("nested too deep at %d", i)
	}
	d := f.data
	i = f.skip(i)
	if i >= len(d) {
		return pval{}, i, bookErr("value cut short")
	}
	v := pval{start: int32(i)}
	switch c := d[i]; {
	case c == '/':
		e := f.token(i + 1)
		v.kind, v.name, v.end = pName, "", int32(e)
		if e > i+1 {
			// The name's bytes, not a copy: the file is not changed
			// while it is read (a copy of every name took 30 KB of a
			// booklet's 440).
			v.name = unsafe.String(&d[i+1], e-i-1)
		}
	case c == '(':
		nest, k := 0, i
		for ; k < len(d); k++ {
			switch d[k] {
			case '\\':
				k++
			case '(':
				nest++
			case ')':
				nest--
			}
			if nest == 0 {
				break
			}
		}
		if k >= len(d) {
			return pval{}, i, bookErr("string cut short at %d", i)
		}
		v.kind, v.end = pString, int32(k+1)
	case c == '<' && i+1 < len(d) && d[i+1] == '<':
		v.kind = pDict
		mark := len(f.stack)
		k := i + 2
		for {
			k = f.skip(k)
			if k+1 < len(d) && d[k] == '>' && d[k+1] == '>' {
				v.end = int32(k + 2)
				break
			}
			key, e, err := f.value(k, depth+1)
			if err != nil {
				return pval{}, i, err
			}
			if key.kind != pName {
				return pval{}, i, bookErr("dictionary key is not a name at %d", k)
			}
			val, e, err := f.value(e, depth+1)
			if err != nil {
				return pval{}, i, err
			}
			f.stack = append(f.stack, key, val)
			k = e
		}
		v.elems = f.pop(mark)
	case c == '<':
		k := bytes.IndexByte(d[i:], '>')
		if k < 0 {
			return pval{}, i, bookErr("hexadecimal string cut short at %d", i)
		}
		v.kind, v.end = pString, int32(i+k+1)
	case c == '[':
		v.kind = pArray
		mark := len(f.stack)
		k := i + 1
		for {
			k = f.skip(k)
			if k < len(d) && d[k] == ']' {
				v.end = int32(k + 1)
				break
			}
			item, e, err := f.value(k, depth+1)
			if err != nil {
				return pval{}, i, err
			}
			f.stack = append(f.stack, item)
			k = e
		}
		v.elems = f.pop(mark)
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		e := f.token(i)
		// Most numbers are whole (object numbers, lengths, widths):
		// read without strconv.
		n, whole := 0.0, e-i <= 15
		for k := i; whole && k < e; k++ {
			if c := d[k]; c >= '0' && c <= '9' {
				n = n*10 + float64(c-'0')
			} else {
				whole = false
			}
		}
		if !whole {
			var err error
			if n, err = strconv.ParseFloat(string(d[i:e]), 64); err != nil {
				return pval{}, i, bookErr("bad number at %d", i)
			}
		}
		v.kind, v.num, v.end = pNumber, n, int32(e)
		// An object number, a generation 0 and R make a reference.
		if n >= 1 && n == float64(int(n)) && c != '+' && c != '-' {
			k := f.skip(e)
			if k < len(d) && d[k] == '0' && f.token(k) == k+1 {
				k = f.skip(k + 1)
				if k < len(d) && d[k] == 'R' && f.token(k) == k+1 {
					v.kind, v.end = pRef, int32(k+1)
				}
			}
		}
	default:
		e := f.token(i)
		switch w := string(d[i:e]); w {
		case "true", "false", "null":
			v.kind, v.name, v.end = pKeyword, w, int32(e)
		default:
			return pval{}, i, bookErr("unexpected %q at %d", w, i)
		}
	}
	return v, int(v.end), nil
}

// refs calls fn for every reference in v, in the order of the file.
func (v pval) refs(fn func(r pval) error) error {
	if v.kind == pRef {
		return fn(v)
	}
	for _, e := range v.elems {
		if err := e.refs(fn); err != nil {
			return err
		}
	}
	return nil
}

// appendValue appends the bytes of v, each reference replaced by the one
// renum gives.
func (f *pdfFile) appendValue(b []byte, v pval, renum func(old int) (int, error)) ([]byte, error) {
	at := int(v.start)
	err := v.refs(func(r pval) error {
		n, err := renum(r.ref())
		if err != nil {
			return err
		}
		b = append(b, f.data[at:r.start]...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " 0 R"...)
		at = int(r.end)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return append(b, f.data[at:v.end]...), nil
}
