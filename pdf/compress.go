package pdf

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
)

// gofpdf compresses each page's content with a new zlib writer, about
// 1.2 MB of compressor state allocated and cleared per page: most of the
// bytes a Write allocated and a fifth of its time. So the renderer turns
// gofpdf's compression off and compress rewrites the finished file as
// gofpdf would have written it compressed, each stream compressed by
// internal/deflate (64 KB of state, reused), on as many goroutines as
// pay.

// With fonts, compress also adds them (see embed.go): their objects go
// after gofpdf's, named in the resource dictionary every page shares,
// their streams compressed by the same writers. The renderer has the
// fonts' streams and its own page contents compressed while it draws
// (deflateQueue); compress then puts those in place of the contents
// gofpdf wrote (its settings of line width and style, which the
// renderer's pages set themselves where they draw lines).

// errLayout is a file that is not laid out the way compress expects from
// gofpdf: a bug, not an input problem.
var errLayout = errors.New("pdf: internal error: unexpected PDF structure from gofpdf")

// streams compresses the page contents and image palettes of an
// uncompressed PDF written by gofpdf, and fixes the cross-reference table.
type streams struct {
	// workers is how many goroutines may compress at once; 0 means
	// GOMAXPROCS. Each takes at least share bytes (0 means perWorker),
	// so a small file is compressed by one. The file is the same for
	// any number.
	workers, share int
	// fonts are the fonts to add to the file, which must have none.
	fonts []*embedded
	// done holds streams compressed already (see deflateQueue), if
	// not nil: the fonts' streams (three for each, in order), then every
	// page's content in order, which replaces the page's content in the
	// file.
	done [][]byte
}

// perWorker is the least input worth another goroutine and its
// compressor. Measured with compress/flate's writers (1.2 MB of state
// each) on the pamphlet's 286 KB of page content on a busy two-core
// machine, two goroutines took longer than one (5.4 against 4.3 ms):
// small books stay on one, a long book's megabytes are shared.
const perWorker = 256 << 10

// job is one stream to compress: its object and its data, and where its
// compressed bytes end up.
type job struct {
	num  int
	data []byte
	out  []byte
}

// object is one indirect object of the file: its number and where it
// starts and ends.
type object struct {
	num        int
	start, end int
}

