package ssooidctest_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// TestDeviceCodeGrant walks the device code grant through each outcome of
// RFC 8628, section 3.5, on a fake clock.
func TestDeviceCodeGrant(t *testing.T) {
	type step struct {
		advance time.Duration
		do      string // "poll", "approve", "deny"
		want    string // error code, "" for tokens
	}
	tests := []struct {
		name  string
		opts  ssooidctest.Options
		steps []step
	}{
		{
			name: "pending then approved",
			steps: []step{
				{0, "poll", "AuthorizationPendingException"},
				{time.Second, "poll", "AuthorizationPendingException"},
				{0, "approve", ""},
				{time.Second, "poll", ""},
				{time.Second, "poll", "InvalidGrantException"}, // the device code is spent
			},
		},
		{
			name: "polling too fast",
			steps: []step{
				{0, "poll", "AuthorizationPendingException"},
				{500 * time.Millisecond, "poll", "SlowDownException"},
				{time.Second, "poll", "SlowDownException"}, // the interval was 6s, now 11s
				{11 * time.Second, "poll", "AuthorizationPendingException"},
				{0, "approve", ""},
				{10 * time.Second, "poll", "SlowDownException"}, // now 16s
				{16 * time.Second, "poll", ""},
			},
		},
		{
			name:  "denied",
			steps: []step{{0, "poll", "AuthorizationPendingException"}, {0, "deny", ""}, {time.Second, "poll", "AccessDeniedException"}, {time.Second, "poll", "AccessDeniedException"}},
		},
		{
			name:  "expired",
			steps: []step{{0, "poll", "AuthorizationPendingException"}, {10 * time.Minute, "poll", "ExpiredTokenException"}},
		},
		{
			name:  "approved too late",
			steps: []step{{10 * time.Minute, "approve", "expired"}, {time.Second, "poll", "ExpiredTokenException"}},
		},
		{
			name:  "auto-approve at once",
			opts:  ssooidctest.Options{AutoApprove: true},
			steps: []step{{0, "poll", ""}},
		},
		{
			name: "auto-approve after a delay",
			opts: ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 3 * time.Second},
			steps: []step{
				{0, "poll", "AuthorizationPendingException"},
				{2 * time.Second, "poll", "AuthorizationPendingException"},
				{0, "deny", "decided"}, // not yet approved: Deny still works...
			},
		},
		{
			name: "auto-approve after a delay, then poll",
			opts: ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 3 * time.Second},
			steps: []step{
				{0, "poll", "AuthorizationPendingException"},
				{3 * time.Second, "approve", "decided"}, // ...until the delay is over
				{0, "poll", ""},
			},
		},
		{
			name:  "sub-second interval",
			opts:  ssooidctest.Options{Interval: 50 * time.Millisecond},
			steps: []step{{0, "poll", "AuthorizationPendingException"}, {50 * time.Millisecond, "poll", "AuthorizationPendingException"}, {10 * time.Millisecond, "poll", "SlowDownException"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, svc, clk := startClock(t, tc.opts)
			reg, dev := startDevice(t, svc, nil)
			for i, s := range tc.steps {
				clk.Advance(s.advance)
				var err error
				switch s.do {
				case "approve":
					err = srv.Approve(*dev.UserCode)
				case "deny":
					err = srv.Deny(*dev.UserCode)
				default:
					var out *ssooidc.CreateTokenOutput
					out, err = poll(t, svc, reg, dev.DeviceCode)
					if s.want == "" && err == nil {
						checkTokens(t, srv, out, *reg.ClientId)
					}
				}
				switch {
				case s.do != "poll" && s.want == "expired":
					if !errors.Is(err, ssooidctest.ErrExpiredUserCode) {
						t.Fatalf("step %d: got %v, want ErrExpiredUserCode", i, err)
					}
				case s.do != "poll" && s.want == "decided":
					if s.do == "deny" && err != nil || s.do == "approve" && !errors.Is(err, ssooidctest.ErrAlreadyDecided) {
						t.Fatalf("step %d: %s: got %v", i, s.do, err)
					}
					if s.do == "deny" {
						return
					}
				case s.want == "":
					if err != nil {
						t.Fatalf("step %d: %s: %v", i, s.do, err)
					}
				default:
					status := 400
					wantAPIError(t, err, s.want, status, "")
				}
			}
		})
	}
}

// checkTokens checks a device login's tokens: opaque, valid for the client
// and the emulator's user, with an ID token naming both.
func checkTokens(t *testing.T, srv *ssooidctest.Server, out *ssooidc.CreateTokenOutput, clientID string) {
	t.Helper()
	if out.AccessToken == nil || len(*out.AccessToken) < 64 || *out.TokenType != "Bearer" || out.ExpiresIn != 3600 {
		t.Fatalf("bad token output: %v", out)
	}
	info, ok := srv.LookupAccessToken(*out.AccessToken)
	if !ok || info.ClientID != clientID || info.Subject != ssooidctest.DefaultSubject || !slices.Equal(info.Scopes, []string{"sso:account:access"}) {
		t.Errorf("LookupAccessToken = %+v, %v", info, ok)
	}
	if out.RefreshToken == nil || *out.RefreshToken == *out.AccessToken {
		t.Errorf("no refresh token for a client with scopes")
	}
	claims := jwtClaims(t, *out.IdToken)
	if claims["sub"] != ssooidctest.DefaultSubject || claims["aud"] != clientID || claims["iss"] != srv.URL {
		t.Errorf("ID token claims = %v", claims)
	}
}

