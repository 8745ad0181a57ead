package svgcheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	for _, c := range []struct{ svg, want string }{
		{open + `<use xlink:href="#a"/><rect id="a" width="1" height="1"/></svg>`, ""},
		{`<svg`, "damaged SVG file"},
		{`<html xmlns="http://www.w3.org/2000/svg"/>`, "root element is not svg"},
		{``, "no root element"},
		{open + `<script>alert(1)</script></svg>`, "SVG holds a script element"},
		{open + `<foreignObject/></svg>`, "SVG holds a foreignObject element"},
		{open + `<rect onclick="x()"/></svg>`, "event attribute onclick"},
		{open + `<image xlink:href="https://example.org/x.png"/></svg>`, `refers to "https://example.org/x.png"`},
		{`<!DOCTYPE svg [<!ENTITY a "b">]>` + open + `</svg>`, "SVG declares entities"},
	} {
		err := Check([]byte(c.svg))
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("Check(%q) = %v, want %q", c.svg, err, c.want)
		}
	}
}
