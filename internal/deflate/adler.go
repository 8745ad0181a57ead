package deflate

import "encoding/binary"

// adler returns the Adler-32 checksum of p (RFC 1950), as
// hash/adler32.Checksum does, eight bytes at a time: for a word of bytes
// b0 … b7, s2 gains 8·s1 + 8·b0 + 7·b1 + … + 1·b7 and s1 gains their sum,
// each sum made by multiplying 16-bit lanes of the word. hash/adler32
// adds byte by byte, each addition waiting for the one before: a twentieth
// of compressing the pamphlet's streams.
func adler(p []byte) uint32 {
	const (
		mod = 65521
		// nmax is the most bytes before s2 could pass 2³², a multiple
		// of 8 (zlib's NMAX).
		nmax  = 5552
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		// The weights of the even bytes (b0, b2, b4, b6: 8, 6, 4, 2),
		// each in lanes 0 to 3 a word's even bytes are in, and of the
		// odd ones (7, 5, 3, 1), from lane 3 down: lane 3 of a word's
		// lanes times its weights is their weighted sum. No lane of a
		// product passes 16 bits (255·20 < 2¹⁶), so none carries into
		// lane 3.
		evenW = 2 | 4<<16 | 6<<32 | 8<<48
		oddW  = 1 | 3<<16 | 5<<32 | 7<<48
	)
	s1, s2 := uint32(1), uint32(0)
	for len(p) > 0 {
		q := p[:min(len(p), nmax)]
		p = p[len(q):]
		for ; len(q) >= 16; q = q[16:] {
			x, y := binary.LittleEndian.Uint64(q), binary.LittleEndian.Uint64(q[8:])
			xe, xo := x&lanes, x>>8&lanes
			ye, yo := y&lanes, y>>8&lanes
			sx := uint32((xe + xo) * ones >> 48)
			s2 += 16*s1 + 8*sx + uint32((xe*evenW+xo*oddW)>>48) + uint32((ye*evenW+yo*oddW)>>48)
			s1 += sx + uint32((ye+yo)*ones>>48)
		}
		for ; len(q) >= 8; q = q[8:] {
			x := binary.LittleEndian.Uint64(q)
			even, odd := x&lanes, x>>8&lanes
			s2 += 8*s1 + uint32((even*evenW+odd*oddW)>>48)
			s1 += uint32((even + odd) * ones >> 48)
		}
		for _, b := range q {
			s1 += uint32(b)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return s2<<16 | s1
}