// jwtClaims decodes the payload of a JWT.
func jwtClaims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("ID token has %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestDeviceCodeGrantRefreshTokenOnlyWithScopes(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	for _, tc := range []struct {
		name string
		in   ssooidc.RegisterClientInput
		want bool
	}{
		{"no scopes", ssooidc.RegisterClientInput{}, false},
		{"scopes", ssooidc.RegisterClientInput{Scopes: []string{"sso:account:access"}}, true},
		{"scopes, no refresh grant", ssooidc.RegisterClientInput{Scopes: []string{"sso:account:access"}, GrantTypes: []string{deviceGrant}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, dev := startDevice(t, svc, &tc.in)
			out, err := poll(t, svc, reg, dev.DeviceCode)
			if err != nil {
				t.Fatal(err)
			}
			if got := out.RefreshToken != nil; got != tc.want {
				t.Errorf("refresh token issued: %v, want %v", got, tc.want)
			}
			if _, ok := srv.LookupAccessToken(*out.AccessToken); !ok {
				t.Error("access token unknown")
			}
		})
	}
}

func TestDeviceCodeGrantErrors(t *testing.T) {
	_, svc, clk := startClock(t, ssooidctest.Options{})
	reg, dev := startDevice(t, svc, nil)
	other, otherDev := startDevice(t, svc, nil)
	authOnly := register(t, svc, &ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"http://127.0.0.1/cb"}})
	tests := []struct {
		name   string
		in     ssooidc.CreateTokenInput
		code   string
		status int
		oauth  string
	}{
		{"unknown device code", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: ptr.String("nope")}, "InvalidGrantException", 400, "invalid_grant"},
		{"another client's device code", ssooidc.CreateTokenInput{ClientId: other.ClientId, ClientSecret: other.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: dev.DeviceCode}, "InvalidGrantException", 400, "invalid_grant"},
		{"no device code", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String(deviceGrant)}, "InvalidRequestException", 400, "invalid_request"},
		{"wrong secret", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: other.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: dev.DeviceCode}, "InvalidClientException", 401, "invalid_client"},
		{"unknown client", ssooidc.CreateTokenInput{ClientId: ptr.String("nope"), ClientSecret: reg.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: dev.DeviceCode}, "InvalidClientException", 401, "invalid_client"},
		{"client without the device grant", ssooidc.CreateTokenInput{ClientId: authOnly.ClientId, ClientSecret: authOnly.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: dev.DeviceCode}, "UnauthorizedClientException", 400, "unauthorized_client"},
		{"the model example's misspelled grant", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("urn:ietf:params:oauth:grant-type:device-code"), DeviceCode: dev.DeviceCode}, "UnsupportedGrantTypeException", 400, "unsupported_grant_type"},
		{"an IAM-only grant", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("urn:ietf:params:oauth:grant-type:jwt-bearer")}, "UnsupportedGrantTypeException", 400, "unsupported_grant_type"},
		{"client credentials", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("client_credentials")}, "UnsupportedGrantTypeException", 400, "unsupported_grant_type"},
		{"empty grant type", ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("")}, "InvalidRequestException", 400, "invalid_request"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.CreateToken(t.Context(), &tc.in)
			wantAPIError(t, err, tc.code, tc.status, tc.oauth)
		})
	}
	// The failed attempts did not disturb the real device codes.
	_, err := poll(t, svc, other, otherDev.DeviceCode)
	wantAPIError(t, err, "AuthorizationPendingException", 400, "authorization_pending")
	clk.Advance(90*24*time.Hour + time.Second)
	_, err = poll(t, svc, reg, dev.DeviceCode)
	wantAPIError(t, err, "InvalidClientException", 401, "invalid_client")
}

func TestApproveDenyErrors(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{})
	_, dev := startDevice(t, svc, nil)
	if err := srv.Approve("BCDF-GHJK-nope"); !errors.Is(err, ssooidctest.ErrUnknownUserCode) {
		t.Errorf("unknown code: %v", err)
	}
	// Entry is forgiving: lower case, no dash.
	if err := srv.Approve(strings.ToLower(strings.ReplaceAll(*dev.UserCode, "-", ""))); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if err := srv.Deny(*dev.UserCode); !errors.Is(err, ssooidctest.ErrAlreadyDecided) {
		t.Errorf("deny after approve: %v", err)
	}
}

func TestPendingUserCodes(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{})
	if codes := srv.PendingUserCodes(); len(codes) != 0 {
		t.Fatalf("pending before any login: %v", codes)
	}
	_, a := startDevice(t, svc, nil)
	_, b := startDevice(t, svc, nil)
	_, c := startDevice(t, svc, nil)
	if err := srv.Deny(*b.UserCode); err != nil {
		t.Fatal(err)
	}
	if got, want := srv.PendingUserCodes(), []string{*a.UserCode, *c.UserCode}; !slices.Equal(got, want) {
		t.Errorf("pending = %v, want %v", got, want)
	}
	clk.Advance(10 * time.Minute)
	if codes := srv.PendingUserCodes(); len(codes) != 0 {
		t.Errorf("expired codes still pending: %v", codes)
	}
}

// A test of code that hides the user code approves through PendingUserCodes.
func TestPendingUserCodesApprove(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{Interval: 10 * time.Millisecond})
	reg, dev := startDevice(t, svc, nil)
	for _, code := range srv.PendingUserCodes() {
		if err := srv.Approve(code); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := poll(t, svc, reg, dev.DeviceCode); err != nil {
		t.Fatal(err)
	}
	var pending *types.AuthorizationPendingException
	_, err := poll(t, svc, reg, dev.DeviceCode)
	if errors.As(err, &pending) {
		t.Fatal("spent device code still pending")
	}
}
