//go:build unix

package ssocache

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// wantErr fails unless err matches target (nil: none of ErrCorrupt,
// fs.ErrNotExist and ErrUntrusted) and says each of says, and no internal
// prefix.
func wantErr(t *testing.T, what string, err, target error, says ...string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	ok := errors.Is(err, target)
	if target == nil {
		ok = !errors.Is(err, ErrCorrupt) && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, ErrUntrusted)
	}
	for _, s := range append(says, "") {
		ok = ok && strings.Contains(err.Error(), s)
	}
	if !ok || strings.Contains(err.Error(), "ssocache") {
		t.Errorf("%s: %v, want %v saying %q", what, err, target, says)
	}
}

// lockOnce takes the lock for key and releases it.
func lockOnce(c Cache, key string) error {
	unlock, err := c.Lock(context.Background(), key, "test", nil)
	if err == nil {
		unlock()
	}
	return err
}

// TestReadBounded: a file that is not a regular one of at most 1 MiB is
// never read whole and never blocks: a FIFO (with or without a writer), a
// device and a larger file are ErrCorrupt (a login replaces them), a folder
// and a link loop other errors.
func TestReadBounded(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	big := `{"accessToken": "a", "x": "` + strings.Repeat("a", maxSize-len(`{"accessToken": "a", "x": ""}`)) + `"}`
	os.WriteFile(c.TokenPath("max"), []byte(big), 0o600)
	os.WriteFile(c.TokenPath("over"), []byte(big+" "), 0o600)
	os.WriteFile(c.TokenPath("huge"), nil, 0o600)
	os.Truncate(c.TokenPath("huge"), 100<<20) // sparse: no disk used
	for _, key := range []string{"fifo", "fifo with a writer"} {
		if err := syscall.Mkfifo(c.TokenPath(key), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w, err := os.OpenFile(c.TokenPath("fifo with a writer"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.Symlink("/dev/zero", c.TokenPath("zero"))
	os.Mkdir(c.TokenPath("dir"), 0o700)
	os.Symlink(c.TokenPath("loop"), c.TokenPath("loop"))

	if tok, err := c.ReadToken("max"); err != nil || tok.AccessToken != "a" {
		t.Errorf("1 MiB: %v", err)
	}
	for _, key := range []string{"over", "huge", "fifo", "fifo with a writer", "zero"} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan error, 1)
		go func() { _, err := c.ReadToken(key); done <- err }()
		select {
		case err := <-done:
			wantErr(t, key, err, ErrCorrupt, c.TokenPath(key))
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: ReadToken blocks", key)
		}
		if runtime.ReadMemStats(&after); after.TotalAlloc-before.TotalAlloc > 8<<20 {
			t.Errorf("%s: ReadToken allocated %d MiB", key, (after.TotalAlloc-before.TotalAlloc)>>20)
		}
	}
	_, err = c.ReadToken("dir")
	wantErr(t, "dir", err, nil, c.TokenPath("dir"), "remove it")
	_, err = c.ReadToken("loop")
	wantErr(t, "loop", err, nil, c.TokenPath("loop"), "remove it")
}

// TestLockNoSymlink: a symbolic link at the lock file is refused, not
// followed (it would create its target); the token file's is replaced.
func TestLockNoSymlink(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	lock := c.TokenPath("k") + ".lock"
	os.Symlink(elsewhere, lock)
	wantErr(t, "dangling link", lockOnce(c, "k"), ErrUntrusted, lock, "symbolic link", "remove it")
	if _, err := os.Lstat(elsewhere); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Lock created the link's target: %v", err)
	}
	os.WriteFile(elsewhere, nil, 0o600)
	wantErr(t, "link to a file", lockOnce(c, "k"), ErrUntrusted, lock)

	os.Remove(lock)
	syscall.Mkfifo(lock, 0o600)
	wantErr(t, "FIFO", lockOnce(c, "k"), ErrUntrusted, lock, "not a regular file")

	os.Symlink(elsewhere, c.TokenPath("k"))
	if err := c.WriteToken("k", &Token{AccessToken: "a"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(elsewhere); len(b) > 0 {
		t.Errorf("WriteToken wrote through a link: %s", b)
	}
}

// TestTrustMode: a folder every user can write to is refused, a
// group-writable one is not (botocore makes it 0775 under umask 002).
func TestTrustMode(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	k := RegistrationKey{Region: "r"}
	ops := map[string]func() error{
		"ReadToken":         func() error { _, err := c.ReadToken("k"); return err },
		"WriteToken":        func() error { return c.WriteToken("k", &Token{AccessToken: "a"}) },
		"ReadRegistration":  func() error { _, err := c.ReadRegistration(k); return err },
		"WriteRegistration": func() error { return c.WriteRegistration(k, &Registration{ClientID: "c"}) },
		"Lock":              func() error { return lockOnce(c, "k") },
	}
	c.WriteToken("k", &Token{AccessToken: "a"})
	c.WriteRegistration(k, &Registration{ClientID: "c"})
	os.Chmod(c.Dir, 0o775)
	for name, op := range ops {
		if err := op(); err != nil {
			t.Errorf("%s in a 0775 folder: %v", name, err)
		}
	}
	os.Chmod(c.Dir, 0o777)
	for name, op := range ops {
		wantErr(t, name, op(), ErrUntrusted, "the SSO cache folder "+c.Dir+" is writable by every user; run chmod 700 "+c.Dir)
	}
	os.Chmod(c.Dir, 0o700)
	os.Chmod(c.TokenPath("k"), 0o666)
	_, err := c.ReadToken("k")
	wantErr(t, "0666 file", err, ErrUntrusted, "run chmod 600 "+c.TokenPath("k"))
}

// TestTrustOwner: a folder, token, registration or lock file another user
// owns is refused; a token file linked to one the user owns is read.
func TestTrustOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("giving a file to another user needs root")
	}
	const other = 4242
	c := Cache{Dir: t.TempDir()}
	k := RegistrationKey{Region: "r"}
	c.WriteToken("k", &Token{AccessToken: "a"})
	c.WriteRegistration(k, &Registration{ClientID: "c"})
	if err := lockOnce(c, "k"); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "token.json")
	os.WriteFile(target, []byte(`{"accessToken": "linked"}`), 0o600)
	os.Symlink(target, c.TokenPath("link"))
	if tok, err := c.ReadToken("link"); err != nil || tok.AccessToken != "linked" {
		t.Errorf("linked token file: %v", err)
	}

	for _, p := range []string{c.TokenPath("k"), c.RegistrationPath(k), c.TokenPath("k") + ".lock", target} {
		os.Chown(p, other, -1)
	}
	_, err := c.ReadToken("k")
	wantErr(t, "token", err, ErrUntrusted, c.TokenPath("k"), "another user (uid 4242)", "sudo chown 0 "+c.TokenPath("k"))
	_, err = c.ReadRegistration(k)
	wantErr(t, "registration", err, ErrUntrusted, c.RegistrationPath(k))
	wantErr(t, "lock", lockOnce(c, "k"), ErrUntrusted, c.TokenPath("k")+".lock")
	_, err = c.ReadToken("link")
	wantErr(t, "link", err, ErrUntrusted, c.TokenPath("link"))
	// A login replaces the token file.
	if err := c.WriteToken("k", &Token{AccessToken: "b"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadToken("k"); err != nil {
		t.Error(err)
	}

	os.Chown(c.Dir, other, -1)
	_, err = c.ReadToken("k")
	wantErr(t, "folder", err, ErrUntrusted, c.Dir, "sudo chown -R 0 "+c.Dir)
	wantErr(t, "write in the folder", c.WriteToken("k", &Token{}), ErrUntrusted, c.Dir)
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"/a/b-c_d.json": "/a/b-c_d.json", "/Users/J Doe/x": "'/Users/J Doe/x'", "/it's": `'/it'\''s'`} {
		if got := sh(in); got != want {
			t.Errorf("sh(%q) = %s, want %s", in, got, want)
		}
	}
}
