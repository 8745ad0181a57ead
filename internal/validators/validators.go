// Package validators runs the external checkers that Quire's tests use on
// the EPUB and PDF files they write: epubcheck, qpdf and poppler's tools.
// It is test support: import it only from _test.go files.
//
// A test that needs a checker skips when it is missing, unless the
// environment variable QUIRE_VALIDATORS is "required" (as in CI); then it
// fails:
//
//	validators.QPDFCheck(t, path)
//	text := validators.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
package validators

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// EPUBCheckJar is where Debian's epubcheck package installs epubcheck.
const EPUBCheckJar = "/usr/share/java/epubcheck.jar"

// Need skips the test when tool is not installed, or fails it when
// QUIRE_VALIDATORS=required. tool is a command on PATH, or "epubcheck",
// which means java on PATH and EPUBCheckJar.
func Need(t testing.TB, tool string) {
	t.Helper()
	missing := ""
	if tool == "epubcheck" {
		if _, err := os.Stat(EPUBCheckJar); err != nil {
			missing = EPUBCheckJar
		} else if _, err := exec.LookPath("java"); err != nil {
			missing = "java"
		}
	} else if _, err := exec.LookPath(tool); err != nil {
		missing = tool
	}
	if missing == "" {
		return
	}
	if os.Getenv("QUIRE_VALIDATORS") == "required" {
		t.Fatalf("%s is required (QUIRE_VALIDATORS=required) but %s is missing", tool, missing)
	}
	t.Skipf("%s not installed (%s missing)", tool, missing)
}

// Run runs a checker (after Need) and returns its standard output. It
// fails the test at once if the command fails, quoting both outputs.
// Standard error is left out of the result so that a tool's warnings do
// not mix with the text it extracts.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	Need(t, name)
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// QPDFCheck runs qpdf --check on the PDF file at path and fails the test
// (without stopping it) unless qpdf finds no error and gives no warning.
func QPDFCheck(t testing.TB, path string) {
	t.Helper()
	Need(t, "qpdf")
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors")) || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check %s: %v\n%s", path, err, out)
	}
}

// A Message is one finding of epubcheck, of any severity.
type Message struct {
	ID        string     `json:"ID"`
	Severity  string     `json:"severity"`
	Message   string     `json:"message"`
	Locations []Location `json:"locations"`
}

// A Location is a place in the EPUB that a Message names.
type Location struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// String gives the message as "SEVERITY ID: message path:line:column...".
func (m Message) String() string {
	var sb strings.Builder
	sb.WriteString(m.Severity + " " + m.ID + ": " + m.Message)
	for _, l := range m.Locations {
		sb.WriteString(" " + l.Path + ":" + strconv.Itoa(l.Line) + ":" + strconv.Itoa(l.Column))
	}
	return sb.String()
}

// EPUBCheck runs epubcheck (after Need) on the EPUB file at path and
// returns all its messages, whatever their severity; judging them is the
// caller's business. It fails the test at once if epubcheck writes no
// report, and fails it if epubcheck fails without a message.
func EPUBCheck(t testing.TB, path string) []Message {
	t.Helper()
	Need(t, "epubcheck")
	report := filepath.Join(t.TempDir(), "report.json")
	out, err := exec.Command("java",
		"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // quicker for one short run
		"-Xss16m", // deep recursion on big books
		"-jar", EPUBCheckJar, path, "--json", report).CombinedOutput()
	raw, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("epubcheck wrote no report (%v): %s", err, out)
	}
	var r struct {
		Messages []Message `json:"messages"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("epubcheck report: %v", err)
	}
	if err != nil && len(r.Messages) == 0 {
		t.Errorf("epubcheck failed without messages: %v: %s", err, out)
	}
	return r.Messages
}
