package epub

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
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
		return checkSVG(data)
	default:
		return fmt.Errorf("unsupported media type %q", mediaType)
	}
	return nil
}

const svgNS = "http://www.w3.org/2000/svg"

func checkSVG(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not a well-formed SVG file: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root && (tok.Name.Space != svgNS || tok.Name.Local != "svg") {
				return errors.New("not an SVG file: the root element is not svg")
			}
			root = false
			switch strings.ToLower(tok.Name.Local) {
			case "script", "foreignobject":
				return fmt.Errorf("SVG holds a %s element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") {
					return fmt.Errorf("SVG holds an event attribute %s", a.Name.Local)
				}
				if name == "href" && !strings.HasPrefix(strings.TrimSpace(a.Value), "#") {
					return fmt.Errorf("SVG refers to %q outside the image", a.Value)
				}
			}
		case xml.Directive:
			// A DOCTYPE could declare entities that expand to anything.
			if bytes.Contains(tok, []byte("ENTITY")) {
				return errors.New("SVG declares entities")
			}
		}
	}
	if root {
		return errors.New("not an SVG file: no root element")
	}
	return nil
}
