package pdf

import (
	"fmt"

	"github.com/quire-books/quire/internal/deflate"
)

// deflateQueue compresses streams on a goroutine of its own while the
// renderer draws on: the fonts' streams as soon as the fonts are cut,
// each page's content as soon as the page is drawn. When the renderer is
// done drawing, it compresses what is still queued alongside that
// goroutine instead of waiting for it. The output pass then only copies
// the streams into the file. Each stream is compressed as compressJobs
// would, whoever compresses it, so the file is the same as if it were
// compressed at the end.
type deflateQueue struct {
	in   chan queued
	done chan struct{}
	// free holds buffers whose streams the queue's goroutine has all
	// compressed, for the renderer to write pages into again (reuse).
	free     chan []byte
	out      [][]byte // by the order added
	n        int      // streams added
	compress func(*chunks, []byte) []byte
	errs     [2]error // a panic while compressing, as an error
	closed   bool
}

// queued is a stream and its place in the order added, or a font to cut
// whose three streams (see embedded.streams) take the places from i, or
// work to run that adds no stream.
type queued struct {
	i    int
	data []byte
	font *embedded
	run  func()
	// done, if not nil, is the buffer data was cut from, every stream
	// cut from it queued by the time data was: free once data is
	// compressed.
	done []byte
}

// freeBuffers is how many buffers the queue holds for reuse at most.
const freeBuffers = 4

// newDeflateQueue starts a queue that takes up to n streams, none of them
// blocking the one adding them.
func newDeflateQueue(n int) *deflateQueue { return startQueue(n, (*chunks).zlib) }

// startQueue starts a queue that compresses with compress (tests give
// one that fails).
func startQueue(n int, compress func(*chunks, []byte) []byte) *deflateQueue {
	q := &deflateQueue{
		in: make(chan queued, n), done: make(chan struct{}), free: make(chan []byte, freeBuffers),
		out: make([][]byte, n), compress: compress,
	}
	go func() {
		defer close(q.done)
		q.errs[0] = q.drain(true)
	}()
	return q
}

// add queues data, which must not change until finish returns, or until
// reuse returns done if done is not nil: the buffer data was cut from,
// from which no more will be queued.
func (q *deflateQueue) add(data, done []byte) {
	q.in <- queued{i: q.n, data: data, done: done}
	q.n++
}

// reuse returns a buffer given to add as done whose streams are all
// compressed, emptied, or nil if there is none yet. The page contents
// are written into a few buffers, each reused once the queue is past
// it, rather than into a new one every dozen pages: 200 KB less fresh
// memory for the pamphlet, whose pages are compressed about as fast as
// they are drawn.
func (q *deflateQueue) reuse() []byte {
	select {
	case b := <-q.free:
		return b[:0]
	default:
		return nil
	}
}

// help queues f, to be run by the queue's goroutine, or by finish if it
// is still queued then.
func (q *deflateQueue) help(f func()) { q.in <- queued{run: f} }

// addFont queues the font e, which is cut (embedded.cut) and its streams
// compressed. e's file and glyphs must not be used until finish returns.
func (q *deflateQueue) addFont(e *embedded) {
	q.in <- queued{i: q.n, font: e}
	q.n += 3
}

// finish compresses what is still queued, with the queue's goroutine,
// and returns every stream added compressed, in the order added. The
// queue takes no more; finishing it again returns the same.
func (q *deflateQueue) finish() ([][]byte, error) {
	if !q.closed {
		close(q.in)
		q.closed = true
		q.errs[1] = q.drain(false)
	}
	<-q.done
	if q.errs[0] != nil {
		return nil, q.errs[0]
	}
	return q.out[:q.n], q.errs[1]
}

// drain compresses streams from the queue until it is closed and empty,
// and hands back the buffers done with if free is set. Only the queue's
// own goroutine does: it takes the streams in the order added, so a
// buffer's streams are compressed when its last is. (finish drains
// alongside it, but nothing is added or reused once finish is called.)
// A panic while compressing, or in work given to help, would end the
// program, out of reach of the writers' guard: it becomes the error
// returned, and the rest of the queue is not done.
func (q *deflateQueue) drain(free bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: internal error: deflate queue: %v", r)
			for range q.in {
			}
		}
	}()
	var c chunks
	for s := range q.in {
		if s.run != nil {
			s.run()
			continue
		}
		if s.font == nil {
			q.out[s.i] = q.compress(&c, s.data)
			if free && s.done != nil {
				select {
				case q.free <- s.done:
				default: // enough kept
				}
			}
			continue
		}
		s.font.cut()
		for k, data := range s.font.streams() {
			q.out[s.i+k] = q.compress(&c, data)
		}
	}
	return nil
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
	most := deflate.ZlibBound(len(data))
	if cap(c.buf)-len(c.buf) < most {
		c.buf = make([]byte, 0, max(chunk, most))
	}
	start := len(c.buf)
	c.buf = c.w.Zlib(c.buf, data)
	return c.buf[start:len(c.buf):len(c.buf)]
}