// compress appends to out the PDF in with the streams of the page contents
// and the indexed images' palettes flate-compressed, as
// gofpdf's SetCompression(true) writes them, and c.fonts added.
func (c *streams) compress(out *bytes.Buffer, in []byte) error {
	if !bytes.HasPrefix(in, []byte("%PDF-")) {
		return errLayout
	}
	// The trailer ends "startxref\n<offset>\n%%EOF\n"; the table at offset
	// lists every object's start, objects 1 … n.
	i := bytes.LastIndex(in, []byte("\nstartxref\n"))
	if i < 0 {
		return errLayout
	}
	xref, ok := number(in, i+len("\nstartxref\n"), '\n')
	if !ok || xref >= i {
		return errLayout
	}
	const head = "xref\n0 "
	if !bytes.HasPrefix(in[xref:], []byte(head)) {
		return errLayout
	}
	count, ok := number(in, xref+len(head), '\n')
	if !ok || count < 1 {
		return errLayout
	}
	table := xref + len(head) + len(strconv.Itoa(count)) + 1
	const entry = 20 // "0000000123 00000 n \n"
	if table > len(in) || count > (len(in)-table)/entry || string(in[table:table+entry]) != "0000000000 65535 f \n" {
		return errLayout
	}
	objs := make([]object, 0, count-1)
	for j := 1; j < count; j++ {
		e := in[table+j*entry : table+(j+1)*entry]
		off, ok := number(e, 0, ' ')
		if !ok || string(e[10:]) != " 00000 n \n" || off <= 0 || off >= xref {
			return errLayout
		}
		objs = append(objs, object{num: j, start: off})
	}
	slices.SortFunc(objs, func(a, b object) int { return a.start - b.start })
	for k := range objs {
		if k+1 < len(objs) {
			objs[k].end = objs[k+1].start
		} else {
			objs[k].end = xref
		}
	}

	// The streams to compress: each page's /Contents, the last entry of
	// its dictionary, and each indexed image's palette. The fonts go in
	// the resource dictionary, at resAt in it.
	target := make([]bool, count)
	pageContent := make([]bool, count)
	const fontRes = "<<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/Font <<\n"
	res, resAt := 0, 0
	mark := func(n int) bool {
		if n <= 0 || n >= count {
			return false
		}
		target[n] = true
		return true
	}
	for _, o := range objs {
		body := in[o.start:o.end]
		prefix := strconv.Itoa(o.num) + " 0 obj\n"
		if !bytes.HasPrefix(body, []byte(prefix)) {
			return errLayout
		}
		body = body[len(prefix):]
		switch {
		case len(c.fonts) > 0 && bytes.HasPrefix(body, []byte(fontRes)):
			// gofpdf is given no font: the dictionary names none.
			if res != 0 || !bytes.HasPrefix(body[len(fontRes):], []byte(">>\n")) {
				return errLayout
			}
			res, resAt = o.num, len(prefix)+len(fontRes)
		case bytes.HasPrefix(body, []byte("<</Type /Page\n")):
			const tail = " 0 R>>\nendobj\n"
			k := bytes.LastIndex(body, []byte("/Contents "))
			if k < 0 || !bytes.HasSuffix(body, []byte(tail)) {
				return errLayout
			}
			n, ok := number(body, k+len("/Contents "), ' ')
			if !ok || k+len("/Contents ")+len(strconv.Itoa(n)) != len(body)-len(tail) || !mark(n) {
				return errLayout
			}
			pageContent[n] = true
		case bytes.HasPrefix(body, []byte("<</Type /XObject\n")):
			const cs = "/ColorSpace [/Indexed /DeviceRGB "
			k := bytes.Index(body, []byte(cs))
			if k < 0 {
				break
			}
			k += len(cs)
			_, ok := number(body, k, ' ')
			if !ok {
				return errLayout
			}
			k = bytes.IndexByte(body[k:], ' ') + k + 1
			n, ok := number(body, k, ' ')
			if !ok || !mark(n) {
				return errLayout
			}
		}
	}

	// The streams to compress here: the pages' contents unless they
	// come compressed already, and the palettes.
	var jobs []job
	total, pages := 0, 0
	for _, o := range objs {
		if !target[o.num] {
			continue
		}
		if c.done != nil && pageContent[o.num] {
			pages++
			continue
		}
		body := in[o.start:o.end]
		prefix := strconv.Itoa(o.num) + " 0 obj\n<</Length "
		if !bytes.HasPrefix(body, []byte(prefix)) {
			return errLayout
		}
		n, ok := number(body, len(prefix), '>')
		const open, close = ">>\nstream\n", "\nendstream\nendobj\n"
		start := len(prefix) + len(strconv.Itoa(n)) + len(open)
		if !ok || !bytes.HasPrefix(body[start-len(open):], []byte(open)) ||
			start+n+len(close) != len(body) || string(body[start+n:]) != close {
			return errLayout
		}
		jobs = append(jobs, job{num: o.num, data: body[start : start+n]})
		total += n
	}
	if len(c.fonts) > 0 && res == 0 {
		return errLayout
	}
	// The fonts' streams compressed, three for each font, and the pages'
	// contents compressed ahead, in order.
	var fontZ, pageZ [][]byte
	if c.done == nil {
		first := len(jobs)
		for _, f := range c.fonts {
			for _, data := range f.streams() {
				jobs = append(jobs, job{data: data})
				total += len(data)
			}
		}
		c.run(jobs, total)
		for _, j := range jobs[first:] {
			fontZ = append(fontZ, j.out)
		}
		jobs = jobs[:first]
	} else {
		if len(c.done) != 3*len(c.fonts)+pages {
			return errLayout
		}
		c.run(jobs, total)
		fontZ, pageZ = c.done[:3*len(c.fonts)], c.done[3*len(c.fonts):]
	}
	// The file's size, give or take a few bytes per stream (its header
	// gains a /Filter, its length may change digits), the fonts' objects
	// and the table: out grows once.
	size := len(in) + 64 + 20*fontObjects*len(c.fonts)
	for _, j := range jobs {
		size += len(j.out) - len(j.data) + 32
	}
	for _, zs := range [2][][]byte{fontZ, pageZ} {
		for _, z := range zs {
			size += len(z) + 32
		}
	}
	for _, f := range c.fonts {
		size += 1024 + 6*f.n
	}
	if out.Len() == 0 && out.Cap() < size {
		// Buffer.Grow clears the memory it allocates (bytes.growSlice
		// appends a make), 0.1 ms of a Write; a new slice, still
		// untouched as it comes from the heap, need not be cleared.
		*out = *bytes.NewBuffer(make([]byte, 0, size))
	} else {
		out.Grow(size)
	}

	// The one-byte fonts share an encoding, after the fonts' objects.
	newCount, encoding := count+fontObjects*len(c.fonts), 0
	for _, f := range c.fonts {
		if f.oneByte() {
			encoding = newCount
			newCount++
			size += len(oneByteCMap) + 256
			break
		}
	}
	offsets := make([]int, newCount)
	prev := 0
	k, p := 0, 0 // the next job, the next page compressed ahead
	for _, o := range objs {
		out.Write(in[prev:o.start])
		offsets[o.num] = out.Len()
		prev = o.end
		if o.num == res {
			out.Write(in[o.start : o.start+resAt])
			for i, f := range c.fonts {
				out.WriteString("/" + f.res + " ")
				out.WriteString(strconv.Itoa(count + fontObjects*i))
				out.WriteString(" 0 R\n")
			}
			out.Write(in[o.start+resAt : o.end])
			continue
		}
		if !target[o.num] {
			out.Write(in[o.start:o.end])
			continue
		}
		var z []byte
		if c.done != nil && pageContent[o.num] {
			z = pageZ[p]
			p++
		} else {
			z = jobs[k].out
			k++
		}
		out.WriteString(strconv.Itoa(o.num))
		out.WriteString(" 0 obj\n<</Filter /FlateDecode /Length ")
		out.WriteString(strconv.Itoa(len(z)))
		out.WriteString(">>\nstream\n")
		out.Write(z)
		out.WriteString("\nendstream\nendobj\n")
	}
	out.Write(in[prev:xref])
	if len(c.fonts) > 0 {
		b := out.AvailableBuffer()
		for i, f := range c.fonts {
			z := fontZ[3*i:]
			b = f.appendObjects(b, count+fontObjects*i, encoding, offsets, [3][]byte{z[0], z[1], z[2]})
		}
		if encoding != 0 {
			offsets[encoding] = len(b)
			b = appendOneByteCMap(b, encoding)
		}
		// The offsets so far count from the buffer's start.
		for j := count; j < newCount; j++ {
			offsets[j] += out.Len()
		}
		out.Write(b)
	}
	newXref := out.Len()
	out.WriteString(head)
	out.WriteString(strconv.Itoa(newCount))
	out.WriteString("\n0000000000 65535 f \n")
	var e []byte
	for j := 1; j < newCount; j++ {
		e = strconv.AppendInt(e[:0], int64(offsets[j]), 10)
		for range 10 - len(e) {
			out.WriteByte('0')
		}
		out.Write(e)
		out.WriteString(" 00000 n \n")
	}
	trailer := in[table+count*entry : i+len("\nstartxref\n")]
	if len(c.fonts) > 0 {
		// gofpdf's trailer: "trailer\n<<\n/Size N\n…".
		size := "\n/Size " + strconv.Itoa(count) + "\n"
		k := bytes.Index(trailer, []byte(size))
		if k < 0 {
			return errLayout
		}
		out.Write(trailer[:k])
		out.WriteString("\n/Size " + strconv.Itoa(newCount) + "\n")
		trailer = trailer[k+len(size):]
	}
	out.Write(trailer)
	out.WriteString(strconv.Itoa(newXref))
	out.Write(in[i+len("\nstartxref\n")+len(strconv.Itoa(xref)):])
	return nil
}

