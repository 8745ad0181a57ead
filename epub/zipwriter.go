package epub

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"

	"github.com/quire-books/quire/internal/deflate"
)

// A zipWriter appends a zip archive to b: the bytes archive/zip's Writer
// writes for entries made with CreateRaw, their CRC and sizes in the
// local header, versions 2.0, no flags, no extra fields (EPUB forbids
// them on the mimetype entry) and the MS-DOS date and time fields (the
// only way to date an entry without an extra field, hence their use
// although archive/zip deprecates them); TestZipWriter holds it to
// that. Unlike archive/zip it deflates straight into the archive, and
// it allocates nothing but b, which finish makes large enough at once,
// and the directory: archive/zip's Writer copied everything through a
// bufio.Writer into a slice grown to fit.
type zipWriter struct {
	b           []byte
	dir         []zipEntry
	defl        *deflate.Writer
	date, clock uint16
}

// zipEntry is what the central directory says of an entry.
type zipEntry struct {
	name         string
	method       uint16
	crc          uint32
	csize, usize uint64
	offset       uint64 // of its local header
	date, clock  uint16 // MS-DOS
}

const (
	zipLocalLen   = 30 // a local file header, without the name
	zipCentralLen = 46 // a central directory header, without name and extra
	zipExtra64Len = 28 // the zip64 extra field a central header may need
	zipEndLen     = 22
	zipEnd64Len   = 56 + 20 // the zip64 end record and its locator
	zipVersion    = 20
	zipVersion64  = 45
	uint32max     = math.MaxUint32
	uint16max     = math.MaxUint16
)

// zipEntryBound is the most bytes an entry named name holding n bytes
// takes in the archive, directory included: deflated or stored, its data
// takes at most what internal/deflate's bound says.
func zipEntryBound(name string, n int) int {
	return zipLocalLen + zipCentralLen + zipExtra64Len + 2*len(name) + deflate.ZlibBound(n)
}

// zipEndBound is the most bytes the end of the central directory takes.
const zipEndBound = zipEndLen + zipEnd64Len

var errLongName = errors.New("zip: FileHeader.Name too long") // archive/zip's words

// add appends an entry holding data, deflated or stored.
func (z *zipWriter) add(name string, data []byte, compress bool) error {
	method := zip.Store
	if compress {
		method = zip.Deflate
	}
	e := zipEntry{name: name, method: method, crc: crc32.ChecksumIEEE(data), usize: uint64(len(data)), date: z.date, clock: z.clock}
	if err := z.header(&e); err != nil {
		return err
	}
	start := len(z.b)
	if compress {
		z.b = z.defl.Deflate(z.b, data)
	} else {
		z.b = append(z.b, data...)
	}
	z.setSize(&e, uint64(len(z.b)-start))
	return nil
}

// raw appends an entry whose data, compressed by method, is body.
func (z *zipWriter) raw(name string, method uint16, body []byte, crc uint32, usize uint64) error {
	e := zipEntry{name: name, method: method, crc: crc, usize: usize, date: z.date, clock: z.clock}
	if err := z.header(&e); err != nil {
		return err
	}
	z.b = append(z.b, body...)
	z.setSize(&e, uint64(len(body)))
	return nil
}

// header appends e's local header, its compressed size still 0, and
// notes where it is.
func (z *zipWriter) header(e *zipEntry) error {
	if len(e.name) > uint16max {
		return errLongName
	}
	e.offset = uint64(len(z.b))
	var h [zipLocalLen]byte
	binary.LittleEndian.PutUint32(h[0:], 0x04034b50)
	binary.LittleEndian.PutUint16(h[4:], zipVersion)
	binary.LittleEndian.PutUint16(h[8:], e.method)
	binary.LittleEndian.PutUint16(h[10:], e.clock)
	binary.LittleEndian.PutUint16(h[12:], e.date)
	binary.LittleEndian.PutUint32(h[14:], e.crc)
	binary.LittleEndian.PutUint32(h[22:], uint32(min(e.usize, uint32max)))
	binary.LittleEndian.PutUint16(h[26:], uint16(len(e.name)))
	z.b = append(append(z.b, h[:]...), e.name...)
	return nil
}

