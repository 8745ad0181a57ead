package deflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	adler32pkg "hash/adler32"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/quire-books/quire/internal/corpus"
)

func inflate(t testing.TB, data []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatalf("inflating: %v", err)
	}
	return out
}

func unzlib(t testing.TB, data []byte) []byte {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("zlib header: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	return out
}

func cases() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 200_000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	text := strings.Repeat("<p>The soviets, organs of proletarian democracy, ruled Russia.</p>\n", 3000)
	var mixed []byte
	for i := range 100 {
		mixed = append(mixed, text[:rng.IntN(5000)]...)
		mixed = append(mixed, random[i*100:i*100+rng.IntN(2000)]...)
	}
	// Text whose repeats are more than a window apart: copies must not
	// reach them.
	far := append(append([]byte(text[:1000]), random[:window+100]...), text[:1000]...)
	// Long copies from far back, one after another: tokens of 30 bits
	// and more, near the most the bit packing takes.
	farCopies := append([]byte(nil), random[:window]...)
	for range 3000 {
		d := window/2 + rng.IntN(window/2-300)
		n := 130 + rng.IntN(128)
		for range n {
			farCopies = append(farCopies, farCopies[len(farCopies)-d])
		}
	}
	return map[string][]byte{
		"far copies": farCopies,
		"empty":      nil,
		"one":        []byte("x"),
		"four":       []byte("abcd"),
		"run":        bytes.Repeat([]byte{'a'}, 100_000),
		"runs":       bytes.Repeat([]byte("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff"), 10_000),
		"random":     random,
		"text":       []byte(text),
		"mixed":      mixed,
		"far":        far,
		"short text": []byte(`<?xml version="1.0" encoding="UTF-8"?><container version="1.0"/>`),
	}
}

func TestRoundTrip(t *testing.T) {
	w := NewWriter()
	cs := cases()
	// Twice over, one Writer for all: the table keeps what earlier
	// streams left in it.
	for range 2 {
		for name, in := range cs {
			out := w.Deflate([]byte("kept"), in)
			if string(out[:4]) != "kept" {
				t.Fatalf("%s: dst's bytes lost", name)
			}
			if got := inflate(t, out[4:]); !bytes.Equal(got, in) {
				t.Errorf("%s: %d bytes came back as %d different ones", name, len(in), len(got))
			}
			// A stored block costs 5 bytes, and there is one for every
			// block of tokens at most.
			if limit := len(in) + 5*(len(in)/blockTokens+1) + 8; len(out)-4 > limit {
				t.Errorf("%s: %d bytes deflated to %d", name, len(in), len(out)-4)
			}
			z := w.Zlib([]byte("kept"), in)
			if string(z[:4]) != "kept" {
				t.Fatalf("%s: zlib: dst's bytes lost", name)
			}
			if got := unzlib(t, z[4:]); !bytes.Equal(got, in) {
				t.Errorf("%s: zlib: %d bytes came back as %d different ones", name, len(in), len(got))
			}
		}
	}
	// Given room for the worst case, stored blocks, a stream is written
	// in place: callers size buffers for it (pdf's chunks).
	for name, in := range cs {
		room := make([]byte, 1, 1+ZlibBound(len(in)))
		if out := w.Zlib(room, in); &out[0] != &room[0] {
			t.Errorf("%s: %d bytes reallocated with room for %d", name, len(out)-1, cap(room)-1)
		}
	}
	if n := len(w.Deflate(nil, cs["text"])); n > len(cs["text"])/50 {
		t.Errorf("repeated text deflated to %d bytes of %d", n, len(cs["text"]))
	}
	if n := len(w.Deflate(nil, cs["run"])); n > 1000 {
		t.Errorf("a run of 100000 bytes deflated to %d bytes", n)
	}
}

// The same input gives the same bytes from a new Writer and from one
// that has compressed other streams, whatever their order.
func TestDeterministic(t *testing.T) {
	cs := cases()
	want := map[string][]byte{}
	for name, in := range cs {
		want[name] = NewWriter().Deflate(nil, in)
	}
	w := NewWriter()
	for range 3 {
		for name, in := range cs { // map order: a new order each time
			if got := w.Deflate(nil, in); !bytes.Equal(got, want[name]) {
				t.Errorf("%s: %d bytes from a used Writer, %d from a new one", name, len(got), len(want[name]))
			}
		}
	}
}

// The table's positions start again from 0 when they near 1<<30.
func TestTableWraps(t *testing.T) {
	w := NewWriter()
	text := cases()["text"]
	want := w.Deflate(nil, text)
	w.base = 1<<30 - 10
	for range 3 {
		if got := w.Deflate(nil, text); !bytes.Equal(got, want) {
			t.Fatalf("base %d: %d bytes, want %d", w.base, len(got), len(want))
		}
	}
}

