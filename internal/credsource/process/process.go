// Package process runs a credential_process command and reads the
// credentials it prints.
//
// # Running the command
//
// The command line is split into words and the program is started directly,
// with no shell, as botocore (and so the AWS CLI) does: on POSIX the line is
// split like Python's shlex.split (quotes and backslashes, see SplitPOSIX),
// on Windows by the C runtime's rules (see SplitWindows). aws-sdk-go-v2
// instead hands the whole line to "sh -c" or "cmd.exe /C"; we follow botocore
// because the same config file is read by the AWS CLI, and a line that works
// there must mean the same here. A user who wants a shell writes one:
// credential_process = sh -c 'helper | jq .'
//
// The command inherits the environment and working directory and gets no
// standard input: a library should not let a child read its host program's
// input behind its back.
//
// # Output
//
// Standard output must be one JSON object:
//
//	{"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//	 "SessionToken": "...", "Expiration": "2030-01-02T03:04:05Z", "AccountId": "..."}
//
// Version must be 1 and AccessKeyId and SecretAccessKey are required; without
// Expiration the credentials do not expire. Standard output is capped
// (DefaultMaxOutput) and never quoted in an error, because it holds the
// secrets; the last KiB of standard error is quoted when the command fails,
// with any secret the output revealed scrubbed from it.
package process

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/wire"
)

const (
	// DefaultTimeout is how long the command may run before it is killed
	// (on POSIX with its whole process group), the same minute as
	// aws-sdk-go-v2.
	DefaultTimeout = time.Minute

	// DefaultMaxOutput bounds standard output. Credentials take well under
	// 4 KiB; a command that writes more than this is killed.
	DefaultMaxOutput = 64 << 10

	// stderrTail is how much of standard error an error message quotes.
	stderrTail = 1 << 10

	// waitDelay bounds the wait for the command's output pipes to close
	// after it exits or is killed, in case a child it left behind holds
	// them open.
	waitDelay = time.Second
)

// source names this source in every error.
const source = "credential_process"

// Provider runs one credential_process command. It is safe for concurrent
// use; each Retrieve runs the command anew (caching is the caller's job).
type Provider struct {
	args []string

	// timeout and maxOutput are DefaultTimeout and DefaultMaxOutput; tests
	// shorten them.
	timeout   time.Duration
	maxOutput int
}

// New splits commandLine with Split and returns a Provider for it. It fails
// if the line is empty or its quotes are unbalanced.
func New(commandLine string) (*Provider, error) {
	args, err := Split(commandLine)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot parse the command line: %w", source, err)
	}
	if len(args) == 0 || args[0] == "" {
		return nil, fmt.Errorf("%s: the command line is empty", source)
	}
	return &Provider{args: args, timeout: DefaultTimeout, maxOutput: DefaultMaxOutput}, nil
}

var (
	errTimeout  = errors.New("credential process timed out")
	errTooLarge = errors.New("credential process output too large")
)

// Retrieve runs the command and returns the credentials it printed.
// Cancelling ctx kills the command; the error then matches ctx's error.
func (p *Provider) Retrieve(ctx context.Context) (credsource.Credentials, error) {
	stdout, err := p.run(ctx)
	if err != nil {
		return credsource.Credentials{}, err
	}
	creds, err := parseOutput(stdout)
	if err != nil {
		return credsource.Credentials{}, fmt.Errorf("%s %q: %w", source, p.args[0], err)
	}
	return creds, nil
}

