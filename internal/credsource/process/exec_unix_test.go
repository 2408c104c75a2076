//go:build unix

package process

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A timeout kills the command's whole process group: a child it started
// does not live on.
func TestTimeoutKillsProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := newHelper(t, "spawn "+pidFile+" sleep 30s", 300*time.Millisecond, 0)
	start := time.Now()
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "did not finish within 300ms")
	assert.Less(t, time.Since(start), 15*time.Second, "far below the wait it must not do")

	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid, err := strconv.Atoi(string(b))
	require.NoError(t, err)
	assert.Eventually(t, func() bool { return dead(pid) }, 2*time.Second, 20*time.Millisecond,
		"grandchild %d still alive", pid)
}

// dead reports whether pid has ended. The grandchild is not ours to reap:
// once killed it is a zombie until init reaps it, which /proc shows on Linux.
func dead(pid int) bool {
	if syscall.Kill(pid, 0) == syscall.ESRCH {
		return true
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}

// A command that exits 0 but leaves a child holding its stdout open still
// yields its credentials, after the bounded wait for the pipe.
func TestExitedCommandWithLingeringChild(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := newHelper(t, "spawn "+pidFile+" ok", 10*time.Second, 0)
	start := time.Now()
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, akid, c.AccessKeyID)
	assert.Less(t, time.Since(start), 15*time.Second, "far below the wait it must not do")

	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid, _ := strconv.Atoi(string(b))
	_ = syscall.Kill(pid, syscall.SIGKILL) // tidy up the 30s sleeper
}
