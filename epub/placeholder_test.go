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

func TestShell(t *testing.T) {
	shell := "<?xml?>\n" + goHTML + "\n<head><title dir=\"auto\">" + "a &lt;?quire-body?&gt; &amp; &#34;b&#34;" + "</title></head>\n<body dir=\"auto\">\n" + bodyMarker + "\n</body>\n</html>\n"
	sh, err := newShell([]byte(shell), `a <?quire-body?> & "b"`)
	if err != nil {
		t.Fatal(err)
	}
	// A body may hold the marker's text: it is put in, never searched.
	body := "<p>x</p>" + bodyMarker
	got := sh.fill([]byte("kept"), "T\u00e9 <&> 'x'\n", body, "en-GB")
	want := "kept<?xml?>\n" + strings.TrimSuffix(goHTML, ">") + ` xml:lang="en-GB" lang="en-GB">` +
		"\n<head><title dir=\"auto\">T\u00e9 &lt;&amp;&gt; &#39;x&#39;&#xA;</title></head>\n<body dir=\"auto\">\n" + body + "\n</body>\n</html>\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// The shell is kept whole: filling again gives the same document.
	if again := sh.fill([]byte("kept"), "T\u00e9 <&> 'x'\n", body, "en-GB"); string(again) != want {
		t.Errorf("second fill\n%s", again)
	}
	for _, bad := range []string{
		strings.Replace(shell, bodyMarker, "", 1),
		strings.Replace(shell, bodyMarker, bodyMarker+bodyMarker, 1),
		strings.Replace(shell, goHTML, "<html>", 1),
		bodyMarker + strings.Replace(shell, bodyMarker, "", 1),
		strings.Replace(shell, "</title>", "", 1),
		strings.Replace(shell, "<title dir=\"auto\">", "<title", 1),
		strings.Replace(shell, "</head>", "<title></title></head>", 1),
		strings.Replace(shell, "&amp;", "&", 1), // not the title given
	} {
		if _, err := newShell([]byte(bad), `a <?quire-body?> & "b"`); err == nil {
			t.Errorf("no error for shell\n%s", bad)
		}
	}
}
