package ssocache

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/retry"
)

// Lock takes an exclusive OS file lock (flock on Unix, LockFileEx on
// Windows) on TokenPath(key)+".lock", waiting until it is free or ctx is
// done. The lock is on a file of its own because botocore and
// aws-sdk-go-v2 replace the token file, and a lock on a replaced file holds
// nothing. The OS drops the lock when its holder exits, however it exits,
// so a dead process never blocks anyone. The lock file is never removed:
// removing it would let two processes lock two different files.
//
// A symbolic link at the lock file is refused, not followed, and so are a
// lock file and a folder the user may not trust: the error matches
// ErrUntrusted.
//
// unlock releases the lock; calling it again does nothing.
func (c Cache) Lock(ctx context.Context, key string) (unlock func(), err error) {
	path := c.TokenPath(key) + ".lock"
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := makeDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := openLock(path)
	if err != nil {
		return nil, err
	}
	// Poll with a non-blocking try: a blocking lock cannot be cancelled
	// without leaving a goroutine behind. The wait grows to 50 ms, a small
	// delay next to a refresh call or a login.
	wait := time.Millisecond
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			return sync.OnceFunc(func() { unlockFile(f); f.Close() }), nil
		}
		if err := retry.Sleep(ctx, wait); err != nil {
			f.Close()
			return nil, fmt.Errorf("wait for the lock %s (another process holds it): %w", path, err)
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// openLock opens or creates the lock file at path. A symbolic link there is
// refused, not followed: else whoever can write to the folder could have us
// create a file anywhere.
func openLock(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow|nonBlock, 0o600)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, &UntrustedError{Path: path, Problem: "the SSO cache lock file " + path + " is a symbolic link", Fix: "remove it"}
		}
		return nil, ioError(err)
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		err = ioError(err)
	case !fi.Mode().IsRegular(): // a FIFO, or on Windows a link opened as itself
		err = &UntrustedError{Path: path, Problem: "the SSO cache lock file " + path + " is not a regular file", Fix: "remove it"}
	default:
		err = trust(path, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
