package login

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// A device code login: a new registration cached under the AWS CLI's name
// (no grantTypes, as the CLI writes it), one immediate CreateToken before
// the prompt, polls at the service's interval, the token cached and served
// from memory afterwards.
func TestDeviceLogin(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 3 * time.Second, Interval: time.Second})
	var prompts []Prompt
	o := deviceOptions()
	o.Prompt = func(_ context.Context, p Prompt) error {
		prompts = append(prompts, p)
		if e.calls.count("CreateToken") != 1 {
			t.Errorf("prompt after %d CreateToken calls, want 1 (the immediate attempt)", e.calls.count("CreateToken"))
		}
		return nil
	}
	if _, err := e.sess.Token(context.Background()); !errors.Is(err, ErrLoginRequired) || !errors.Is(err, ErrNoToken) {
		t.Fatalf("Token before login: %v, want ErrLoginRequired and ErrNoToken", err)
	}
	tok, err := e.sess.Login(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(prompts) != 1 || prompts[0].UserCode == "" || prompts[0].VerificationURI == "" || prompts[0].VerificationURIComplete == "" || prompts[0].Flow != FlowDeviceCode {
		t.Fatalf("prompts = %+v", prompts)
	}
	for _, d := range e.sleeps {
		if d != time.Second {
			t.Errorf("poll waits %v, want the service's interval 1s", e.sleeps)
			break
		}
	}
	if got := e.calls.count("StartDeviceAuthorization 200"); got != 1 {
		t.Errorf("StartDeviceAuthorization calls = %d", got)
	}
	if info, ok := e.srv.LookupAccessToken(tok.AccessToken); !ok || info.Subject == "" {
		t.Fatalf("the emulator does not know the token: %+v", info)
	}
	if want := e.clock.Now().Add(time.Hour).Truncate(time.Second); !tok.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", tok.ExpiresAt, want)
	}

	ft, err := e.sess.cache.ReadToken(testSession)
	if err != nil {
		t.Fatal(err)
	}
	if ft.AccessToken != tok.AccessToken || ft.RefreshToken == "" || ft.ClientID == "" || ft.StartURL != testStartURL ||
		ft.Region != e.srv.Region() || ft.RegistrationExpiresAt.IsZero() {
		t.Errorf("cached token %+v", ft)
	}
	reg, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region()))
	if err != nil {
		t.Fatal(err)
	}
	if reg.GrantTypes != nil || reg.ClientID != ft.ClientID {
		t.Errorf("shared registration %+v, want the CLI's shape (no grantTypes) and the token's client", reg)
	}

	n := len(e.calls.lines)
	got, err := e.sess.Token(context.Background())
	if err != nil || got != tok {
		t.Fatalf("Token = %v, %v; want the login's token", got, err)
	}
	if len(e.calls.lines) != n {
		t.Errorf("Token of a fresh token called the service")
	}
}

// A second device login reuses the cached registration.
func TestDeviceLoginReusesRegistration(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	for range 2 {
		if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.calls.count("RegisterClient 200"); got != 1 {
		t.Errorf("RegisterClient calls = %d, want 1", got)
	}
	// A registration with 15 minutes or less left is replaced.
	e.clock.Advance(ssooidctest.DefaultClientTTL - 10*time.Minute)
	if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count("RegisterClient 200"); got != 2 {
		t.Errorf("RegisterClient calls = %d, want 2", got)
	}
}

// SlowDown adds 5 s to the interval, for every SlowDown (RFC 8628 3.5).
func TestDeviceSlowDown(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{Interval: 2 * time.Second})
	early := 2
	e.sess.sleep = func(ctx context.Context, d time.Duration) error {
		e.sleeps = append(e.sleeps, d)
		if early > 0 { // poll too early: the emulator answers SlowDown
			early--
			e.clock.Advance(time.Second)
			return nil
		}
		e.clock.Advance(d)
		if len(e.sleeps) == 4 {
			codes := e.srv.PendingUserCodes()
			if len(codes) != 1 {
				t.Fatalf("pending user codes %v", codes)
			}
			if err := e.srv.Approve(codes[0]); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}
	if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{2 * time.Second, 7 * time.Second, 12 * time.Second, 12 * time.Second}
	if len(e.sleeps) != len(want) {
		t.Fatalf("waits %v, want %v", e.sleeps, want)
	}
	for i := range want {
		if e.sleeps[i] != want[i] {
			t.Fatalf("waits %v, want %v", e.sleeps, want)
		}
	}
	if got := e.calls.count("SlowDownException"); got != 2 {
		t.Errorf("SlowDown answers = %d, want 2", got)
	}
}

// The user denies: ErrDenied, with the service's AccessDeniedException.
func TestDeviceDenied(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	o := deviceOptions()
	o.Prompt = func(_ context.Context, p Prompt) error { return e.srv.Deny(p.UserCode) }
	_, err := e.sess.Login(context.Background(), o)
	var ade *types.AccessDeniedException
	if !errors.Is(err, ErrDenied) || !errors.As(err, &ade) {
		t.Fatalf("err = %v, want ErrDenied and AccessDeniedException", err)
	}
	if _, err := e.sess.cache.ReadToken(testSession); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a token was cached: %v", err)
	}
}

