//go:build !unix && !windows

package ssocache

const noFollow, nonBlock = 0, 0
