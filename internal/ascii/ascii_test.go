package ascii

import "testing"

// Printable8 agrees with a byte-by-byte test, for strings and byte slices:
// every byte value at every place, and pairs of bytes near the edges (a
// borrow or carry from one must not hide the other).
func TestPrintable8(t *testing.T) {
	want := func(s []byte) bool {
		for i := range 8 {
			if s[i] < 0x20 || s[i] > 0x7e {
				return false
			}
		}
		return true
	}
	check := func(s []byte) {
		if got := Printable8(string(s)); got != want(s) {
			t.Errorf("Printable8(%q) = %v", s, got)
		}
		if got := Printable8(s); got != want(s) {
			t.Errorf("Printable8([]byte(%q)) = %v", s, got)
		}
	}
	edges := []byte{0, 1, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xff}
	for p := range 8 {
		for b := range 256 {
			s := []byte("abcdefgh")
			s[p] = byte(b)
			check(s)
			for q := range 8 {
				for _, c := range edges {
					s2 := append([]byte(nil), s...)
					s2[q] = c
					check(s2)
				}
			}
		}
	}
}
