package ssocache

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// Lock takes an exclusive OS file lock (flock on Unix, LockFileEx on
// Windows) on TokenPath(key)+".lock", waiting until it is free or ctx is
// done. The lock is on a file of its own because botocore and
// aws-sdk-go-v2 replace the token file, and a lock on a replaced file holds
// nothing. The OS drops the lock when its holder exits, however it exits,
// so a dead process never blocks anyone. The lock file is never removed:
// removing it would let two processes lock two different files.
//
// While it holds the lock, Lock's caller is named in the file by intent
// (such as "login" or "refresh") and its process ID, so that others can
// tell what they wait for. busy, when not nil, is called with that text
// each time the lock is found held; an error from it ends the wait.
//
// A symbolic link at the lock file is refused, not followed, and so are a
// lock file and a folder the user may not trust: the error matches
// ErrUntrusted.
//
// unlock releases the lock; calling it again does nothing.
func (c Cache) Lock(ctx context.Context, key, intent string, busy func(holder string) error) (unlock func(), err error) {
	return lock(ctx, c.TokenPath(key)+".lock", intent, busy)
}

// lock locks the lock file at path, as Lock describes.
func lock(ctx context.Context, path, intent string, busy func(holder string) error) (unlock func(), err error) {
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
			// Best effort: the name only serves messages. It starts at
			// byte 1 because Windows keeps others from reading byte 0,
			// the byte it locks.
			if f.Truncate(0) == nil {
				f.WriteAt([]byte("\n"+intent+" "+strconv.Itoa(os.Getpid())+"\n"), 0)
			}
			return sync.OnceFunc(func() { f.Truncate(0); unlockFile(f); f.Close() }), nil
		}
		if busy != nil {
			if err := busy(holder(f)); err != nil {
				f.Close()
				return nil, err
			}
		}
		if err := retry.Sleep(ctx, wait); err != nil {
			err = fmt.Errorf("wait for the lock %s (held by %s): %w", path, cmp.Or(holder(f), "another process"), err)
			f.Close()
			return nil, err
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

// holder is what the lock's holder wrote in the lock file: its intent and
// process ID ("refresh 4242"), or "" when unknown.
func holder(f *os.File) string {
	var b [64]byte
	n, _ := f.ReadAt(b[:], 1)
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	return termsafe.Escape(line) // any process of the user's can write it
}
