package interop_test

// aws-sdk-go-v2 and this SDK's login package share one token file: go-v2's
// SSOTokenProvider reads and refreshes what a login of this SDK wrote, and
// login.Session reads and refreshes what go-v2 rewrote, keeping what it
// does not know. go-v2 refreshes only once the token has expired, on the
// real clock (its clock cannot be replaced from outside its module), so the
// tests move the emulator's and this SDK's clock instead.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/smithy-go/auth/bearer"

	ours "github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const (
	ssoSession  = "my-sso"
	ssoStartURL = "https://my-sso-portal.awsapps.com/start"
)

// shiftClock is the real clock moved by an offset: go-v2 runs on the real
// clock, the emulator and the login sessions on this one.
type shiftClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *shiftClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *shiftClock) Set(offset time.Duration) {
	c.mu.Lock()
	c.offset = offset
	c.mu.Unlock()
}

// requestLog keeps the emulator's log lines, one per API request.
type requestLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *requestLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

// refreshes counts the successful refresh_token grants.
func (l *requestLog) refreshes() int { return l.count("CreateToken 200", "grant=refresh_token") }

// count is the number of requests whose log line has all the parts.
func (l *requestLog) count(parts ...string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
next:
	for _, line := range l.lines {
		for _, p := range parts {
			if !strings.Contains(line, p) {
				continue next
			}
		}
		n++
	}
	return n
}

// world is an emulator on a shifted clock and a cache folder.
type world struct {
	srv *ssooidctest.Server
	clk *shiftClock
	log *requestLog
	dir string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{clk: &shiftClock{}, log: &requestLog{}, dir: t.TempDir()}
	w.srv = start(t, ssooidctest.Options{AutoApprove: true, Now: w.clk.Now, Logf: w.log.logf})
	return w
}

