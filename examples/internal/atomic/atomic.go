// Package atomic writes files so that nobody ever sees half of one: each
// file goes to a temporary file beside its target and is renamed into place
// only once it is complete. The example programs use it so that a failed
// build leaves no broken edition behind and never clobbers a good one.
package atomic

import (
	"errors"
	"os"
	"path/filepath"
)

// File is a file to write: its path and its whole content.
type File struct {
	Name string
	Data []byte
}

// WriteFile writes data to the file name atomically, with mode 0644.
func WriteFile(name string, data []byte) error {
	return WriteFiles(File{name, data})
}

// WriteFiles writes every file to a temporary file beside its target first,
// and renames them into place only when all of them were written, so that
// a failure (a full disk, a missing directory) leaves none of them new or
// changed. Only a failing rename, once all were written, can leave some
// renamed and others not.
func WriteFiles(files ...File) error {
	ps := make([]*Pending, 0, len(files))
	for _, f := range files {
		p, err := Create(f.Name)
		if err != nil {
			Discard(ps...)
			return err
		}
		ps = append(ps, p)
		p.Write(f.Data) // an error is kept for Commit
	}
	return Commit(ps...)
}

// A Pending file is written to a temporary file beside its target, which
// it replaces only when Commit puts it in place. Pending files may be
// written concurrently, each by one goroutine: a program can write each
// file as soon as its content is ready and still replace all of them or
// none.
type Pending struct {
	name string
	f    *os.File
	err  error // the first error writing f
}

// Create starts a pending file for name: a new hidden temporary file in
// name's directory, with mode 0644.
func Create(name string) (*Pending, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &Pending{name: name, f: f}, nil
}

// Write writes b to the temporary file. After an error, every later write
// fails with it, and so does Commit.
func (p *Pending) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.f.Write(b)
	p.err = err
	return n, err
}

// Commit closes the pending files and renames them into place once all of
// them were written and closed without error; otherwise it removes every
// temporary file, changes nothing and returns the errors. Only a failing
// rename, once all were written, can leave some renamed and others not.
func Commit(ps ...*Pending) error {
	var errs []error
	for _, p := range ps {
		errs = append(errs, p.err, p.f.Close())
	}
	if err := errors.Join(errs...); err != nil {
		for _, p := range ps {
			os.Remove(p.f.Name())
		}
		return err
	}
	for i, p := range ps {
		if err := replace(p.f.Name(), p.name); err != nil {
			for _, q := range ps[i:] {
				os.Remove(q.f.Name())
			}
			return err
		}
	}
	return nil
}

// Discard closes the pending files and removes their temporary files,
// leaving their targets as they were.
func Discard(ps ...*Pending) {
	for _, p := range ps {
		p.f.Close()
		os.Remove(p.f.Name())
	}
}
