package cover

import (
	"encoding/binary"
	"hash/crc32"
	"image/color"
	"math/bits"
	"slices"

	"github.com/quire-books/quire/internal/deflate"
)

// png ends the stream and returns the PNG file.
func (z *stream) png(w, h int, palette color.Palette) []byte {
	z.end()
	litLen := z.huff.Lengths(z.litLen[:], z.lit[:], 15)
	distLen := z.huff.Lengths(z.distLen[:], z.dist[:], 15)
	// The stream's size is known to the bit but for the code lengths'
	// header, a few hundred bytes: the file is made in one buffer.
	data := deflate.DataBits(z.lit[:], z.dist[:], litLen, distLen)
	bound := 2 + 4 + 8 + (data+7)/8 + (3+14+19*3+(286+30)*7+7)/8
	out := make([]byte, 0, 8+(12+13)+(12+3*len(palette))+(12+bound)+12)
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // bit depth 8, palette colour; deflate, no filter, no interlace
	out = appendChunk(out, "IHDR", ihdr[:])
	start := len(out)
	out = append(out, "\x00\x00\x00\x00PLTE"...)
	for _, c := range palette {
		r, g, b, _ := c.RGBA()
		out = append(out, uint8(r>>8), uint8(g>>8), uint8(b>>8))
	}
	out = endChunk(out, start)
	start = len(out)
	out = z.write(append(out, "\x00\x00\x00\x00IDAT"...), litLen, distLen, data)
	out = endChunk(out, start)
	return appendChunk(out, "IEND", nil)
}

func appendChunk(b []byte, typ string, data []byte) []byte {
	start := len(b)
	b = append(b, "\x00\x00\x00\x00"...)
	b = append(b, typ...)
	return endChunk(append(b, data...), start)
}

// endChunk completes the chunk that starts at b[start:] with its length
// and CRC.
func endChunk(b []byte, start int) []byte {
	binary.BigEndian.PutUint32(b[start:], uint32(len(b)-start-8))
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start+4:]))
}

// A token is a literal byte (< 256) or, from 256 on, a copy: its length
// less 3 in the low 8 bits, then a bit that is 1 for a copy of the row
// above and 0 for one of the byte before.
type token uint16

const (
	matchToken = 256
	upToken    = 512
)

// stream is a cover's zlib stream being made, row by row, as tokens for
// one deflate block whose copies go one byte back or one row (stride
// bytes, at most 32768) back, with their frequencies and the checksum of
// the bytes they stand for. Copies do not cross the end of a row with ink.
//
// Its match finder is its own: it only ever tries those two distances,
// and knows where a row's ink ends, so it needs no hash table and skips
// the ground without a look. The Huffman coding is internal/deflate's.
//
// image/png took two thirds of the cover's time, most of it compressing
// the ground, index 0, with compress/flate. A cover is simple: runs of one
// index along a row and rows that repeat the row above. So this stream
// makes one deflate block of its own: each byte starts the longest copy it
// can of the byte before it or of the byte above it (at most 258 bytes),
// or is a literal; the block's Huffman codes are fitted to those symbols.
// Runs of nil rows, and of 0 beside a row's ink, become copies without a
// look at a byte. It takes a tenth of the time of compress/flate's
// fastest level, and the file is about as small.
type stream struct {
	stride           int
	tokens           []token    // the last tokens
	full             [][]token  // the ones before, in chunks
	scratch          []token    // a row's tokens when the last chunk may not hold them
	lit              [286]int32 // literal/length symbol frequencies, made at the end
	dist             [30]int32
	sum              deflate.Adler
	last             int    // the byte before the next, -1 at the start
	up               []byte // the row above when it has ink
	ground           int    // ground rows not yet added
	lengths          deflate.LengthCodes
	backCode, upCode int

	// The block's codes, made at the end.
	huff     deflate.Huffman
	litLen   [286]uint8
	distLen  [30]uint8
	litCode  [286]uint16
	distCode [30]uint16
	// tokenBits is, for each token, its bits and their number; until the
	// end, its frequency (as a table of its own it took a page more).
	tokenBits [1024]uint64 // 768 used: a power of 2 to index by a mask
}

