// Package svgcheck decides whether an SVG image is safe to put in a book:
// well-formed XML with an svg root, and nothing that runs or reaches out.
// The Markdown reader uses it to reject such an image at the line that
// names it; the EPUB writer uses it again for books built in code.
//
//	if err := svgcheck.Check(data); err != nil {
//		// e.g. "SVG holds a script element"
//	}
package svgcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const svgNS = "http://www.w3.org/2000/svg"

// Check returns an error for data that is not a well-formed SVG document,
// or that holds a script or foreignObject element, an event attribute, an
// href outside the image, or an entity declaration.
func Check(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("damaged SVG file: %w", err)
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
