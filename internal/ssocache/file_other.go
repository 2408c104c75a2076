//go:build !unix && !windows

package ssocache

const nonBlock = 0
