package epub

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// deflater compresses the EPUB's entries (RFC 1951): greedy LZ77 over a
// hash table of 4-byte sequences, then for each block of tokens the
// smallest of a dynamic Huffman block, a fixed one and stored bytes.
//
// compress/flate's writer allocates 0.8 to 1.2 MB at any level, and at
// any level above the fastest clears 640 KB of tables for every file; a
// whole pamphlet's text is a tenth of that. This one takes 64 KB, which
// it never clears, and compresses about as well as flate.BestSpeed.
// internal/cover has the same Huffman coding for the PNG cover, in a
// form that knows the cover's rows.
type deflater struct {
	// table maps a hash of 4 bytes to base plus one plus the position
	// they were last seen at; entries from earlier files are at most
	// base, so the table is never cleared.
	table  [1 << hashBits]int32
	base   int32
	tokens []token
	bw     bitWriter
	lit    [286]int32 // the block's literal/length symbol frequencies
	dist   [30]int32

	// The length symbols (RFC 1951, 3.2.5): for each copy length 3 to
	// 258 (less 3), its literal/length symbol; for each symbol 257 to
	// 285 (less 257), its number of extra bits and its smallest length
	// less 3.
	lengthSym               [256]uint16
	lengthExtra, lengthBase [29]uint8

	// Scratch space for the Huffman codes, reused for every block.
	litLen, fixedLit   [288]uint8
	distLen, fixedDist [30]uint8
	litCode            [288]uint16
	distCode           [30]uint16
	huff               huffScratch
}

func newDeflater() *deflater {
	d := &deflater{}
	d.lengthSym, d.lengthExtra, d.lengthBase = lengthCodes()
	for s := range d.fixedLit {
		d.fixedLit[s] = fixedLitLen(s)
	}
	for c := range d.fixedDist {
		d.fixedDist[c] = 5
	}
	return d
}

const (
	hashBits  = 14
	window    = 1 << 15 // deflate's longest distance
	maxLength = 258
	// A block ends after this many tokens, so the Huffman codes follow
	// the data as it changes.
	blockTokens = 1 << 15
)

// A token is a literal byte (< 256) or a copy: matchFlag, the length
// less 3 in bits 16 to 23, and the distance in the low 16 bits.
type token uint32

const matchFlag = 1 << 31

// compress appends src, deflated, to dst.
func (d *deflater) compress(dst, src []byte) []byte {
	d.bw = bitWriter{out: dst}
	if len(src) >= 1<<30 {
		d.stored(src, true)
		d.bw.align()
		return d.bw.out
	}
	if int(d.base) >= 1<<30 {
		clear(d.table[:])
		d.base = 0
	}
	base := d.base
	d.base += int32(len(src)) + 1
	hash := func(i int) uint32 {
		return binary.LittleEndian.Uint32(src[i:]) * 0x1e35a7bd >> (32 - hashBits)
	}
	d.tokens = d.tokens[:0]
	start := 0 // where the block's bytes start
	i := 0
	for i < len(src) {
		if len(d.tokens) >= blockTokens {
			d.block(src[start:i], false)
			start = i
		}
		if i+4 <= len(src) {
			h := hash(i)
			cand := int(d.table[h] - base - 1)
			d.table[h] = base + 1 + int32(i)
			if cand >= 0 && i-cand <= window && binary.LittleEndian.Uint32(src[cand:]) == binary.LittleEndian.Uint32(src[i:]) {
				n := 4 + matchLen(src[i+4:], src[cand+4:], min(maxLength, len(src)-i)-4)
				d.tokens = append(d.tokens, matchFlag|token(n-3)<<16|token(i-cand))
				d.lit[d.lengthSym[n-3]]++
				d.dist[distCode(i-cand)]++
				for j := i + 1; j < i+n && j+4 <= len(src); j++ {
					d.table[hash(j)] = base + 1 + int32(j)
				}
				i += n
				continue
			}
		}
		d.tokens = append(d.tokens, token(src[i]))
		d.lit[src[i]]++
		i++
	}
	d.block(src[start:], true)
	d.bw.align()
	return d.bw.out
}

