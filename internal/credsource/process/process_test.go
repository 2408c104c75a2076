package process

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/testutil"
)

// The test binary re-executes itself as the credential process: with
// helperEnv set, TestMain runs helper instead of the tests, so the tests need
// no script or external program.
const helperEnv = "CREDSOURCE_PROCESS_TEST_HELPER"

const (
	akid    = "AKIDHELPER0000000001"
	secret  = "helper-SECRET-access-key-0123456789"
	session = "helper-SESSION-token-abcdefghijklmnop"
	expires = "2030-01-02T03:04:05Z"
)

var secrets = []string{secret, session}

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(helper(os.Args[1:]))
	}
	// Commands inherit the environment: this makes them helpers, and a -race
	// helper would sleep a second on exit unless told not to.
	os.Setenv(helperEnv, "1")
	os.Setenv("GORACE", "atexit_sleep_ms=0")
	os.Setenv("HELPER_VALUE", "from-env")
	testutil.VerifyNoLeaks(m)
}

func creds(extra map[string]any) string {
	m := map[string]any{
		"Version":         1,
		"AccessKeyId":     akid,
		"SecretAccessKey": secret,
		"SessionToken":    session,
		"Expiration":      expires,
		"AccountId":       "123456789012", // read by no SDK code: ignored
	}
	for k, v := range extra {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// helper is the credential process; args[0] says how to behave.
func helper(args []string) int {
	if len(args) == 0 {
		return 100
	}
	out := os.Stdout
	switch args[0] {
	case "ok":
		fmt.Fprint(out, creds(nil))
	case "noexp":
		fmt.Fprint(out, creds(map[string]any{"Expiration": nil, "SessionToken": nil, "AccountId": nil}))
	case "args":
		fmt.Fprint(out, creds(map[string]any{"AccessKeyId": strings.Join(args[1:], "|")}))
	case "env":
		fmt.Fprint(out, creds(map[string]any{"AccessKeyId": os.Getenv("HELPER_VALUE")}))
	case "stdin":
		b := make([]byte, 64)
		n, _ := os.Stdin.Read(b)
		fmt.Fprint(out, creds(map[string]any{"AccessKeyId": "stdin:" + strings.TrimSpace(string(b[:n]))}))
	case "json":
		fmt.Fprint(out, args[1])
	case "exit":
		code, _ := strconv.Atoi(args[1])
		fmt.Fprint(os.Stderr, args[2])
		return code
	case "exit-secret":
		// A failing command that printed credentials and mentions them
		// on stderr: neither may reach the error.
		fmt.Fprint(out, creds(nil))
		fmt.Fprintf(os.Stderr, "debug: got secret %s and token %s\n", secret, session)
		return 1
	case "bigstderr":
		fmt.Fprint(os.Stderr, "start-of-stderr ")
		fmt.Fprint(os.Stderr, strings.Repeat("x", 10<<10))
		fmt.Fprint(os.Stderr, " end-of-stderr")
		return 2
	case "big":
		chunk := strings.Repeat("y", 4096)
		for i := 0; i < 1024; i++ { // 4 MiB, or until killed
			if _, err := fmt.Fprint(out, chunk); err != nil {
				return 3
			}
		}
	case "sleep":
		d, _ := time.ParseDuration(args[1])
		time.Sleep(d)
		fmt.Fprint(out, creds(nil))
	case "spawn":
		// Start a child that shares our stdout and sleeps, write its pid
		// to args[1], then act as args[2:].
		child := exec.Command(os.Args[0], "sleep", "30s")
		child.Stdout = out
		child.Stderr = os.Stderr
		if err := child.Start(); err != nil {
			return 101
		}
		if err := os.WriteFile(args[1], []byte(strconv.Itoa(child.Process.Pid)), 0o600); err != nil {
			return 102
		}
		return helper(args[2:])
	default:
		return 100
	}
	return 0
}

// command quotes the test binary for SplitPOSIX / SplitWindows and appends
// the helper arguments, already quoted as the caller wants.
func command(args string) string {
	self := os.Args[0]
	if isWindows() {
		return `"` + self + `" ` + args
	}
	return "'" + strings.ReplaceAll(self, "'", `'\''`) + "' " + args
}

// newHelper returns a Provider running helper with args; a non-zero timeout
// or maxOutput replaces the default.
func newHelper(t *testing.T, args string, timeout time.Duration, maxOutput int) *Provider {
	t.Helper()
	p, err := New(command(args))
	require.NoError(t, err)
	if timeout != 0 {
		p.timeout = timeout
	}
	if maxOutput != 0 {
		p.maxOutput = maxOutput
	}
	return p
}

func TestRetrieveSuccess(t *testing.T) {
	tests := []struct {
		name string
		args string
		want credsource.Credentials
	}{
		{
			name: "full output",
			args: "ok",
			want: credsource.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: session,
				Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true},
		},
		{
			name: "no expiration means no expiry",
			args: "noexp",
			want: credsource.Credentials{AccessKeyID: akid, SecretAccessKey: secret},
		},
		{
			name: "fractional seconds and offset",
			args: `json '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2030-01-02T04:04:05.5+01:00"}'`,
			want: credsource.Credentials{AccessKeyID: "A", SecretAccessKey: "S",
				Expires: time.Date(2030, 1, 2, 3, 4, 5, 5e8, time.UTC), CanExpire: true},
		},
		{
			name: "Version 1.0 is 1",
			args: `json '{"Version":1.0,"AccessKeyId":"A","SecretAccessKey":"S"}'`,
			want: credsource.Credentials{AccessKeyID: "A", SecretAccessKey: "S"},
		},
		{
			name: "quoted and escaped arguments reach the command",
			args: `args "two words" 'single "q"' back\ slash "" end`,
			want: credsource.Credentials{AccessKeyID: `two words|single "q"|back slash||end`, SecretAccessKey: secret,
				SessionToken: session, Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true},
		},
		{
			name: "environment is inherited",
			args: "env",
			want: credsource.Credentials{AccessKeyID: "from-env", SecretAccessKey: secret, SessionToken: session,
				Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true},
		},
		{
			name: "no stdin",
			args: "stdin",
			want: credsource.Credentials{AccessKeyID: "stdin:", SecretAccessKey: secret, SessionToken: session,
				Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if isWindows() && strings.Contains(tt.args, "'") {
				t.Skip("POSIX quoting")
			}
			got, err := newHelper(t, tt.args, 0, 0).Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.want.AccessKeyID, got.AccessKeyID)
			assert.Equal(t, tt.want.SecretAccessKey, got.SecretAccessKey)
			assert.Equal(t, tt.want.SessionToken, got.SessionToken)
			assert.Equal(t, tt.want.CanExpire, got.CanExpire)
			assert.True(t, tt.want.Expires.Equal(got.Expires), "Expires = %v, want %v", got.Expires, tt.want.Expires)
		})
	}
}

