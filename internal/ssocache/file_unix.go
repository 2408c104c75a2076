//go:build unix

package ssocache

import "syscall"

const nonBlock = syscall.O_NONBLOCK // open a FIFO without waiting for a writer
