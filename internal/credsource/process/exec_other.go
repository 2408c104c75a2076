//go:build !unix

package process

import "os/exec"

// configure keeps exec's default, which kills the process itself when its
// context ends; process groups are a POSIX notion.
func configure(*exec.Cmd) {}
