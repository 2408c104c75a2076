package login

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const (
	testSession  = "my-sso"
	testStartURL = "https://my-sso-portal.awsapps.com/start"
)

var testScopes = []string{"sso:account:access"}

// clock is a test clock shared by the emulator and the session.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// calls counts the emulator's log lines, one per API request.
type calls struct {
	mu    sync.Mutex
	lines []string
}

func (c *calls) logf(format string, args ...any) {
	c.mu.Lock()
	c.lines = append(c.lines, fmt.Sprintf(format, args...))
	c.mu.Unlock()
}

// count is the number of requests whose log line has all the parts, such
// as "CreateToken 200" and "grant=refresh_token".
func (c *calls) count(parts ...string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
next:
	for _, l := range c.lines {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				continue next
			}
		}
		n++
	}
	return n
}

// env is an emulator on a test clock and a session of it.
type env struct {
	srv    *ssooidctest.Server
	clock  *clock
	calls  *calls
	sess   *Session
	sleeps []time.Duration // the device code poll waits
	logs   *calls          // the session's Logf
}

// newEnv starts an emulator with opts (its clock is the test clock) and a
// session of it in a temporary cache, changed by mutate. Polls wait on the
// test clock: a sleep moves it forward.
func newEnv(t *testing.T, opts ssooidctest.Options, mutate ...func(*Config)) *env {
	t.Helper()
	e := &env{clock: newClock(), calls: &calls{}, logs: &calls{}}
	if opts.Now == nil {
		opts.Now = e.clock.Now
	}
	opts.Logf = e.calls.logf
	e.srv = ssooidctest.NewServer(opts)
	t.Cleanup(e.srv.Close)
	cfg := Config{
		SessionName: testSession,
		StartURL:    testStartURL,
		Region:      e.srv.Region(),
		Scopes:      testScopes,
		Client:      e.srv.Client(func(o *ssooidc.Options) { o.RetryMaxBackoff = time.Millisecond }),
		Portal:      portal.New(portal.Options{Region: e.srv.Region(), BaseEndpoint: &e.srv.URL, RetryMaxBackoff: time.Millisecond}),
		CacheDir:    t.TempDir(),
		CLICacheDir: t.TempDir(),
		Now:         e.clock.Now,
		Logf:        e.logs.logf,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	s.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		e.sleeps = append(e.sleeps, d)
		mu.Unlock()
		e.clock.Advance(d)
		return ctx.Err()
	}
	e.sess = s
	return e
}

// deviceOptions log in with the device code flow and show nothing.
func deviceOptions() Options {
	return Options{Flow: FlowDeviceCode, Prompt: func(context.Context, Prompt) error { return nil }}
}

// browser is a test browser: it GETs the URL and follows redirects, into
// the login's listener. It records the last page.
type browser struct {
	mu     sync.Mutex
	status int
	urls   []string
}

func (b *browser) open(u string) error {
	b.mu.Lock()
	b.urls = append(b.urls, u)
	b.mu.Unlock()
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	b.mu.Lock()
	b.status = resp.StatusCode
	b.mu.Unlock()
	return nil
}

func (b *browser) lastStatus() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.status
}

// pkceOptions log in with PKCE, the default prompt and the test browser.
func pkceOptions(b *browser) Options {
	return Options{Flow: FlowPKCE, OpenBrowser: b.open, Stdout: &syncBuffer{}}
}

// sharedKey is the AWS CLI's registration key of the test session.
func sharedKey(region string) ssocache.RegistrationKey {
	return ssocache.RegistrationKey{Region: region, Scopes: testScopes, SessionName: testSession, StartURL: testStartURL}
}

func pkceKey(region string) ssocache.RegistrationKey {
	k := sharedKey(region)
	k.GrantTypes = pkceGrants
	return k
}

// syncBuffer is an io.Writer that a test may read while a login writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitForURL waits until out has a line starting with prefix, and returns
// the line.
func waitForURL(t *testing.T, out *syncBuffer, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no line starting with %s in %q", prefix, out.String())
	return ""
}
