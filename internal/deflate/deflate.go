package deflate

import (
	"encoding/binary"
	"slices"
)

// A Writer compresses byte slices: greedy LZ77 over a hash table of
// 4-byte sequences, then for each block of tokens the smallest of a
// dynamic Huffman block, a fixed one and stored bytes. It is meant to be
// reused, for stream after stream, and is not safe for concurrent use.
// Make one with NewWriter: its zero value is not ready.
type Writer struct {
	// table maps a hash of 4 bytes to base plus one plus the position
	// they were last seen at; entries from earlier streams are at most
	// base, so the table is never cleared.
	table [1 << hashBits]int32
	base  int32
	// tokens are the block's tokens so far, ntok of them. 64 KB, in
	// the Writer: a buffer grown to fit would take more than once that
	// in all, and pages that are never written cost nothing.
	tokens [blockTokens]token
	ntok   int
	bw     BitWriter
	// win takes a run of tokens' bits before they are appended to the
	// output: written at a masked index, with no bounds checks.
	win [packBytes + 8]byte
	// symTab is tokensOut's table of literal and length codes, here so
	// as not to be cleared for each block, and as only the lengths of a
	// block's symbols are made.
	symTab [512]uint64
	lit    [286]int32 // the block's literal/length symbol frequencies
	dist   [30]int32

	lengths LengthCodes

	// Scratch space for the Huffman codes, reused for every block.
	litLen, fixedLit   [288]uint8
	distLen, fixedDist [30]uint8
	litCode            [288]uint16
	distCode           [30]uint16
	huff               Huffman
}

// NewWriter returns a Writer ready for its first stream.
func NewWriter() *Writer {
	w := &Writer{}
	// The table is read before it is written. Memory fresh from the
	// operating system reads as a shared page of zeros until first
	// written, and each write after such a read makes the kernel copy the
	// page and flush it from every core's TLB (an interrupt to each): a
	// page written first costs a fraction of that. So it is written now.
	clear(w.table[:])
	w.lengths = NewLengthCodes()
	for s := range w.fixedLit {
		w.fixedLit[s] = fixedLitLen(s)
	}
	for c := range w.fixedDist {
		w.fixedDist[c] = 5
	}
	return w
}

const (
	hashBits = 14
	hashMul  = 0x1e35a7bd
	// After this many misses in a row the match finder looks less often.
	skipAfter = 64
	window    = 1 << 15 // deflate's longest distance
	maxLength = 258
	// A block ends after this many tokens, so the Huffman codes follow
	// the data as it changes.
	blockTokens = 1 << 14
)

// A token is a literal or a copy, coded alike so that writing them
// takes no branch: bits 16 to 24 are a literal's byte, or 256 plus a
// copy's length less 3; bits 25 to 29 are a copy's distance code, and
// noDist for a literal; the low 16 bits are a copy's distance.
type token uint32

// noDist is a literal's distance code: no bits.
const noDist = 31

func literal(b byte) token { return token(b)<<16 | noDist<<25 }

// ZlibBound is the most bytes Zlib appends for n bytes: incompressible
// bytes are stored, with 5 bytes of block header for every block of at
// most blockTokens bytes, beside the stream's 2 bytes of header, 4 of
// checksum and a few of the last block's bits.
func ZlibBound(n int) int { return 2 + n + 5*(n/blockTokens+1) + 16 + 4 }

// Zlib appends src to dst as one zlib stream (RFC 1950): a two-byte
// header (deflate, 32 KB window, no dictionary), src deflated as by
// Deflate, and src's Adler-32 checksum.
func (w *Writer) Zlib(dst, src []byte) []byte {
	dst = append(dst, 0x78, 0x01)
	dst = w.Deflate(dst, src)
	return binary.BigEndian.AppendUint32(dst, adler(src))
}

