//go:build !windows && !(unix && !aix && !solaris)

package ssocache

import (
	"errors"
	"os"
)

// tryLock fails where the syscall package has no flock (AIX, Solaris,
// illumos, Plan 9, WebAssembly): a lock that does not exclude would be worse
// than none, so the caller gets an error it can act on.
func tryLock(*os.File) (bool, error) {
	return false, errors.ErrUnsupported
}

func unlockFile(*os.File) {}
