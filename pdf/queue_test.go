package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestDeflateQueue checks that the queue gives back every stream
// compressed, in the order added, the same bytes as compressing them at
// the end, and the same again when finished twice.
func TestDeflateQueue(t *testing.T) {
	var in [][]byte
	for i := range 200 {
		in = append(in, bytes.Repeat(fmt.Appendf(nil, "BT /F1 11.00 Tf %d 700 Td [(page %d)] TJ ET\n", i, i), i))
	}
	q := newDeflateQueue(len(in))
	for _, data := range in {
		q.add(data)
	}
	got, err := q.finish()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(in) {
		t.Fatalf("%d streams back, want %d", len(got), len(in))
	}
	jobs := make([]job, len(in))
	for i, data := range in {
		jobs[i].data = data
	}
	compressJobs(jobs)
	for i, z := range got {
		if !bytes.Equal(z, jobs[i].out) {
			t.Errorf("stream %d: %d bytes, compressJobs made %d", i, len(z), len(jobs[i].out))
		}
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, in[i]) {
			t.Errorf("stream %d does not decompress to what was added (%v)", i, err)
		}
	}
	if again, _ := q.finish(); len(again) != len(got) {
		t.Errorf("finished again: %d streams, want %d", len(again), len(got))
	}
}

// TestDeflateQueuePanic checks that a panic while compressing comes back
// from finish as an error, and that adding and finishing never block.
func TestDeflateQueuePanic(t *testing.T) {
	q := startQueue(3, func(c *chunks, data []byte) []byte {
		if string(data) == "bad" {
			panic("broken compressor")
		}
		return c.zlib(data)
	})
	q.add([]byte("fine"))
	q.add([]byte("bad"))
	q.add([]byte("after"))
	out, err := q.finish()
	if err == nil || !strings.Contains(err.Error(), "broken compressor") {
		t.Fatalf("finish: %d streams, error %v; want the panic as an error", len(out), err)
	}
}
