//go:build !unix && !windows

package ssocache

import "io/fs"

const noFollow, nonBlock = 0, 0

// trust accepts everything where files have no owner to check (WebAssembly).
func trust(string, fs.FileInfo) error { return nil }