func TestRetrieveErrors(t *testing.T) {
	tests := []struct {
		name      string
		args      string
		maxOutput int
		want      []string // substrings of the error
		notWant   []string // besides the secrets
	}{
		{
			name: "exit code and stderr",
			args: `exit 3 'token expired, run login'`,
			want: []string{"credential_process", "exit status 3", "stderr: token expired, run login"},
		},
		{
			name: "exit code without stderr",
			args: `exit 1 ''`,
			want: []string{"exit status 1"},
		},
		{
			name:    "stdout and secrets on stderr are kept out",
			args:    "exit-secret",
			want:    []string{"exit status 1", "debug: got secret [REDACTED] and token [REDACTED]"},
			notWant: []string{akid},
		},
		{
			name:    "stderr is bounded to its tail",
			args:    "bigstderr",
			want:    []string{"exit status 2", "end-of-stderr"},
			notWant: []string{"start-of-stderr"},
		},
		{
			name:    "malformed JSON",
			args:    `json '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"` + secret + `",'`,
			want:    []string{"not the expected JSON object", "truncated"},
			notWant: []string{"AKID"},
		},
		{
			name: "not JSON at all",
			args: `json 'Hello ` + secret + `'`,
			want: []string{"malformed JSON at byte offset 1"},
		},
		{
			name: "trailing garbage",
			args: `json '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S"} {"x":1}'`,
			want: []string{"unexpected data after the JSON object"},
		},
		{
			name: "empty output",
			args: `json ''`,
			want: []string{"truncated or empty JSON"},
		},
		{
			name: "wrong type",
			args: `json '{"Version":"1","AccessKeyId":"A","SecretAccessKey":"S"}'`,
			want: []string{`field "Version" is a JSON string, want a number`},
		},
		{
			name:    "wrong type of a secret field does not echo it",
			args:    `json '{"Version":1,"AccessKeyId":"A","SecretAccessKey":123456789}'`,
			want:    []string{`field "SecretAccessKey" is a JSON number, want a string`},
			notWant: []string{"123456789"},
		},
		{
			name: "wrong version",
			args: `json '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"` + secret + `"}'`,
			want: []string{"Version 2, only 1 is supported"},
		},
		{
			name: "missing version",
			args: `json '{"AccessKeyId":"A","SecretAccessKey":"` + secret + `"}'`,
			want: []string{"no Version (want 1)"},
		},
		{
			name: "missing access key",
			args: `json '{"Version":1,"SecretAccessKey":"` + secret + `"}'`,
			want: []string{"no AccessKeyId"},
		},
		{
			name: "missing secret key",
			args: `json '{"Version":1,"AccessKeyId":"A","SessionToken":"` + session + `"}'`,
			want: []string{"no SecretAccessKey"},
		},
		{
			name: "bad expiration",
			args: `json '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret + `","Expiration":"tomorrow"}'`,
			want: []string{`field "Expiration" is not an RFC 3339 timestamp`},
		},
		{
			name:      "output too large kills the command",
			args:      "big",
			maxOutput: 1 << 10,
			want:      []string{"wrote more than 1024 bytes to standard output and was killed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if isWindows() && strings.Contains(tt.args, "'") {
				t.Skip("POSIX quoting")
			}
			start := time.Now()
			_, err := newHelper(t, tt.args, 0, tt.maxOutput).Retrieve(context.Background())
			require.Error(t, err)
			assert.Less(t, time.Since(start), 20*time.Second, "far below the one-minute default timeout")
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, nw := range tt.notWant {
				assert.NotContains(t, err.Error(), nw)
			}
			testutil.NoSecrets(t, err, secrets...)
		})
	}
}

