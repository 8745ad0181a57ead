package pdf

import (
	"bytes"
	"sync"
	"testing"
)

// TestDocumentSameBytes checks that a book typeset once and written as a
// PDF and as a booklet, several times and from several goroutines at
// once, gives the bytes of Write and WriteBooklet.
func TestDocumentSameBytes(t *testing.T) {
	b := pamphlet(t)
	for _, o := range []*Options{
		nil,
		{Cover: true, Bleed: 3 * Millimetre, CropMarks: true},
	} {
		bo := &BookletOptions{Guides: true}
		var pages, booklet bytes.Buffer
		if err := Write(&pages, b, o); err != nil {
			t.Fatal(err)
		}
		if err := WriteBooklet(&booklet, b, o, bo); err != nil {
			t.Fatal(err)
		}
		doc, err := Typeset(b, o)
		if err != nil {
			t.Fatal(err)
		}
		const n = 4
		var outs [n]bytes.Buffer
		var errs [n]error
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if i%2 == 0 {
					errs[i] = doc.Write(&outs[i])
				} else {
					errs[i] = doc.WriteBooklet(&outs[i], bo)
				}
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			want, what := pages.Bytes(), "Write"
			if i%2 == 1 {
				want, what = booklet.Bytes(), "WriteBooklet"
			}
			if !bytes.Equal(outs[i].Bytes(), want) {
				t.Errorf("options %+v: Document.%s (call %d) differs from %s", o, what, i, what)
			}
		}
		if bytes.Equal(pages.Bytes(), booklet.Bytes()) {
			t.Error("the booklet is the PDF")
		}
	}
}

func TestDocumentNil(t *testing.T) {
	var doc *Document
	if err := doc.Write(&bytes.Buffer{}); err == nil {
		t.Error("nil document: no error from Write")
	}
	if err := doc.WriteBooklet(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil document: no error from WriteBooklet")
	}
	if _, err := Typeset(nil, nil); err == nil {
		t.Error("nil book: no error from Typeset")
	}
}

// BenchmarkTypesetPamphlet typesets the pamphlet once and writes both the
// PDF and the booklet, as examples/pamphlet does.
func BenchmarkTypesetPamphlet(b *testing.B) {
	bk := pamphlet(b)
	var pages, booklet bytes.Buffer
	for b.Loop() {
		pages.Reset()
		booklet.Reset()
		doc, err := Typeset(bk, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := doc.Write(&pages); err != nil {
			b.Fatal(err)
		}
		if err := doc.WriteBooklet(&booklet, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages.Len()+booklet.Len()), "bytes")
}
