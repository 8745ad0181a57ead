package epub

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	goepub "github.com/go-shiori/go-epub"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/cover"
)

// Write writes b to w as an EPUB 3. A nil o means the default options.
// It checks b with book.Validate first and returns its error, wrapped. It
// writes nothing to w unless the whole EPUB was made, and never closes w.
func Write(w io.Writer, b *book.Book, o *Options) error {
	if b == nil {
		return errors.New("epub: nil book")
	}
	if err := b.Validate(); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	if o == nil {
		o = &Options{}
	}
	if err := o.check(); err != nil {
		return err
	}
	if b.Meta.Cover == nil && !o.NoCover {
		data, err := cover.PNG(&b.Meta, &cover.Options{Background: o.CoverBackground, Foreground: o.CoverForeground})
		if err != nil {
			return fmt.Errorf("epub: generating the cover: %w", err)
		}
		withCover := *b
		// The name's colon keeps it apart from every name Validate accepts.
		withCover.Meta.Cover = &book.Resource{Name: "quire:cover.png", MediaType: "image/png", Data: data}
		b = &withCover
	}
	p, err := newPlan(b, o)
	if err != nil {
		return err
	}
	raw, err := p.container()
	if err != nil {
		return err
	}
	out, err := p.finish(raw)
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	return nil
}

// storageMu guards go-epub's package-level storage (see the package
// comment). It is the package's only mutable state.
var storageMu sync.Mutex

// refuseTransport refuses every request, so go-epub can never fetch
// anything, whatever it is given.
type refuseTransport struct{}

func (refuseTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("epub: refusing to fetch %s", r.URL.Redacted())
}

// container has go-epub build the EPUB from the plan: it stores the
// stylesheet, names the fonts and images, makes the documents' shell and
// zips them.
func (p *plan) container() (raw []byte, err error) {
	// go-epub panics where it cannot get randomness (uuid.Must); Write
	// reports an error instead, as it does for any other failure.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("epub: go-epub failed: %v", r)
		}
	}()
	m := &p.b.Meta
	e, err := goepub.NewEpub(m.Title)
	if err != nil {
		return nil, fmt.Errorf("epub: go-epub: %w", err)
	}
	e.Client = &http.Client{Transport: refuseTransport{}}
	e.SetIdentifier(m.BookID())
	e.SetLang(m.Language)
	e.SetDescription(m.Description)
	if authors := m.Authors(); len(authors) > 0 {
		e.SetAuthor(joinNames(authors))
	}
	for _, f := range p.fonts {
		// go-epub's data: URL parser knows no font/ media types; the
		// package document gets the right one.
		if f.src, err = e.AddFont(placeholder("application/octet-stream"), f.name); err != nil {
			return nil, fmt.Errorf("epub: go-epub: font %s: %w", f.name, goError(err))
		}
	}
	p.css = p.stylesheet()
	// The stylesheet too is a placeholder: go-epub would try to fetch it
	// over HTTP, decode its data: URL twice and deflate it.
	if p.cssSrc, err = e.AddCSS(placeholder("text/css"), cssName); err != nil {
		return nil, fmt.Errorf("epub: go-epub: stylesheet: %w", goError(err))
	}
	for _, im := range p.images {
		if im.src, err = e.AddImage(placeholder(im.mediaType), im.name); err != nil {
			return nil, fmt.Errorf("epub: go-epub: image %s: %w", im.name, goError(err))
		}
	}
	if err := p.render(); err != nil {
		return nil, err
	}
	// go-epub makes the first document's shell, and finish casts every
	// document in it, with the document's own title and body (see
	// bodyMarker and newShell). The shells differ in nothing else, and
	// each more that go-epub zipped cost as much as the document itself:
	// archive/zip's deflater clears 640 KB of tables for every file, and
	// go-epub rebuilds its table of contents for every section added.
	d := p.docs[0]
	name, err := e.AddSection(bodyMarker, d.title, d.file, p.cssSrc)
	if err != nil {
		return nil, fmt.Errorf("epub: go-epub: %s: %w", d.file, err)
	}
	if name != d.file {
		return nil, fmt.Errorf("epub: go-epub named %s %s", d.file, name)
	}

	storageMu.Lock()
	defer storageMu.Unlock()
	// A fresh in-memory storage for every book: nothing touches the disk,
	// and the previous book's storage is left to the garbage collector.
	if err := goepub.Use(goepub.MemoryFS); err != nil {
		return nil, fmt.Errorf("epub: go-epub: %w", err)
	}
	// The shell, the placeholders and go-epub's package and navigation
	// documents come to a few KB with the zip's headers.
	buf := &appender{b: make([]byte, 0, 16384)}
	primeDeflater()
	if _, err := e.WriteTo(buf); err != nil {
		return nil, fmt.Errorf("epub: go-epub: %w", err)
	}
	return buf.b, nil
}

// placeholder is the data: URL (RFC 2397) go-epub gets for the
// stylesheet, a font or an image: an empty file that finish replaces with
// the real one. go-epub would decode a whole file's base64 twice, try it
// as a URL and deflate it, which for the generated cover alone took longer
// than drawing it; images are compressed already. The parameter makes the
// URL's second path segment longer than a file name can be, so that
// go-epub's attempt to open the URL as a local file fails at once.
func placeholder(mediaType string) string {
	return "data:" + mediaType + ";quire=" + strings.Repeat("0", 256) + ";base64,"
}

// bodyMarker is the body go-epub gets for the documents' shell: finish
// puts each rendered body where the shell holds it. go-epub would unmarshal
// its template and marshal the document with the whole body, and deflate
// it, all to be undone by finish. A processing instruction is something
// the renderer never writes (it escapes every "<" of text), and go-epub
// escapes the other text it puts in a shell, so a shell holds the marker
// once, where the body goes; finish checks that it does.
const bodyMarker = "<?quire-body?>"

// goError drops the source from go-epub's retrieval errors: it is a whole
// file as a data: URL.
func goError(err error) error {
	var fe *goepub.FileRetrievalError
	if errors.As(err, &fe) && fe.Err != nil {
		return goError(fe.Err)
	}
	return err
}

// primeDeflater zips an empty file with archive/zip, which leaves the
// deflater it made in archive/zip's pool, so that go-epub's first file
// gets it and clears its 640 KB of tables before using them. A deflater
// made for that first file would read its tables first, fresh memory that
// reads as the kernel's shared page of zeros until written: each page
// then written costs a copy and a flush of every core's TLB (an interrupt
// to each), which took longer than go-epub's zipping itself.
func primeDeflater() {
	zw := zip.NewWriter(io.Discard)
	zw.Create("") // an empty file: the deflater sees no data
	zw.Close()
}