// Deflate appends src to dst as one raw DEFLATE stream (RFC 1951), whose
// last block is marked final, and returns the extended slice.
func (w *Writer) Deflate(dst, src []byte) []byte {
	w.bw.Reset(dst)
	if len(src) >= 1<<30 { // beyond the table's int32 positions
		w.stored(src, true)
		return w.bw.Flush()
	}
	if int(w.base) >= 1<<30 {
		clear(w.table[:])
		w.base = 0
	}
	base := w.base
	w.base += int32(len(src)) + 1
	// The tables and counts through local pointers, the token count in
	// a register.
	table, tokens := &w.table, &w.tokens
	lit, dist := &w.lit, &w.dist
	ls := &w.lengths.Sym
	ntok := 0
	start := 0 // where the block's bytes start
	i := 0
	misses := 0 // looks since the last copy that found none
	for i+4 <= len(src) {
		if ntok == blockTokens {
			w.ntok = ntok
			w.block(src[start:i], false)
			ntok, start = 0, i
		}
		// A token takes at least a byte, so before i reaches lim the
		// block cannot fill: no check for it in the loop below, and
		// ntok masked, as it stays below blockTokens, for no bounds
		// check either.
		lim := min(len(src)-3, i+blockTokens-ntok)
		for i < lim {
			cur := load32(src, i)
			h := cur * hashMul >> (32 - hashBits)
			cand := int(table[h] - base - 1)
			table[h] = base + 1 + int32(i)
			if cand >= 0 && i-cand <= window && load32(src, cand) == cur {
				n := 4 + MatchLen(src[i+4:], src[cand+4:], min(maxLength, len(src)-i)-4)
				dc := DistCode(i - cand)
				tokens[ntok&(blockTokens-1)] = token(256+n-3)<<16 | token(dc)<<25 | token(i-cand)
				ntok++
				lit[ls[n-3]]++
				dist[dc]++
				// Of the positions inside the copy only the first three and
				// the last two go in the table: all of them for copies of up
				// to 6 bytes, most copies; a loop over all of them, whose
				// end the processor cannot foresee, took a fifth of the time.
				if i+n+6 <= len(src) { // two loads of 8 bytes
					x := binary.LittleEndian.Uint64(src[i+1:])
					y := binary.LittleEndian.Uint64(src[i+n-2:])
					p := base + 1 + int32(i)
					table[uint32(x)*hashMul>>(32-hashBits)] = p + 1
					table[uint32(x>>8)*hashMul>>(32-hashBits)] = p + 2
					table[uint32(x>>16)*hashMul>>(32-hashBits)] = p + 3
					table[uint32(y)*hashMul>>(32-hashBits)] = p + int32(n) - 2
					table[uint32(y>>8)*hashMul>>(32-hashBits)] = p + int32(n) - 1
				} else {
					for j := i + 1; j < i+n && j+4 <= len(src); j++ {
						table[binary.LittleEndian.Uint32(src[j:])*hashMul>>(32-hashBits)] = base + 1 + int32(j)
					}
				}
				i += n
				misses = 0
				continue
			}
			if misses < skipAfter {
				misses++
				tokens[ntok&(blockTokens-1)] = literal(uint8(cur))
				ntok++
				lit[uint8(cur)]++
				i++
				continue
			}
			// So many misses in a row, as in incompressible bytes, that the
			// next look is further on: 2 bytes on, then a byte more every
			// 32 looks. The bytes passed over are literals.
			step := misses >> 5
			misses++
			end := min(i+step, len(src), i+blockTokens-ntok)
			for ; i < end; i++ {
				tokens[ntok&(blockTokens-1)] = literal(src[i])
				ntok++
				lit[src[i]]++
			}
		}
	}
	for ; i < len(src); i++ { // the last bytes, too few to hash
		if ntok == blockTokens {
			w.ntok = ntok
			w.block(src[start:i], false)
			ntok, start = 0, i
		}
		tokens[ntok] = literal(src[i])
		ntok++
		lit[src[i]]++
	}
	w.ntok = ntok
	w.block(src[start:], true)
	return w.bw.Flush()
}

