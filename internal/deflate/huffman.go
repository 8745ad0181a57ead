package deflate

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// LengthCodes are the tables of deflate's length symbols (RFC 1951,
// 3.2.5), for coding a copy's length as a literal/length symbol and extra
// bits.
type LengthCodes struct {
	// Sym is, for each copy length 3 to 258 (less 3), its literal/length
	// symbol.
	Sym [256]uint16
	// Extra and Base are, for each symbol 257 to 285 (less 257), its
	// number of extra bits and its smallest length less 3.
	Extra, Base [29]uint8
}

// NewLengthCodes returns the tables filled in.
func NewLengthCodes() LengthCodes {
	var lc LengthCodes
	l := 0
	for c := range 28 {
		e := 0
		if c >= 8 {
			e = c/4 - 1
		}
		lc.Extra[c], lc.Base[c] = uint8(e), uint8(l)
		for range 1 << e {
			lc.Sym[l] = uint16(257 + c)
			l++
		}
	}
	// 285 is 258 alone; the bases, less 3, fit a byte.
	lc.Sym[255], lc.Extra[28], lc.Base[28] = 285, 0, 255
	return lc
}

// DistCode returns the distance code for distance d, 1 to 32768.
func DistCode(d int) int {
	if d <= 4 {
		return d - 1
	}
	// Two codes per power of two: the bit below the highest picks one.
	hi := bits.Len(uint(d-1)) - 1
	return 2*hi + int((d-1)>>(hi-1)&1)
}

// DistBase returns distance code c's smallest distance (RFC 1951, 3.2.5).
func DistBase(c int) int {
	if c < 4 {
		return c + 1
	}
	return (2+c&1)<<DistExtra(c) + 1
}

// DistExtra returns distance code c's number of extra bits.
func DistExtra(c int) int { return max(0, c/2-1) }

