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

func TestFillShell(t *testing.T) {
	shell := "<?xml?>\n" + goHTML + "\n<head><title>" + "a &lt;?quire-body?&gt; b" + "</title></head>\n<body dir=\"auto\">\n" + bodyMarker + "\n</body>\n</html>\n"
	// A body may hold the marker's text: it is put in, never searched.
	body := "<p>x</p>" + bodyMarker
	got, err := fillShell([]byte("kept"), []byte(shell), body, "en-GB")
	if err != nil {
		t.Fatal(err)
	}
	want := "kept<?xml?>\n" + strings.TrimSuffix(goHTML, ">") + ` xml:lang="en-GB" lang="en-GB">` +
		"\n<head><title>a &lt;?quire-body?&gt; b</title></head>\n<body dir=\"auto\">\n" + body + "\n</body>\n</html>\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{
		strings.Replace(shell, bodyMarker, "", 1),
		strings.Replace(shell, bodyMarker, bodyMarker+bodyMarker, 1),
		strings.Replace(shell, goHTML, "<html>", 1),
		bodyMarker + strings.Replace(shell, bodyMarker, "", 1),
	} {
		if _, err := fillShell(nil, []byte(bad), body, "en"); err == nil {
			t.Errorf("no error for shell\n%s", bad)
		}
	}
}
