package ssocache

import (
	"io/fs"
	"syscall"
)

const (
	// noFollow makes CreateFile open a symbolic link itself, not its target;
	// the caller then sees a link and refuses it.
	noFollow = syscall.FILE_FLAG_OPEN_REPARSE_POINT
	nonBlock = 0
)

// trust accepts every folder and file: Windows files have ACLs, not an
// owner and mode bits, and the user profile's ACL keeps other users out.
func trust(string, fs.FileInfo) error { return nil }
