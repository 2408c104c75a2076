package login

import (
	"context"
	"errors"
	"fmt"
	"github.com/aws/smithy-go/ptr"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

const refreshes = "grant=refresh_token"

func login(t *testing.T, e *env) Token {
	t.Helper()
	tok, err := e.sess.Login(context.Background(), deviceOptions())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Inside the refresh window Token refreshes once, caches the new token and
// the rotated refresh token; outside it, it calls nothing.
func TestRefresh(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	old := login(t, e)
	oldFile, _ := e.sess.cache.ReadToken(testSession)
	e.clock.Advance(54 * time.Minute) // 6 minutes left: outside the 5 minute window
	if tok, err := e.sess.Token(context.Background()); err != nil || tok != old {
		t.Fatalf("Token = %v, %v", tok, err)
	}
	e.clock.Advance(2 * time.Minute) // 4 minutes left
	tok, err := e.sess.Token(context.Background())
	if err != nil || tok == old || !tok.ExpiresAt.Equal(e.clock.Now().Add(time.Hour).Truncate(time.Second)) {
		t.Fatalf("Token = %v, %v; want a new token", tok, err)
	}
	if got := e.calls.count(refreshes); got != 1 {
		t.Errorf("refresh calls = %d", got)
	}
	f, err := e.sess.cache.ReadToken(testSession)
	if err != nil || f.AccessToken != tok.AccessToken || f.RefreshToken == oldFile.RefreshToken || f.ClientID != oldFile.ClientID ||
		!f.RegistrationExpiresAt.Equal(oldFile.RegistrationExpiresAt) {
		t.Fatalf("cache after refresh %+v (%v)", f, err)
	}
	if tok2, _ := e.sess.Token(context.Background()); tok2 != tok || e.calls.count(refreshes) != 1 {
		t.Error("the refreshed token was not served from memory")
	}
}

// Configurable window: with 20 minutes, a token with 15 minutes left is
// refreshed.
func TestRefreshWindow(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true}, func(c *Config) { c.RefreshWindow = 20 * time.Minute })
	login(t, e)
	e.clock.Advance(45 * time.Minute)
	if _, err := e.sess.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count(refreshes); got != 1 {
		t.Errorf("refresh calls = %d", got)
	}
}

// A program running for days stays logged in: through many token
// lifetimes, every Token is valid, with one refresh per lifetime.
func TestLongRunning(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	for i := 0; i < 3*24*6; i++ { // three days, every 10 minutes
		e.clock.Advance(10 * time.Minute)
		tok, err := e.sess.Token(context.Background())
		if err != nil {
			t.Fatalf("after %v: %v", time.Duration(i+1)*10*time.Minute, err)
		}
		if !e.clock.Now().Before(tok.ExpiresAt) {
			t.Fatalf("expired token at %v", e.clock.Now())
		}
		if _, ok := e.srv.LookupAccessToken(tok.AccessToken); !ok {
			t.Fatal("the emulator does not accept the token")
		}
	}
	if got, want := e.calls.count(refreshes), 3*24*6/6; got < want-1 || got > want+1 {
		t.Errorf("refresh calls = %d, want about %d (one per hour)", got, want)
	}
	if got := e.calls.count("StartDeviceAuthorization"); got != 1 {
		t.Errorf("logins = %d", got)
	}
}

// A rejected refresh: while the cached token is valid Token returns it,
// logs the failure and waits 30 s before trying again; once it expired,
// ErrLoginRequired wrapping the service's error.
func TestRefreshRejected(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	old := login(t, e)
	f, _ := e.sess.cache.ReadToken(testSession)
	e.srv.Revoke(f.RefreshToken)
	e.clock.Advance(57 * time.Minute)
	for range 3 {
		if tok, err := e.sess.Token(context.Background()); err != nil || tok != old {
			t.Fatalf("Token = %v, %v; want the cached token", tok, err)
		}
		e.clock.Advance(5 * time.Second)
	}
	if got := e.calls.count(refreshes); got != 1 {
		t.Errorf("refresh calls within 30 s = %d, want 1", got)
	}
	if e.logs.count("not refreshed", "InvalidGrantException") != 1 {
		t.Errorf("logs %q", e.logs.lines)
	}
	e.clock.Advance(30 * time.Second)
	if _, err := e.sess.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count(refreshes); got != 2 {
		t.Errorf("refresh calls after 30 s = %d, want 2", got)
	}
	e.clock.Advance(5 * time.Minute)
	_, err := e.sess.Token(context.Background())
	var ige *types.InvalidGrantException
	if !errors.Is(err, ErrLoginRequired) || !errors.As(err, &ige) || !strings.Contains(err.Error(), "aws sso login --sso-session") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), f.RefreshToken) || strings.Contains(err.Error(), old.AccessToken) {
		t.Fatal("a token in the error")
	}
}

