//go:build !linux

package atomic

import "os"

// replace puts the complete file temp in name's place.
func replace(temp, name string) error { return os.Rename(temp, name) }
