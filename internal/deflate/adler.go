package deflate

import "encoding/binary"

// Adler is an Adler-32 checksum being summed (RFC 1950), as hash/adler32
// sums it, but many bytes at a time: s1 is 1 plus the sum of the bytes,
// s2 the sum of the s1 after each byte, both modulo adlerMod (reduced or
// not: both stay below 1<<41 between the methods' reductions). The zero
// Adler is not a start: NewAdler is.
type Adler struct{ s1, s2 uint64 }

const adlerMod = 65521

// adlerChunk is the most bytes AddAll sums before reducing s1 and s2.
const adlerChunk = 1 << 20

// NewAdler returns the checksum of no bytes.
func NewAdler() Adler { return Adler{1, 0} }

// Add adds n bytes v (0 ≤ n < 1<<26): s1 grows by n·v, s2 by n·s1 and by
// v·n(n+1)/2. A PNG's run of one byte costs one step.
func (a Adler) Add(v byte, n int) Adler {
	k := uint64(n)
	return Adler{(a.s1 + k*uint64(v)) % adlerMod, (a.s2 + k%adlerMod*a.s1 + uint64(v)*(k*(k+1)/2%adlerMod)) % adlerMod}
}

// AddAll adds the bytes b. For each chunk, s1 grows by their sum, and s2
// by len·s1 and by each byte times the number of bytes from it to the
// chunk's end. Thirty-two bytes at a time: their sum and their bytes
// weighted by their place come from multiplying 16-bit lanes, in which
// the four words' bytes are added first; hash/adler32 adds byte by byte,
// each addition waiting for the one before. Words of zeros are summed
// too, as a branch to skip them, taken and not in turn along a row of a
// picture, costs more than they do.
func (a Adler) AddAll(b []byte) Adler {
	for len(b) > adlerChunk {
		a = a.addChunk(b[:adlerChunk])
		b = b[adlerChunk:]
	}
	return a.addChunk(b)
}

// addChunk is AddAll for fewer than 1<<26 bytes, whose sums fit 64 bits.
func (a Adler) addChunk(b []byte) Adler {
	const (
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001 // its product's top lane: the sum of the lanes
		place = 0x0000000100020003 // its product's top lane: Σ m·lane m
	)
	n := uint64(len(b))
	var sum, weighted uint64
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w := b[i : i+32]
		w0, w1 := binary.LittleEndian.Uint64(w), binary.LittleEndian.Uint64(w[8:])
		w2, w3 := binary.LittleEndian.Uint64(w[16:]), binary.LittleEndian.Uint64(w[24:])
		// Each word's bytes 1, 3, 5, 7 and the sums of its bytes 0 and
		// 1, 2 and 3...; no lane reaches 1<<16 in the products.
		o0, o1, o2, o3 := w0>>8&lanes, w1>>8&lanes, w2>>8&lanes, w3>>8&lanes
		p0, p1, p2, p3 := w0&lanes+o0, w1&lanes+o1, w2&lanes+o2, w3&lanes+o3
		pairs, odd := p0+p1+p2+p3, o0+o1+o2+o3
		s := pairs * ones >> 48
		// Σ k·byte k = Σ over the words of 8·(its place)·(its sum) and
		// its own Σ k·byte k: 2·Σ j·pair j + Σ odd bytes.
		k := 2*(pairs*place>>48) + odd*ones>>48 + 8*((p1+2*p2+3*p3)*ones>>48)
		sum += s
		weighted += s*(n-uint64(i)) - k
	}
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		odd := w >> 8 & lanes
		pairs := w&lanes + odd
		s := pairs * ones >> 48
		k := 2*(pairs*place>>48) + odd*ones>>48
		sum += s
		weighted += s*(n-uint64(i)) - k
	}
	for ; i < len(b); i++ {
		x := uint64(b[i])
		sum += x
		weighted += x * (n - uint64(i))
	}
	return Adler{(a.s1 + sum) % adlerMod, (a.s2 + n%adlerMod*a.s1 + weighted) % adlerMod}
}

// Sum32 returns the checksum.
func (a Adler) Sum32() uint32 { return uint32(a.s2%adlerMod<<16 | a.s1%adlerMod) }

// adler returns the Adler-32 checksum of p, as hash/adler32.Checksum does.
func adler(p []byte) uint32 { return NewAdler().AddAll(p).Sum32() }
