package epub

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/quire-books/quire/internal/deflate"
)

// archiveZip writes the entries of z's directory, whose data is in z's
// archive, again with archive/zip's CreateRaw, as finish once did.
func archiveZip(t *testing.T, archive []byte, dir []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range dir {
		fh := &zip.FileHeader{
			Name:               e.name,
			Method:             e.method,
			CRC32:              e.crc,
			CompressedSize64:   e.csize,
			UncompressedSize64: e.usize,
			CreatorVersion:     20,
			ReaderVersion:      20,
		}
		fh.ModifiedDate, fh.ModifiedTime = e.date, e.clock //nolint:staticcheck // the fields zipWriter writes
		w, err := zw.CreateRaw(fh)
		if err != nil {
			t.Fatal(err)
		}
		start := e.offset + zipLocalLen + uint64(len(e.name))
		if _, err := w.Write(archive[start : start+e.csize]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipWriter writes what archive/zip writes, and archive/zip reads it back.
func TestZipWriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of revolution October workers 1917 and a in to")
	z := &zipWriter{defl: deflate.NewWriter(), date: 0x5a21, clock: 0x6b3c}
	type file struct {
		name string
		data []byte
	}
	var want []file
	for i := range 60 {
		name := strings.Repeat("d/", i%4) + strings.Repeat("n", 1+rng.IntN(40)) + ".xhtml"
		var data []byte
		switch i % 3 {
		case 0: // text
			for range rng.IntN(20000) {
				data = append(data, words[rng.IntN(len(words))]...)
				data = append(data, ' ')
			}
		case 1: // noise
			data = make([]byte, rng.IntN(70000))
			for j := range data {
				data[j] = byte(rng.Uint32())
			}
		}
		if i == 7 { // raw: copied compressed as it is
			c := deflate.NewWriter().Deflate(nil, data)
			if err := z.raw(name, zip.Deflate, c, crc32.ChecksumIEEE(data), uint64(len(data))); err != nil {
				t.Fatal(err)
			}
		} else if err := z.add(name, data, i%5 != 0); err != nil {
			t.Fatal(err)
		}
		want = append(want, file{name, data})
	}
	got := z.close()
	if ref := archiveZip(t, got, z.dir); !bytes.Equal(got, ref) {
		t.Fatalf("zipWriter wrote %d bytes that differ from archive/zip's %d", len(got), len(ref))
	}
	zr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(want) {
		t.Fatalf("%d files read, %d written", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		if f.Name != want[i].name || len(f.Extra) != 0 || f.Flags != 0 {
			t.Errorf("file %d: %q, extra %x, flags %x", i, f.Name, f.Extra, f.Flags)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc) // checks the CRC
		if err != nil || !bytes.Equal(data, want[i].data) {
			t.Errorf("%s: %d bytes read, %d written, error %v", f.Name, len(data), len(want[i].data), err)
		}
	}
	if err := z.add(strings.Repeat("n", 1<<16), nil, false); !errors.Is(err, errLongName) {
		t.Errorf("a name of 65536 bytes: error %v", err)
	}
}

// From 65535 entries on, the end of the directory is zip64's.
func TestZipWriterManyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("65,536 entries")
	}
	z := &zipWriter{defl: deflate.NewWriter()}
	for range 65536 {
		if err := z.add("a", nil, false); err != nil {
			t.Fatal(err)
		}
	}
	got := z.close()
	if ref := archiveZip(t, got, z.dir); !bytes.Equal(got, ref) {
		t.Fatalf("zipWriter wrote %d bytes that differ from archive/zip's %d", len(got), len(ref))
	}
}

// sparse reads as zeros but for its regions' bytes, at their offsets.
type sparse []region

type region struct {
	off  int64
	data []byte
}

func (s sparse) ReadAt(p []byte, off int64) (int, error) {
	clear(p)
	end := off + int64(len(p))
	for _, r := range s {
		if rEnd := r.off + int64(len(r.data)); r.off < end && rEnd > off {
			from := max(off, r.off)
			copy(p[from-off:], r.data[from-r.off:])
		}
	}
	if last := s[len(s)-1]; end > last.off+int64(len(last.data)) {
		return max(0, int(last.off+int64(len(last.data))-off)), io.EOF
	}
	return len(p), nil
}

// Entries and directories beyond 4 GB, which no test can write, get zip64
// fields that archive/zip reads.
func TestZipDirectory64(t *testing.T) {
	const gb = 1 << 30
	dir := []zipEntry{
		{name: "small", method: zip.Deflate, crc: 1, csize: 10, usize: 20, offset: 0},
		{name: "huge", method: zip.Store, crc: 2, csize: 5 * gb, usize: 5 * gb, offset: 100},
		{name: "far", method: zip.Deflate, crc: 3, csize: 30, usize: 40, offset: 5*gb + 200},
	}
	start := int64(5*gb + 300)
	var regions sparse
	for _, e := range dir { // local headers, for DataOffset
		z := &zipWriter{}
		if err := z.header(&e); err != nil {
			t.Fatal(err)
		}
		regions = append(regions, region{int64(dir[len(regions)].offset), z.b})
	}
	d := appendDirectory(nil, dir, uint64(start))
	regions = append(regions, region{start, d})
	zr, err := zip.NewReader(regions, start+int64(len(d)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(dir) {
		t.Fatalf("%d files", len(zr.File))
	}
	for i, f := range zr.File {
		e := dir[i]
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != e.name || f.Method != e.method || f.CRC32 != e.crc || f.CompressedSize64 != e.csize ||
			f.UncompressedSize64 != e.usize || off != int64(e.offset)+zipLocalLen+int64(len(e.name)) {
			t.Errorf("entry %d read as %q method %d crc %d sizes %d %d at %d", i, f.Name, f.Method, f.CRC32, f.CompressedSize64, f.UncompressedSize64, off)
		}
	}
}