func TestDistCode(t *testing.T) {
	for d := 1; d <= window; d++ {
		c := DistCode(d)
		if d < DistBase(c) || d >= DistBase(c)+1<<DistExtra(c) {
			t.Fatalf("distance %d got code %d (%d + %d bits)", d, c, DistBase(c), DistExtra(c))
		}
	}
}

func TestLengthCodes(t *testing.T) {
	lc := NewLengthCodes()
	for l := 3; l <= 258; l++ {
		s := int(lc.Sym[l-3])
		lo := int(lc.Base[s-257]) + 3
		if s < 257 || s > 285 || l < lo || l >= lo+1<<lc.Extra[s-257] || s == 284 && l == 258 {
			t.Fatalf("length %d got symbol %d (%d + %d bits)", l, s, lo, lc.Extra[s-257])
		}
	}
	for s := 257; s < 286; s++ {
		if lengthExtra(s) != int(lc.Extra[s-257]) {
			t.Errorf("symbol %d: %d extra bits, the table says %d", s, lengthExtra(s), lc.Extra[s-257])
		}
	}
}

// Huffman code lengths stay within the limit and make a complete code,
// even for frequencies whose optimal code is deeper (Fibonacci numbers).
func TestHuffmanLengths(t *testing.T) {
	fib := make([]int32, 40)
	fib[0], fib[1] = 1, 1
	for i := 2; i < len(fib); i++ {
		fib[i] = fib[i-1] + fib[i-2]
	}
	var h Huffman
	for _, c := range []struct {
		freq  []int32
		limit int
	}{
		{fib, 15}, {fib[:19], 7}, {[]int32{0, 5, 0}, 15}, {[]int32{0, 0, 0, 0}, 7}, {[]int32{3, 3, 3, 3, 3}, 3},
	} {
		lengths := h.Lengths(make([]uint8, len(c.freq)), c.freq, c.limit)
		kraft, coded := 0.0, 0
		for s, l := range lengths {
			if int(l) > c.limit {
				t.Errorf("%v: symbol %d has %d bits, limit %d", c.freq, s, l, c.limit)
			}
			if c.freq[s] > 0 && l == 0 {
				t.Errorf("%v: symbol %d has no code", c.freq, s)
			}
			if l > 0 {
				kraft += math.Pow(2, -float64(l))
				coded++
			}
		}
		if kraft != 1 || coded < 2 {
			t.Errorf("%v: Kraft sum %v over %d codes", c.freq, kraft, coded)
		}
	}
}

// Within the limit, the code lengths are those of a Huffman code: the
// frequency-weighted length is the optimum, whichever way huffman sorted
// the symbols (by insertion, by bytes of frequency, by comparison).
func TestHuffmanOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var h Huffman
	for _, c := range []struct{ n, most int }{{5, 100}, {19, 1000}, {30, 40}, {100, 200}, {286, 60000}, {286, 1 << 24}} {
		freq := make([]int32, c.n)
		for s := range freq {
			if rng.IntN(4) > 0 {
				freq[s] = int32(1 + rng.IntN(c.most))
			}
		}
		lengths := h.Lengths(make([]uint8, len(freq)), freq, 15)
		got := 0
		for s, l := range lengths {
			got += int(freq[s]) * int(l)
		}
		// The optimum: the sum of the merged nodes' weights, merging
		// the two lightest each time.
		var w []int
		for _, f := range freq {
			if f > 0 {
				w = append(w, int(f))
			}
		}
		want := 0
		for len(w) > 1 {
			slices.Sort(w)
			m := w[0] + w[1]
			want += m
			w = append(w[2:], m)
		}
		if got != want {
			t.Errorf("%d symbols up to %d: weighted length %d, optimum %d", c.n, c.most, got, want)
		}
	}
}

