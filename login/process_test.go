package login

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// The helper process: run by the tests below as the test binary with
// LOGIN_HELPER set, it gets a token of the session in LOGIN_CACHE from
// the emulator at LOGIN_ENDPOINT (logging in with the device code flow
// when LOGIN_HELPER is "login") and prints it.
func TestMain(m *testing.M) {
	if mode := os.Getenv("LOGIN_HELPER"); mode != "" {
		os.Exit(helper(mode))
	}
	os.Exit(m.Run())
}

func helper(mode string) int {
	endpoint := os.Getenv("LOGIN_ENDPOINT")
	s, err := New(Config{
		SessionName: testSession, StartURL: testStartURL, Region: ssooidctest.DefaultRegion, Scopes: testScopes,
		Client:      ssooidc.New(ssooidc.Options{Region: ssooidctest.DefaultRegion, BaseEndpoint: &endpoint}),
		Portal:      portal.New(portal.Options{Region: ssooidctest.DefaultRegion, BaseEndpoint: &endpoint}),
		CacheDir:    os.Getenv("LOGIN_CACHE"),
		CLICacheDir: filepath.Join(os.Getenv("LOGIN_CACHE"), "cli"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if mode == "creds" {
		c, err := s.RoleCredentials(ctx, readOnly)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(c.AccessKeyID)
		return 0
	}
	tok, err := s.Token(ctx)
	if mode == "login" && errors.Is(err, ErrLoginRequired) {
		tok, err = s.Login(ctx, Options{Flow: FlowDeviceCode, Prompt: func(context.Context, Prompt) error { return nil }})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(tok.AccessToken)
	return 0
}

// runHelpers starts n helper processes at once and returns what each
// printed.
func runHelpers(t *testing.T, n int, mode, endpoint, cache string) []string {
	t.Helper()
	var wg sync.WaitGroup
	out := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "LOGIN_HELPER="+mode, "LOGIN_ENDPOINT="+endpoint, "LOGIN_CACHE="+cache)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Errorf("helper %d: %v: %s", i, err, stderr.String())
			}
			out[i] = strings.TrimSpace(stdout.String())
		}()
	}
	wg.Wait()
	return out
}

// Eight processes find the same token inside its refresh window: one
// refresh call, and all eight get the new token.
func TestProcessesRefreshOnce(t *testing.T) {
	c := &calls{}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, Logf: c.logf})
	defer srv.Close()
	dir := t.TempDir()
	endpoint := srv.URL
	s, err := New(Config{SessionName: testSession, StartURL: testStartURL, Region: srv.Region(), Scopes: testScopes,
		Client: ssooidc.New(ssooidc.Options{Region: srv.Region(), BaseEndpoint: &endpoint}), CacheDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.Login(context.Background(), deviceOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Two minutes left: inside the refresh window of every process.
	f, err := s.cache.ReadToken(testSession)
	if err != nil {
		t.Fatal(err)
	}
	f.ExpiresAt = time.Now().Add(2 * time.Minute).UTC().Truncate(time.Second)
	if err := s.cache.WriteToken(testSession, f); err != nil {
		t.Fatal(err)
	}

	got := runHelpers(t, 8, "token", srv.URL, dir)
	if n := c.count(refreshes); n != 1 {
		t.Errorf("refresh calls = %d, want 1", n)
	}
	for i, tok := range got {
		if tok == "" || tok == old.AccessToken || tok != got[0] {
			t.Errorf("process %d printed a different or the old token", i)
		}
	}
	if f, _ := s.cache.ReadToken(testSession); f == nil || f.AccessToken != got[0] {
		t.Error("the cache does not hold the new token")
	}
}

// Eight processes need the same role's credentials at once: one
// GetRoleCredentials call, and all eight get its credentials.
func TestProcessesFetchCredentialsOnce(t *testing.T) {
	c := &calls{}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, Logf: c.logf})
	defer srv.Close()
	dir := t.TempDir()
	runHelpers(t, 1, "login", srv.URL, dir)
	got := runHelpers(t, 8, "creds", srv.URL, dir)
	if n := c.count(roleCalls); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d, want 1", n)
	}
	for i, key := range got {
		if !strings.HasPrefix(key, "ASIA") || key != got[0] {
			t.Errorf("process %d printed %q, process 0 %q", i, key, got[0])
		}
	}
}

// Processes that all need a login join one login.
func TestProcessesJoinLogin(t *testing.T) {
	c := &calls{}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 300 * time.Millisecond, Logf: c.logf})
	defer srv.Close()
	got := runHelpers(t, 3, "login", srv.URL, t.TempDir())
	if n := c.count("StartDeviceAuthorization"); n != 1 {
		t.Errorf("device authorizations = %d, want 1", n)
	}
	if n := c.count("RegisterClient"); n != 1 {
		t.Errorf("registrations = %d, want 1", n)
	}
	for i, tok := range got {
		if tok == "" || tok != got[0] {
			t.Errorf("process %d printed another token", i)
		}
	}
}
