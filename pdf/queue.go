package pdf

import (
	"bytes"
	"compress/zlib"
)

// deflateQueue compresses streams on a goroutine of its own, in the order
// they are given, while the renderer draws on: the fonts' streams as soon
// as the fonts are cut, each page's content as soon as the page is drawn.
// The output pass then only copies them into the file. Each stream is
// compressed as compressJobs would (zlib, BestSpeed, a writer reset for
// each), so the file is the same as if it were compressed at the end.
type deflateQueue struct {
	in     chan []byte
	done   chan struct{}
	out    [][]byte
	closed bool
}

// newDeflateQueue starts a queue that holds up to n streams not yet
// compressed without blocking the one adding them.
func newDeflateQueue(n int) *deflateQueue {
	q := &deflateQueue{in: make(chan []byte, n), done: make(chan struct{})}
	go q.run()
	return q
}

// add queues data, which must not change until finish returns.
func (q *deflateQueue) add(data []byte) { q.in <- data }

// finish waits for every stream added and returns them compressed, in
// the order added. The queue takes no more; finishing it again returns
// the same.
func (q *deflateQueue) finish() [][]byte {
	if !q.closed {
		close(q.in)
		q.closed = true
	}
	<-q.done
	return q.out
}

func (q *deflateQueue) run() {
	defer close(q.done)
	var tmp bytes.Buffer
	var zw *zlib.Writer
	// The compressed streams are cut from chunks of one allocation each;
	// a stream that does not fit starts a new chunk, so none is copied
	// twice.
	var chunk []byte
	for data := range q.in {
		tmp.Reset()
		if zw == nil {
			zw, _ = zlib.NewWriterLevel(&tmp, zlib.BestSpeed)
		} else {
			zw.Reset(&tmp)
		}
		zw.Write(data)
		zw.Close()
		if len(chunk)+tmp.Len() > cap(chunk) {
			chunk = make([]byte, 0, max(64<<10, tmp.Len()))
		}
		start := len(chunk)
		chunk = append(chunk, tmp.Bytes()...)
		q.out = append(q.out, chunk[start:len(chunk):len(chunk)])
	}
}
