package atomic

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range entries {
		n = append(n, e.Name())
	}
	return strings.Join(n, " ")
}

// checkNew checks that dir holds a.txt and b.txt, new, with mode 0644,
// and no temporary file.
func checkNew(t *testing.T, dir string) {
	t.Helper()
	if got := names(t, dir); got != "a.txt b.txt" {
		t.Errorf("directory holds %q, want a.txt b.txt and no temporary file", got)
	}
	for name, want := range map[string]string{"a.txt": "new a", "b.txt": "new b"} {
		name = filepath.Join(dir, name)
		got, _ := os.ReadFile(name)
		if string(got) != want {
			t.Errorf("%s holds %q, want %q", name, got, want)
		}
		if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", name, fi.Mode().Perm())
		}
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := os.WriteFile(a, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(File{a, []byte("new a")}, File{b, []byte("new b")}); err != nil {
		t.Fatal(err)
	}
	checkNew(t, dir)
}

func TestWriteFilesFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The second file's directory does not exist, so its temporary file
	// cannot be made: the first must not be replaced either.
	err := WriteFiles(File{a, []byte("new")}, File{filepath.Join(dir, "missing", "b.txt"), []byte("b")})
	if err == nil {
		t.Fatal("WriteFiles into a missing directory succeeded")
	}
	if got := names(t, dir); got != "a.txt" {
		t.Errorf("directory holds %q after a failure, want only the old a.txt", got)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.txt holds %q after a failure, want the old content", got)
	}
}

func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x")
	if err := WriteFile(name, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != "x" {
		t.Errorf("got %q", got)
	}
}

// pendingPair makes a directory holding a.txt ("old") and pending files
// for a.txt and b.txt in it.
func pendingPair(t *testing.T) (dir, a string, pa, pb *Pending) {
	t.Helper()
	dir = t.TempDir()
	a = filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	if pa, err = Create(a); err != nil {
		t.Fatal(err)
	}
	if pb, err = Create(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	return dir, a, pa, pb
}

func TestPendingConcurrent(t *testing.T) {
	dir, a, pa, pb := pendingPair(t)
	// Nothing is in place before Commit.
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.txt holds %q before Commit", got)
	}
	var wg sync.WaitGroup
	for _, w := range []struct {
		p    *Pending
		text string
	}{{pa, "new a"}, {pb, "new b"}} {
		wg.Go(func() {
			for _, part := range strings.SplitAfter(w.text, " ") {
				if _, err := w.p.Write([]byte(part)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := Commit(pa, pb); err != nil {
		t.Fatal(err)
	}
	checkNew(t, dir)
}

func TestPendingWriteErrorLeavesNothing(t *testing.T) {
	dir, a, pa, pb := pendingPair(t)
	pa.Write([]byte("new a"))
	pb.f.Close() // the next write fails
	if _, err := pb.Write([]byte("b")); err == nil {
		t.Fatal("write to a closed file succeeded")
	}
	if _, err := pb.Write([]byte("b")); err == nil {
		t.Error("a write after an error succeeded")
	}
	if err := Commit(pa, pb); err == nil {
		t.Fatal("Commit after a failed write succeeded")
	}
	if got := names(t, dir); got != "a.txt" {
		t.Errorf("directory holds %q after a failure, want only the old a.txt", got)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.txt holds %q after a failure, want the old content", got)
	}
}

func TestDiscard(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Create(a)
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("new"))
	Discard(p)
	if got := names(t, dir); got != "a.txt" {
		t.Errorf("directory holds %q after Discard, want only a.txt", got)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.txt holds %q after Discard", got)
	}
}
