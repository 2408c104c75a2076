package login

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// refreshMock is a client whose refresh answers come from answer, which
// may block; it counts the calls.
type refreshMock struct {
	mu     sync.Mutex
	calls  int
	tokens []string // the refresh tokens sent
	answer func(ctx context.Context) (*ssooidc.CreateTokenOutput, error)
}

func (m *refreshMock) client() *ssooidctest.Mock {
	return &ssooidctest.Mock{CreateTokenFunc: func(ctx context.Context, in *ssooidc.CreateTokenInput, _ ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
		m.mu.Lock()
		m.calls++
		m.tokens = append(m.tokens, ptr.ToString(in.RefreshToken))
		n := m.calls
		m.mu.Unlock()
		if m.answer != nil {
			return m.answer(ctx)
		}
		return &ssooidc.CreateTokenOutput{AccessToken: ptr.String(fmt.Sprint("new-", n)), RefreshToken: ptr.String(fmt.Sprint("rt-", n)), ExpiresIn: 3600}, nil
	}}
}

// answerOnRelease answers a refresh with the token "new" once release is
// closed, or fails when the call's context ends first.
func answerOnRelease(release <-chan struct{}) func(ctx context.Context) (*ssooidc.CreateTokenOutput, error) {
	return func(ctx context.Context) (*ssooidc.CreateTokenOutput, error) {
		select {
		case <-release:
			return &ssooidc.CreateTokenOutput{AccessToken: ptr.String("new"), ExpiresIn: 3600}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (m *refreshMock) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// failEnv is a session of a refreshMock on a test clock, with a cached
// token that expires in left.
type failEnv struct {
	sess  *Session
	mock  *refreshMock
	clock *clock
	logs  *calls
}

func newFailEnv(t *testing.T, left time.Duration, mutate ...func(*Config)) *failEnv {
	t.Helper()
	e := &failEnv{mock: &refreshMock{}, clock: newClock(), logs: &calls{}}
	c := Config{SessionName: testSession, StartURL: testStartURL, Region: "us-east-1", Scopes: testScopes,
		Client: e.mock.client(), CacheDir: t.TempDir(), Now: e.clock.Now, Logf: e.logs.logf,
		RefreshWait: 50 * time.Millisecond, RefreshTimeout: 10 * time.Second}
	for _, m := range mutate {
		m(&c)
	}
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.sess = s
	e.write(t, left, "rt-0")
	return e
}

func (e *failEnv) write(t *testing.T, left time.Duration, refreshToken string) {
	t.Helper()
	now := e.clock.Now()
	err := ssocache.Cache{Dir: e.sess.cfg.CacheDir}.WriteToken(testSession, &ssocache.Token{
		StartURL: testStartURL, Region: "us-east-1", AccessToken: "old", ExpiresAt: now.Add(left),
		RefreshToken: refreshToken, ClientID: "id", ClientSecret: "secret", RegistrationExpiresAt: now.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
}

// 1. A caller whose context ends while a refresh is under way neither
// stops it nor counts as a failed refresh: the next caller gets the new
// token at once.
func TestCallerContextIsNotARefreshFailure(t *testing.T) {
	e := newFailEnv(t, -time.Minute) // expired: callers wait for the refresh
	release := make(chan struct{})
	e.mock.answer = answerOnRelease(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for e.mock.count() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := e.sess.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("first caller: %v, want its context's error", err)
	}
	close(release)
	tok, err := e.sess.Token(context.Background())
	if err != nil || tok.AccessToken != "new" {
		t.Fatalf("second caller: %v, %v", tok, err)
	}
	if n := e.mock.count(); n != 1 {
		t.Errorf("refresh calls = %d, want 1", n)
	}
}

// 2. With a valid token, a refresh that does not answer costs RefreshWait,
// then the cached token, with a log line; the refresh goes on and its
// answer is used. With an expired token, the refresh ends at its own
// deadline with ErrUnavailable.
func TestStalledRefresh(t *testing.T) {
	e := newFailEnv(t, 2*time.Minute)
	release := make(chan struct{})
	e.mock.answer = answerOnRelease(release)
	tok, err := e.sess.Token(context.Background())
	if err != nil || tok.AccessToken != "old" {
		t.Fatalf("Token = %v, %v; want the cached token", tok, err)
	}
	if e.logs.count("not refreshed within", "valid until") != 1 {
		t.Errorf("logs %q", e.logs.lines)
	}
	// Served from memory while the refresh is out.
	if tok, err := e.sess.Token(context.Background()); err != nil || tok.AccessToken != "old" || e.mock.count() != 1 {
		t.Fatalf("second Token = %v, %v (%d calls)", tok, err, e.mock.count())
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if tok, _ := e.sess.Token(context.Background()); tok.AccessToken == "new" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background refresh's token was never used")
		}
		time.Sleep(time.Millisecond)
	}

	e = newFailEnv(t, -time.Minute, func(c *Config) { c.RefreshTimeout = 100 * time.Millisecond })
	e.mock.answer = func(ctx context.Context) (*ssooidc.CreateTokenOutput, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	_, err = e.sess.Token(context.Background())
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("err = %v", err)
	}
}

// 2. A login holding the lock: a valid token is returned at once, an
// expired one is ErrLoginRequired wrapping ErrLoginInProgress at once.
// Behind a stalled refresh of another process, a valid token costs
// RefreshWait.
func TestLockHeldElsewhere(t *testing.T) {
	for _, c := range []struct {
		intent string
		left   time.Duration
		want   error // nil: the cached token
	}{
		{intentLogin, 2 * time.Minute, nil},
		{intentLogin, -time.Minute, ErrLoginInProgress},
		{intentRefresh, 2 * time.Minute, nil},
	} {
		t.Run(fmt.Sprint(c.intent, c.left), func(t *testing.T) {
			e := newFailEnv(t, c.left, func(cfg *Config) { cfg.RefreshTimeout = time.Minute })
			// Another process: a lock of its own on the same file.
			unlock, err := ssocache.Cache{Dir: e.sess.cfg.CacheDir}.Lock(context.Background(), testSession, c.intent, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer unlock()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			tok, err := e.sess.Token(ctx)
			switch {
			case c.want == nil && (err != nil || tok.AccessToken != "old"):
				t.Fatalf("Token = %v, %v; want the cached token", tok, err)
			case c.want != nil && (!errors.Is(err, c.want) || !errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), fmt.Sprint(os.Getpid()))):
				t.Fatalf("err = %v, want %v naming the process", err, c.want)
			}
			if e.mock.count() != 0 {
				t.Error("a refresh call without the lock")
			}
		})
	}
}

// 3. ErrLoginRequired only when a login is the remedy; everything else is
// ErrUnavailable.
func TestRefreshErrorClasses(t *testing.T) {
	for _, c := range []struct {
		name  string
		err   error
		login bool
	}{
		{"invalid grant", &types.InvalidGrantException{}, true},
		{"invalid client", &types.InvalidClientException{}, true},
		{"expired token", &types.ExpiredTokenException{}, true},
		{"unauthorized client", &types.UnauthorizedClientException{}, true},
		{"5xx", &types.InternalServerException{}, false},
		{"throttled", &smithy.GenericAPIError{Code: "ThrottlingException", Fault: smithy.FaultServer}, false},
		{"404", &smithy.GenericAPIError{Code: "UnknownError"}, false},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newFailEnv(t, -time.Minute)
			e.mock.answer = func(context.Context) (*ssooidc.CreateTokenOutput, error) { return nil, c.err }
			_, err := e.sess.Token(context.Background())
			if errors.Is(err, ErrLoginRequired) != c.login || errors.Is(err, ErrUnavailable) == c.login || !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want login required %v", err, c.login)
			}
			if !c.login && !strings.Contains(err.Error(), "try again later") {
				t.Errorf("err = %v, want it to say a retry will do", err)
			}
		})
	}
}