// newStream starts a stream of rows of stride bytes.
func newStream(stride int) *stream {
	z := &stream{stride: stride, last: -1, sum: deflate.NewAdler()}
	z.lengths = deflate.NewLengthCodes()
	z.backCode, z.upCode = deflate.DistCode(1), deflate.DistCode(stride)
	return z
}

// addTokens adds tokens and counts them. Tokens go in chunks of 8 KB: a
// cover's number of them is hard to tell in advance, and a slice grown by
// doubling would take twice their memory.
func (z *stream) addTokens(t []token) {
	z.countTokens(t)
	z.moveTokens(t)
}

// countTokens adds t to the tokens' frequencies, kept in tokenBits until
// the end: a pass over a row's tokens costs less than counting each as it
// is made, through z.
func (z *stream) countTokens(t []token) {
	for _, x := range t {
		z.tokenBits[x&1023]++
	}
}

// moveTokens copies t to the chunks.
func (z *stream) moveTokens(t []token) {
	for len(t) > 0 {
		if len(z.tokens) == cap(z.tokens) {
			z.newChunk()
		}
		n := copy(z.tokens[len(z.tokens):cap(z.tokens)], t)
		z.tokens, t = z.tokens[:len(z.tokens)+n], t[n:]
	}
}

// newChunk starts a chunk of tokens.
func (z *stream) newChunk() {
	if z.tokens != nil {
		z.full = append(z.full, z.tokens)
	}
	z.tokens = make([]token, 0, 4096)
}

// addCopies adds q tokens x.
func (z *stream) addCopies(x token, q int) {
	z.tokenBits[x&1023] += uint64(q)
	for q > 0 {
		if len(z.tokens) == cap(z.tokens) {
			z.newChunk()
		}
		n := min(q, cap(z.tokens)-len(z.tokens))
		fill := z.tokens[len(z.tokens) : len(z.tokens)+n]
		for i := range fill {
			fill[i] = x
		}
		z.tokens = z.tokens[:len(z.tokens)+n]
		q -= n
	}
}

