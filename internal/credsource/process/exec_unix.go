//go:build unix

package process

import (
	"os"
	"os/exec"
	"syscall"
)

// configure puts the command in a process group of its own, so that a
// timeout kills whatever it started too (a wrapper script's child would
// otherwise outlive it and keep running). That is safe because the command
// does not read our standard input: a background group reading the terminal
// would be stopped by SIGTTIN.
func configure(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
			if err == syscall.ESRCH {
				return os.ErrProcessDone
			}
			return cmd.Process.Kill()
		}
		return nil
	}
}