// 3. What the file holds: no access token is a login; a file that cannot
// be read is not.
func TestFileErrorClasses(t *testing.T) {
	e := newFailEnv(t, time.Hour)
	path := e.sess.CacheFile()
	for _, c := range []struct {
		name  string
		body  string
		login bool
	}{
		{"empty accessToken", `{"startUrl": "x", "region": "us-east-1", "accessToken": "", "expiresAt": "2030-01-01T00:00:00Z"}`, true},
		{"null accessToken", `{"startUrl": "x", "region": "us-east-1", "accessToken": null, "expiresAt": "2030-01-01T00:00:00Z"}`, true},
	} {
		if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := e.sess.Token(context.Background())
		if !errors.Is(err, ErrLoginRequired) || !errors.Is(err, ErrNoToken) {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if st, err := e.sess.Status(context.Background()); err != nil || !st.LoginRequired {
			t.Errorf("%s: Status = %+v, %v", c.name, st, err)
		}
	}
	// A folder in the file's place: not a login's to fix.
	os.Remove(path)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := e.sess.Token(context.Background())
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), path) {
		t.Errorf("directory: err = %v", err)
	}
	if _, err := e.sess.Status(context.Background()); err == nil {
		t.Error("directory: Status succeeded")
	}
	// A folder every user can write to: refused, with the fix.
	os.Remove(path)
	e.write(t, time.Hour, "rt")
	if err := os.Chmod(e.sess.cfg.CacheDir, 0o777); err != nil {
		t.Fatal(err)
	}
	_, err = e.sess.Token(context.Background())
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ssocache.ErrUntrusted) || !strings.Contains(err.Error(), "chmod 700") ||
		strings.Contains(err.Error(), "try again") {
		t.Errorf("0777 folder: err = %v", err)
	}
}

// failingWrites is the cache with token writes failing, as on a full disk.
type failingWrites struct{ ssocache.Cache }

