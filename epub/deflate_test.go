package epub

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quire-books/quire/internal/corpus"
)

// inflate undoes compress with compress/flate's reader.
func inflateAll(t testing.TB, data []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatalf("inflating: %v", err)
	}
	return out
}

func deflateCases() map[string][]byte {
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
	return map[string][]byte{
		"empty":      nil,
		"one":        []byte("x"),
		"four":       []byte("abcd"),
		"run":        bytes.Repeat([]byte{'a'}, 100_000),
		"random":     random,
		"text":       []byte(text),
		"mixed":      mixed,
		"short text": []byte(`<?xml version="1.0" encoding="UTF-8"?><container version="1.0"/>`),
	}
}

func TestDeflateRoundTrip(t *testing.T) {
	d := newDeflater()
	cases := deflateCases()
	// Twice over, one deflater for all: the table keeps what earlier
	// files left in it.
	for range 2 {
		for name, in := range cases {
			out := d.compress([]byte("kept"), in)
			if string(out[:4]) != "kept" {
				t.Fatalf("%s: dst's bytes lost", name)
			}
			if got := inflateAll(t, out[4:]); !bytes.Equal(got, in) {
				t.Errorf("%s: %d bytes came back as %d different ones", name, len(in), len(got))
			}
			// A stored block costs 5 bytes, and there is one for every
			// block of tokens at most.
			if limit := len(in) + 5*(len(in)/blockTokens+1) + 8; len(out)-4 > limit {
				t.Errorf("%s: %d bytes deflated to %d", name, len(in), len(out)-4)
			}
		}
	}
	if n := len(d.compress(nil, cases["text"])); n > len(cases["text"])/50 {
		t.Errorf("repeated text deflated to %d bytes of %d", n, len(cases["text"]))
	}
}

func TestDistCode(t *testing.T) {
	for dd := 1; dd <= window; dd++ {
		c := distCode(dd)
		if dd < distBase(c) || dd >= distBase(c)+1<<distExtra(c) {
			t.Fatalf("distance %d got code %d (%d + %d bits)", dd, c, distBase(c), distExtra(c))
		}
	}
}

func FuzzDeflate(f *testing.F) {
	for _, in := range deflateCases() {
		if len(in) < 10000 {
			f.Add(in)
		}
	}
	d := newDeflater()
	f.Fuzz(func(t *testing.T, in []byte) {
		if got := inflateAll(t, d.compress(nil, in)); !bytes.Equal(got, in) {
			t.Errorf("%q came back as %q", in, got)
		}
	})
}

func BenchmarkDeflate(b *testing.B) {
	text, err := corpus.Markdown(1)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ours", func(b *testing.B) {
		d := newDeflater()
		var out []byte
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			out = d.compress(out[:0], text)
		}
		b.ReportMetric(float64(len(out)), "bytes")
	})
	b.Run("flate", func(b *testing.B) {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			buf.Reset()
			fw.Reset(&buf)
			fw.Write(text)
			fw.Close()
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
}