// session is a login.Session of the test sso-session in w's cache, as a
// process of this SDK would make it.
func (w *world) session(t *testing.T) *login.Session {
	t.Helper()
	s, err := login.New(login.Config{
		SessionName: ssoSession,
		StartURL:    ssoStartURL,
		Region:      w.srv.Region(),
		Scopes:      []string{"sso:account:access"},
		Client:      w.srv.Client(),
		CacheDir:    w.dir,
		Now:         w.clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// goV2 is the token provider go-v2's config.LoadDefaultConfig makes for an
// sso-session: SSOTokenProvider on the cache file, in a TokenCache that
// refreshes 5 minutes early. Each call makes a new one, as a new process
// would; its first RetrieveBearerToken reads the file synchronously.
func (w *world) goV2(t *testing.T, path string) bearer.TokenProvider {
	t.Helper()
	p := ssocreds.NewSSOTokenProvider(official(t, w.srv, "", "", ""), path)
	return bearer.NewTokenCache(p, func(o *bearer.TokenCacheOptions) {
		o.RefreshBeforeExpires = 5 * time.Minute
		o.RetrieveBearerTokenTimeout = 30 * time.Second
	})
}

// deviceLogin logs the session in with the device code flow; the emulator
// approves at once.
func deviceLogin(t *testing.T, s *login.Session) login.Token {
	t.Helper()
	tok, err := s.Login(t.Context(), login.Options{
		Flow:   login.FlowDeviceCode,
		Prompt: func(context.Context, login.Prompt) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// readMembers decodes a token file into its members.
func readMembers(t *testing.T, path string) (map[string]any, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m, b
}

// go-v2 reads the token a login of this SDK cached, and once it has
// expired refreshes it with the registration and refresh token the login
// wrote; this SDK then reads the file go-v2 rewrote.
func TestGoV2UsesOurLogin(t *testing.T) {
	for _, tc := range []struct {
		name    string
		loginAt time.Duration // when the login happened, from now
		refresh bool          // whether go-v2 must refresh
	}{
		{"fresh", 0, false},
		// 2 minutes left: inside go-v2's (and our) 5-minute window, but
		// SSOTokenProvider refreshes only an expired token, so go-v2 uses it.
		{"expiring", -58 * time.Minute, false},
		{"expired", -2 * time.Hour, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.clk.Set(tc.loginAt)
			sess := w.session(t)
			ourTok := deviceLogin(t, sess)
			path := sess.CacheFile()
			written, _ := readMembers(t, path)
			for _, k := range []string{"clientId", "clientSecret", "refreshToken", "registrationExpiresAt"} {
				if _, ok := written[k].(string); !ok {
					t.Fatalf("the login wrote no %s", k)
				}
			}

			got, err := w.goV2(t, path).RetrieveBearerToken(t.Context())
			if err != nil {
				t.Fatalf("go-v2 cannot use our login: %v", err)
			}
			if n := w.log.refreshes(); n != btoi(tc.refresh) {
				t.Fatalf("go-v2 made %d refreshes, want %d", n, btoi(tc.refresh))
			}
			if !tc.refresh {
				if got.Value != ourTok.AccessToken || !got.Expires.Equal(ourTok.ExpiresAt) || !got.CanExpire {
					t.Fatalf("go-v2 read another token (expires %v, ours %v)", got.Expires, ourTok.ExpiresAt)
				}
				return
			}

			// go-v2 refreshed: a token the emulator issued to our client.
			info, ok := w.srv.LookupAccessToken(got.Value)
			if got.Value == ourTok.AccessToken || !ok || info.ClientID != written["clientId"] {
				t.Fatalf("go-v2's refreshed token is not a new token of our client: %+v %v", info, ok)
			}
			if d := time.Until(got.Expires); d < 59*time.Minute || d > time.Hour {
				t.Fatalf("go-v2's refreshed token expires in %v", d)
			}
			rewritten, raw := readMembers(t, path)
			if !bytes.HasPrefix(raw, []byte(`{"accessToken":"`)) {
				t.Fatalf("the file is not go-v2's rewrite: %.20q", raw)
			}
			// go-v2 keeps the members it does not know.
			for _, k := range []string{"startUrl", "region", "registrationExpiresAt", "clientId", "clientSecret"} {
				if rewritten[k] != written[k] {
					t.Errorf("go-v2's rewrite changed %s", k)
				}
			}

			// This SDK, in another process, uses go-v2's token.
			w.clk.Set(0)
			again := w.session(t)
			tok, err := again.Token(t.Context())
			if err != nil {
				t.Fatalf("we cannot read go-v2's rewrite: %v", err)
			}
			if tok.AccessToken != got.Value || !tok.ExpiresAt.Equal(got.Expires.UTC().Truncate(time.Second)) {
				t.Fatalf("we read another token than go-v2 wrote (expires %v, go-v2 %v)", tok.ExpiresAt, got.Expires)
			}
			st, err := again.Status(t.Context())
			if err != nil || !st.Refreshable || st.RegistrationExpiresAt.Format(time.RFC3339) != written["registrationExpiresAt"] {
				t.Fatalf("status after go-v2's rewrite: %+v %v", st, err)
			}
			if n := w.log.refreshes(); n != 1 {
				t.Fatalf("%d refreshes, want go-v2's one", n)
			}
		})
	}
}

// This SDK reads a token file go-v2 wrote in its own way (compact JSON,
// sorted members, unknown members kept), refreshes it inside its refresh
// window keeping what it does not know, and go-v2 reads the result.
func TestWeUseGoV2sFile(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()

	// A device login two hours ago with go-v2's client, cached with the
	// AWS CLI's members and one of another tool.
	w.clk.Set(-2 * time.Hour)
	svc := official(t, w.srv, "", "", "")
	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-my-sso"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"},
	})
	if err != nil {
		t.Fatal(err)
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(ssoStartURL),
	})
	if err != nil {
		t.Fatal(err)
	}
	first, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String(deviceGrant), DeviceCode: dev.DeviceCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	now := w.clk.Now().UTC()
	extra := map[string]any{"tool": "other", "n": []any{1.0, 2.5, true, nil}}
	seed := map[string]any{
		"startUrl":              ssoStartURL,
		"region":                w.srv.Region(),
		"accessToken":           *first.AccessToken,
		"expiresAt":             now.Add(time.Duration(first.ExpiresIn) * time.Second).Format("2006-01-02T15:04:05Z"),
		"clientId":              *reg.ClientId,
		"clientSecret":          *reg.ClientSecret,
		"registrationExpiresAt": time.Unix(reg.ClientSecretExpiresAt, 0).UTC().Format("2006-01-02T15:04:05Z"),
		"refreshToken":          *first.RefreshToken,
		"x-other-tool":          extra,
	}
	sess := w.session(t)
	path := sess.CacheFile()
	b, _ := json.Marshal(seed)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	// go-v2 refreshes the expired token and rewrites the file its own way.
	w.clk.Set(0)
	v2, err := w.goV2(t, path).RetrieveBearerToken(ctx)
	if err != nil || w.log.refreshes() != 1 {
		t.Fatalf("go-v2 did not refresh (%d refreshes): %v", w.log.refreshes(), err)
	}
	byV2, raw := readMembers(t, path)
	if !bytes.HasPrefix(raw, []byte(`{"accessToken":"`)) || !bytes.HasSuffix(raw, []byte("}\n")) || byV2["accessToken"] != v2.Value {
		t.Fatalf("the file is not go-v2's rewrite: %.20q", raw)
	}

	// This SDK reads go-v2's file: its token, no refresh.
	tok, err := sess.Token(ctx)
	if err != nil || tok.AccessToken != v2.Value || w.log.refreshes() != 1 {
		t.Fatalf("we did not read go-v2's token (%d refreshes): %v", w.log.refreshes(), err)
	}

	// 3 minutes before go-v2's token expires: inside our window.
	w.clk.Set(57 * time.Minute)
	tok, err = w.session(t).Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w.log.refreshes() != 2 || tok.AccessToken == v2.Value {
		t.Fatalf("we did not refresh go-v2's token (%d refreshes)", w.log.refreshes())
	}
	byUs, raw := readMembers(t, path)
	if !bytes.HasPrefix(raw, []byte(`{"startUrl": "`)) {
		t.Fatalf("the file is not our rewrite: %.20q", raw)
	}
	if byUs["accessToken"] != tok.AccessToken || byUs["refreshToken"] == byV2["refreshToken"] {
		t.Fatal("our rewrite lacks the new access token or the rotated refresh token")
	}
	for _, k := range []string{"startUrl", "region", "clientId", "clientSecret", "registrationExpiresAt", "x-other-tool"} {
		if !reflect.DeepEqual(byUs[k], seed[k]) {
			t.Errorf("%s: ours %v, seeded %v", k, byUs[k], seed[k])
		}
	}

	// go-v2, in another process, reads our rewrite.
	again, err := w.goV2(t, path).RetrieveBearerToken(ctx)
	if err != nil || again.Value != tok.AccessToken || !again.Expires.Equal(tok.ExpiresAt) {
		t.Fatalf("go-v2 did not read our rewrite: %v", err)
	}
	if w.log.refreshes() != 2 {
		t.Fatalf("%d refreshes, want 2", w.log.refreshes())
	}
}

// A go-v2 program running beside this SDK gets the token this SDK
// refreshed before its own expires: go-v2's TokenCache reads the file
// again inside its 5-minute window (SSOTokenProvider itself would call the
// service only after expiry).
func TestGoV2PicksUpOurRefresh(t *testing.T) {
	w := newWorld(t)
	w.clk.Set(-58 * time.Minute) // 2 minutes left
	sess := w.session(t)
	old := deviceLogin(t, sess)
	v2 := w.goV2(t, sess.CacheFile())
	if got, err := v2.RetrieveBearerToken(t.Context()); err != nil || got.Value != old.AccessToken {
		t.Fatalf("go-v2 did not read our token: %v", err)
	}

	w.clk.Set(0)
	tok, err := sess.Token(t.Context())
	if err != nil || tok.AccessToken == old.AccessToken || w.log.refreshes() != 1 {
		t.Fatalf("we did not refresh (%d refreshes): %v", w.log.refreshes(), err)
	}
	// The cache returns its token and reads the file in the background;
	// a later call has the new token.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		got, err := v2.RetrieveBearerToken(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got.Value == tok.AccessToken {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("go-v2 kept its old token")
		}
	}
	if n := w.log.refreshes(); n != 1 {
		t.Fatalf("%d refreshes: go-v2 called the service too", n)
	}
}