// row adds the next row: nil for ground, else stride bytes, a filter-type
// byte of 0 and indices, all 0 outside columns ink[0] to ink[1] (0 ≤
// ink[0] ≤ ink[1] ≤ stride-1). The stream keeps row until the next is
// added: copies may refer to it.
func (z *stream) row(row []byte, ink [2]int) {
	if row == nil {
		z.ground++
		return
	}
	z.flushGround()
	row = row[:z.stride]
	start, end := 1+ink[0], 1+ink[1] // the filter byte, then the ink
	// The row's checksum in one pass, skipping the zeros around the ink.
	z.sum = z.sum.Add(0, start).AddAll(row[start:end]).Add(0, len(row)-end)
	// The row's tokens are appended to a slice kept in registers: the
	// room left in the last chunk if it holds as many tokens as the row
	// can have (one a byte of ink, and the zeros' copies), else a
	// scratch slice, whose tokens are then moved to the chunks.
	t := z.tokens[len(z.tokens):len(z.tokens)]
	room := cap(t)
	most := end - start + z.stride/258*2 + 8
	scratch := room < most
	if scratch {
		if cap(z.scratch) < most {
			z.scratch = make([]token, 0, z.stride+z.stride/258*2+8)
		}
		t = z.scratch[:0]
	}
	if start > 0 && z.last != 0 { // row[0], the filter byte, after ink
		t = append(t, 0)
		t = appendRun(t, start-1)
	} else {
		t = appendRun(t, start)
	}
	// The ink's tokens, one at most a byte, are written by index, which
	// keeps the loop's variables in registers (append's call to grow
	// the slice, never made, kept them on the stack): t has room for
	// them (see most).
	n, tt := len(t), t[:cap(t)]
	i := start
	up := z.up
	// i > 0 throughout: row[0], the filter byte, is among the zeros
	// before the ink.
	for i < end {
		// Most bytes that are not in a run nor below the same byte are
		// literals: told by a look at three bytes, without measuring
		// either copy.
		if i+3 <= len(row) {
			r := row[i-1 : i+3] // the byte before and the three
			v := r[1]
			if r[0] != v || r[2] != v || r[3] != v {
				if up == nil {
					tt[n] = token(v)
					n++
					i++
					continue
				}
				if u := up[i : i+3]; u[0] != v || u[1] != r[2] || u[2] != r[3] {
					tt[n] = token(v)
					n++
					i++
					continue
				}
			}
		}
		limit := min(258, len(row)-i)
		back, above := deflate.MatchLen(row[i:], row[i-1:], limit), 0
		// The copy of the row above is measured only if it can be the
		// longer: back wins a tie, so a copy of back bytes or more needs
		// the byte after back's to match too.
		if up != nil && back < limit && (back < 3 || up[i+back] == row[i+back]) {
			above = deflate.MatchLen(row[i:], up[i:], limit)
		}
		switch {
		case back >= 3 && back >= above:
			tt[n] = matchToken + token(back-3)
			i += back
		case above >= 3:
			tt[n] = upToken + token(above-3)
			i += above
		default:
			tt[n] = token(row[i])
			i++
		}
		n++
	}
	t = tt[:n]
	if n := len(row) - i; n > 0 {
		if row[i-1] != 0 {
			t = append(t, 0)
			n--
		}
		t = appendRun(t, n)
	}
	z.countTokens(t)
	if !scratch && len(t) <= room { // the tokens are in the chunk
		z.tokens = z.tokens[:len(z.tokens)+len(t)]
	} else { // (t in the chunk cannot outgrow it, but if it did, append copied it)
		z.moveTokens(t)
	}
	z.last, z.up = int(row[len(row)-1]), row
}

// appendRun appends the tokens for n zeros after a zero: copies of the
// byte before, but literals for a run too short for one.
func appendRun(t []token, n int) []token {
	switch {
	case n < 3:
		for range n {
			t = append(t, 0)
		}
		return t
	case n <= 258:
		return append(t, matchToken+token(n-3))
	}
	q, r := n/258, n%258
	if r > 0 && r < 3 { // too short for a copy: take 3 from the last whole one
		t = append(t, matchToken+255+token(r)-3)
		q, r = q-1, 3
	}
	for range q {
		t = append(t, matchToken+258-3)
	}
	if r > 0 {
		t = append(t, matchToken+token(r-3))
	}
	return t
}

// flushGround adds the ground rows waiting: zeros, copies of the zero
// before them, as appendRun makes them, its whole copies added at once.
func (z *stream) flushGround() {
	if z.ground == 0 {
		return
	}
	n := z.ground * z.stride
	z.sum = z.sum.Add(0, n)
	var tokens [8]token
	t := tokens[:0]
	if z.last != 0 {
		t = append(t, 0)
		n--
	}
	if q := n/258 - 3; q > 0 {
		// appendRun's tokens for n are its first copy, if any shorter,
		// then whole copies, and its last ones: the same as for n less
		// q whole ones, with q more whole ones before the last.
		t = appendRun(t, n-q*258)
		last := t[len(t)-1]
		z.addTokens(t[:len(t)-1])
		z.addCopies(matchToken+258-3, q)
		t = append(t[:0], last)
	} else {
		t = appendRun(t, n)
	}
	z.addTokens(t)
	z.last, z.up, z.ground = 0, nil, 0
}

