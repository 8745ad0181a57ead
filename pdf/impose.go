package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// A booklet is made from the finished book PDF instead of drawing the
// pages again: the fonts, images and resources are copied as they are,
// each page's content stream becomes a form XObject clipped to the trim
// (its bytes copied, still compressed), and each side of a sheet places
// two forms. That leaves only the imposition itself to do.

// bookPage is a page of the book PDF.
type bookPage struct {
	obj       int  // the page object
	contents  int  // its content stream
	resources pval // its resources: a reference or a dictionary
	annots    []pval
}

// deref returns the object that d's key refers to.
func (f *pdfFile) deref(d pval, key string) (pval, error) {
	r, ok := d.get(key)
	if !ok || r.kind != pRef {
		return pval{}, bookErr("no /%s", key)
	}
	return f.resolve(r)
}

// bookPages reads the pages of the book PDF in order.
func (f *pdfFile) bookPages() ([]bookPage, error) {
	cat, err := f.deref(f.trailer, "Root")
	if err != nil {
		return nil, err
	}
	pages, err := f.deref(cat, "Pages")
	if err != nil {
		return nil, err
	}
	kids, ok := pages.get("Kids")
	if !ok || kids.kind != pArray {
		return nil, bookErr("no /Kids")
	}
	out := make([]bookPage, 0, len(kids.elems))
	for _, k := range kids.elems {
		if k.kind != pRef {
			return nil, bookErr("page is not a reference")
		}
		pg, err := f.resolve(k)
		if err != nil {
			return nil, err
		}
		if t, _ := pg.get("Type"); t.name != "Page" {
			return nil, bookErr("object %d is not a page", k.ref())
		}
		c, ok := pg.get("Contents")
		if !ok || c.kind != pRef {
			return nil, bookErr("page object %d: /Contents is not one stream", k.ref())
		}
		co, err := f.object(c.ref())
		if err != nil {
			return nil, err
		}
		if !co.stream {
			return nil, bookErr("page object %d: /Contents is not a stream", k.ref())
		}
		res, ok := pg.get("Resources")
		if !ok || (res.kind != pRef && res.kind != pDict) {
			return nil, bookErr("page object %d: no /Resources", k.ref())
		}
		p := bookPage{obj: k.ref(), contents: c.ref(), resources: res}
		if a, ok := pg.get("Annots"); ok {
			if a, err = f.resolve(a); err != nil || a.kind != pArray {
				return nil, bookErr("page object %d: bad /Annots", k.ref())
			}
			for _, an := range a.elems {
				an, err := f.resolve(an)
				if err != nil || an.kind != pDict {
					return nil, bookErr("page object %d: bad annotation", k.ref())
				}
				p.annots = append(p.annots, an)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// bookMargin is the space render leaves around the trim of each page of
// the book: the bleed, or room for the crop marks.
func bookMargin(s *settings) Length {
	if s.cropMarks {
		return cropMargin(s.bleed)
	}
	return s.bleed
}

// placement is where a page of the book lands in the booklet: on which
// side (0-based), and the translation from the book page's coordinates
// to the sheet's (PDF units, y up).
type placement struct {
	side   int
	tx, ty float64
}

// imposeBooklet writes to w the booklet of the book PDF book, which
// render wrote from d. Nothing is written on error.
func (d *doc) imposeBooklet(w io.Writer, book []byte, bo *BookletOptions) error {
	trim := d.s.trim
	sheet, err := bookletSheet(trim, bo)
	if err != nil {
		return err
	}
	f, err := readPDF(book)
	if err != nil {
		return err
	}
	pages, err := f.bookPages()
	if err != nil {
		return err
	}
	n := len(d.pages)
	if len(pages) != n {
		return bookErr("%d pages for %d laid out", len(pages), n)
	}
	back := n > 0 && d.pages[n-1].kind == coverPage
	sides := impose(n, back)

	// Coordinates: the book's trim has its bottom left at (m, m); a
	// sheet's halves have theirs at (x, y0).
	m := float64(bookMargin(d.s))
	fold := sheet.W / 2
	top := (sheet.H - trim.H) / 2
	y0 := float64(sheet.H - top - trim.H)
	place := make([]placement, n)
	for k, sd := range sides {
		for half, p := range sd {
			if p >= 0 {
				x := float64(fold - trim.W + Length(half)*trim.W)
				place[p] = placement{k, x - m, y0 - m}
			}
		}
	}

	// Object numbers: 1 the page tree, 2 the sheets' resources, then each
	// side's page and content, the forms, the objects copied from the book
	// (in the book's order) and the catalog.
	pageObj := func(side int) int { return 3 + 2*side }
	next := 3 + 2*len(sides)
	form := make([]int, n) // 0: no form (a blank page, an image cover)
	coverImg := make([]int, n)
	for i, p := range d.pages {
		switch {
		case p.kind == blankPage:
		case p.kind == coverPage && p.art != nil && p.art.img != nil:
			ref, err := f.coverImage(pages[i])
			if err != nil {
				return err
			}
			coverImg[i] = ref
		default:
			form[i] = next
			next++
		}
	}
	pageOf := make([]int, len(f.offsets)) // page index + 1 of a page object
	for i, p := range pages {
		pageOf[p.obj] = i + 1
	}
	// The objects to copy: everything the resources, the content streams'
	// dictionaries, the annotations and the document information lead to.
	newNum := make([]int, len(f.offsets))
	var copies []int
	var walk func(v pval) error
	walk = func(v pval) error {
		return v.refs(func(r pval) error {
			if r.ref() <= 0 || r.ref() >= len(newNum) {
				return bookErr("reference to missing object %d", r.ref())
			}
			if pageOf[r.ref()] > 0 || newNum[r.ref()] != 0 {
				return nil
			}
			newNum[r.ref()] = -1 // seen
			copies = append(copies, r.ref())
			o, err := f.object(r.ref())
			if err != nil {
				return err
			}
			return walk(o.val)
		})
	}
	info, ok := f.trailer.get("Info")
	if !ok || info.kind != pRef {
		return bookErr("no /Info")
	}
	roots := []pval{info}
	for i, p := range pages {
		co, _ := f.object(p.contents)
		roots = append(roots, p.resources, co.val)
		roots = append(roots, p.annots...)
		if coverImg[i] > 0 {
			roots = append(roots, pval{kind: pRef, num: float64(coverImg[i])})
		}
	}
	for _, r := range roots {
		if err := walk(r); err != nil {
			return err
		}
	}
	if root, _ := f.trailer.get("Root"); root.ref() < len(newNum) && newNum[root.ref()] != 0 {
		return bookErr("the catalog is referenced by a page")
	}
	slices.Sort(copies)
	for _, c := range copies {
		newNum[c] = next
		next++
	}
	catalog := next
	size := next + 1
	renum := func(old int) (int, error) {
		switch {
		case old <= 0 || old >= len(newNum):
		case newNum[old] > 0:
			return newNum[old], nil
		case pageOf[old] > 0:
			return pageObj(place[pageOf[old]-1].side), nil
		}
		return 0, bookErr("reference to object %d", old)
	}

	// The file but the streams copied from the book: the rest of the
	// book, and the sheets.
	bw := &pdfWriter{offsets: make([]int, size)}
	streams, splices := 0, 0
	for i, p := range pages {
		if form[i] != 0 {
			co, _ := f.object(p.contents)
			streams += co.data[1] - co.data[0]
			splices++
		}
	}
	for _, c := range copies {
		if o, _ := f.object(c); o.stream {
			streams += o.data[1] - o.data[0]
			splices++
		}
	}
	bw.b = make([]byte, 0, len(book)-streams+len(sides)*1024)
	bw.splices = make([]splice, 0, splices)
	bw.b = append(bw.b, f.header...)
	bw.b = append(bw.b, '\n')

	// The page tree and the sheets' resources.
	bw.begin(1)
	bw.b = append(bw.b, "<</Type /Pages\n/Kids ["...)
	for k := range sides {
		bw.b = strconv.AppendInt(bw.b, int64(pageObj(k)), 10)
		bw.b = append(bw.b, " 0 R "...)
	}
	bw.b = append(bw.b, "]\n/Count "...)
	bw.b = strconv.AppendInt(bw.b, int64(len(sides)), 10)
	bw.b = append(bw.b, "\n/MediaBox [0 0 "...)
	bw.b = num2(bw.b, float64(sheet.W))
	bw.b = append(bw.b, ' ')
	bw.b = num2(bw.b, float64(sheet.H))
	bw.b = append(bw.b, "]\n>>\n"...)
	bw.end()
	bw.begin(2)
	bw.b = append(bw.b, "<<\n/ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/XObject <<\n"...)
	for i := range n {
		name, obj := "/P", form[i]
		if coverImg[i] > 0 {
			name, obj = "/C", newNum[coverImg[i]]
		}
		if obj == 0 {
			continue
		}
		bw.b = append(bw.b, name...)
		bw.b = strconv.AppendInt(bw.b, int64(i+1), 10)
		bw.b = append(bw.b, ' ')
		bw.b = strconv.AppendInt(bw.b, int64(obj), 10)
		bw.b = append(bw.b, " 0 R\n"...)
	}
	bw.b = append(bw.b, ">>\n>>\n"...)
	bw.end()

	// The sides: each page with its links, and its content.
	var content []byte
	for k, sd := range sides {
		bw.begin(pageObj(k))
		bw.b = append(bw.b, "<</Type /Page\n/Parent 1 0 R\n/TrimBox ["...)
		bw.b = num2(bw.b, float64(fold-trim.W))
		bw.b = append(bw.b, ' ')
		bw.b = num2(bw.b, float64(top))
		bw.b = append(bw.b, ' ')
		bw.b = num2(bw.b, float64(fold+trim.W))
		bw.b = append(bw.b, ' ')
		bw.b = num2(bw.b, float64(top+trim.H))
		bw.b = append(bw.b, "]\n/Resources 2 0 R\n"...)
		links := 0
		for _, p := range sd {
			if p >= 0 {
				links += len(pages[p].annots)
			}
		}
		if links > 0 {
			bw.b = append(bw.b, "/Annots ["...)
			for _, p := range sd {
				if p < 0 {
					continue
				}
				for _, a := range pages[p].annots {
					if bw.b, err = f.appendAnnot(bw.b, a, place[p], place, pageOf, renum); err != nil {
						return err
					}
				}
			}
			bw.b = append(bw.b, "]\n"...)
		}
		bw.b = append(bw.b, "/Contents "...)
		bw.b = strconv.AppendInt(bw.b, int64(pageObj(k)+1), 10)
		bw.b = append(bw.b, " 0 R>>\n"...)
		bw.end()

		content = content[:0]
		for half, p := range sd {
			if p < 0 {
				continue
			}
			pg := d.pages[p]
			if pg.kind == coverPage && pg.art != nil {
				// A cover's ground runs 3 mm past the outer edges, or to
				// the sheet's edge when nearer; not across the fold.
				x := fold - trim.W + Length(half)*trim.W
				bx := min(fold-trim.W, markOffset)
				by := min(top, markOffset)
				g := rect{x - bx, top - by, trim.W + bx, trim.H + 2*by}
				if half == 1 {
					g.x = fold
				}
				gy := sheet.H - g.y - g.h
				if pg.art.img != nil {
					b := coverImageBox(pg.art.img, g)
					content = append(content, "q "...)
					content = appendNums(content, float64(g.x), float64(gy), float64(g.w), float64(g.h))
					content = append(content, " re W n "...)
					content = appendNums(content, float64(b.w), 0, 0, float64(b.h), float64(b.x), float64(sheet.H-b.y-b.h))
					content = append(content, " cm /C"...)
					content = strconv.AppendInt(content, int64(p+1), 10)
					content = append(content, " Do Q\n"...)
					continue
				}
				bg := pg.art.bg
				content = append(content, "q "...)
				content = appendNums(content, float64(bg.R)/255, float64(bg.G)/255, float64(bg.B)/255)
				content = append(content, " rg "...)
				content = appendNums(content, float64(g.x), float64(gy), float64(g.w), float64(g.h))
				content = append(content, " re f Q\n"...)
			}
			if form[p] == 0 {
				continue
			}
			content = append(content, "q 1 0 0 1 "...)
			content = appendNums(content, place[p].tx, place[p].ty)
			content = append(content, " cm /P"...)
			content = strconv.AppendInt(content, int64(p+1), 10)
			content = append(content, " Do Q\n"...)
		}
		if bo.Guides {
			content = guides(content, sheet, trim, k%2 == 0)
		}
		bw.begin(pageObj(k) + 1)
		bw.b = append(bw.b, "<</Length "...)
		bw.b = strconv.AppendInt(bw.b, int64(len(content)), 10)
		bw.b = append(bw.b, ">>\nstream\n"...)
		bw.b = append(bw.b, content...)
		bw.b = append(bw.b, "\nendstream\n"...)
		bw.end()
	}

	// The forms: each page's content, clipped to its trim.
	bbox := appendNums(nil, m, m, m+float64(trim.W), m+float64(trim.H))
	for i, p := range pages {
		if form[i] == 0 {
			continue
		}
		co, _ := f.object(p.contents)
		bw.begin(form[i])
		bw.b = append(bw.b, "<</Type /XObject /Subtype /Form /BBox ["...)
		bw.b = append(bw.b, bbox...)
		bw.b = append(bw.b, "] /Resources "...)
		if bw.b, err = f.appendValue(bw.b, p.resources, renum); err != nil {
			return err
		}
		for j := 0; j+1 < len(co.val.elems); j += 2 {
			switch co.val.elems[j].name {
			case "Type", "Subtype", "BBox", "Resources", "Matrix":
				continue
			}
			bw.b = append(bw.b, ' ')
			bw.b = append(bw.b, book[co.val.elems[j].start:co.val.elems[j].end]...)
			bw.b = append(bw.b, ' ')
			if bw.b, err = f.appendValue(bw.b, co.val.elems[j+1], renum); err != nil {
				return err
			}
		}
		bw.b = append(bw.b, ">>\nstream\n"...)
		bw.splice(book[co.data[0]:co.data[1]])
		bw.b = append(bw.b, "\nendstream\n"...)
		bw.end()
	}

	// The fonts, images, resources and document information, as they are.
	for _, c := range copies {
		o, _ := f.object(c)
		bw.begin(newNum[c])
		if bw.b, err = f.appendValue(bw.b, o.val, renum); err != nil {
			return err
		}
		if o.stream {
			bw.b = append(bw.b, "\nstream\n"...)
			bw.splice(book[o.data[0]:o.data[1]])
			bw.b = append(bw.b, "\nendstream"...)
		}
		bw.b = append(bw.b, '\n')
		bw.end()
	}

	bw.begin(catalog)
	bw.b = append(bw.b, "<<\n/Type /Catalog\n/Pages 1 0 R\n"...)
	if len(sides) > 0 {
		bw.b = append(bw.b, "/OpenAction [3 0 R /Fit]\n"...)
	}
	bw.b = append(bw.b, "/PageLayout /SinglePage\n>>\n"...)
	bw.end()
	bw.finish(catalog, newNum[info.ref()])
	return bw.writeTo(w)
}

// coverImage returns the object number of the image an image cover's
// page draws: the one image its content paints.
func (f *pdfFile) coverImage(p bookPage) (int, error) {
	co, err := f.object(p.contents)
	if err != nil {
		return 0, err
	}
	data := f.data[co.data[0]:co.data[1]]
	filter, _ := co.val.get("Filter")
	switch {
	case filter.kind == 0:
	case filter.kind == pName && filter.name == "FlateDecode":
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return 0, bookErr("cover page: %v", err)
		}
		if data, err = io.ReadAll(io.LimitReader(zr, 1<<20)); err != nil {
			return 0, bookErr("cover page: %v", err)
		}
	default:
		return 0, bookErr("cover page: unknown filter")
	}
	i := bytes.Index(data, []byte(" Do"))
	j := bytes.LastIndexByte(data[:max(i, 0)], '/')
	if i < 0 || j < 0 || bytes.Count(data, []byte(" Do")) != 1 {
		return 0, bookErr("cover page does not draw one image")
	}
	name := string(data[j+1 : i])
	res, err := f.resolve(p.resources)
	if err != nil {
		return 0, err
	}
	xo, _ := res.get("XObject")
	if xo, err = f.resolve(xo); err != nil {
		return 0, err
	}
	img, ok := xo.get(name)
	if !ok || img.kind != pRef {
		return 0, bookErr("cover image /%s not in the resources", name)
	}
	return img.ref(), nil
}

// appendAnnot appends annotation a of a page placed at at, its rectangle
// moved onto the sheet and its destination led to the sheet that holds
// the page it names, at the same place on that page.
func (f *pdfFile) appendAnnot(b []byte, a pval, at placement, place []placement, pageOf []int, renum func(int) (int, error)) ([]byte, error) {
	var err error
	b = append(b, "<<"...)
	for j := 0; j+1 < len(a.elems); j += 2 {
		key, v := a.elems[j], a.elems[j+1]
		if j > 0 {
			b = append(b, ' ')
		}
		b = append(b, f.data[key.start:key.end]...)
		b = append(b, ' ')
		switch {
		case key.name == "Rect" && v.kind == pArray && len(v.elems) == 4 && allNumbers(v.elems):
			b = append(b, '[')
			for i, e := range v.elems {
				if i > 0 {
					b = append(b, ' ')
				}
				b = num2(b, e.num+[2]float64{at.tx, at.ty}[i%2])
			}
			b = append(b, ']')
		case key.name == "Dest" && v.kind == pArray && len(v.elems) >= 2 && v.elems[0].kind == pRef &&
			v.elems[0].ref() < len(pageOf) && pageOf[v.elems[0].ref()] > 0:
			to := place[pageOf[v.elems[0].ref()]-1]
			// The coordinate that is a height: /XYZ left top zoom,
			// /FitH top, /FitBH top. The left is kept: gofpdf's 0 is the
			// sheet's left edge.
			k := -1
			switch v.elems[1].name {
			case "XYZ":
				k = 3
			case "FitH", "FitBH":
				k = 2
			}
			b = append(b, '[')
			for i, e := range v.elems {
				if i > 0 {
					b = append(b, ' ')
				}
				switch {
				case i == k && e.kind == pNumber:
					b = num2(b, e.num+to.ty)
				default:
					if b, err = f.appendValue(b, e, renum); err != nil {
						return nil, err
					}
				}
			}
			b = append(b, ']')
		default:
			if b, err = f.appendValue(b, v, renum); err != nil {
				return nil, err
			}
		}
	}
	return append(b, ">>"...), nil
}

func allNumbers(vs []pval) bool {
	for _, v := range vs {
		if v.kind != pNumber {
			return false
		}
	}
	return true
}

// guides appends the fold marks (on the outside of a sheet) and the crop
// marks where the sheet leaves room for them.
func guides(b []byte, sheet, trim Size, outside bool) []byte {
	fold := sheet.W / 2
	side := fold - trim.W
	top := (sheet.H - trim.H) / 2
	b = num2(b, float64(markWidth))
	b = append(b, " w\n"...)
	line := func(x1, y1, x2, y2 Length) {
		b = num2(b, float64(x1))
		b = append(b, ' ')
		b = num2(b, float64(sheet.H-y1))
		b = append(b, " m "...)
		b = num2(b, float64(x2))
		b = append(b, ' ')
		b = num2(b, float64(sheet.H-y2))
		b = append(b, " l S\n"...)
	}
	if outside {
		line(fold, 0, fold, top+foldMark)
		line(fold, sheet.H, fold, sheet.H-top-foldMark)
	}
	room := markOffset + markLength
	for _, x := range []Length{side, fold + trim.W} {
		out := Length(math.Copysign(1, float64(x-fold)))
		for _, y := range []Length{top, top + trim.H} {
			up := Length(math.Copysign(1, float64(y-sheet.H/2)))
			if side >= room {
				line(x+out*markOffset, y, x+out*room, y)
			}
			if top >= room {
				line(x, y+up*markOffset, x, y+up*room)
			}
		}
	}
	return b
}

// num2 appends x with two decimals, as gofpdf writes coordinates.
func num2(b []byte, x float64) []byte {
	x = math.Round(x*100) / 100
	if x == 0 {
		x = 0 // no "-0.00"
	}
	return strconv.AppendFloat(b, x, 'f', 2, 64)
}

// appendNums appends numbers separated by spaces, to four decimals at
// most, without trailing zeros.
func appendNums(b []byte, xs ...float64) []byte {
	for i, x := range xs {
		if i > 0 {
			b = append(b, ' ')
		}
		x = math.Round(x*1e4) / 1e4
		if x == 0 {
			x = 0
		}
		b = strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	return b
}

// pdfWriter builds a PDF file in memory, noting where each object starts.
// The streams it copies from the book are not copied into b but noted
// as splices, written in their places by writeTo.
type pdfWriter struct {
	b       []byte
	offsets []int // by object number
	splices []splice
	spliced int // bytes in the splices
}

// splice is data that goes into a pdfWriter's file before b[at].
type splice struct {
	at   int
	data []byte
}

func (w *pdfWriter) begin(n int) {
	w.offsets[n] = len(w.b) + w.spliced
	w.b = strconv.AppendInt(w.b, int64(n), 10)
	w.b = append(w.b, " 0 obj\n"...)
}

func (w *pdfWriter) end() { w.b = append(w.b, "endobj\n"...) }

// splice adds data to the file, which must not change until writeTo.
func (w *pdfWriter) splice(data []byte) {
	w.splices = append(w.splices, splice{len(w.b), data})
	w.spliced += len(data)
}

// writeTo writes the file to out, which it grows to the file's size first
// if out can be grown (a bytes.Buffer), so the file is not copied into
// memory twice.
func (w *pdfWriter) writeTo(out io.Writer) error {
	if g, ok := out.(interface{ Grow(int) }); ok {
		g.Grow(len(w.b) + w.spliced)
	}
	at := 0
	for _, s := range w.splices {
		if _, err := out.Write(w.b[at:s.at]); err != nil {
			return err
		}
		if _, err := out.Write(s.data); err != nil {
			return err
		}
		at = s.at
	}
	_, err := out.Write(w.b[at:])
	return err
}

// finish appends the cross-reference table and the trailer.
func (w *pdfWriter) finish(root, info int) {
	xref := len(w.b) + w.spliced
	w.b = append(w.b, "xref\n0 "...)
	w.b = strconv.AppendInt(w.b, int64(len(w.offsets)), 10)
	w.b = append(w.b, "\n0000000000 65535 f \n"...)
	var e []byte
	for _, off := range w.offsets[1:] {
		e = strconv.AppendInt(e[:0], int64(off), 10)
		for range 10 - len(e) {
			w.b = append(w.b, '0')
		}
		w.b = append(w.b, e...)
		w.b = append(w.b, " 00000 n \n"...)
	}
	w.b = fmt.Appendf(w.b, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets), root, info, xref)
}