// run compresses the jobs' data (total bytes in all), as zlib streams,
// on up to c.workers goroutines, each taking a run of
// jobs in order.
func (c *streams) run(jobs []job, total int) {
	w := c.workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	share := c.share
	if share <= 0 {
		share = perWorker
	}
	w = max(1, min(w, total/share, len(jobs)))
	if w == 1 {
		compressJobs(jobs)
		return
	}
	var wg sync.WaitGroup
	from, done := 0, 0
	for i := range w {
		// Cut where the bytes done reach the i+1-th share of the total.
		to := from
		for to < len(jobs) && (i == w-1 || done < total*(i+1)/w) {
			done += len(jobs[to].data)
			to++
		}
		part := jobs[from:to]
		from = to
		wg.Go(func() { compressJobs(part) })
	}
	wg.Wait()
}

// compressJobs compresses each job with one deflate.Writer, in order.
func compressJobs(jobs []job) {
	var c chunks
	for i := range jobs {
		jobs[i].out = c.zlib(jobs[i].data)
	}
}

// number reads the decimal digits of b from i, which must end at the byte
// stop. Numbers past math.MaxInt32 are refused, so that the result fits an
// int on every platform: they are offsets, lengths and counts in a file
// gofpdf made in memory.
func number(b []byte, i int, stop byte) (int, bool) {
	n, k := 0, i
	for ; k < len(b) && b[k] >= '0' && b[k] <= '9'; k++ {
		d := int(b[k] - '0')
		if n > (math.MaxInt32-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, k > i && k < len(b) && b[k] == stop
}
