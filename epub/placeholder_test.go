package epub

import (
	"strings"
	"testing"
)

// go-epub tries every media source as a local path first: a placeholder
// must name no file, so one of its path segments is longer than a file
// name can be (255 bytes on the common file systems).
func TestPlaceholderNamesNoFile(t *testing.T) {
	for _, mt := range []string{"image/png", "image/svg+xml", "application/octet-stream"} {
		p := placeholder(mt)
		segs := strings.Split(p, "/")
		if last := segs[len(segs)-1]; len(last) <= 255 {
			t.Errorf("%s: last path segment %q is only %d bytes", mt, last, len(last))
		}
		if !strings.HasPrefix(p, "data:"+mt+";") || !strings.HasSuffix(p, ";base64,") {
			t.Errorf("%s: placeholder %q", mt, p)
		}
	}
}