// Without scopes the service issues no refresh token: the token is used
// until it expires, then ErrLoginRequired wrapping ErrNoRefreshToken, and
// Status says why.
func TestNoRefreshToken(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true}, func(c *Config) {
		c.Scopes = nil
		c.LoginCommand = "mytool login --profile dev"
	})
	old := login(t, e)
	e.clock.Advance(58 * time.Minute)
	if tok, err := e.sess.Token(context.Background()); err != nil || tok != old {
		t.Fatalf("Token = %v, %v", tok, err)
	}
	st, err := e.sess.Status(context.Background())
	if err != nil || st.Refreshable || !strings.Contains(st.Reason, "sso_registration_scopes") || st.LoginRequired {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	e.clock.Advance(3 * time.Minute)
	_, err = e.sess.Token(context.Background())
	if !errors.Is(err, ErrLoginRequired) || !errors.Is(err, ErrNoRefreshToken) ||
		!strings.HasSuffix(err.Error(), "log in again (mytool login --profile dev)") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "sso_registration_scopes") {
		t.Errorf("err = %v, want it to say the session has no scopes", err)
	}
	if e.calls.count(refreshes) != 0 {
		t.Error("refresh without a refresh token")
	}
	if st, _ := e.sess.Status(context.Background()); !st.LoginRequired {
		t.Errorf("Status = %+v", st)
	}
}

// Once the client registration expired, the refresh token is useless: no
// refresh call, ErrRegistrationExpired after the token expires.
func TestRegistrationExpired(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true, AccessTokenTTL: 8 * time.Hour, ClientTTL: 7 * time.Hour})
	login(t, e)
	e.clock.Advance(7*time.Hour + 56*time.Minute)
	if _, err := e.sess.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(5 * time.Minute)
	if _, err := e.sess.Token(context.Background()); !errors.Is(err, ErrLoginRequired) || !errors.Is(err, ErrRegistrationExpired) {
		t.Fatalf("err = %v", err)
	}
	if e.calls.count(refreshes) != 0 {
		t.Error("refresh with an expired registration")
	}
}

