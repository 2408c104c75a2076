package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// stalled is an endpoint that accepts connections and never answers.
func stalled(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	return "http://" + ln.Addr().String()
}

// refused is an endpoint that refuses connections.
func refused(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	return "http://" + ln.Addr().String()
}

// A valid token and a service that never answers: the cached token after
// a few seconds, exit 0, one line on stderr saying why.
func TestTokenStalledService(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	w.cachedToken(2 * time.Minute)
	start := time.Now()
	r := w.run([]string{"AWS_ENDPOINT_URL_SSO_OIDC=" + stalled(t)}, "token", "--profile", "dev")
	took := time.Since(start)
	r.want(t, 0)
	if r.stdout != "cached-token\n" || !strings.Contains(r.stderr, "not refreshed within 3s") {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	oneLineErr(t, r)
	t.Logf("took %v", took)
}

// An expired token and no network: exit 1 saying a retry will do, not 3
// (a login would fail the same way).
func TestTokenOffline(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	w.cachedToken(-time.Minute)
	refused := refused(t)
	r := w.run([]string{"AWS_ENDPOINT_URL_SSO_OIDC=" + refused}, "token", "--profile", "dev")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "connection refused") || !strings.Contains(r.stderr, "try again later") || strings.Contains(r.stderr, "log in again") {
		t.Errorf("stderr %q", r.stderr)
	}
	oneLineErr(t, r)
	// The script in the README logs in only on 3.
	r = w.run([]string{"AWS_ENDPOINT_URL_SSO_OIDC=" + refused}, "status", "--profile", "dev")
	r.want(t, 0)
	if strings.Contains(r.stdout, "login required") {
		t.Errorf("status says a login is required:\n%s", r.stdout)
	}
}

// An expired token while another process logs in: exit 3 at once, naming
// that login.
func TestTokenWhileAnotherLogsIn(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	w.cachedToken(-time.Minute)
	unlock, err := w.cache().Lock(context.Background(), "my-sso", "login", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r := w.run(nil, "token", "--profile", "dev")
	r.want(t, 3)
	if !strings.Contains(r.stderr, "another login") || !strings.Contains(r.stderr, fmt.Sprint(os.Getpid())) {
		t.Errorf("stderr %q", r.stderr)
	}
	oneLineErr(t, r)
	// With a valid token: that token, at once.
	w.cachedToken(2 * time.Minute)
	r = w.run(nil, "token", "--profile", "dev")
	r.want(t, 0)
	if r.stdout != "cached-token\n" {
		t.Errorf("stdout %q", r.stdout)
	}
}

// The portal unreachable: logout removes the files all the same and exits
// 1, saying the token stays valid on the server and until when.
func TestLogoutPortalDown(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	tok := w.token()
	w.credentials("--profile", "dev")
	r := w.run([]string{"AWS_ENDPOINT_URL_SSO=" + refused(t)}, "logout", "--profile", "dev")
	r.want(t, 1)
	oneLineErr(t, r)
	if !strings.Contains(r.stderr, "profile dev: removed "+w.cache().TokenPath("my-sso")) || !strings.Contains(r.stderr, "connection refused") ||
		!strings.Contains(r.stderr, "the token stays valid on the server until "+tok.ExpiresAt.Format(time.RFC3339)) || strings.Contains(r.stderr, tok.AccessToken) {
		t.Errorf("stderr %q", r.stderr)
	}
	if _, ok := w.srv.LookupAccessToken(tok.AccessToken); !ok {
		t.Error("the token was logged out: the test did not cut the portal off")
	}
	if f := w.tokenFiles(); len(f) != 0 {
		t.Errorf("token files left: %v", f)
	}
	if f := w.roleFiles(); len(f) != 0 {
		t.Errorf("role credentials left: %q", f)
	}

	// --all, likewise.
	w.loggedIn()
	r = w.run([]string{"AWS_ENDPOINT_URL_SSO=" + refused(t)}, "logout", "--all")
	r.want(t, 1)
	oneLineErr(t, r)
	if !strings.Contains(r.stderr, "ssooidc: removed 1 cached tokens and every cached SSO role credentials file, but ") ||
		!strings.Contains(r.stderr, "stays valid on the server until") {
		t.Errorf("stderr %q", r.stderr)
	}
	if f := w.tokenFiles(); len(f) != 0 {
		t.Errorf("token files left: %v", f)
	}
}

// A portal that never answers: credentials, accounts and logout end
// within their deadline, exit 1, and say so; nothing hangs a
// credential_process. Logout removes the files all the same.
func TestPortalStalled(t *testing.T) {
	t.Parallel() // the deadline is 30 seconds: wait beside the other parallel tests
	env := []string{"AWS_ENDPOINT_URL_SSO=" + stalled(t)}
	out := newWorld(t, approving) // logged out while the others run
	out.loggedIn()
	logout := make(chan result)
	go func() { logout <- out.run(env, "logout", "--profile", "dev") }()
	w := newWorld(t, approving)
	w.loggedIn()
	for _, r := range w.runAtOnce(env, []string{"credentials", "--profile", "dev"}, []string{"accounts", "--profile", "dev"}) {
		r.want(t, 1)
		oneLineErr(t, r)
		if !strings.Contains(r.stderr, "the IAM Identity Center portal did not answer within 30s; try again later") {
			t.Errorf("stderr %q", r.stderr)
		}
	}
	r := <-logout
	r.want(t, 1)
	oneLineErr(t, r)
	if !strings.Contains(r.stderr, "context deadline exceeded") || !strings.Contains(r.stderr, "the token stays valid on the server until") {
		t.Errorf("logout: stderr %q", r.stderr)
	}
	if f := out.tokenFiles(); len(f) != 0 {
		t.Errorf("token files left: %v", f)
	}
}
