package ssooidctest_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func TestRefreshTokenGrant(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true})
	reg, dev := startDevice(t, svc, nil)
	first, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	refresh := func(token *string, reg *ssooidc.RegisterClientOutput) (*ssooidc.CreateTokenOutput, error) {
		return svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{
			ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("refresh_token"), RefreshToken: token,
			Scope: []string{"ignored:by-the-service"},
		})
	}

	// Rotation: each refresh gives a new refresh token and spends the old.
	second, err := refresh(first.RefreshToken, reg)
	if err != nil {
		t.Fatal(err)
	}
	if *second.RefreshToken == *first.RefreshToken || *second.AccessToken == *first.AccessToken {
		t.Fatal("tokens did not rotate")
	}
	if info, ok := srv.LookupAccessToken(*second.AccessToken); !ok || info.Scopes[0] != "sso:account:access" {
		t.Errorf("refreshed token grants %+v, %v", info, ok)
	}
	_, err = refresh(first.RefreshToken, reg)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// Another client cannot use it.
	other, _ := startDevice(t, svc, nil)
	_, err = refresh(second.RefreshToken, other)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// Revoked.
	third, err := refresh(second.RefreshToken, reg)
	if err != nil {
		t.Fatal(err)
	}
	if !srv.Revoke(*third.RefreshToken) || srv.Revoke("never-issued") {
		t.Fatal("Revoke did not report correctly")
	}
	_, err = refresh(third.RefreshToken, reg)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// Unknown, missing.
	_, err = refresh(ptr.String("nope"), reg)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	_, err = refresh(nil, reg)
	wantAPIError(t, err, "InvalidRequestException", 400, "invalid_request")

	// Expired after RefreshTokenTTL (the client lives as long, so register
	// a new one first).
	reg2, dev2 := startDevice(t, svc, nil)
	tok, err := poll(t, svc, reg2, dev2.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(ssooidctest.DefaultRefreshTokenTTL - time.Second)
	if _, ok := srv.LookupAccessToken(*tok.AccessToken); ok {
		t.Error("access token valid after its hour")
	}
	fresh, err := refresh(tok.RefreshToken, reg2)
	if err != nil {
		t.Fatalf("refresh just before expiry: %v", err)
	}
	clk.Advance(ssooidctest.DefaultRefreshTokenTTL)
	_, err = refresh(fresh.RefreshToken, reg2)
	wantAPIError(t, err, "InvalidClientException", 401, "invalid_client") // the client expired first
}

func TestRefreshTokenGrantExpiry(t *testing.T) {
	_, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true, RefreshTokenTTL: time.Hour})
	reg, dev := startDevice(t, svc, nil)
	tok, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("refresh_token"), RefreshToken: tok.RefreshToken,
	})
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
}

func TestRefreshTokenGrantNotRegistered(t *testing.T) {
	_, svc := start(t, ssooidctest.Options{AutoApprove: true})
	reg, _ := startDevice(t, svc, &ssooidc.RegisterClientInput{Scopes: []string{"a"}, GrantTypes: []string{deviceGrant}})
	_, err := svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("refresh_token"), RefreshToken: ptr.String("x"),
	})
	wantAPIError(t, err, "UnauthorizedClientException", 400, "unauthorized_client")
}

