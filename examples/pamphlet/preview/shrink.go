//go:build ignore

// Shrink rewrites a PNG picture in 16 shades of grey, which keeps text
// legible and the file small. make.sh runs it:
//
//	go run shrink.go IN.png OUT.png
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run shrink.go IN.png OUT.png")
		os.Exit(2)
	}
	if err := shrink(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "shrink:", err)
		os.Exit(1)
	}
}

func shrink(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return err
	}
	var grey color.Palette
	for i := range 16 {
		grey = append(grey, color.Gray{Y: uint8(i * 17)})
	}
	b := src.Bounds()
	dst := image.NewPaletted(b, grey)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := color.GrayModel.Convert(src.At(x, y)).(color.Gray)
			dst.SetColorIndex(x, y, uint8((int(g.Y)+8)/17))
		}
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(w, dst); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
