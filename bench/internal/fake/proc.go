package fake

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Proc is a fakeoidc process started by Start.
type Proc struct {
	URL      string // the service's base URL
	AdminURL string

	cmd   *exec.Cmd
	stdin io.WriteCloser
	admin *http.Client
}

// Binary returns the path of a fakeoidc binary: $FAKEOIDC_BIN if set, else
// one built now into dir from this module's cmd/fakeoidc.
func Binary(dir string) (string, error) {
	if bin := os.Getenv("FAKEOIDC_BIN"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(dir, "fakeoidc")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/ssooidc-go/ssooidc/bench/cmd/fakeoidc")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build fakeoidc: %v\n%s", err, out)
	}
	return bin, nil
}

// Start runs the fakeoidc binary and waits for its addresses. The process
// ends when Close is called or when this process exits.
func Start(bin string) (*Proc, error) {
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Proc{cmd: cmd, stdin: stdin, admin: &http.Client{Timeout: 10 * time.Second}}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("fakeoidc did not start: %v", err)
	}
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, "service="); ok {
			p.URL = v
		} else if v, ok := strings.CutPrefix(f, "admin="); ok {
			p.AdminURL = v
		}
	}
	if p.URL == "" || p.AdminURL == "" {
		p.Close()
		return nil, fmt.Errorf("fakeoidc printed %q", line)
	}
	return p, nil
}

// Close ends the process.
func (p *Proc) Close() {
	p.stdin.Close()
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// Stats returns the fake's counters.
func (p *Proc) Stats() (Stats, error) {
	var s Stats
	err := p.call(http.MethodGet, "/stats", &s)
	return s, err
}

// StartCapture clears the captured requests and starts capturing.
func (p *Proc) StartCapture() error { return p.call(http.MethodPost, "/capture/start", nil) }

// StopCapture stops capturing and returns what was captured.
func (p *Proc) StopCapture() ([]Request, error) {
	var r []Request
	err := p.call(http.MethodPost, "/capture/stop", &r)
	return r, err
}

func (p *Proc) call(method, path string, out any) error {
	req, err := http.NewRequestWithContext(context.Background(), method, p.AdminURL+path, nil)
	if err != nil {
		return err
	}
	resp, err := p.admin.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fakeoidc admin %s %s: %s", method, path, resp.Status)
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
