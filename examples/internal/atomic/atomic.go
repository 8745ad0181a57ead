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
func WriteFiles(files ...File) (err error) {
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				if t != "" {
					os.Remove(t)
				}
			}
		}
	}()
	for _, f := range files {
		t, err := writeTemp(f)
		if err != nil {
			return err
		}
		temps = append(temps, t)
	}
	for i, f := range files {
		if err := replace(temps[i], f.Name); err != nil {
			return err
		}
		temps[i] = "" // in place: nothing to remove
	}
	return nil
}

// writeTemp writes f's data to a new hidden file in f's directory and
// returns its name.
func writeTemp(f File) (string, error) {
	t, err := os.CreateTemp(filepath.Dir(f.Name), "."+filepath.Base(f.Name)+".*")
	if err != nil {
		return "", err
	}
	_, err = t.Write(f.Data)
	err = errors.Join(err, t.Close())
	if err == nil {
		err = os.Chmod(t.Name(), 0o644)
	}
	if err != nil {
		os.Remove(t.Name())
		return "", err
	}
	return t.Name(), nil
}
