package login

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

var readOnly = Role{AccountID: ssooidctest.DefaultAccountID, RoleName: "ReadOnly"}

const roleCalls = "GetRoleCredentials 200"

// Credentials come from the portal once, are cached where the AWS CLI
// caches them, and are reused while they have more than 15 minutes left,
// without a look at the token.
func TestRoleCredentials(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	c, err := e.sess.RoleCredentials(context.Background(), readOnly)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := e.srv.LookupRoleCredentials(c.AccessKeyID)
	if !ok || info.RoleName != "ReadOnly" || !strings.HasPrefix(c.AccessKeyID, "ASIA") || c.SecretAccessKey == "" ||
		!c.Expiration.Equal(e.clock.Now().Add(time.Hour).Truncate(time.Second)) || c.AccountID != readOnly.AccountID {
		t.Fatalf("credentials %+v (%+v, %v)", c, info, ok)
	}
	cli := ssocache.Cache{Dir: e.sess.cfg.CLICacheDir}
	k := ssocache.RoleKey{AccountID: readOnly.AccountID, RoleName: "ReadOnly", SessionName: testSession}
	if f, err := cli.ReadRole(k); err != nil || f.AccessKeyID != c.AccessKeyID || f.AccountID != readOnly.AccountID {
		t.Fatalf("cache file %+v, %v", f, err)
	}
	// Reused without the token: the token file is gone.
	os.Remove(e.sess.CacheFile())
	e.sess.cur.Store(nil)
	e.clock.Advance(44 * time.Minute) // 16 minutes left
	if c2, err := e.sess.RoleCredentials(context.Background(), readOnly); err != nil || c2 != c {
		t.Fatalf("second call: %v, %v", c2, err)
	}
	if n := e.calls.count(roleCalls); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d, want 1", n)
	}
	// Inside the CLI's 15-minute window: new ones, which need a token.
	// Without one, the cached ones while they are valid, said through Logf.
	e.clock.Advance(2 * time.Minute)
	if c2, err := e.sess.RoleCredentials(context.Background(), readOnly); err != nil || c2 != c ||
		e.logs.count("were not renewed", "login required", "valid until") != 1 {
		t.Fatalf("without a token: %v, %v (logs %q)", c2, err, e.logs.lines)
	}
	e.clock.Advance(14 * time.Minute) // expired
	if _, err := e.sess.RoleCredentials(context.Background(), readOnly); !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("without a token, expired: %v", err)
	}
	login(t, e)
	if c3, err := e.sess.RoleCredentials(context.Background(), readOnly); err != nil || c3.AccessKeyID == c.AccessKeyID {
		t.Fatalf("renewed: %v, %v", c3, err)
	}
	if s := fmt.Sprintf("%v %+v %#v", c, c, c); strings.Contains(s, c.SecretAccessKey) || strings.Contains(s, c.SessionToken) {
		t.Errorf("a secret printed: %s", s)
	}
}

// A role the user does not have: the portal's 403, typed, naming it. A
// token the portal rejects (logged out elsewhere): a login.
func TestRoleCredentialsErrors(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	_, err := e.sess.RoleCredentials(context.Background(), Role{AccountID: readOnly.AccountID, RoleName: "Nope"})
	var forbidden *types.ForbiddenException
	if !errors.As(err, &forbidden) || errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), `"Nope"`) {
		t.Fatalf("err = %v", err)
	}
	if _, err := e.sess.RoleCredentials(context.Background(), Role{AccountID: "1"}); err == nil {
		t.Error("no role name: no error")
	}
	// Logged out by another program: the portal rejects the token.
	tok, _ := e.sess.Token(context.Background())
	if _, err := e.sess.cfg.Portal.Logout(context.Background(), &portal.LogoutInput{AccessToken: &tok.AccessToken}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sess.RoleCredentials(context.Background(), readOnly); !errors.Is(err, ErrLoginRequired) || !errors.As(err, new(*types.UnauthorizedException)) {
		t.Fatalf("err = %v", err)
	}
	// The portal down: not a login's to fix.
	e2 := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e2)
	e2.srv.FailNext(3) // every attempt
	if _, err := e2.sess.RoleCredentials(context.Background(), readOnly); !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrLoginRequired) {
		t.Fatalf("portal down: %v", err)
	}
}