// end adds the ground rows waiting and the end of the block, and counts
// the literal/length and distance symbols.
func (z *stream) end() {
	z.flushGround()
	for b := range 256 {
		z.lit[b] = int32(z.tokenBits[b])
	}
	for l3 := range 256 {
		back, up := int32(z.tokenBits[matchToken+l3]), int32(z.tokenBits[upToken+l3])
		z.lit[z.lengths.Sym[l3]] += back + up
		z.dist[z.backCode] += back
		z.dist[z.upCode] += up
	}
	z.lit[256] = 1
}

// write appends the zlib stream to dst, in codes of the given lengths,
// which take size bits.
func (z *stream) write(dst []byte, litLen, distLen []uint8, size int) []byte {
	litCode := deflate.Canonical(z.litCode[:len(litLen)], litLen)
	distCodes := deflate.Canonical(z.distCode[:len(distLen)], distLen)
	var bw deflate.BitWriter
	bw.Reset(append(dst, 0x78, 0x01)) // zlib: deflate, 32 KiB window, fastest
	z.huff.DynamicHeader(&bw, true, litLen, distLen)
	// A 1 bit after the header marks where it ends: the bits of its last
	// byte below the highest set one are the header's last, which the
	// tokens follow.
	bw.Bits(1, 1)
	buf := bw.Flush()
	last := buf[len(buf)-1]
	n := uint(bits.Len8(last) - 1)
	acc := uint64(last) & (1<<n - 1)
	buf = buf[:len(buf)-1]

	// Each token's bits, at most 15+5+15+13, in the low 56 bits of its
	// entry, their number in the top 8: a literal's code, or a copy's
	// length code and extra bits, then its distance code and extra bits.
	tab := &z.tokenBits
	for b := range 256 {
		tab[b] = uint64(litCode[b]) | uint64(litLen[b])<<56
	}
	for up, d := range [2]int{1, z.stride} {
		c := deflate.DistCode(d)
		dist := uint64(distCodes[c]) | uint64(d-deflate.DistBase(c))<<distLen[c]
		dn := uint(distLen[c]) + uint(deflate.DistExtra(c))
		for l3 := range 256 {
			s := z.lengths.Sym[l3]
			ln := uint(litLen[s]) + uint(z.lengths.Extra[s-257])
			v := uint64(litCode[s]) | uint64(l3-int(z.lengths.Base[s-257]))<<litLen[s] | dist<<ln
			tab[matchToken+up*(upToken-matchToken)+l3] = v | uint64(ln+dn)<<56
		}
	}
	// Fewer than 8 bits wait in acc between tokens, and a token has at
	// most 48: each token's bits go out as 8 bytes written at pos, and
	// pos moves past the whole bytes.
	pos := len(buf)
	buf = slices.Grow(buf, (int(n)+size+7)/8+8)
	buf = buf[:cap(buf)]
	for _, chunk := range z.full {
		pos, acc, n = putTokens(buf, pos, acc, n, chunk, tab)
	}
	pos, acc, n = putTokens(buf, pos, acc, n, z.tokens, tab)
	bw.Reset(buf[:pos])
	bw.Bits(acc, n)
	bw.Bits(uint64(litCode[256]), uint(litLen[256]))
	return binary.BigEndian.AppendUint32(bw.Flush(), z.sum.Sum32())
}

// putTokens writes the bits of tokens, from tab, after the n bits in acc,
// at buf[pos:], which has room for them and 8 bytes more, and returns
// where the next go and the bits left over. A function of its own, so
// that its few variables stay in registers: inside write, the loop kept
// its index and the table's address on the stack.
func putTokens(buf []byte, pos int, acc uint64, n uint, tokens []token, tab *[1024]uint64) (int, uint64, uint) {
	for _, t := range tokens {
		e := tab[t&1023]
		acc |= (e & (1<<56 - 1)) << (n & 63)
		n += uint(e >> 56)
		binary.LittleEndian.PutUint64(buf[pos:pos+8], acc)
		pos += int(n >> 3)
		acc >>= n & 56
		n &= 7
	}
	return pos, acc, n
}
