package source

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/internal/svgcheck"
)

// loadImage reads the image at ref, a slash-separated path relative to the
// root of fsys, and sniffs its media type from its first bytes. URLs,
// absolute paths and paths that climb out with ".." are refused.
func loadImage(fsys fs.FS, ref string) (book.Resource, error) {
	fail := func(format string, args ...any) (book.Resource, error) {
		return book.Resource{}, fmt.Errorf("%w %q: "+format, append([]any{ErrImage, ref}, args...)...)
	}
	if hasScheme(ref) || strings.HasPrefix(ref, "//") {
		return fail("is a URL; images must be files beside the manuscript")
	}
	name := ref
	if u, err := url.PathUnescape(ref); err == nil {
		name = u
	}
	switch {
	case name == "":
		return fail("no file named")
	case !utf8.ValidString(name):
		return fail("is not UTF-8 once its %%XX escapes are decoded")
	case strings.HasPrefix(name, "/") || strings.Contains(name, "\\"):
		return fail("is not a relative path with '/' separators")
	case strings.Contains(name, ":") || strings.ContainsAny(name, "*?\"<>|#%"):
		return fail("has a character that file names in a book cannot have")
	}
	for _, elem := range strings.Split(name, "/") {
		if elem == ".." {
			return fail("leaves the manuscript's directory")
		}
	}
	name = path.Clean(name)
	if !fs.ValidPath(name) || name == "." {
		return fail("is not a valid file path")
	}
	if fsys == nil {
		return fail("no file system to read it from (MarkdownOptions.FS is nil)")
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fail("no such file")
		}
		return fail("%v", err)
	}
	mediaType := sniffImage(data)
	if mediaType == "" {
		return fail("not a PNG, JPEG, GIF or SVG file")
	}
	if err := checkImage(mediaType, data); err != nil {
		return fail("%v", err)
	}
	return book.Resource{Name: name, MediaType: mediaType, Data: data}, nil
}

// maxPixels is the largest image, in pixels, that the readers accept: a
// few kilobytes of PNG can claim billions of pixels, which decoding would
// have to hold in memory.
const maxPixels = 64 << 20

// checkImage decodes an image, so that a damaged file is reported where
// the manuscript names it rather than by a writer or a reading device. An
// SVG image must be well-formed XML with an svg root element, and a plain
// picture: no scripts, event handlers, entities or references outside it.
func checkImage(mediaType string, data []byte) error {
	var decodeConfig func(io.Reader) (image.Config, error)
	var decode func(io.Reader) (image.Image, error)
	switch mediaType {
	case "image/png":
		decodeConfig, decode = png.DecodeConfig, png.Decode
	case "image/jpeg":
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	case "image/gif":
		decodeConfig, decode = gif.DecodeConfig, gif.Decode
	default:
		return svgcheck.Check(data)
	}
	kind := strings.ToUpper(strings.TrimPrefix(mediaType, "image/"))
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("damaged %s file: %v", kind, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPixels/cfg.Height {
		return fmt.Errorf("%s of %d × %d pixels (at most %d pixels in all)", kind, cfg.Width, cfg.Height, maxPixels)
	}
	if _, err := decode(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("damaged %s file: %v", kind, err)
	}
	return nil
}

// hasScheme reports whether ref starts with a URL scheme such as "https:".
func hasScheme(ref string) bool {
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// sniffImage returns the media type of an image file from its content, or
// "" for a file that is not PNG, JPEG, GIF or SVG.
func sniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	}
	// SVG is XML: optional BOM, declaration, comments or doctype, then <svg.
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	if bytes.HasPrefix(text, []byte("<")) && bytes.Contains(data[:min(len(data), 4096)], []byte("<svg")) {
		return "image/svg+xml"
	}
	return ""
}