// setSize puts e's compressed size into its local header and adds e to
// the directory.
func (z *zipWriter) setSize(e *zipEntry, csize uint64) {
	e.csize = csize
	binary.LittleEndian.PutUint32(z.b[e.offset+18:], uint32(min(csize, uint32max)))
	z.dir = append(z.dir, *e)
}

// close appends the central directory and returns the archive.
func (z *zipWriter) close() []byte {
	return appendDirectory(z.b, z.dir, uint64(len(z.b)))
}

// appendDirectory appends to b the central directory of the entries dir
// and the end records, for a directory that starts at offset start in the
// archive, as archive/zip's Writer.Close writes them for entries made by
// CreateRaw: an entry, or an offset, that does not fit in 32 bits gets
// a zip64 extra field, and a directory too large or too far or with too
// many entries the zip64 end records.
func appendDirectory(b []byte, dir []zipEntry, start uint64) []byte {
	size := 0
	for _, e := range dir {
		var h [zipCentralLen]byte
		binary.LittleEndian.PutUint32(h[0:], 0x02014b50)
		binary.LittleEndian.PutUint16(h[4:], zipVersion) // made by
		binary.LittleEndian.PutUint16(h[6:], zipVersion) // needed
		binary.LittleEndian.PutUint16(h[10:], e.method)
		binary.LittleEndian.PutUint16(h[12:], e.clock)
		binary.LittleEndian.PutUint16(h[14:], e.date)
		binary.LittleEndian.PutUint32(h[16:], e.crc)
		zip64 := e.csize >= uint32max || e.usize >= uint32max || e.offset >= uint32max
		csize, usize := uint32(e.csize), uint32(e.usize)
		if zip64 {
			csize, usize = uint32max, uint32max
			binary.LittleEndian.PutUint16(h[30:], zipExtra64Len)
		}
		binary.LittleEndian.PutUint32(h[20:], csize)
		binary.LittleEndian.PutUint32(h[24:], usize)
		binary.LittleEndian.PutUint16(h[28:], uint16(len(e.name)))
		binary.LittleEndian.PutUint32(h[42:], uint32(min(e.offset, uint32max)))
		b = append(b, h[:]...)
		b = append(b, e.name...)
		size += zipCentralLen + len(e.name)
		if zip64 {
			var x [zipExtra64Len]byte
			binary.LittleEndian.PutUint16(x[0:], 0x0001)
			binary.LittleEndian.PutUint16(x[2:], zipExtra64Len-4)
			binary.LittleEndian.PutUint64(x[4:], e.usize)
			binary.LittleEndian.PutUint64(x[12:], e.csize)
			binary.LittleEndian.PutUint64(x[20:], e.offset)
			b = append(b, x[:]...)
			size += zipExtra64Len
		}
	}
	records, dirSize, offset := uint64(len(dir)), uint64(size), start
	if records >= uint16max || dirSize >= uint32max || offset >= uint32max {
		var x [zipEnd64Len]byte
		binary.LittleEndian.PutUint32(x[0:], 0x06064b50)
		binary.LittleEndian.PutUint64(x[4:], 56-12) // the record's size after this field
		binary.LittleEndian.PutUint16(x[12:], zipVersion64)
		binary.LittleEndian.PutUint16(x[14:], zipVersion64)
		binary.LittleEndian.PutUint64(x[24:], records)
		binary.LittleEndian.PutUint64(x[32:], records)
		binary.LittleEndian.PutUint64(x[40:], dirSize)
		binary.LittleEndian.PutUint64(x[48:], offset)
		binary.LittleEndian.PutUint32(x[56:], 0x07064b50)
		binary.LittleEndian.PutUint64(x[64:], start+dirSize) // where the zip64 end record is
		binary.LittleEndian.PutUint32(x[72:], 1)
		b = append(b, x[:]...)
		records, dirSize, offset = uint16max, uint32max, uint32max
	}
	var x [zipEndLen]byte
	binary.LittleEndian.PutUint32(x[0:], 0x06054b50)
	binary.LittleEndian.PutUint16(x[8:], uint16(records))
	binary.LittleEndian.PutUint16(x[10:], uint16(records))
	binary.LittleEndian.PutUint32(x[12:], uint32(dirSize))
	binary.LittleEndian.PutUint32(x[16:], uint32(offset))
	return append(b, x[:]...)
}
