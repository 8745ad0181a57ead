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
		q.add(data, nil)
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

// TestDeflateQueueReuse checks that a buffer whose streams were added
// is handed back only once its last stream is compressed, and that the
// streams compressed from it are kept apart from it.
func TestDeflateQueueReuse(t *testing.T) {
	compressed := make(chan int, 3)
	q := startQueue(4, func(c *chunks, data []byte) []byte {
		z := c.zlib(data)
		compressed <- len(data)
		return z
	})
	if b := q.reuse(); b != nil {
		t.Fatalf("reuse before anything was added: %d bytes", cap(b))
	}
	buf := []byte("first pagesecond page")
	q.add(buf[:10:10], nil)
	q.add(buf[10:], buf)
	<-compressed
	<-compressed
	back := <-q.free // handed back once both are compressed
	if &back[0] != &buf[0] || cap(back) != cap(buf) {
		t.Fatal("another buffer handed back")
	}
	copy(buf, "overwritten, as the renderer would")
	q.add([]byte("third"), []byte("kept"))
	got, err := q.finish()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"first page", "second page", "third"} {
		zr, err := zlib.NewReader(bytes.NewReader(got[i]))
		if err != nil {
			t.Fatal(err)
		}
		if plain, err := io.ReadAll(zr); err != nil || string(plain) != want {
			t.Errorf("stream %d is %q (%v), want %q", i, plain, err, want)
		}
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
	q.add([]byte("fine"), nil)
	q.add([]byte("bad"), nil)
	q.add([]byte("after"), nil)
	out, err := q.finish()
	if err == nil || !strings.Contains(err.Error(), "broken compressor") {
		t.Fatalf("finish: %d streams, error %v; want the panic as an error", len(out), err)
	}
}

// pamphletStreams returns the streams of the pamphlet's PDF, with its
// cover, as the deflate queue compresses them: the pages' contents, the
// fonts' files and maps, decompressed from the file.
func pamphletStreams(t testing.TB) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, pamphlet(t), &Options{Cover: true}); err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	data := buf.Bytes()
	for {
		i := bytes.Index(data, []byte(">>\nstream\n"))
		if i < 0 {
			break
		}
		data = data[i+len(">>\nstream\n"):]
		j := bytes.Index(data, []byte("\nendstream\n"))
		zr, err := zlib.NewReader(bytes.NewReader(data[:j]))
		if err != nil {
			continue // the one-byte fonts' encoding, not compressed
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, plain)
		data = data[j:]
	}
	return out
}

// BenchmarkCompressStreams compresses the pamphlet's streams as the
// deflate queue does, one Writer for all.
func BenchmarkCompressStreams(b *testing.B) {
	in := pamphletStreams(b)
	total := 0
	for _, s := range in {
		total += len(s)
	}
	b.SetBytes(int64(total))
	var c chunks
	for b.Loop() {
		c.buf = nil
		for _, s := range in {
			c.zlib(s)
		}
	}
}
