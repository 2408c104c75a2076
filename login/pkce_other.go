//go:build !linux

package login

import (
	"errors"
	"os"
)

// reopen is Linux only: elsewhere a new descriptor of a terminal (a dup,
// or /dev/fd/N on macOS) shares the open file description, and making it
// non-blocking would make the shell's terminal non-blocking too.
func reopen(*os.File) (*os.File, error) { return nil, errors.ErrUnsupported }
