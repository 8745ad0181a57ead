package pdf_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/quire-books/quire/pdf"
	"github.com/quire-books/quire/source"
)

// A program reads its manuscript while the fonts and patterns load.
func ExamplePreload() {
	go pdf.Preload()
	b, err := source.Pamphlet()
	if err != nil {
		fmt.Println(err)
		return
	}
	var out bytes.Buffer
	if err := pdf.Write(&out, b, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.5s\n", out.Bytes())
	// Output: %PDF-
}

// Preload running while books are typeset changes nothing in them.
func TestPreloadConcurrent(t *testing.T) {
	b, err := source.Pamphlet()
	if err != nil {
		t.Fatal(err)
	}
	var outs [2]bytes.Buffer
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(pdf.Preload)
		wg.Go(func() {
			if err := pdf.Write(&outs[i], b, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if outs[0].Len() == 0 || !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Errorf("books typeset beside Preload differ (%d and %d bytes)", outs[0].Len(), outs[1].Len())
	}
}