// The cache file of a session is the one go-v2 reads: the sha1 of the
// sso-session name, or for a legacy profile of the start URL as configured.
func TestCacheFileIsGoV2s(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // Windows
	for _, c := range []login.Config{
		{SessionName: ssoSession, StartURL: ssoStartURL},
		{SessionName: "my sso", StartURL: ssoStartURL},
		{StartURL: ssoStartURL},
		{StartURL: ssoStartURL + "/"},
		{StartURL: ssoStartURL + "#"},
	} {
		c.Region = "us-east-1"
		s, err := login.New(c)
		if err != nil {
			t.Fatal(err)
		}
		// The key as configured, not ours: a key we derived wrongly would
		// otherwise pass on both sides.
		key := c.SessionName
		if key == "" {
			key = c.StartURL
		}
		want, err := ssocreds.StandardCachedTokenFilepath(key)
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.Status(context.Background())
		if err != nil || s.CacheFile() != want || st.Key != key || !strings.HasPrefix(want, home) {
			t.Errorf("key %q: ours %s (key %q, %v), go-v2 %s", key, s.CacheFile(), st.Key, err, want)
		}
	}
	// The example, so a wrong key on both sides would still fail.
	s, err := login.New(login.Config{SessionName: ssoSession, StartURL: ssoStartURL, Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Base(s.CacheFile()); got != "0ad374308c5a4e22f723adf10145eafad7c4031c.json" {
		t.Errorf("sha1(my-sso): %s", got)
	}
}

// The whole setup of a user of both SDKs: one ~/.aws/config. This SDK
// logs in for the profile; go-v2's LoadDefaultConfig finds the token by
// itself, and after it expires refreshes it against the endpoint the
// configuration names.
func TestGoV2ConfigUsesOurLogin(t *testing.T) {
	w := newWorld(t)
	home := t.TempDir()
	config := filepath.Join(home, ".aws", "config")
	if err := os.MkdirAll(filepath.Dir(config), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("[profile dev]\nsso_session = "+ssoSession+"\nregion = "+w.srv.Region()+
		"\n\n[sso-session "+ssoSession+"]\nsso_start_url = "+ssoStartURL+"\nsso_region = "+w.srv.Region()+
		"\nsso_registration_scopes = sso:account:access\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"HOME": home, "USERPROFILE": home, "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "none"),
		"AWS_PROFILE": "dev", "AWS_ENDPOINT_URL_SSO_OIDC": w.srv.URL, "AWS_ENDPOINT_URL": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": "",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v) // restored after the test
		if v == "" {
			os.Unsetenv(k)
		}
	}
	ctx := t.Context()

	cfg, err := ours.LoadConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.clk.Set(-2 * time.Hour)
	sess, err := login.NewSession(cfg, func(c *login.Config) { c.Client = w.srv.Client(); c.Now = w.clk.Now })
	if err != nil {
		t.Fatal(err)
	}
	ourTok := deviceLogin(t, sess)
	w.clk.Set(0)

	v2cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v2cfg.BearerAuthTokenProvider == nil {
		t.Fatal("go-v2 found no sso-session in the profile")
	}
	got, err := v2cfg.BearerAuthTokenProvider.RetrieveBearerToken(ctx)
	if err != nil {
		t.Fatalf("go-v2: %v", err)
	}
	if got.Value == ourTok.AccessToken || w.log.refreshes() != 1 {
		t.Fatalf("go-v2 did not refresh our expired token (%d refreshes)", w.log.refreshes())
	}
	tok, err := sess.Token(ctx)
	if err != nil || tok.AccessToken != got.Value {
		t.Fatalf("we did not read go-v2's refreshed token: %v", err)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