// block writes the tokens for src as the smallest block it can and
// clears them.
func (d *deflater) block(src []byte, final bool) {
	d.lit[256] = 1 // end of block
	fin := uint64(0)
	if final {
		fin = 1
	}
	// The sizes, in bits after the block's 3 header bits, of a fixed
	// block and of stored bytes (to a byte boundary, then 4 bytes of
	// lengths per 65535 bytes).
	fixedBits := 0
	for s, f := range d.lit {
		fixedBits += int(f) * int(fixedLitLen(s))
	}
	for c, f := range d.dist {
		fixedBits += int(f) * (5 + distExtra(c))
	}
	extraBits := 0
	for s := 257; s < 286; s++ {
		extraBits += int(d.lit[s]) * int(d.lengthExtra[s-257])
	}
	fixedBits += extraBits
	storedBits := (8-(int(d.bw.n)+3)%8)%8 + 8*(len(src)+4*max(1, (len(src)+0xfffe)/0xffff))
	best := min(fixedBits, storedBits)

	// A dynamic block, undone if another is smaller.
	mark := d.bw
	litLen := d.huff.lengths(d.litLen[:286], d.lit[:], 15)
	distLen := d.huff.lengths(d.distLen[:], d.dist[:], 15)
	d.bw.bits(fin, 1)
	d.bw.bits(2, 2)
	d.huff.writeCodeLengths(&d.bw, litLen, distLen)
	if d.bw.written()-mark.written()-3+dynamicDataBits(d.lit[:], d.dist[:], litLen, distLen)+extraBits < best {
		d.tokensOut(litLen, distLen)
	} else {
		d.bw = bitWriter{acc: mark.acc, n: mark.n, out: d.bw.out[:len(mark.out)]}
		if fixedBits <= storedBits {
			d.bw.bits(fin, 1)
			d.bw.bits(1, 2)
			d.tokensOut(d.fixedLit[:], d.fixedDist[:])
		} else {
			d.stored(src, final)
		}
	}
	d.tokens = d.tokens[:0]
	clear(d.lit[:])
	clear(d.dist[:])
}

// tokensOut writes the block's tokens and its end in the codes of the
// given lengths.
func (d *deflater) tokensOut(litLen, distLen []uint8) {
	litCode, distCodes := canonical(d.litCode[:len(litLen)], litLen), canonical(d.distCode[:len(distLen)], distLen)
	bw := &d.bw
	for _, t := range d.tokens {
		if t&matchFlag == 0 {
			bw.bits(uint64(litCode[t]), uint(litLen[t]))
			continue
		}
		l := int(t>>16&0xff) + 3
		s := d.lengthSym[l-3]
		bw.bits(uint64(litCode[s]), uint(litLen[s]))
		bw.bits(uint64(l-3-int(d.lengthBase[s-257])), uint(d.lengthExtra[s-257]))
		dd := int(t & 0xffff)
		c := distCode(dd)
		bw.bits(uint64(distCodes[c]), uint(distLen[c]))
		bw.bits(uint64(dd-distBase(c)), uint(distExtra(c)))
	}
	bw.bits(uint64(litCode[256]), uint(litLen[256]))
}

// stored writes src as stored blocks of at most 65535 bytes.
func (d *deflater) stored(src []byte, final bool) {
	for {
		n := min(len(src), 0xffff)
		last := uint64(0)
		if final && n == len(src) {
			last = 1
		}
		d.bw.bits(last, 1)
		d.bw.bits(0, 2)
		d.bw.align()
		d.bw.out = binary.LittleEndian.AppendUint16(d.bw.out, uint16(n))
		d.bw.out = binary.LittleEndian.AppendUint16(d.bw.out, ^uint16(n))
		d.bw.out = append(d.bw.out, src[:n]...)
		src = src[n:]
		if len(src) == 0 {
			return
		}
	}
}

