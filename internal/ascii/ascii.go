// Package ascii holds the byte tricks that book's and source's text checks
// share to skip printable ASCII eight bytes at a time.
package ascii

// Printable8 reports whether the first eight bytes of s are all printable
// ASCII (0x20 to 0x7E); s must hold at least eight. In each byte of a word
// whose bytes are all below 0x80, subtracting 0x20 sets the top bit only
// below 0x20 (and a borrow only runs on from such a byte) and adding 1
// only at 0x7F (never carrying), so one test covers the eight.
func Printable8[T string | []byte](s T) bool {
	s = s[:8] // one bounds check for the eight loads
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	return (w|(w-0x20*ones)|(w+ones))&tops == 0
}