// Nobody approves: the login ends with ErrExpired when the device code's
// expiresIn passes.
func TestDeviceExpired(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{DeviceCodeTTL: 10 * time.Second, Interval: time.Second})
	_, err := e.sess.Login(context.Background(), deviceOptions())
	if !errors.Is(err, ErrExpired) {
		t.Fatalf("err = %v, want ErrExpired", err)
	}
	if n := len(e.sleeps); n < 9 || n > 11 {
		t.Errorf("%d polls for a 10 s code at 1 s", n)
	}
}

// ExpiredTokenException from the service ends the login with ErrExpired.
func TestDeviceExpiredToken(t *testing.T) {
	m := deviceMock()
	m.CreateTokenFunc = func(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
		return nil, &types.ExpiredTokenException{}
	}
	s := mockSession(t, m)
	_, err := s.Login(context.Background(), deviceOptions())
	var ete *types.ExpiredTokenException
	if !errors.Is(err, ErrExpired) || !errors.As(err, &ete) {
		t.Fatalf("err = %v", err)
	}
}

// An empty 2xx answer to CreateToken (the output has no accessToken) is a
// clear error, not a nil dereference.
func TestDeviceEmptyTokenResponse(t *testing.T) {
	m := deviceMock()
	m.CreateTokenFunc = func(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
		return &ssooidc.CreateTokenOutput{}, nil
	}
	s := mockSession(t, m)
	_, err := s.Login(context.Background(), deviceOptions())
	if err == nil || !strings.Contains(err.Error(), "without an accessToken") {
		t.Fatalf("err = %v", err)
	}
	m.StartDeviceAuthorizationFunc = func(context.Context, *ssooidc.StartDeviceAuthorizationInput, ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
		return &ssooidc.StartDeviceAuthorizationOutput{}, nil
	}
	if _, err := s.Login(context.Background(), deviceOptions()); err == nil || !strings.Contains(err.Error(), "without deviceCode") {
		t.Fatalf("err = %v", err)
	}
}

// Cancelling the context ends a poll at once.
func TestDeviceCancel(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{Interval: time.Hour})
	e.sess.sleep = retry.Sleep // real waits of an hour
	ctx, cancel := context.WithCancel(context.Background())
	o := deviceOptions()
	o.Prompt = func(context.Context, Prompt) error { time.AfterFunc(20*time.Millisecond, cancel); return nil }
	start := time.Now()
	_, err := e.sess.Login(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("cancel took %v", d)
	}
}

func deviceMock() *ssooidctest.Mock {
	return &ssooidctest.Mock{
		RegisterClientFunc: func(context.Context, *ssooidc.RegisterClientInput, ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
			return &ssooidc.RegisterClientOutput{ClientId: ptr.String("id"), ClientSecret: ptr.String("secret"), ClientSecretExpiresAt: time.Now().Add(time.Hour).Unix()}, nil
		},
		StartDeviceAuthorizationFunc: func(context.Context, *ssooidc.StartDeviceAuthorizationInput, ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
			return &ssooidc.StartDeviceAuthorizationOutput{DeviceCode: ptr.String("dc"), UserCode: ptr.String("ABCD-EFGH"), VerificationUri: ptr.String("https://example.test/device"), ExpiresIn: 600, Interval: 1}, nil
		},
	}
}

func mockSession(t *testing.T, m *ssooidctest.Mock) *Session {
	t.Helper()
	s, err := New(Config{SessionName: testSession, StartURL: testStartURL, Region: "us-east-1", Scopes: testScopes, Client: m, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return s
}