// pkce returns a code verifier and its S256 challenge.
func pkce(t *testing.T) (verifier, challenge string) {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	verifier = base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeURL builds an /authorize URL; params override the defaults.
func authorizeURL(srv *ssooidctest.Server, clientID, redirectURI, challenge string, params ...string) string {
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {clientID},
		"redirect_uri":          {redirectURI},
		"state":                 {"state-123"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
	}
	for i := 0; i+1 < len(params); i += 2 {
		if params[i+1] == "" {
			q.Del(params[i])
		} else {
			q.Set(params[i], params[i+1])
		}
	}
	return srv.URL + "/authorize?" + q.Encode()
}

// redirected checks that r redirects to base and returns its query.
func redirected(t *testing.T, r rawResponse, base string) url.Values {
	t.Helper()
	if r.status != http.StatusFound {
		t.Fatalf("got HTTP %d, want a redirect: %s", r.status, r.text)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != base {
		t.Fatalf("redirected to %s, want %s", got, base)
	}
	return loc.Query()
}

const redirectURI = "http://127.0.0.1:43123/oauth/callback"

func registerAuthCode(t *testing.T, svc *ssooidc.Client) *ssooidc.RegisterClientOutput {
	t.Helper()
	return register(t, svc, &ssooidc.RegisterClientInput{
		GrantTypes:   []string{"authorization_code", "refresh_token"},
		RedirectUris: []string{"http://127.0.0.1/oauth/callback"}, // any port at login, as the AWS CLI registers
		Scopes:       []string{"sso:account:access", "codewhisperer:completions"},
	})
}

func TestAuthorizationCodeGrant(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true})
	reg := registerAuthCode(t, svc)
	verifier, challenge := pkce(t)

	q := redirected(t, get(t, authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "scopes", "sso:account:access")), "http://127.0.0.1:43123/oauth/callback")
	if q.Get("state") != "state-123" || q.Get("code") == "" {
		t.Fatalf("redirect query = %v", q)
	}
	exchange := func(code, redirect, verifier string) (*ssooidc.CreateTokenOutput, error) {
		in := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("authorization_code"),
			Code: ptr.String(code), RedirectUri: ptr.String(redirect)}
		if verifier != "" {
			in.CodeVerifier = ptr.String(verifier)
		}
		return svc.CreateToken(t.Context(), in)
	}

	// Wrong verifier, missing verifier, wrong redirect URI leave the code
	// usable.
	other, _ := pkce(t)
	_, err := exchange(q.Get("code"), redirectURI, other)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	_, err = exchange(q.Get("code"), redirectURI, "")
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	_, err = exchange(q.Get("code"), redirectURI, "too-short")
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	_, err = exchange(q.Get("code"), "http://127.0.0.1:43124/oauth/callback", verifier)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	tok, err := exchange(q.Get("code"), redirectURI, verifier)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := srv.LookupAccessToken(*tok.AccessToken)
	if !ok || len(info.Scopes) != 1 || info.Scopes[0] != "sso:account:access" {
		t.Errorf("token grants %+v, want the one requested scope", info)
	}
	if tok.RefreshToken == nil || tok.IdToken == nil {
		t.Errorf("missing refresh or ID token")
	}

	// Replaying the code fails and revokes what it gave.
	_, err = exchange(q.Get("code"), redirectURI, verifier)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	if _, ok := srv.LookupAccessToken(*tok.AccessToken); ok {
		t.Error("the access token of a replayed code is still valid")
	}
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("refresh_token"), RefreshToken: tok.RefreshToken})
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// An expired code; a code of another client; missing members.
	q = redirected(t, get(t, authorizeURL(srv, *reg.ClientId, redirectURI, challenge)), "http://127.0.0.1:43123/oauth/callback")
	clk.Advance(ssooidctest.DefaultAuthCodeTTL)
	_, err = exchange(q.Get("code"), redirectURI, verifier)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	reg2 := registerAuthCode(t, svc)
	q = redirected(t, get(t, authorizeURL(srv, *reg.ClientId, redirectURI, challenge)), "http://127.0.0.1:43123/oauth/callback")
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg2.ClientId, ClientSecret: reg2.ClientSecret,
		GrantType: ptr.String("authorization_code"), Code: ptr.String(q.Get("code")), RedirectUri: ptr.String(redirectURI), CodeVerifier: ptr.String(verifier)})
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("authorization_code"), RedirectUri: ptr.String(redirectURI)})
	wantAPIError(t, err, "InvalidRequestException", 400, "invalid_request")
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("authorization_code"), Code: ptr.String(q.Get("code"))})
	wantAPIError(t, err, "InvalidRequestException", 400, "invalid_request")

	// The default scopes are the registered ones.
	tok, err = exchange(q.Get("code"), redirectURI, verifier)
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := srv.LookupAccessToken(*tok.AccessToken); len(info.Scopes) != 2 {
		t.Errorf("scopes = %v, want both registered", info.Scopes)
	}

	// A device client may not use the grant.
	devReg, _ := startDevice(t, svc, nil)
	_, err = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: devReg.ClientId, ClientSecret: devReg.ClientSecret,
		GrantType: ptr.String("authorization_code"), Code: ptr.String("x"), RedirectUri: ptr.String(redirectURI)})
	wantAPIError(t, err, "UnauthorizedClientException", 400, "unauthorized_client")
}

