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
	what, mode, chown := "file", "600", "chown"
	if fi.IsDir() {
		what, mode, chown = "folder", "700", "chown -R"
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return &UntrustedError{Path: path,
			Problem: fmt.Sprintf("the SSO cache %s %s belongs to another user (uid %d)", what, path, st.Uid),
			Fix:     fmt.Sprintf("run sudo %s %d %s", chown, os.Getuid(), sh(path))}
	}
	if fi.Mode().Perm()&0o002 != 0 {
		return &UntrustedError{Path: path,
			Problem: "the SSO cache " + what + " " + path + " is writable by every user",
			Fix:     "run chmod " + mode + " " + sh(path)}
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