func (failingWrites) WriteToken(string, *ssocache.Token) error {
	return &fs.PathError{Op: "write", Path: "token", Err: errors.New("no space left on device")}
}

// 4. A refreshed token that cannot be written is kept: the next refresh
// sends the rotated refresh token, not the one in the file.
func TestRotatedRefreshTokenKept(t *testing.T) {
	e := newFailEnv(t, 2*time.Minute)
	e.sess.cache = failingWrites{ssocache.Cache{Dir: e.sess.cfg.CacheDir}}
	tok, err := e.sess.Token(context.Background())
	if err != nil || tok.AccessToken != "new-1" {
		t.Fatalf("Token = %v, %v", tok, err)
	}
	if e.logs.count("could not write it to the cache", "no space left") != 1 {
		t.Errorf("logs %q", e.logs.lines)
	}
	e.clock.Advance(58 * time.Minute)
	if tok, err := e.sess.Token(context.Background()); err != nil || tok.AccessToken != "new-2" {
		t.Fatalf("second refresh: %v, %v", tok, err)
	}
	if got := e.mock.tokens; len(got) != 2 || got[0] != "rt-0" || got[1] != "rt-1" {
		t.Errorf("refresh tokens sent %q, want rt-0 then the rotated rt-1", got)
	}
	// A newer file (another process refreshed) wins over memory.
	e.clock.Advance(58 * time.Minute)
	e.write(t, 2*time.Hour, "rt-other")
	if tok, err := e.sess.Token(context.Background()); err != nil || tok.AccessToken != "old" {
		t.Fatalf("Token = %v, %v; want the newer file's", tok, err)
	}
}

// The throttle: after a failed refresh call, none for 30 s.
func TestRefreshThrottle(t *testing.T) {
	e := newFailEnv(t, -time.Minute)
	e.mock.answer = func(context.Context) (*ssooidc.CreateTokenOutput, error) {
		return nil, &types.InternalServerException{}
	}
	for range 3 {
		if _, err := e.sess.Token(context.Background()); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v", err)
		}
		e.clock.Advance(10 * time.Second)
	}
	if n := e.mock.count(); n != 1 {
		t.Errorf("refresh calls in 30 s = %d, want 1", n)
	}
	e.clock.Advance(time.Second)
	e.sess.Token(context.Background())
	if n := e.mock.count(); n != 2 {
		t.Errorf("refresh calls after 30 s = %d, want 2", n)
	}
}

// signalReads is the cache, telling when the token file was read.
type signalReads struct {
	ssocache.Cache
	read chan struct{}
	once sync.Once
}

func (c *signalReads) ReadToken(key string) (*ssocache.Token, error) {
	t, err := c.Cache.ReadToken(key)
	c.once.Do(func() { close(c.read) })
	return t, err
}

// A file cut short (another tool writing it in place) is read again
// under the lock, after the writer is done.
func TestCorruptFileReadAgain(t *testing.T) {
	e := newFailEnv(t, time.Hour, func(c *Config) { c.RefreshWait = 20 * time.Second })
	cache := ssocache.Cache{Dir: e.sess.cfg.CacheDir}
	good, err := os.ReadFile(e.sess.CacheFile())
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := cache.Lock(context.Background(), testSession, "write", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.sess.CacheFile(), good[:10], 0o600); err != nil {
		t.Fatal(err)
	}
	sr := &signalReads{Cache: cache, read: make(chan struct{})}
	e.sess.cache = sr
	type result struct {
		tok Token
		err error
	}
	done := make(chan result)
	go func() {
		tok, err := e.sess.Token(context.Background())
		done <- result{tok, err}
	}()
	<-sr.read
	if err := os.WriteFile(e.sess.CacheFile(), good, 0o600); err != nil {
		t.Fatal(err)
	}
	unlock()
	if r := <-done; r.err != nil || r.tok.AccessToken != "old" {
		t.Fatalf("Token = %v, %v", r.tok, r.err)
	}
}

// 5. A cached registration the service no longer knows is replaced once,
// and the login goes on.
func TestRejectedRegistrationHeals(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	// A new service (the endpoint changed): the cached client is unknown.
	e2 := newEnv(t, ssooidctest.Options{AutoApprove: true}, func(c *Config) { c.CacheDir = e.sess.cfg.CacheDir })
	e2.sess.Logout(context.Background())
	if _, err := e2.sess.Login(context.Background(), deviceOptions()); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if n := e2.calls.count("RegisterClient"); n != 1 {
		t.Errorf("registrations = %d, want 1", n)
	}
	if n := e2.calls.count("StartDeviceAuthorization", "InvalidClientException"); n != 1 {
		t.Errorf("rejected device authorizations = %d, want 1 (%q)", n, e2.calls.lines)
	}
	// The new registration is cached: the next login uses it.
	if _, err := e2.sess.Login(context.Background(), deviceOptions()); err != nil || e2.calls.count("RegisterClient") != 1 {
		t.Fatalf("second Login: %v, %d registrations", err, e2.calls.count("RegisterClient"))
	}
}
