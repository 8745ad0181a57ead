package source

import "unsafe"

// textArena holds the text of a book's Text inlines in a few large chunks
// instead of one allocation each: text is gathered in place, at the end
// of the current chunk, and becomes a string without a copy.
//
// Strings made by take are unsafe.String views of chunk bytes. That is
// safe because the bytes of a chunk below its length are never written
// again: text is only appended (never past the chunk's capacity, so append
// never moves it), and a chunk is never truncated or reused; when one is
// full, a new one is made and the pending text is copied there.
type textArena struct {
	buf    []byte // the current chunk
	chunks int    // chunks made so far
	size   int    // the smallest size of a new chunk
	pend   []byte // the current inline list's text not yet taken
	tail   bool   // pend ends buf, so that text can be appended to it in place
}

// outerText is the pending text of the inline list that an inner one
// interrupts, and where the arena stood when it began.
type outerText struct {
	pend   []byte
	tail   bool
	bufLen int
	chunks int
}

// open starts the text of an inner inline list, keeping the current
// list's pending text for restore.
func (a *textArena) open() outerText {
	o := outerText{a.pend, a.tail, len(a.buf), a.chunks}
	a.pend, a.tail = nil, false
	return o
}

// restore makes the outer list's text pending again. It is still the
// chunk's tail if the inner list added nothing.
func (a *textArena) restore(o outerText) {
	a.pend = o.pend
	a.tail = o.tail && o.bufLen == len(a.buf) && o.chunks == a.chunks
}

// addText appends s to the pending text.
func addText[T string | []byte](a *textArena, s T) {
	n := len(a.pend)
	if !a.tail || cap(a.buf)-len(a.buf) < len(s) {
		// The pending text moves to the end of the chunk, or of a new one.
		p := a.pend
		if cap(a.buf)-len(a.buf) < len(p)+len(s) {
			a.buf = make([]byte, 0, max(a.size, 2*(len(p)+len(s))))
			a.chunks++
		}
		a.buf = append(a.buf, p...)
		a.tail = true
	}
	a.buf = append(a.buf, s...)
	a.pend = a.buf[len(a.buf)-n-len(s):]
}

// take returns the pending text and starts a new one.
func (a *textArena) take() string {
	if len(a.pend) == 0 {
		return ""
	}
	s := unsafe.String(&a.pend[0], len(a.pend))
	a.pend, a.tail = nil, false
	return s
}