// load32 returns the 4 bytes of b at i, little-endian. Indexed, not
// sliced as for binary.LittleEndian.Uint32(b[i:]): a slice made for
// the call took a dozen instructions, and in the match loop spilled
// its length and capacity; the compiler makes these bytes one load.
func load32(b []byte, i int) uint32 {
	_ = b[i+3]
	return uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
}

// block writes the tokens for src as the smallest block it can and
// clears them.
func (w *Writer) block(src []byte, final bool) {
	w.lit[256] = 1 // end of block
	// The sizes, in bits after the block's 3 header bits, of a fixed
	// block and of stored bytes (to a byte boundary, then 4 bytes of
	// lengths per 65535 bytes).
	fixedBits := 0
	for s, f := range w.lit {
		fixedBits += int(f) * int(fixedLitLen(s))
	}
	for c, f := range w.dist {
		fixedBits += int(f) * (5 + DistExtra(c))
	}
	extraBits := 0
	for s := 257; s < 286; s++ {
		extraBits += int(w.lit[s]) * int(w.lengths.Extra[s-257])
	}
	fixedBits += extraBits
	storedBits := (8-(int(w.bw.n)+3)%8)%8 + 8*(len(src)+4*max(1, (len(src)+0xfffe)/0xffff))
	best := min(fixedBits, storedBits)

	// A dynamic block, undone if another is smaller.
	mark := w.bw
	litLen := w.huff.Lengths(w.litLen[:286], w.lit[:], 15)
	distLen := w.huff.Lengths(w.distLen[:], w.dist[:], 15)
	w.huff.DynamicHeader(&w.bw, final, litLen, distLen)
	dataBits := DataBits(w.lit[:], w.dist[:], litLen, distLen)
	if w.bw.written()-mark.written()-3+dataBits < best {
		w.tokensOut(litLen, distLen, dataBits)
	} else {
		w.bw = BitWriter{acc: mark.acc, n: mark.n, out: w.bw.out[:len(mark.out)]}
		if fixedBits <= storedBits {
			w.bw.Bits(b2u(final), 1)
			w.bw.Bits(1, 2)
			w.tokensOut(w.fixedLit[:], w.fixedDist[:], fixedBits)
		} else {
			w.stored(src, final)
		}
	}
	w.ntok = 0
	clear(w.lit[:])
	clear(w.dist[:])
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// tokensOut writes the block's tokens and its end in the codes of the
// given lengths, which take size bits.
func (w *Writer) tokensOut(litLen, distLen []uint8, size int) {
	litCode, distCodes := Canonical(w.litCode[:len(litLen)], litLen), Canonical(w.distCode[:len(distLen)], distLen)
	lc := &w.lengths
	// For a literal, its code; for a copy's length less 3, its code and
	// extra bits (at most 15+5): the bits in the low 24 bits, their
	// number in the next 8, and in the high 32 bits 1 shifted by that
	// number, by which the distance's bits are multiplied to follow them
	// (a multiplication, as variable shifts all want one register).
	symTab := &w.symTab
	for b := range 256 {
		symTab[b] = uint64(litCode[b]) | uint64(litLen[b])<<24 | 1<<(32+litLen[b])
	}
	// Only the lengths of symbols in the block: the entries of others,
	// left from blocks before, are not read. (284's range takes in 258,
	// which is 285's: 285 comes after it, and a block with no 285 has
	// no copy of 258.)
	for c := range 29 {
		s := 257 + c
		if w.lit[s] == 0 {
			continue
		}
		nb := litLen[s] + lc.Extra[c]
		base := int(lc.Base[c])
		for l3 := base; l3 < min(base+1<<lc.Extra[c], 256); l3++ {
			symTab[256+l3] = uint64(litCode[s]) | uint64(l3-base)<<litLen[s] | uint64(nb)<<24 | 1<<(32+nb)
		}
	}
	// For a distance code: in the low 32 bits its code less its
	// smallest distance shifted past the code (adding the distance so
	// shifted gives the code and extra bits; the sum fits 32 bits, the
	// parts wrap), in the next 16 bits 1 shifted by the code's length,
	// and above them the number of bits in all.
	var distTab [32]uint64 // noDist's is zero: no bits
	for c := range distLen {
		distTab[c] = uint64(uint32(distCodes[c])-uint32(DistBase(c))<<distLen[c]) |
			1<<(32+distLen[c]) | uint64(distLen[c]+uint8(DistExtra(c)))<<48
	}
	// Fewer than 8 bits wait in acc between tokens, and a token has at
	// most 48: each token's bits go out as 8 bytes written at pos, and
	// pos moves past the whole bytes. The output grows, once, to hold the
	// block's size and 8 bytes more; no more, as a caller may have made
	// room for the stream.
	acc, n := w.bw.acc, w.bw.n
	buf := w.bw.out
	for n >= 8 {
		buf = append(buf, byte(acc))
		acc >>= 8
		n -= 8
	}
	buf = slices.Grow(buf, (int(n)+size+7)/8+8)
	for tokens := w.tokens[:w.ntok]; len(tokens) > 0; {
		k := min(len(tokens), packTokens)
		var pos int
		pos, acc, n = pack(&w.win, tokens[:k], acc, n, symTab, &distTab)
		buf = append(buf, w.win[:pos]...)
		tokens = tokens[k:]
	}
	w.bw.acc, w.bw.n, w.bw.out = acc, n, buf
	w.bw.Bits(uint64(litCode[256]), uint(litLen[256]))
}

const (
	// packTokens tokens, of at most 48 bits each, take at most
	// packBytes bytes, a power of two.
	packTokens = 512
	packBytes  = 4096
)

// pack writes the bits of at most packTokens tokens to win, after the
// n < 8 bits in acc, and returns how many whole bytes it wrote and the
// bits left. A function of its own, so that the compiler keeps its
// values in registers, and writing to an array at an index masked to
// its length, for no bounds checks: a third fewer instructions.
func pack(win *[packBytes + 8]byte, tokens []token, acc uint64, n uint, symTab *[512]uint64, distTab *[32]uint64) (int, uint64, uint) {
	pos := 0
	for _, t := range tokens {
		e := symTab[t>>16&511]
		d := distTab[t>>25&31]
		dbits := uint64(uint32(d) + uint32(t&0xffff)*uint32(d>>32&0xffff))
		// The shift masked, as it never reaches 64: no check for one
		// that does.
		acc |= (e&0xffffff | dbits*(e>>32)) << (n & 63)
		n += uint(e>>24&0xff) + uint(d>>48)
		binary.LittleEndian.PutUint64(win[pos&(packBytes-1):], acc)
		pos += int(n >> 3)
		acc >>= n & 56
		n &= 7
	}
	return pos, acc, n
}

// stored writes src as stored blocks of at most 65535 bytes.
func (w *Writer) stored(src []byte, final bool) {
	for {
		n := min(len(src), 0xffff)
		w.bw.Bits(b2u(final && n == len(src)), 1)
		w.bw.Bits(0, 2)
		w.bw.Flush()
		w.bw.out = binary.LittleEndian.AppendUint16(w.bw.out, uint16(n))
		w.bw.out = binary.LittleEndian.AppendUint16(w.bw.out, ^uint16(n))
		w.bw.out = append(w.bw.out, src[:n]...)
		src = src[n:]
		if len(src) == 0 {
			return
		}
	}
}

// fixedLitLen is the length of literal/length symbol s in the fixed
// Huffman code (RFC 1951, 3.2.6).
func fixedLitLen(s int) uint8 {
	switch {
	case s < 144:
		return 8
	case s < 256:
		return 9
	case s < 280:
		return 7
	}
	return 8
}