// Logout ends the session at the portal (the token and its refresh token
// stop working), removes the token file and the credentials it cached and
// those of the roles named; the registration stays.
func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	tok, _ := e.sess.Token(context.Background())
	f, _ := e.sess.cache.ReadToken(testSession)
	admin := Role{AccountID: readOnly.AccountID, RoleName: "Admin"}
	for _, r := range []Role{readOnly, admin} {
		if _, err := e.sess.RoleCredentials(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	// Another program's credentials of a role this Session never fetched.
	other := cacheOtherRole(t, e, "Other")
	if err := e.sess.Logout(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.srv.LookupAccessToken(tok.AccessToken); ok {
		t.Error("the portal still accepts the token")
	}
	if _, err := e.sess.cfg.Client.CreateToken(context.Background(), refreshInput(f)); err == nil {
		t.Error("the refresh token still works")
	}
	if files, _ := filepath.Glob(filepath.Join(e.sess.cfg.CLICacheDir, "*.json")); len(files) != 0 {
		t.Errorf("credentials left: %q", files)
	}
	if _, err := os.Stat(e.sess.CacheFile()); !os.IsNotExist(err) {
		t.Errorf("token file: %v", err)
	}
	if _, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region())); err != nil {
		t.Errorf("registration: %v", err)
	}
	// Again, with nothing cached: nothing to do, no error.
	if err := e.sess.Logout(context.Background()); err != nil {
		t.Errorf("second Logout: %v", err)
	}
}

