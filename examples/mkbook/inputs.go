package main

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // for image.DecodeConfig
	_ "image/png"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/font/sfnt"

	"github.com/quire-books/quire/book"
	"github.com/quire-books/quire/epub"
	"github.com/quire-books/quire/pdf"
)

// readCover reads a PNG or JPEG cover image.
func readCover(name string) (*book.Resource, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	_, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, fmt.Errorf("%s: not a PNG or JPEG image", name)
	}
	ext := map[string]string{"png": ".png", "jpeg": ".jpg"}[format]
	return &book.Resource{Name: "cover" + ext, MediaType: "image/" + format, Data: data}, nil
}

// readFonts reads the regular, bold, italic and bold italic faces named
// (the first is required) for both editions.
func readFonts(names [4]string) ([]epub.Font, *pdf.Font, error) {
	var faces [4][]byte
	var fonts []epub.Font
	family := ""
	for i, name := range names {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, fileError(name, err)
		}
		// The PDF library embeds TrueType outlines only: refuse anything
		// else here, with a clear message, before any edition is made.
		if !bytes.HasPrefix(data, []byte{0, 1, 0, 0}) && !bytes.HasPrefix(data, []byte("true")) {
			return nil, nil, fmt.Errorf("%s: not a TrueType font (a .ttf file; OpenType fonts with CFF outlines and font collections cannot be embedded in the PDF)", name)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: damaged TrueType font: %w", name, err)
		}
		if i == 0 {
			family, _ = f.Name(nil, sfnt.NameIDFamily)
			if family = strings.TrimSpace(family); family == "" {
				family = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
			}
		}
		faces[i] = data
		fonts = append(fonts, epub.Font{Family: family, Data: data, Weight: []int{400, 700, 400, 700}[i], Italic: i >= 2})
	}
	return fonts, &pdf.Font{Name: family, Regular: faces[0], Bold: faces[1], Italic: faces[2], BoldItalic: faces[3]}, nil
}
