package deflate_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"

	"github.com/quire-books/quire/internal/deflate"
)

func Example() {
	w := deflate.NewWriter()
	text := bytes.Repeat([]byte("All power to the soviets! "), 100)
	z := w.Zlib(nil, text)
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := io.ReadAll(r)
	fmt.Println(len(text), "bytes in,", len(z) < 100, bytes.Equal(back, text), err)
	// Output: 2600 bytes in, true true <nil>
}
