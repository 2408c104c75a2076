//go:build unix

package ssocache

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

const (
	noFollow = syscall.O_NOFOLLOW
	nonBlock = syscall.O_NONBLOCK // open a FIFO without waiting for a writer
)

// trust refuses the cache folder or a file in it (fi, at path) when another
// user owns it or every user can write to it: either could put a token of
// their choosing there. A group-writable folder is accepted, as botocore
// creates it 0775 under umask 002.
func trust(path string, fi fs.FileInfo) error {
	what, mode := "file", "600"
	if fi.IsDir() {
		what, mode = "folder", "700"
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		chown := fmt.Sprintf("run sudo chown %d %s", os.Getuid(), sh(path))
		if fi.IsDir() {
			chown = fmt.Sprintf("run sudo chown -R %d %s", os.Getuid(), sh(path))
		}
		return &UntrustedError{Path: path, Fix: chown,
			Problem: fmt.Sprintf("the SSO cache %s %s belongs to another user (uid %d)", what, path, st.Uid)}
	}
	if fi.Mode().Perm()&0o002 != 0 {
		return &UntrustedError{Path: path, Fix: "run chmod " + mode + " " + sh(path),
			Problem: "the SSO cache " + what + " " + path + " is writable by every user"}
	}
	return nil
}

// sh quotes p for a shell command line when it needs it.
func sh(p string) string {
	unsafe := func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("/._-+,:@%", r))
	}
	if strings.ContainsFunc(p, unsafe) {
		return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
	}
	return p
}