func TestAuthorizeConsentPage(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{})
	reg := registerAuthCode(t, svc)
	verifier, challenge := pkce(t)

	page := get(t, authorizeURL(srv, *reg.ClientId, redirectURI, challenge))
	if page.status != http.StatusOK || !strings.Contains(page.text, "test-client") || !strings.Contains(page.text, `value="approve"`) {
		t.Fatalf("consent page: %d %s", page.status, page.text)
	}
	form := url.Values{"response_type": {"code"}, "client_id": {*reg.ClientId}, "redirect_uri": {redirectURI}, "state": {"s"},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}, "scope": {"codewhisperer:completions"}}

	form.Set("action", "deny")
	q := redirected(t, postForm(t, srv.URL+"/authorize", form), "http://127.0.0.1:43123/oauth/callback")
	if q.Get("error") != "access_denied" || q.Get("state") != "s" || q.Get("code") != "" {
		t.Errorf("deny: %v", q)
	}

	form.Set("action", "approve")
	q = redirected(t, postForm(t, srv.URL+"/authorize", form), "http://127.0.0.1:43123/oauth/callback")
	tok, err := svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("authorization_code"), Code: ptr.String(q.Get("code")), RedirectUri: ptr.String(redirectURI), CodeVerifier: ptr.String(verifier)})
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := srv.LookupAccessToken(*tok.AccessToken); info.Scopes[0] != "codewhisperer:completions" {
		t.Errorf("scopes = %v", info.Scopes)
	}
}

func TestAuthorizeErrors(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	reg := registerAuthCode(t, svc)
	devReg, _ := startDevice(t, svc, nil)
	_, challenge := pkce(t)
	const back = "http://127.0.0.1:43123/oauth/callback"

	// Errors that must not redirect: the redirect URI cannot be trusted.
	for _, tc := range []struct{ name, url string }{
		{"unknown client", authorizeURL(srv, "nope", redirectURI, challenge)},
		{"no client", authorizeURL(srv, "", redirectURI, challenge)},
		{"unregistered redirect", authorizeURL(srv, *reg.ClientId, "http://127.0.0.1:43123/elsewhere", challenge)},
		{"remote redirect", authorizeURL(srv, *reg.ClientId, "https://example.com/oauth/callback", challenge)},
		{"no redirect", authorizeURL(srv, *reg.ClientId, "", challenge)},
		{"application with a fragment", authorizeURL(srv, "arn:aws:sso::123456789012:application/ssoins-1/apl-2", "https://app.example/cb#x", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, tc.url)
			if r.status != http.StatusBadRequest || r.header.Get("Location") != "" || !strings.Contains(r.header.Get("Content-Type"), "text/html") {
				t.Errorf("got %d, Location %q", r.status, r.header.Get("Location"))
			}
		})
	}

	// Errors sent back to the client (RFC 6749, section 4.1.2.1).
	for _, tc := range []struct{ name, url, want string }{
		{"token response type", authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "response_type", "token"), "unsupported_response_type"},
		{"no state", authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "state", ""), "invalid_request"},
		{"no challenge", authorizeURL(srv, *reg.ClientId, redirectURI, ""), "invalid_request"},
		{"plain challenge", authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "code_challenge_method", "plain"), "invalid_request"},
		{"no challenge method", authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "code_challenge_method", ""), "invalid_request"},
		{"malformed challenge", authorizeURL(srv, *reg.ClientId, redirectURI, "abc"), "invalid_request"},
		{"unregistered scope", authorizeURL(srv, *reg.ClientId, redirectURI, challenge, "scopes", "sso:account:access admin"), "invalid_scope"},
		{"device client", authorizeURL(srv, *devReg.ClientId, redirectURI, challenge), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, tc.url)
			if tc.want == "" {
				// The device client registered no redirect URI at all.
				if r.status != http.StatusBadRequest {
					t.Errorf("got %d", r.status)
				}
				return
			}
			q := redirected(t, r, back)
			if q.Get("error") != tc.want || q.Get("error_description") == "" || q.Get("code") != "" {
				t.Errorf("got %v, want error %s", q, tc.want)
			}
			if tc.name != "no state" && q.Get("state") != "state-123" {
				t.Errorf("state not returned: %v", q)
			}
		})
	}
}

func TestAuthorizeLoopbackHosts(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	reg := register(t, svc, &ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"},
		RedirectUris: []string{"http://[::1]:1/cb", "http://localhost/cb"}})
	_, challenge := pkce(t)
	for _, uri := range []string{"http://[::1]:5555/cb", "http://localhost:5556/cb"} {
		r := get(t, authorizeURL(srv, *reg.ClientId, uri, challenge))
		if r.status != http.StatusFound {
			t.Errorf("%s: got %d", uri, r.status)
		}
	}
	if r := get(t, authorizeURL(srv, *reg.ClientId, "http://127.0.0.1:5555/cb", challenge)); r.status != http.StatusBadRequest {
		t.Errorf("a loopback host the client did not register: got %d", r.status)
	}
}