func TestRetrieveProgramNotFound(t *testing.T) {
	p, err := New("/nonexistent/credential-helper --secret-arg hunter2")
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `credential_process "/nonexistent/credential-helper": cannot run`)
	assert.NotContains(t, err.Error(), "hunter2", "arguments may hold secrets")
}

func TestRetrieveTimeoutKills(t *testing.T) {
	p := newHelper(t, "sleep 30s", 200*time.Millisecond, 0)
	start := time.Now()
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Less(t, time.Since(start), 15*time.Second, "far below the wait it must not do")
	assert.Contains(t, err.Error(), "did not finish within 200ms and was killed")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestRetrieveContextCancel(t *testing.T) {
	p := newHelper(t, "sleep 30s", 0, 0)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := p.Retrieve(ctx)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 15*time.Second, "far below the wait it must not do")
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, context.DeadlineExceeded)
}

func TestRetrieveContextAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newHelper(t, "ok", 0, 0).Retrieve(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestNewErrors(t *testing.T) {
	for _, line := range []string{"", "   ", `"unterminated`} {
		_, err := New(line)
		assert.Error(t, err, "%q", line)
		assert.Contains(t, err.Error(), "credential_process")
	}
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	c, err := newHelper(t, "ok", 0, 0).Retrieve(context.Background())
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(verb, c)
		for _, sec := range secrets {
			assert.NotContains(t, s, sec, verb)
		}
		assert.Contains(t, s, akid, verb)
	}
}

func TestWriters(t *testing.T) {
	var over int
	w := &capture{max: 4, overflow: func() { over++ }}
	w.Write([]byte("ab"))
	w.Write([]byte("cde"))
	w.Write([]byte("f"))
	assert.Equal(t, "ab", string(w.bytes()))
	assert.Equal(t, 1, over)

	tw := &capture{max: 4, tail: true}
	for _, s := range []string{"abc", "defgh", "ijklmnop", "q"} {
		tw.Write([]byte(s))
	}
	assert.Equal(t, "nopq", string(tw.bytes()))
}

func TestParseOutputErrorsNeverEcho(t *testing.T) {
	// Every malformed shape, checked without a process.
	for _, in := range []string{
		`{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret + `"`,
		`{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret + `",}`,
		`[` + strconv.Quote(secret) + `]`,
		`"` + secret + `"`,
		`{"Version":1,"AccessKeyId":"A","SecretAccessKey":["` + secret + `"]}`,
		`{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":{"t":"` + session + `"}}`,
		`{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret + `","SessionToken":"` + session + `","Expiration":"` + session + `"}`,
		secret,
	} {
		_, err := parseOutput([]byte(in))
		require.Error(t, err, in)
		testutil.NoSecrets(t, err, secrets...)
		var syn *json.SyntaxError
		assert.False(t, errors.As(err, &syn), "raw json error escaped: %v", err)
	}
}