// A refresh answer without refreshToken keeps the old one; one without
// accessToken (an empty body) is a failed refresh, not a panic.
func TestRefreshResponses(t *testing.T) {
	var answer *ssooidc.CreateTokenOutput
	m := &ssooidctest.Mock{CreateTokenFunc: func(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
		return answer, nil
	}}
	s := mockSession(t, m)
	now := time.Now()
	write := func(expires time.Duration) {
		if err := s.cache.WriteToken(testSession, &ssocache.Token{StartURL: testStartURL, Region: "us-east-1", AccessToken: "old",
			ExpiresAt: now.Add(expires), RefreshToken: "rt", ClientID: "id", ClientSecret: "secret",
			RegistrationExpiresAt: now.Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	write(time.Minute)
	answer = &ssooidc.CreateTokenOutput{AccessToken: ptr.String("new"), ExpiresIn: 3600}
	if tok, err := s.Token(context.Background()); err != nil || tok.AccessToken != "new" {
		t.Fatalf("Token = %v, %v", tok, err)
	}
	if f, _ := s.cache.ReadToken(testSession); f.RefreshToken != "rt" {
		t.Errorf("refresh token %q, want the old one kept", f.RefreshToken)
	}

	s = mockSession(t, m)
	write(-time.Minute)
	answer = &ssooidc.CreateTokenOutput{}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "without an accessToken") {
		t.Fatalf("err = %v", err)
	}
}

// Many goroutines share a session while its token is refreshed: one
// refresh, every caller valid (run with -race).
func TestConcurrentToken(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if i == 100 && g == 0 {
					e.clock.Advance(57 * time.Minute)
				}
				tok, err := e.sess.Token(context.Background())
				if err == nil && tok.AccessToken == "" {
					err = errors.New("empty token")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := e.calls.count(refreshes); got != 1 {
		t.Errorf("refresh calls = %d, want 1", got)
	}
}

// Status names the file and key; Logout removes the token file only.
func TestStatusLogout(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	st, err := e.sess.Status(context.Background())
	if err != nil || !st.LoginRequired || st.Key != testSession || st.CacheFile != e.sess.CacheFile() ||
		filepath.Base(st.CacheFile) != "0ad374308c5a4e22f723adf10145eafad7c4031c.json" {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	tok := login(t, e)
	st, err = e.sess.Status(context.Background())
	if err != nil || st.LoginRequired || !st.Refreshable || !st.ExpiresAt.Equal(tok.ExpiresAt) || st.RegistrationExpiresAt.IsZero() ||
		st.StartURL != testStartURL || st.Region != e.srv.Region() {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	if err := e.sess.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(e.sess.CacheFile()); !os.IsNotExist(err) {
		t.Errorf("token file: %v", err)
	}
	if _, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region())); err != nil {
		t.Errorf("registration: %v", err)
	}
	if _, err := e.sess.Token(context.Background()); !errors.Is(err, ErrLoginRequired) {
		t.Errorf("Token after Logout: %v", err)
	}
	if err := e.sess.Logout(context.Background()); err != nil {
		t.Errorf("second Logout: %v", err)
	}
}

// A legacy profile's key is its start URL exactly as configured.
func TestLegacyKey(t *testing.T) {
	s, err := New(Config{StartURL: testStartURL + "/", Region: "us-east-1", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Status(context.Background())
	if st.Key != testStartURL+"/" || s.CacheFile() != (ssocache.Cache{Dir: s.cfg.CacheDir}).TokenPath(testStartURL+"/") {
		t.Errorf("key %q file %q", st.Key, s.CacheFile())
	}
}

// An empty token file (an older CLI writing in place) counts as absent,
// after a second read under the lock.
func TestCorruptFile(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	if err := os.MkdirAll(e.sess.cfg.CacheDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.sess.CacheFile(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := e.sess.Token(context.Background())
	if !errors.Is(err, ErrLoginRequired) || !errors.Is(err, ErrNoToken) || !errors.Is(err, ssocache.ErrCorrupt) {
		t.Fatalf("err = %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	for _, c := range []Config{{Region: "us-east-1"}, {StartURL: testStartURL}, {StartURL: testStartURL, Region: "us-east-1", RefreshWindow: -1}} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) succeeded", c)
		}
	}
	if _, err := NewSession(ssooidc.Config{Profile: "dev", Region: "us-east-1"}); err == nil || !strings.Contains(err.Error(), `"dev"`) {
		t.Errorf("NewSession without SSO settings: %v", err)
	}
	if _, err := NewSession(ssooidc.Config{Profile: "prod", SSOProfile: "dev"}); err == nil || !strings.Contains(err.Error(), `leads to profile "dev"`) {
		t.Errorf("NewSession of a profile whose source_profile has the settings: %v", err)
	}
}

// NewSession sends the calls to sso_region, not the profile's region.
func TestNewSessionRegion(t *testing.T) {
	s, err := NewSession(ssooidc.Config{Region: "eu-west-1", SSO: ssooidc.SSOConfig{SessionName: "x", StartURL: testStartURL, Region: "us-east-2"}},
		func(c *Config) { c.CacheDir = t.TempDir() })
	if err != nil {
		t.Fatal(err)
	}
	if got := s.cfg.Client.(*ssooidc.Client).Options().Region; got != "us-east-2" || s.Region() != "us-east-2" || s.key != "x" {
		t.Errorf("client region %q", got)
	}
	if base, _ := s.authorizeEndpoint(s.Region()); base != "https://oidc.us-east-2.amazonaws.com" {
		t.Errorf("authorize endpoint %q", base)
	}
}

// Token and Status print no secret.
func TestRedaction(t *testing.T) {
	tok := Token{AccessToken: "secret-access-token", ExpiresAt: time.Unix(0, 0)}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(f, tok); strings.Contains(s, "secret-access-token") {
			t.Errorf("%s: %s", f, s)
		}
	}
}

func TestChooseFlow(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		name   string
		o      Options
		legacy bool
		goos   string
		want   Flow
		note   string // a part of the note; "" for none
	}{
		{"desktop linux", Options{Getenv: env("DISPLAY", ":0")}, false, "linux", FlowPKCE, ""},
		{"wayland", Options{Getenv: env("WAYLAND_DISPLAY", "wayland-0")}, false, "linux", FlowPKCE, ""},
		{"container with a display", Options{Getenv: env("DISPLAY", ":1")}, false, "linux", FlowPKCE, ""},
		{"no display", Options{Getenv: env()}, false, "linux", FlowDeviceCode, "no display"},
		{"no display, BROWSER", Options{Getenv: env("BROWSER", "w3m")}, false, "linux", FlowPKCE, ""},
		{"no display, an opener", Options{Getenv: env(), OpenBrowser: func(string) error { return nil }}, false, "linux", FlowPKCE, ""},
		{"mac", Options{Getenv: env()}, false, "darwin", FlowPKCE, ""},
		{"windows", Options{Getenv: env()}, false, "windows", FlowPKCE, ""},
		{"ci", Options{Getenv: env("CI", "true", "DISPLAY", ":99")}, false, "linux", FlowDeviceCode, "CI is set"},
		{"ci false", Options{Getenv: env("CI", "false")}, false, "darwin", FlowPKCE, ""},
		{"ssh", Options{Getenv: env("DISPLAY", ":0", "SSH_CONNECTION", "1.2.3.4 1 5.6.7.8 22")}, false, "linux", FlowDeviceCode, "SSH session"},
		{"ssh tty mac", Options{Getenv: env("SSH_TTY", "/dev/pts/1")}, false, "darwin", FlowDeviceCode, "--paste"},
		{"ssh client", Options{Getenv: env("SSH_CLIENT", "x")}, false, "windows", FlowDeviceCode, "SSH session"},
		{"legacy", Options{Getenv: env("DISPLAY", ":0")}, true, "linux", FlowDeviceCode, "as the AWS CLI does"},
		{"legacy no browser", Options{NoBrowser: true, Getenv: env()}, true, "linux", FlowDeviceCode, "as the AWS CLI does"},
		{"no browser, no display", Options{NoBrowser: true, Getenv: env()}, false, "linux", FlowPKCE, "--paste"},
		{"explicit pkce over ssh", Options{Flow: FlowPKCE, Getenv: env("SSH_TTY", "x")}, false, "linux", FlowPKCE, ""},
		{"explicit device", Options{Flow: FlowDeviceCode, Getenv: env("DISPLAY", ":0")}, false, "linux", FlowDeviceCode, ""},
		{"paste", Options{Paste: true, Getenv: env("SSH_TTY", "x")}, true, "linux", FlowPKCE, ""},
	} {
		headless := ""
		if c.o.OpenBrowser == nil {
			headless = noBrowser(c.o.Getenv, c.goos)
		}
		got, note := chooseFlow(c.o, c.legacy, headless)
		if got != c.want || (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("%s: %v %q, want %v with %q", c.name, got, note, c.want, c.note)
		}
	}
}

// Where no browser can open, a login opens none and says which flow it
// chose, why, and how to choose the other.
func TestHeadlessLogin(t *testing.T) {
	dir := t.TempDir()
	opened := filepath.Join(dir, "opened")
	// A PATH whose xdg-open (and open) would record the call.
	for _, name := range []string{"xdg-open", "open"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\necho \"$1\" >> "+opened+"\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	getenv := func(k string) string { return map[string]string{"PATH": dir}[k] } // no display, no BROWSER
	e := newEnv(t, ssooidctest.Options{AutoApprove: true, AutoApproveDelay: time.Second})
	var out syncBuffer
	if _, err := e.sess.Login(context.Background(), Options{Stdout: &out, Getenv: getenv}); err != nil {
		t.Fatal(err)
	}
	if e.calls.count("StartDeviceAuthorization") != 1 || !strings.HasPrefix(out.String(), "No browser can be opened here (no display") ||
		!strings.Contains(out.String(), "Browser will not be automatically opened") {
		t.Errorf("output:\n%s", out.String())
	}
	// DefaultPrompt alone (as a command wrapping it uses it) opens none either.
	if err := DefaultPrompt(Options{Stdout: &out, Getenv: getenv})(context.Background(), Prompt{Flow: FlowPKCE, AuthorizeURL: "http://x"}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(opened); err == nil {
		t.Errorf("a browser was started: %s", b)
	}
}

// BROWSER is honoured (list of commands, %s or appended URL); when no
// browser opens the login still succeeds with the URL printed.
func TestBrowser(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "BROWSER" {
			return filepath.Join(dir, "missing") + string(os.PathListSeparator) + script + " %s"
		}
		return ""
	}
	var logged []string
	open := browserOpener(getenv, "linux", func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) })
	if err := open("http://127.0.0.1:1/x"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(out)
		if strings.TrimSpace(string(b)) == "http://127.0.0.1:1/x" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the BROWSER command did not get the URL: %q", b)
		}
		time.Sleep(5 * time.Millisecond)
	}

	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	var printed strings.Builder
	o := Options{Flow: FlowDeviceCode, Stdout: &printed, OpenBrowser: func(string) error { return errors.New("no browser") }}
	if _, err := e.sess.Login(context.Background(), o); err != nil {
		t.Fatalf("a browser that does not open failed the login: %v", err)
	}
}

// DefaultPrompt prints the CLI's text and opens the page, except with
// NoBrowser or Paste; a wrapping Prompt gets the same output.
func TestDefaultPrompt(t *testing.T) {
	device := Prompt{Flow: FlowDeviceCode, VerificationURI: "https://device.example/", UserCode: "ABCD-EFGH",
		VerificationURIComplete: "https://device.example/?user_code=ABCD-EFGH"}
	pkce := Prompt{Flow: FlowPKCE, AuthorizeURL: "https://oidc.example/authorize?x=1"}
	for _, c := range []struct {
		name   string
		o      Options
		p      Prompt
		opened string
		shows  []string
	}{
		{"device", Options{}, device, device.VerificationURIComplete, []string{"\n" + device.VerificationURI + "\n", "\n" + device.UserCode + "\n"}},
		{"device no browser", Options{NoBrowser: true}, device, "", []string{"will not be automatically opened", "\n" + device.UserCode + "\n", device.VerificationURIComplete}},
		{"pkce", Options{}, pkce, pkce.AuthorizeURL, []string{"\n" + pkce.AuthorizeURL + "\n", "--use-device-code"}},
		{"pkce no browser", Options{NoBrowser: true}, pkce, "", []string{"\n" + pkce.AuthorizeURL + "\n"}},
		{"paste", Options{Paste: true}, Prompt{Flow: FlowPKCE, AuthorizeURL: pkce.AuthorizeURL, Paste: true}, "", []string{"\n" + pkce.AuthorizeURL + "\n", "paste it here"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			var opened []string
			c.o.Stdout = &out
			c.o.OpenBrowser = func(u string) error { opened = append(opened, u); return nil }
			if err := DefaultPrompt(c.o)(context.Background(), c.p); err != nil {
				t.Fatal(err)
			}
			for _, s := range c.shows {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			if want := []string{c.opened}; c.opened == "" && len(opened) != 0 || c.opened != "" && !slices.Equal(opened, want) {
				t.Errorf("opened %q, want %q", opened, c.opened)
			}
		})
	}
}
