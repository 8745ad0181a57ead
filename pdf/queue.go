package pdf

import (
	"fmt"

	"github.com/quire-books/quire/internal/deflate"
)

// deflateQueue compresses streams on a goroutine of its own, in the order
// they are given, while the renderer draws on: the fonts' streams as soon
// as the fonts are cut, each page's content as soon as the page is drawn.
// The output pass then only copies them into the file. Each stream is
// compressed as compressJobs would, so the file is the same as if it were
// compressed at the end.
type deflateQueue struct {
	in     chan []byte
	done   chan struct{}
	out    [][]byte
	err    error // a panic while compressing, as an error
	closed bool
}

// newDeflateQueue starts a queue that holds up to n streams not yet
// compressed without blocking the one adding them.
func newDeflateQueue(n int) *deflateQueue { return startQueue(n, (*chunks).zlib) }

// startQueue starts a queue that compresses with compress (tests give
// one that fails).
func startQueue(n int, compress func(*chunks, []byte) []byte) *deflateQueue {
	q := &deflateQueue{in: make(chan []byte, n), done: make(chan struct{})}
	go q.run(compress)
	return q
}

// add queues data, which must not change until finish returns.
func (q *deflateQueue) add(data []byte) { q.in <- data }

// finish waits for every stream added and returns them compressed, in
// the order added. The queue takes no more; finishing it again returns
// the same.
func (q *deflateQueue) finish() ([][]byte, error) {
	if !q.closed {
		close(q.in)
		q.closed = true
	}
	<-q.done
	return q.out, q.err
}

func (q *deflateQueue) run(compress func(*chunks, []byte) []byte) {
	defer close(q.done)
	// A panic here would end the program, out of reach of the writers'
	// guard: it becomes finish's error, and the rest is not compressed.
	defer func() {
		if r := recover(); r != nil {
			q.err = fmt.Errorf("pdf: internal error: compressing a stream: %v", r)
			for range q.in {
			}
		}
	}()
	var c chunks
	for data := range q.in {
		q.out = append(q.out, compress(&c, data))
	}
}

// chunks compresses streams one after another into chunks of memory
// allocated once each, none copied as it fills: a stream starts a new
// chunk when the most it can take does not fit in the current one.
type chunks struct {
	w   *deflate.Writer
	buf []byte
}

// chunk is the least size of a chunk.
const chunk = 64 << 10

// zlib returns data compressed as a zlib stream.
func (c *chunks) zlib(data []byte) []byte {
	if c.w == nil {
		c.w = deflate.NewWriter()
	}
	// Stored blocks, the worst case, add 5 bytes to every 64 KB;
	// the zlib header and checksum, 6.
	most := len(data) + 5*(len(data)>>16+1) + 6 + 64
	if cap(c.buf)-len(c.buf) < most {
		c.buf = make([]byte, 0, max(chunk, most))
	}
	start := len(c.buf)
	c.buf = c.w.Zlib(c.buf, data)
	return c.buf[start:len(c.buf):len(c.buf)]
}
