// Package ssocache reads and writes the AWS CLI's SSO cache files (token and
// client registration) byte for byte as the CLI and botocore write them, so
// the CLI, botocore, aws-sdk-go-v2 and this SDK share one login, and locks
// them across processes, which none of those tools does.
package ssocache

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DefaultDir is the folder the AWS CLI uses: $HOME/.aws/sso/cache.
func DefaultDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder for the SSO cache (set HOME, or choose a cache folder): %w", err)
	}
	return filepath.Join(home, ".aws", "sso", "cache"), nil
}

// ErrCorrupt is what a CorruptError matches with errors.Is.
var ErrCorrupt = errors.New("the SSO cache file is not valid")

// CorruptError says a cache file exists but does not hold a token or
// registration: empty, truncated (an older AWS CLI writing it in place right
// now, say), not the expected JSON, larger than 1 MiB, or not a regular
// file (a FIFO, a device). A login replaces it. It never quotes the file.
type CorruptError struct {
	Path   string
	Reason string
}

func (e *CorruptError) Error() string {
	return e.Path + " is not a valid SSO cache file: " + e.Reason
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// ErrUntrusted is what an UntrustedError matches with errors.Is.
var ErrUntrusted = errors.New("the SSO cache is not trusted")

// UntrustedError says the cache folder or a file in it is refused, as ssh
// refuses ~/.ssh: another user owns it, every user can write to it, or it
// is a symbolic link where none is followed.
type UntrustedError struct {
	Path    string
	Problem string // a sentence naming Path
	Fix     string // what to run
}

func (e *UntrustedError) Error() string { return e.Problem + "; " + e.Fix }

// Is makes errors.Is(err, ErrUntrusted) true.
func (e *UntrustedError) Is(target error) bool { return target == ErrUntrusted }

// Cache is one cache folder. Keys are what the AWS CLI hashes: the
// sso-session name, or the sso_start_url of a legacy profile as configured.
type Cache struct{ Dir string }

// TokenPath is the token file for key: Dir/<hex sha1(key)>.json.
func (c Cache) TokenPath(key string) string {
	return filepath.Join(c.Dir, fileName([]byte(key)))
}

// RegistrationPath is the registration file for k.
func (c Cache) RegistrationPath(k RegistrationKey) string {
	return filepath.Join(c.Dir, fileName(k.json()))
}

// ReadToken reads the token file for key. The error matches fs.ErrNotExist
// when there is none, ErrCorrupt when it holds no token, and ErrUntrusted
// when the folder or the file is refused (see UntrustedError).
func (c Cache) ReadToken(key string) (*Token, error) {
	return read(c.TokenPath(key), decodeToken)
}

// WriteToken replaces the token file for key atomically (mode 0600; the
// folder is created 0700 when absent, and refused as ReadToken refuses it).
func (c Cache) WriteToken(key string, t *Token) error {
	return write(c.TokenPath(key), t, encodeToken)
}

// RemoveToken removes the token file for key; nil when there is none.
func (c Cache) RemoveToken(key string) error {
	return remove(c.TokenPath(key))
}

// ReadRegistration reads the registration file for k, with the errors of
// ReadToken.
func (c Cache) ReadRegistration(k RegistrationKey) (*Registration, error) {
	return read(c.RegistrationPath(k), decodeRegistration)
}

// WriteRegistration replaces the registration file for k as WriteToken does.
func (c Cache) WriteRegistration(k RegistrationKey, r *Registration) error {
	return write(c.RegistrationPath(k), r, encodeRegistration)
}

// maxSize bounds a read: a token file is a few KB.
const maxSize = 1 << 20

// read reads the file at path and decodes it. It follows a symbolic link
// (people link ~/.aws), never blocks (a FIFO is opened non-blocking) and
// reads at most maxSize bytes.
func read[T any](path string, decode func([]byte) (*T, error)) (*T, error) {
	if err := checkDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, ioError(err)
	}
	defer f.Close()
	fi, err := f.Stat() // what was opened, not what is at path now
	switch {
	case err != nil:
		return nil, ioError(err)
	case fi.IsDir():
		return nil, fmt.Errorf("%s is a folder, not an SSO cache file; remove it", path)
	case !fi.Mode().IsRegular():
		return nil, &CorruptError{Path: path, Reason: "it is not a regular file"}
	}
	if err := trust(path, fi); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, ioError(err)
	}
	if len(b) > maxSize {
		return nil, &CorruptError{Path: path, Reason: "it is larger than 1 MiB"}
	}
	v, err := decode(b)
	if err != nil {
		return nil, &CorruptError{Path: path, Reason: err.Error()}
	}
	return v, nil
}

// ioError is err, a *PathError, with what to do about it; one that
// matches fs.ErrNotExist is returned as it is.
func ioError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return fmt.Errorf("%w; check its owner and mode, or remove it", err)
}

// makeDir creates the cache folder dir (0700) when absent and checks it.
func makeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the SSO cache folder: %w", err)
	}
	return checkDir(dir)
}

// checkDir refuses a cache folder that is not a folder or not trusted.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return ioError(err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("the SSO cache folder %s is not a folder; remove it or choose another cache folder", dir)
	}
	return trust(dir, fi)
}

// syncFile is (*os.File).Sync; a test records the calls.
var syncFile = (*os.File).Sync

// write encodes v into a temporary file in path's folder, syncs it and
// renames it over path, so a reader or a crash sees the old file or the new
// one, never a part. The temporary file is created with O_EXCL, which
// follows no symbolic link; the rename replaces a link at path rather than
// writing through it. On any failure the temporary file is removed.
func write[T any](path string, v *T, encode func(*T) ([]byte, error)) (err error) {
	b, err := encode(v)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := makeDir(dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if _, err := f.Write(b); err != nil {
		return err
	}
	if err := syncFile(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// The rename survives a crash only once the folder is synced; else the
	// old file can come back, with a refresh token the service rotated
	// away. Best effort: Windows and some file systems cannot sync a folder.
	if d, err := os.Open(dir); err == nil {
		_ = syncFile(d)
		d.Close()
	}
	return nil
}
