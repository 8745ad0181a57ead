//go:build linux

package atomic

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// replace puts the complete file temp in name's place. Where name exists,
// the two are swapped in one step (renameat2 with RENAME_EXCHANGE) and the
// old file, now under temp's name, is removed: a reader sees the old file
// or the new one, as with a rename. A rename over an existing file would do
// the same, but ext4 then starts writing the new file's data to disk before
// the rename returns (its auto_da_alloc heuristic for programs that replace
// files without fsync): about 0.4 ms per edition, a tenth of the pamphlet's
// build. Neither way waits for the disk; as before, the files are in the
// page cache and reach the disk when the kernel writes them back. Where the
// exchange is not possible (no file to replace, a file system without it),
// replace renames.
func replace(temp, name string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, temp, unix.AT_FDCWD, name, unix.RENAME_EXCHANGE); err != nil {
		return os.Rename(temp, name)
	}
	if err := os.Remove(temp); err != nil {
		return fmt.Errorf("%s is written, but the file it replaced is left as %s: %w", name, temp, err)
	}
	return nil
}
