package ssocache

import "syscall"

const (
	// noFollow makes CreateFile open a symbolic link itself, not its target;
	// the caller then sees a link and refuses it.
	noFollow = syscall.FILE_FLAG_OPEN_REPARSE_POINT
	nonBlock = 0
)