// huffman's in-place tree gives each symbol the length that a tree of
// linked nodes gives, ties and all (a different length of the same
// total would change the bytes written): two queues, a tie to the leaf,
// each symbol's depth found through its parents.
func TestHuffmanAsLinkedTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var h Huffman
	for trial := range 2000 {
		n := 2 + rng.IntN(287)
		most := []int{2, 5, 50, 5000}[trial%4] // small: many ties
		freq := make([]int32, n)
		for s := range freq {
			if rng.IntN(3) > 0 {
				freq[s] = int32(1 + rng.IntN(most))
			}
		}
		var syms []int
		for s, f := range freq {
			if f > 0 {
				syms = append(syms, s)
			}
		}
		if len(syms) < 2 {
			continue
		}
		slices.SortStableFunc(syms, func(a, b int) int { return int(freq[a] - freq[b]) })
		weight, parent := []int{}, []int{}
		for _, s := range syms {
			weight, parent = append(weight, int(freq[s])), append(parent, -1)
		}
		li, mi := 0, len(syms)
		pick := func() int {
			if li < len(syms) && (mi >= len(weight) || weight[li] <= weight[mi]) {
				li++
				return li - 1
			}
			mi++
			return mi - 1
		}
		for range len(syms) - 1 {
			a, b := pick(), pick()
			weight, parent = append(weight, weight[a]+weight[b]), append(parent, -1)
			parent[a], parent[b] = len(weight)-1, len(weight)-1
		}
		want := make([]uint8, n)
		for i, s := range syms {
			for p := parent[i]; p >= 0; p = parent[p] {
				want[s]++
			}
		}
		got := make([]uint8, n)
		longest := h.huffman(got, freq)
		if !slices.Equal(got, want) {
			t.Fatalf("%v: lengths %v, linked tree %v", freq, got, want)
		}
		if longest != int(slices.Max(want)) {
			t.Fatalf("%v: longest %d, want %d", freq, longest, slices.Max(want))
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, in := range cases() {
		if len(in) < 10000 {
			f.Add(in)
		}
	}
	w := NewWriter()
	f.Fuzz(func(t *testing.T, in []byte) {
		out := w.Deflate(nil, in)
		if got := inflate(t, out); !bytes.Equal(got, in) {
			t.Errorf("%q came back as %q", in, got)
		}
		if fresh := NewWriter().Deflate(nil, in); !bytes.Equal(fresh, out) {
			t.Errorf("%q: a used Writer made %d bytes, a new one %d", in, len(out), len(fresh))
		}
		if got := unzlib(t, w.Zlib(nil, in)); !bytes.Equal(got, in) {
			t.Errorf("zlib: %q came back as %q", in, got)
		}
	})
}

func BenchmarkDeflate(b *testing.B) {
	text, err := corpus.Markdown(1)
	if err != nil {
		b.Fatal(err)
	}
	random := make([]byte, 100_000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	for _, in := range []struct {
		name string
		data []byte
	}{{"text", text}, {"random", random}} {
		b.Run(in.name+"/ours", func(b *testing.B) {
			w := NewWriter()
			var out []byte
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				out = w.Deflate(out[:0], in.data)
			}
			b.ReportMetric(float64(len(out)), "bytes")
		})
		b.Run(in.name+"/flate", func(b *testing.B) {
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
			b.SetBytes(int64(len(in.data)))
			for b.Loop() {
				buf.Reset()
				fw.Reset(&buf)
				fw.Write(in.data)
				fw.Close()
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
	// A writer for each stream, as a caller without a Writer to reuse
	// would make.
	b.Run("text/ours-new", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			NewWriter().Deflate(nil, text)
		}
	})
	b.Run("text/flate-new", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
			fw.Write(text)
			fw.Close()
		}
	})
}

// TestAdler32 checks the checksum against hash/adler32's on bytes of
// every length to past two of its blocks, each byte 255 (the largest
// sums) or random.
func TestAdler32(t *testing.T) {
	full := bytes.Repeat([]byte{255}, 3*5552+17)
	random := make([]byte, len(full))
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	for _, p := range [][]byte{full, random} {
		for n := 0; n <= len(p); n += 1 + n/64 {
			if got, want := adler(p[:n]), adler32pkg.Checksum(p[:n]); got != want {
				t.Fatalf("%d bytes: %08x, want %08x", n, got, want)
			}
		}
	}
}

// Adler's sums are hash/adler32's, for any bytes, the largest too, any
// length (past a chunk of AddAll's too) and any start, whole or in pieces
// of which one is a run of a byte (Add).
func TestAdler(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 100, 1601, 5000, 70000, 3*adlerChunk + 17} {
		for _, fill := range []string{"max", "random", "zero"} {
			b := make([]byte, n)
			for i := range b {
				switch fill {
				case "max":
					b[i] = 0xff
				case "random":
					b[i] = byte(rng.IntN(256))
				}
			}
			// Whole, and in two pieces, one of them repeats of its first byte.
			cut := n / 3
			want := adler32pkg.Checksum(b)
			if got := NewAdler().AddAll(b).Sum32(); got != want {
				t.Errorf("%s %d: addAll %08x, want %08x", fill, n, got, want)
			}
			for i := range b[cut : 2*cut] {
				b[cut+i] = b[cut]
			}
			want = adler32pkg.Checksum(b)
			a := NewAdler().AddAll(b[:cut])
			if cut > 0 {
				a = a.Add(b[cut], cut)
			}
			a = a.AddAll(b[2*cut:])
			if got := a.Sum32(); got != want {
				t.Errorf("%s %d in pieces: %08x, want %08x", fill, n, got, want)
			}
		}
	}
}

func BenchmarkAdler32(b *testing.B) {
	p := make([]byte, 4096)
	for i := range p {
		p[i] = byte(i * 7)
	}
	b.SetBytes(int64(len(p)))
	b.Run("deflate", func(b *testing.B) {
		for b.Loop() {
			adler(p)
		}
	})
	b.Run("hash", func(b *testing.B) {
		for b.Loop() {
			adler32pkg.Checksum(p)
		}
	})
}
