package epub

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/quire-books/quire/internal/svgcheck"
)

// checkImage makes sure an image's content is what its media type says,
// so that a corrupt or mislabelled file is an error naming it rather than
// an EPUB that readers reject. SVG images must be plain pictures: no
// scripts, no event handlers and no references outside the image, which
// would make the EPUB scripted or remote.
func checkImage(mediaType string, data []byte) error {
	switch mediaType {
	case "image/png":
		if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			return errors.New("not a PNG file")
		}
	case "image/jpeg":
		if !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) {
			return errors.New("not a JPEG file")
		}
	case "image/gif":
		if !bytes.HasPrefix(data, []byte("GIF87a")) && !bytes.HasPrefix(data, []byte("GIF89a")) {
			return errors.New("not a GIF file")
		}
	case "image/svg+xml":
		return svgcheck.Check(data)
	default:
		return fmt.Errorf("unsupported media type %q", mediaType)
	}
	return nil
}
