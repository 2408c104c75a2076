//go:build unix

package ssocache

import "syscall"

const (
	noFollow = syscall.O_NOFOLLOW
	nonBlock = syscall.O_NONBLOCK // open a FIFO without waiting for a writer
)