func (p *Provider) run(ctx context.Context) ([]byte, error) {
	timeout, maxOut := p.timeout, p.maxOutput
	name := p.args[0]

	// Two layers: the outer lets the output cap kill the command, the inner
	// is the timeout; their causes say afterwards which one fired.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	runCtx, cancelTimeout := context.WithTimeoutCause(runCtx, timeout, errTimeout)
	defer cancelTimeout()

	cmd := exec.CommandContext(runCtx, name, p.args[1:]...)
	out := &capture{max: maxOut, overflow: func() { stop(errTooLarge) }}
	errTail := &capture{max: stderrTail, tail: true}
	cmd.Stdout = out
	cmd.Stderr = errTail
	cmd.WaitDelay = waitDelay
	configure(cmd)

	runErr := cmd.Run()

	switch cause := context.Cause(runCtx); {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s %q: stopped: %w", source, name, context.Cause(ctx))
	case errors.Is(cause, errTooLarge):
		return nil, fmt.Errorf("%s %q: wrote more than %d bytes to standard output and was killed", source, name, maxOut)
	case errors.Is(cause, errTimeout):
		return nil, fmt.Errorf("%s %q: did not finish within %v and was killed: %w", source, name, timeout, context.DeadlineExceeded)
	}
	if runErr != nil {
		var ee *exec.ExitError
		switch {
		case errors.As(runErr, &ee):
			msg := fmt.Sprintf("%s %q: failed (%s)", source, name, ee.ProcessState.String())
			if s := wire.SafeText(errTail.bytes(), stderrTail, true, secretsIn(out.bytes())...); s != "" {
				msg += "; stderr: " + s
			}
			return nil, errors.New(msg)
		case errors.Is(runErr, exec.ErrWaitDelay) && cmd.ProcessState != nil && cmd.ProcessState.Success():
			// The command exited 0 but left a child holding its output
			// open; what it printed before exiting is all there is.
		default:
			// Could not start: *exec.Error names the program, not the
			// arguments.
			return nil, fmt.Errorf("%s %q: cannot run: %w", source, name, runErr)
		}
	}
	return out.bytes(), nil
}

// output is the JSON a credential process prints.
type output struct {
	Version         *float64 // a number equal to 1; botocore accepts 1.0 too
	AccessKeyID     string   `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

func parseOutput(b []byte) (credsource.Credentials, error) {
	var o output
	if err := wire.DecodeJSON(b, &o); err != nil {
		return credsource.Credentials{}, fmt.Errorf("standard output is not the expected JSON object: %w", err)
	}
	switch {
	case o.Version == nil:
		return credsource.Credentials{}, errors.New("output has no Version (want 1)")
	case *o.Version != 1:
		return credsource.Credentials{}, fmt.Errorf("output has Version %s, only 1 is supported", strconv.FormatFloat(*o.Version, 'g', 6, 64))
	}
	return wire.Credentials("output", wire.Fields{
		AccessKeyID: o.AccessKeyID, SecretAccessKey: o.SecretAccessKey, SessionToken: o.SessionToken, Expiration: o.Expiration,
	})
}

// secretsIn digs the secrets out of what a failed command printed, if it
// printed credentials at all, so that they can be scrubbed from its stderr.
func secretsIn(stdout []byte) []string {
	var o struct{ SecretAccessKey, SessionToken string }
	if json.Unmarshal(stdout, &o) != nil {
		return nil
	}
	return []string{o.SecretAccessKey, o.SessionToken}
}

// capture keeps at most max bytes of what a command writes to one stream:
// the last ones when tail is set (stderr), else the first ones (stdout).
// Past the cap of the first ones it calls overflow once and drops the rest,
// still reporting success so that the copying goroutine keeps draining the
// pipe until the kill lands.
type capture struct {
	mu       sync.Mutex
	buf      []byte
	max      int
	tail     bool
	over     bool
	overflow func()
}

// Write keeps p as far as the cap allows, trimming a tail now and then
// rather than on every write.
func (w *capture) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.tail:
		w.buf = append(w.buf, p...)
		if len(w.buf) > 2*w.max {
			w.buf = append(w.buf[:0], w.buf[len(w.buf)-w.max:]...)
		}
	case w.over:
	case len(w.buf)+len(p) > w.max:
		w.over = true
		w.overflow()
	default:
		w.buf = append(w.buf, p...)
	}
	return len(p), nil
}

func (w *capture) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf[max(0, len(w.buf)-w.max):]
}
