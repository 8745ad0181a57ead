package validators

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder keeps the errors a checker reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestMessageString(t *testing.T) {
	m := Message{ID: "RSC-005", Severity: "ERROR", Message: "bad", Locations: []Location{{Path: "EPUB/a.xhtml", Line: 3, Column: 7}, {Path: "EPUB/b.xhtml", Line: 1, Column: 2}}}
	if got, want := m.String(), "ERROR RSC-005: bad EPUB/a.xhtml:3:7 EPUB/b.xhtml:1:2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The checkers must be able to fail: a file that is not a PDF or an EPUB
// gives an error or a message.
func TestCheckersReject(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "junk.epub")
	if err := os.WriteFile(junk, []byte("not a book\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("qpdf", func(t *testing.T) {
		r := &recorder{TB: t}
		QPDFCheck(r, junk)
		if len(r.errs) != 1 || !strings.Contains(r.errs[0], "qpdf --check") {
			t.Errorf("QPDFCheck on junk reported %q", r.errs)
		}
	})
	t.Run("epubcheck", func(t *testing.T) {
		r := &recorder{TB: t}
		if msgs := EPUBCheck(r, junk); len(msgs) == 0 {
			t.Errorf("EPUBCheck on junk gave no message (errors %q)", r.errs)
		}
	})
	t.Run("run", func(t *testing.T) {
		if out := Run(t, "pdfinfo", "-v"); out != "" {
			t.Errorf("pdfinfo -v wrote %q to standard output, want its version on standard error only", out)
		}
	})
}