// dynamicDataBits is the size of the block's symbols, less the lengths'
// extra bits, in codes of the given lengths.
func dynamicDataBits(lit, dist []int32, litLen, distLen []uint8) int {
	n := 0
	for s, f := range lit {
		n += int(f) * int(litLen[s])
	}
	for c, f := range dist {
		n += int(f) * (int(distLen[c]) + distExtra(c))
	}
	return n
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

func lengthCodes() (sym [256]uint16, extra, base [29]uint8) {
	l := 0
	for c := range 28 {
		e := 0
		if c >= 8 {
			e = c/4 - 1
		}
		extra[c], base[c] = uint8(e), uint8(l)
		for range 1 << e {
			sym[l] = uint16(257 + c)
			l++
		}
	}
	// 285 is 258 alone.
	sym[255], extra[28], base[28] = 285, 0, 255
	return sym, extra, base
}

// distCode is the distance code for distance d, 1 to 32768.
func distCode(d int) int {
	if d <= 4 {
		return d - 1
	}
	// Two codes per power of two: the bit below the highest picks one.
	hi := bits.Len(uint(d-1)) - 1
	return 2*hi + int((d-1)>>(hi-1)&1)
}

// distBase and distExtra give distance code c's smallest distance and
// number of extra bits (RFC 1951, 3.2.5).
func distBase(c int) int {
	if c < 4 {
		return c + 1
	}
	return (2+c&1)<<distExtra(c) + 1
}

func distExtra(c int) int { return max(0, c/2-1) }

// matchLen returns how many bytes of a, at most limit, equal those of b
// (b may overlap a, as deflate's copies do).
func matchLen(a, b []byte, limit int) int {
	a, b = a[:limit], b[:limit]
	n := 0
	for ; len(a) >= 8; a, b = a[8:], b[8:] {
		if x := binary.LittleEndian.Uint64(a) ^ binary.LittleEndian.Uint64(b); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for i := range a {
		if a[i] != b[i] {
			return n + i
		}
	}
	return n + len(a)
}

// huffScratch is room for making Huffman codes for up to 288 symbols.
type huffScratch struct {
	freq   [288]int32
	leaves [288]int16 // symbols, by frequency
	nodes  [2 * 288]struct {
		freq   int64
		parent int16
	}
	depth  [2 * 288]uint8
	seq    [286 + 30]uint8
	runs   [286 + 30]struct{ sym, extra, n uint8 }
	clLen  [19]uint8
	clCode [19]uint16
}

// lengths sets lengths[s] to the length, at most limit bits, of symbol
// s's code in a Huffman code for symbols with frequencies freq (0: no
// code), and returns lengths. At least two symbols get a code, as decoders
// want a complete code. There must be no more than 1<<limit symbols.
func (h *huffScratch) lengths(lengths []uint8, freq []int32, limit int) []uint8 {
	f := h.freq[:len(freq)]
	copy(f, freq)
	used := 0
	for _, x := range f {
		if x > 0 {
			used++
		}
	}
	for i := 0; used < 2; i++ {
		if f[i] == 0 {
			f[i] = 1
			used++
		}
	}
	for h.huffman(lengths, f) > limit {
		for i, x := range f { // flatten the frequencies and try again
			if x > 0 {
				f[i] = (x + 1) / 2
			}
		}
	}
	return lengths
}

// huffman sets the code lengths of a Huffman code for the symbols of
// non-zero frequency, and returns the longest.
func (h *huffScratch) huffman(lengths []uint8, freq []int32) int {
	leaves := h.leaves[:0]
	for s, x := range freq {
		if x > 0 {
			leaves = append(leaves, int16(s))
		}
	}
	slices.SortStableFunc(leaves, func(a, b int16) int { return int(freq[a] - freq[b]) })
	nodes := h.nodes[:0]
	for _, s := range leaves {
		nodes = append(nodes, struct {
			freq   int64
			parent int16
		}{int64(freq[s]), -1})
	}
	// Two queues: leaves in order, then the merged nodes, which come out
	// in order too.
	li, mi := 0, len(leaves)
	pick := func() int {
		if li < len(leaves) && (mi >= len(nodes) || nodes[li].freq <= nodes[mi].freq) {
			li++
			return li - 1
		}
		mi++
		return mi - 1
	}
	for range len(leaves) - 1 {
		a, b := pick(), pick()
		nodes = append(nodes, struct {
			freq   int64
			parent int16
		}{nodes[a].freq + nodes[b].freq, -1})
		nodes[a].parent, nodes[b].parent = int16(len(nodes)-1), int16(len(nodes)-1)
	}
	depth := h.depth[:len(nodes)]
	depth[len(nodes)-1] = 0
	for i := len(nodes) - 2; i >= 0; i-- { // parents come after children
		depth[i] = depth[nodes[i].parent] + 1
	}
	clear(lengths)
	longest := 0
	for i, s := range leaves {
		lengths[s] = depth[i]
		longest = max(longest, int(depth[i]))
	}
	return longest
}

// canonical sets codes to the canonical Huffman codes for the code
// lengths (RFC 1951, 3.2.2), bit-reversed, ready for bitWriter.bits, and
// returns it.
func canonical(codes []uint16, lengths []uint8) []uint16 {
	var count [16]int
	for _, l := range lengths {
		count[l]++
	}
	count[0] = 0
	var next [16]int
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	for s, l := range lengths {
		codes[s] = 0
		if l > 0 {
			codes[s] = uint16(bits.Reverse16(uint16(next[l])) >> (16 - l))
			next[l]++
		}
	}
	return codes
}

// writeCodeLengths writes a dynamic block's header after its first three
// bits: the code lengths, run-length coded (RFC 1951, 3.2.7).
func (h *huffScratch) writeCodeLengths(bw *bitWriter, litLen, distLen []uint8) {
	nlit, ndist := 286, 30
	for nlit > 257 && litLen[nlit-1] == 0 {
		nlit--
	}
	for ndist > 1 && distLen[ndist-1] == 0 {
		ndist--
	}
	seq := append(append(h.seq[:0], litLen[:nlit]...), distLen[:ndist]...)
	// Run-length code: symbols 0 to 15, 16 (repeat the last 3 to 6
	// times), 17 (3 to 10 zeros), 18 (11 to 138 zeros), with extra bits.
	type rl = struct{ sym, extra, n uint8 }
	runs := h.runs[:0]
	for i := 0; i < len(seq); {
		l := seq[i]
		n := 1
		for i+n < len(seq) && seq[i+n] == l {
			n++
		}
		i += n
		if l == 0 {
			for n >= 11 {
				k := min(n, 138)
				runs = append(runs, rl{18, uint8(k - 11), 7})
				n -= k
			}
			if n >= 3 {
				runs = append(runs, rl{17, uint8(n - 3), 3})
				n = 0
			}
		} else {
			runs = append(runs, rl{sym: l})
			n--
			for n >= 3 {
				k := min(n, 6)
				runs = append(runs, rl{16, uint8(k - 3), 2})
				n -= k
			}
		}
		for ; n > 0; n-- {
			runs = append(runs, rl{sym: l})
		}
	}
	var freq [19]int32
	for _, r := range runs {
		freq[r.sym]++
	}
	clLen := h.lengths(h.clLen[:], freq[:], 7)
	clCode := canonical(h.clCode[:], clLen)
	order := [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	nclen := 19
	for nclen > 4 && clLen[order[nclen-1]] == 0 {
		nclen--
	}
	bw.bits(uint64(nlit-257), 5)
	bw.bits(uint64(ndist-1), 5)
	bw.bits(uint64(nclen-4), 4)
	for _, s := range order[:nclen] {
		bw.bits(uint64(clLen[s]), 3)
	}
	for _, r := range runs {
		bw.bits(uint64(clCode[r.sym]), uint(clLen[r.sym]))
		bw.bits(uint64(r.extra), uint(r.n))
	}
}

// bitWriter packs bits least significant first, as deflate does.
type bitWriter struct {
	acc uint64 // bits not yet in out, the first in the lowest bit
	n   uint   // how many
	out []byte
}

// bits appends the n ≤ 32 low bits of v.
func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

// written is the number of bits written.
func (w *bitWriter) written() int { return 8*len(w.out) + int(w.n) }

// align writes out the bits left, padded with zeros to a byte boundary.
func (w *bitWriter) align() {
	for w.n > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n = max(w.n, 8) - 8
	}
}
