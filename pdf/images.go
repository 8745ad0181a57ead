package pdf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	goimage "image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/quire-books/quire/book"
)

// ErrImage reports an image that cannot be read.
var ErrImage = errors.New("unreadable image")

// maxPixels bounds the images we decode, against decompression bombs.
const maxPixels = 64 << 20

// picture is an image ready for the PDF library: PNG (re-encoded by us, so
// the library's limited PNG reader always understands it) or JPEG.
type picture struct {
	name   string // registration name
	src    string // the resource's name, for messages
	kind   string // "PNG" or "JPG"
	data   []byte
	px, py int    // size in pixels
	w, h   Length // natural size at 150 pixels per inch
	svg    bool   // drawn as its alt text
}

// image reads a resource once per book.
func (d *doc) image(r *book.Resource, where string) (*picture, error) {
	if img, ok := d.images[r.Name]; ok {
		return img, nil
	}
	img := &picture{name: fmt.Sprintf("img%d", len(d.images)+1), src: r.Name}
	bad := func(err error) (*picture, error) {
		return nil, fmt.Errorf("pdf: %s: image %q: %w: %v", where, r.Name, ErrImage, err)
	}
	switch r.MediaType {
	case "image/svg+xml":
		img.svg = true
		img.px, img.py = 4, 3
	case "image/jpeg":
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(r.Data))
		if err != nil {
			return bad(err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
			return bad(fmt.Errorf("%d × %d pixels", cfg.Width, cfg.Height))
		}
		if _, err := jpeg.Decode(bytes.NewReader(r.Data)); err != nil {
			return bad(err)
		}
		img.kind, img.data, img.px, img.py = "JPG", r.Data, cfg.Width, cfg.Height
	case "image/png", "image/gif":
		var cfg goimage.Config
		var err error
		if r.MediaType == "image/png" {
			cfg, err = png.DecodeConfig(bytes.NewReader(r.Data))
		} else {
			cfg, err = gif.DecodeConfig(bytes.NewReader(r.Data))
		}
		if err != nil {
			return bad(err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
			return bad(fmt.Errorf("%d × %d pixels", cfg.Width, cfg.Height))
		}
		var m goimage.Image
		if r.MediaType == "image/png" {
			m, err = png.Decode(bytes.NewReader(r.Data))
		} else {
			m, err = gif.Decode(bytes.NewReader(r.Data))
		}
		if err != nil {
			return bad(err)
		}
		// 8 bits per channel, not interlaced: what the PDF library reads.
		var flat goimage.Image
		switch m := m.(type) {
		case *goimage.Gray:
			flat = m
		case *goimage.Gray16:
			g := goimage.NewGray(m.Bounds())
			draw.Draw(g, g.Bounds(), m, m.Bounds().Min, draw.Src)
			flat = g
		default:
			n := goimage.NewNRGBA(m.Bounds())
			draw.Draw(n, n.Bounds(), m, m.Bounds().Min, draw.Src)
			flat = n
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, flat); err != nil {
			return bad(err)
		}
		img.kind, img.data, img.px, img.py = "PNG", buf.Bytes(), cfg.Width, cfg.Height
	default:
		return bad(fmt.Errorf("media type %q", r.MediaType))
	}
	img.w = Length(img.px) * Inch / 150
	img.h = Length(img.py) * Inch / 150
	// The same bytes under another name are drawn as the same image: the
	// PDF library names an image in the page resources by its bytes' hash,
	// so registering them twice would list one key twice.
	if !img.svg {
		sum := sha256.Sum256(img.data)
		if same, ok := d.imageSums[sum]; ok && same.kind == img.kind && bytes.Equal(same.data, img.data) {
			alias := *same // registered once, named in messages as here
			alias.src = r.Name
			d.images[r.Name] = &alias
			return &alias, nil
		}
		if d.imageSums == nil {
			d.imageSums = map[[sha256.Size]byte]*picture{}
		}
		d.imageSums[sum] = img
	}
	d.images[r.Name] = img
	d.imageList = append(d.imageList, img)
	return img, nil
}