// MatchLen returns how many bytes of a, at most limit, equal those of b
// (b may overlap a, as deflate's copies do). Both must hold limit bytes.
func MatchLen(a, b []byte, limit int) int {
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

// Huffman makes Huffman codes for up to 288 symbols and writes a dynamic
// block's header, in scratch space of its own (10 KB, so as to allocate
// nothing): reuse one. Its zero value is ready for use.
type Huffman struct {
	freq    [288]int32
	keys    [288]uint64
	tmp     [288]uint64
	leaves  [288]int16 // symbols, by frequency
	weights [288]int64
	seq     [286 + 30]uint8
	runs    [286 + 30]struct{ sym, extra, n uint8 }
	clLen   [19]uint8
	clCode  [19]uint16
}

// Lengths sets lengths[s] to the length, at most limit bits, of symbol
// s's code in a Huffman code for symbols with frequencies freq (0: no
// code), and returns lengths. At least two symbols get a code, as decoders
// want a complete code. There must be no more than 1<<limit symbols.
func (h *Huffman) Lengths(lengths []uint8, freq []int32, limit int) []uint8 {
	f := h.freq[:len(freq)]
	copy(f, freq)
	used := 0
	for _, x := range f {
		used += int(uint32(-x) >> 31) // 1 if x > 0, with no branch
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
func (h *Huffman) huffman(lengths []uint8, freq []int32) int {
	// The symbols by frequency, ties by symbol: keys, each a frequency
	// above its symbol, sorted. A few by insertion; more, while the
	// frequencies are small, a byte of frequency at a time, each pass
	// stable (as are the keys, made in symbol order); by pdqsort beyond.
	keys := h.keys[:len(freq)]
	var most int32
	nkeys := 0
	for s, x := range freq { // with no branch: the zeros are overwritten
		keys[nkeys] = uint64(x)<<16 | uint64(s)
		nkeys += int(uint32(-x) >> 31)
		most = max(most, x)
	}
	keys = keys[:nkeys]
	switch {
	case len(keys) <= 32:
		for i := 1; i < len(keys); i++ {
			k := keys[i]
			j := i
			for ; j > 0 && keys[j-1] > k; j-- {
				keys[j] = keys[j-1]
			}
			keys[j] = k
		}
	case most < 1<<16:
		tmp := h.tmp[:len(keys)]
		for shift := uint(16); shift < 32 && most>>(shift-16) > 0; shift += 8 {
			var count [256]int
			for _, k := range keys {
				count[k>>shift&0xff]++
			}
			sum := 0
			for b, c := range count {
				count[b] = sum
				sum += c
			}
			for _, k := range keys {
				b := k >> shift & 0xff
				tmp[count[b]] = k
				count[b]++
			}
			copy(keys, tmp)
		}
	default:
		slices.Sort(keys)
	}
	// The tree is built in place (Moffat and Katajainen, "In-place
	// calculation of minimum-redundancy codes", 1995) in w: two queues,
	// the leaves by weight and the merged nodes, which come out in order
	// too; a tie goes to the leaf. Merged node j takes w[j], and a
	// merged node's weight, once taken into its parent, is replaced by
	// the parent's index. The leaves' depths do not increase along the
	// queue, so they are handed out by counting the nodes at each depth.
	n := len(keys)
	leaves, w := h.leaves[:n], h.weights[:n]
	for i, k := range keys {
		leaves[i] = int16(k & 0xffff)
		w[i] = int64(k >> 16)
	}
	w[0] += w[1]
	root, leaf := 0, 2
	for next := 1; next < n-1; next++ {
		if leaf >= n || w[root] < w[leaf] {
			w[next] = w[root]
			w[root] = int64(next)
			root++
		} else {
			w[next] = w[leaf]
			leaf++
		}
		if leaf >= n || (root < next && w[root] < w[leaf]) {
			w[next] += w[root]
			w[root] = int64(next)
			root++
		} else {
			w[next] += w[leaf]
			leaf++
		}
	}
	// The merged nodes' depths, from the root down: parents come later.
	w[n-2] = 0
	for next := n - 3; next >= 0; next-- {
		w[next] = w[w[next]] + 1
	}
	// The leaves' depths, from the last (the heaviest, the shallowest).
	avail, used, depth := 1, 0, int64(0)
	root, next := n-2, n-1
	for avail > 0 {
		for root >= 0 && w[root] == depth {
			used++
			root--
		}
		for ; avail > used; avail-- {
			w[next] = depth
			next--
		}
		avail, used = 2*used, 0
		depth++
	}
	clear(lengths)
	for i, s := range leaves {
		lengths[s] = uint8(w[i])
	}
	return int(w[0]) // the lightest leaf is the deepest
}

// Canonical sets codes[s] to the canonical Huffman code for the code
// lengths (RFC 1951, 3.2.2) of each symbol s, bit-reversed, ready for
// BitWriter.Bits, and returns codes, which must be as long as lengths.
func Canonical(codes []uint16, lengths []uint8) []uint16 {
	// Counted in two tables, alternate lengths in each: a run of one
	// length made each count wait for the one before.
	var count, odd [16]int
	i := 0
	for ; i+1 < len(lengths); i += 2 {
		count[lengths[i]&15]++
		odd[lengths[i+1]&15]++
	}
	if i < len(lengths) {
		count[lengths[i]&15]++
	}
	for l := range count {
		count[l] += odd[l]
	}
	count[0] = 0
	var next [16]uint16
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = uint16(code)
	}
	// Symbols of no code are skipped: in a loop with no branch each
	// took its turn at next[0], each waiting for the one before. They
	// come in runs, so the branch is mostly foreseen.
	for s, l := range lengths {
		if l == 0 {
			codes[s] = 0
			continue
		}
		c := next[l&15]
		next[l&15] = c + 1
		codes[s] = bits.Reverse16(c) >> (16 - l)
	}
	return codes
}

// DynamicHeader writes the header of a dynamic block, final or not, whose
// codes have lengths litLen (286 or more) and distLen (30): the block's
// type and its code lengths, run-length coded (RFC 1951, 3.2.7).
func (h *Huffman) DynamicHeader(bw *BitWriter, final bool, litLen, distLen []uint8) {
	bw.Bits(b2u(final), 1)
	bw.Bits(2, 2)
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
	clLen := h.Lengths(h.clLen[:], freq[:], 7)
	clCode := Canonical(h.clCode[:], clLen)
	order := [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	nclen := 19
	for nclen > 4 && clLen[order[nclen-1]] == 0 {
		nclen--
	}
	bw.Bits(uint64(nlit-257), 5)
	bw.Bits(uint64(ndist-1), 5)
	bw.Bits(uint64(nclen-4), 4)
	for _, s := range order[:nclen] {
		bw.Bits(uint64(clLen[s]), 3)
	}
	// Each run's code and extra bits in one write, at most 7+7 bits.
	for _, r := range runs {
		l := clLen[r.sym]
		bw.Bits(uint64(clCode[r.sym])|uint64(r.extra)<<(l&7), uint(l)+uint(r.n))
	}
}

// BitWriter packs bits least significant first, as deflate does, after
// the bytes of the slice it was reset with. Its zero value writes to a
// nil slice.
type BitWriter struct {
	acc uint64 // bits not yet in out, the first in the lowest bit
	n   uint   // how many
	out []byte
}

// Reset starts appending to dst, dropping any bits not yet flushed.
func (w *BitWriter) Reset(dst []byte) { *w = BitWriter{out: dst} }

// Bits appends the n ≤ 32 low bits of v; the rest of v must be zero.
func (w *BitWriter) Bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

// Bits48 appends the n ≤ 48 low bits of v; the rest of v must be zero.
func (w *BitWriter) Bits48(v uint64, n uint) {
	if n > 32 {
		w.Bits(v&(1<<32-1), 32)
		v, n = v>>32, n-32
	}
	w.Bits(v, n)
}

// written is the number of bits written.
func (w *BitWriter) written() int { return 8*len(w.out) + int(w.n) }

// Flush writes out the bits left, padded with zeros to a byte boundary,
// and returns the slice.
func (w *BitWriter) Flush() []byte {
	for w.n > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n = max(w.n, 8) - 8
	}
	return w.out
}

// DataBits returns the size in bits of a block's symbols and their extra
// bits, for literal/length symbol frequencies lit (up to 286) and distance
// code ones dist (30), in codes of lengths litLen and distLen.
func DataBits(lit, dist []int32, litLen, distLen []uint8) int {
	n := 0
	for s, f := range lit {
		n += int(f) * (int(litLen[s]) + lengthExtra(s))
	}
	for c, f := range dist {
		n += int(f) * (int(distLen[c]) + DistExtra(c))
	}
	return n
}

// lengthExtra is the number of extra bits after literal/length symbol s.
func lengthExtra(s int) int {
	if s < 265 || s == 285 {
		return 0
	}
	return (s - 261) / 4
}