// cacheOtherRole caches credentials of role name in e's CLI cache as another program
// would, and returns the role.
func cacheOtherRole(t *testing.T, e *env, name string) Role {
	t.Helper()
	r := Role{AccountID: readOnly.AccountID, RoleName: name}
	err := ssocache.Cache{Dir: e.sess.cfg.CLICacheDir}.WriteRole(e.sess.roleKey(r),
		&ssocache.RoleCredentials{AccessKeyID: "ASIAOTHER", SecretAccessKey: "s", Expiration: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The portal unreachable: the files go all the same, and the error says
// the token stays valid on the server, until when.
func TestLogoutPortalDown(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	tok := login(t, e)
	e.srv.FailNext(3) // every attempt
	err := e.sess.Logout(context.Background())
	if !errors.Is(err, ErrLogoutIncomplete) || !strings.Contains(err.Error(), tok.ExpiresAt.Format(time.RFC3339)) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(e.sess.CacheFile()); !os.IsNotExist(err) {
		t.Errorf("token file: %v", err)
	}
	// A token the portal no longer knows (logged out elsewhere) is no
	// failure.
	tok = login(t, e)
	if _, err := e.sess.cfg.Portal.Logout(context.Background(), &portal.LogoutInput{AccessToken: &tok.AccessToken}); err != nil {
		t.Fatal(err)
	}
	if err := e.sess.Logout(context.Background()); err != nil {
		t.Errorf("unknown token: %v", err)
	}
	// An expired token is not sent.
	login(t, e)
	e.clock.Advance(2 * time.Hour)
	e.srv.FailNext(10)
	if err := e.sess.Logout(context.Background()); err != nil {
		t.Errorf("expired token: %v", err)
	}
}

// LogoutAll is aws sso logout: every cached token, each at its Region's
// portal, and every SSO credentials file.
func TestLogoutAll(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	if _, err := e.sess.RoleCredentials(context.Background(), readOnly); err != nil {
		t.Fatal(err)
	}
	e2 := newEnv(t, ssooidctest.Options{AutoApprove: true, Region: "eu-west-1"}, func(c *Config) {
		c.SessionName, c.CacheDir, c.CLICacheDir = "other", e.sess.cfg.CacheDir, e.sess.cfg.CLICacheDir
	})
	login(t, e2)
	t1, _ := e.sess.Token(context.Background())
	t2, _ := e2.sess.Token(context.Background())
	portals := map[string]portal.API{e.srv.Region(): e.sess.cfg.Portal, e2.srv.Region(): e2.sess.cfg.Portal}
	removed, err := LogoutAll(context.Background(), LogoutAllConfig{
		CacheDir: e.sess.cfg.CacheDir, CLICacheDir: e.sess.cfg.CLICacheDir, Now: e.clock.Now,
		Portal: func(region string) portal.API { return portals[region] },
	})
	if err != nil || len(removed) != 2 {
		t.Fatalf("removed %q, %v", removed, err)
	}
	for _, c := range []struct {
		srv *ssooidctest.Server
		tok Token
	}{{e.srv, t1}, {e2.srv, t2}} {
		if _, ok := c.srv.LookupAccessToken(c.tok.AccessToken); ok {
			t.Errorf("%s: the token still works", c.srv.Region())
		}
	}
	if files, _ := filepath.Glob(filepath.Join(e.sess.cfg.CLICacheDir, "*.json")); len(files) != 0 {
		t.Errorf("credentials left: %q", files)
	}
	if _, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region())); err != nil {
		t.Errorf("registration: %v", err)
	}
}

// The credentials provider signs with the role's credentials.
func TestCredentialsProvider(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	login(t, e)
	c, err := e.sess.CredentialsProvider(readOnly).Retrieve(context.Background())
	if err != nil || !strings.HasPrefix(c.AccessKeyID, "ASIA") || !c.CanExpire || c.Expires.IsZero() || !strings.Contains(c.Source, "ReadOnly") {
		t.Fatalf("Retrieve = %+v, %v", c, err)
	}
}

// The AWS CLI's cache both ways: credentials botocore's fetcher cached are
// used without a portal call, and botocore uses ours without one.
func TestBotocoreRoleCache(t *testing.T) {
	if exec.Command("python3", "-c", "import botocore").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with botocore not installed: CI must check the cache against botocore")
		}
		t.Skip("python3 with botocore not installed")
	}
	script, _ := filepath.Abs("../internal/ssocache/testdata/botocore_role.py")
	s, err := New(Config{SessionName: "my-sso", StartURL: "https://my-sso-portal.awsapps.com/start", Region: "us-east-1",
		Client: deviceMock(), Portal: &failingPortal{t: t}, CacheDir: t.TempDir(), CLICacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("python3", script, "write", s.cfg.CLICacheDir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	c, err := s.RoleCredentials(context.Background(), Role{AccountID: "111111111111", RoleName: "ReadOnly"})
	if err != nil || c.AccessKeyID != "ASIASESSION" {
		t.Fatalf("botocore's credentials: %+v, %v", c, err)
	}
	// Ours: rewritten by us from what botocore wrote, read by botocore.
	ours := t.TempDir()
	k := s.roleKey(Role{AccountID: "111111111111", RoleName: "ReadOnly"})
	f, _ := s.cli.ReadRole(k)
	f.AccessKeyID = "ASIAOURS"
	if err := (ssocache.Cache{Dir: ours}).WriteRole(k, f); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("python3", script, "read", ours, "session").CombinedOutput()
	if !strings.Contains(string(out), "session ASIAOURS") {
		t.Errorf("botocore did not use our file: %s", out)
	}
}

// failingPortal fails the test when called.
type failingPortal struct {
	portal.API
	t *testing.T
}

func (p *failingPortal) GetRoleCredentials(context.Context, *portal.GetRoleCredentialsInput, ...func(*portal.Options)) (*portal.GetRoleCredentialsOutput, error) {
	p.t.Error("a GetRoleCredentials call")
	return nil, errors.New("no call expected")
}

// refreshInput is the refresh of the token file f.
func refreshInput(f *ssocache.Token) *ssooidc.CreateTokenInput {
	return &ssooidc.CreateTokenInput{ClientId: &f.ClientID, ClientSecret: &f.ClientSecret,
		GrantType: ptr.String(ssooidc.GrantTypeRefreshToken), RefreshToken: &f.RefreshToken}
}
