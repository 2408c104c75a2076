package ssooidctest_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const appARN = "arn:aws:sso::123456789012:application/ssoins-111111111111/apl-222222222222"

var defaultScopes = []string{"openid", "aws", "sts:identity_context"}

// jwt builds a JWT-shaped assertion; the signature is not checked.
func jwt(header, claims map[string]any) string {
	enc := func(v map[string]any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(header) + "." + enc(claims) + "." + base64.RawURLEncoding.EncodeToString([]byte("signature"))
}

func iamInput(grant string) *ssooidc.CreateTokenWithIAMInput {
	return &ssooidc.CreateTokenWithIAMInput{ClientId: ptr.String(appARN), GrantType: ptr.String(grant)}
}

func TestCreateTokenWithIAMGrants(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	rs256 := map[string]any{"alg": "RS256", "typ": "JWT"}

	// jwt-bearer: the assertion's subject becomes the user.
	in := iamInput("urn:ietf:params:oauth:grant-type:jwt-bearer")
	in.Assertion = ptr.String(jwt(rs256, map[string]any{"sub": "alice", "iss": "https://idp.example", "exp": time.Now().Add(time.Hour).Unix()}))
	out, err := svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if *out.TokenType != "Bearer" || out.ExpiresIn != 3600 || *out.IssuedTokenType != "urn:ietf:params:oauth:token-type:refresh_token" ||
		out.RefreshToken == nil || !slices.Equal(out.Scope, defaultScopes) {
		t.Errorf("jwt-bearer output: %v", out)
	}
	if out.AwsAdditionalDetails == nil || out.AwsAdditionalDetails.IdentityContext == nil || *out.AwsAdditionalDetails.IdentityContext == "" {
		t.Error("no identityContext for sts:identity_context")
	}
	claims := jwtClaims(t, *out.IdToken)
	if claims["sub"] != "alice" || claims["aud"] != appARN || claims["sts:identity_context"] != *out.AwsAdditionalDetails.IdentityContext {
		t.Errorf("ID token claims = %v", claims)
	}
	if info, ok := srv.LookupAccessToken(*out.AccessToken); !ok || info.Subject != "alice" || info.ClientID != appARN {
		t.Errorf("LookupAccessToken = %+v", info)
	}

	// refresh_token with downscoping: no ID token without openid, no
	// identity context without sts:identity_context.
	in = iamInput("refresh_token")
	in.RefreshToken = out.RefreshToken
	in.Scope = []string{"aws"}
	refreshed, err := svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(refreshed.Scope, []string{"aws"}) || refreshed.IdToken != nil || refreshed.AwsAdditionalDetails != nil || refreshed.RefreshToken == nil {
		t.Errorf("downscoped refresh: %v", refreshed)
	}
	// Scopes cannot grow back.
	in = iamInput("refresh_token")
	in.RefreshToken = refreshed.RefreshToken
	in.Scope = []string{"aws", "openid"}
	_, err = svc.CreateTokenWithIAM(t.Context(), in)
	wantAPIError(t, err, "InvalidScopeException", 400, "invalid_scope")
	// The failed attempt did not spend the token; a used one is refused.
	in.Scope = nil
	if _, err := svc.CreateTokenWithIAM(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateTokenWithIAM(t.Context(), in)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// token-exchange of an access token from a device login, for an access
	// token only (the default), then for a refresh token too.
	reg, dev := startDevice(t, svc, nil)
	devTok, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	in = iamInput("urn:ietf:params:oauth:grant-type:token-exchange")
	in.SubjectToken = devTok.AccessToken
	in.SubjectTokenType = ptr.String("urn:ietf:params:oauth:token-type:access_token")
	exchanged, err := svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if *exchanged.IssuedTokenType != "urn:ietf:params:oauth:token-type:access_token" || exchanged.RefreshToken != nil ||
		exchanged.IdToken == nil || !slices.Equal(exchanged.Scope, defaultScopes) {
		t.Errorf("token exchange: %v", exchanged)
	}
	in.RequestedTokenType = ptr.String("urn:ietf:params:oauth:token-type:refresh_token")
	in.Scope = []string{"custom:scope"}
	exchanged, err = svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if *exchanged.IssuedTokenType != "urn:ietf:params:oauth:token-type:refresh_token" || exchanged.RefreshToken == nil ||
		!slices.Equal(exchanged.Scope, []string{"custom:scope"}) {
		t.Errorf("token exchange for a refresh token: %v", exchanged)
	}
	if info, _ := srv.LookupAccessToken(*exchanged.AccessToken); info.Subject != ssooidctest.DefaultSubject {
		t.Errorf("exchanged token is for %q", info.Subject)
	}
}

func TestCreateTokenWithIAMAuthorizationCode(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	const back = "https://app.example/callback"

	// With PKCE.
	verifier, challenge := pkce(t)
	q := redirected(t, get(t, authorizeURL(srv, appARN, back, challenge, "scope", "openid aws")), back)
	in := iamInput("authorization_code")
	in.Code = ptr.String(q.Get("code"))
	in.RedirectUri = ptr.String(back)
	in.CodeVerifier = ptr.String(verifier)
	out, err := svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Scope, []string{"openid", "aws"}) || out.IdToken == nil || out.AwsAdditionalDetails != nil {
		t.Errorf("output: %v", out)
	}
	_, err = svc.CreateTokenWithIAM(t.Context(), in)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")

	// Without PKCE, which applications may skip; default scopes.
	q = redirected(t, get(t, authorizeURL(srv, appARN, back, "", "code_challenge_method", "")), back)
	in = iamInput("authorization_code")
	in.Code = ptr.String(q.Get("code"))
	in.RedirectUri = ptr.String(back)
	out, err = svc.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Scope, defaultScopes) {
		t.Errorf("scopes = %v", out.Scope)
	}

	// A code issued to a public client is not the application's.
	reg := registerAuthCode(t, svc)
	verifier, challenge = pkce(t)
	q = redirected(t, get(t, authorizeURL(srv, *reg.ClientId, redirectURI, challenge)), "http://127.0.0.1:43123/oauth/callback")
	in = iamInput("authorization_code")
	in.Code = ptr.String(q.Get("code"))
	in.RedirectUri = ptr.String(redirectURI)
	in.CodeVerifier = ptr.String(verifier)
	_, err = svc.CreateTokenWithIAM(t.Context(), in)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
}

func TestCreateTokenWithIAMErrors(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true, AccessTokenTTL: 2 * time.Minute})
	rs256 := map[string]any{"alg": "RS256"}
	now := clk.Now().Unix()
	reg, dev := startDevice(t, svc, nil)
	devTok, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}

	type tc struct {
		name   string
		in     *ssooidc.CreateTokenWithIAMInput
		code   string
		status int
		oauth  string
	}
	with := func(grant string, set func(*ssooidc.CreateTokenWithIAMInput)) *ssooidc.CreateTokenWithIAMInput {
		in := iamInput(grant)
		set(in)
		return in
	}
	const jwtGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	const exchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange"
	const accessType = "urn:ietf:params:oauth:token-type:access_token"
	tests := []tc{
		{"public client id", &ssooidc.CreateTokenWithIAMInput{ClientId: reg.ClientId, GrantType: ptr.String(jwtGrant)}, "InvalidClientException", 401, "invalid_client"},
		{"empty client id", &ssooidc.CreateTokenWithIAMInput{ClientId: ptr.String(""), GrantType: ptr.String(jwtGrant)}, "InvalidRequestException", 400, "invalid_request"},
		{"device code grant", iamInput(deviceGrant), "UnsupportedGrantTypeException", 400, "unsupported_grant_type"},
		{"bad scope", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) { in.Scope = []string{"a b"} }), "InvalidScopeException", 400, "invalid_scope"},
		{"no assertion", iamInput(jwtGrant), "InvalidRequestException", 400, "invalid_request"},
		{"assertion not a JWT", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) { in.Assertion = ptr.String("opaque") }), "InvalidGrantException", 400, "invalid_grant"},
		{"assertion not base64", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) { in.Assertion = ptr.String("a!.b!.c!") }), "InvalidGrantException", 400, "invalid_grant"},
		{"unsigned assertion", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.Assertion = ptr.String(jwt(map[string]any{"alg": "none"}, map[string]any{"sub": "x"}))
		}), "InvalidGrantException", 400, "invalid_grant"},
		{"assertion without signature", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			j := jwt(rs256, map[string]any{"sub": "x"})
			in.Assertion = ptr.String(j[:strings.LastIndex(j, ".")+1])
		}), "InvalidGrantException", 400, "invalid_grant"},
		{"expired assertion", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.Assertion = ptr.String(jwt(rs256, map[string]any{"sub": "x", "exp": now - 1}))
		}), "InvalidGrantException", 400, "invalid_grant"},
		{"future assertion", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.Assertion = ptr.String(jwt(rs256, map[string]any{"sub": "x", "nbf": now + 3600}))
		}), "InvalidGrantException", 400, "invalid_grant"},
		{"exp not a number", with(jwtGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.Assertion = ptr.String(jwt(rs256, map[string]any{"exp": "tomorrow"}))
		}), "InvalidGrantException", 400, "invalid_grant"},
		{"no subject token", with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) { in.SubjectTokenType = ptr.String(accessType) }), "InvalidRequestException", 400, "invalid_request"},
		{"no subject token type", with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) { in.SubjectToken = devTok.AccessToken }), "InvalidRequestException", 400, "invalid_request"},
		{"ID token as subject", with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.SubjectToken, in.SubjectTokenType = devTok.IdToken, ptr.String("urn:ietf:params:oauth:token-type:id_token")
		}), "InvalidRequestException", 400, "invalid_request"},
		{"refresh token as subject", with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.SubjectToken, in.SubjectTokenType = devTok.RefreshToken, ptr.String(accessType)
		}), "InvalidRequestException", 400, "invalid_request"},
		{"unknown requested type", with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
			in.SubjectToken, in.SubjectTokenType, in.RequestedTokenType = devTok.AccessToken, ptr.String(accessType), ptr.String("urn:ietf:params:oauth:token-type:jwt")
		}), "InvalidRequestException", 400, "invalid_request"},
		{"no refresh token", iamInput("refresh_token"), "InvalidRequestException", 400, "invalid_request"},
		{"public client's refresh token", with("refresh_token", func(in *ssooidc.CreateTokenWithIAMInput) { in.RefreshToken = devTok.RefreshToken }), "InvalidGrantException", 400, "invalid_grant"},
		{"unknown code", with("authorization_code", func(in *ssooidc.CreateTokenWithIAMInput) {
			in.Code, in.RedirectUri = ptr.String("nope"), ptr.String("https://app.example/cb")
		}), "InvalidGrantException", 400, "invalid_grant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.CreateTokenWithIAM(t.Context(), tc.in)
			wantAPIError(t, err, tc.code, tc.status, tc.oauth)
		})
	}

	// A revoked, then an expired subject token.
	exchange := with(exchangeGrant, func(in *ssooidc.CreateTokenWithIAMInput) {
		in.SubjectToken, in.SubjectTokenType = devTok.AccessToken, ptr.String(accessType)
	})
	clk.Advance(2 * time.Minute)
	_, err = svc.CreateTokenWithIAM(t.Context(), exchange)
	wantAPIError(t, err, "ExpiredTokenException", 400, "expired_token")
	srv.Revoke(*devTok.AccessToken)
	_, err = svc.CreateTokenWithIAM(t.Context(), exchange)
	wantAPIError(t, err, "InvalidRequestException", 400, "invalid_request")
}

func TestCreateTokenWithIAMSignature(t *testing.T) {
	const token = "session-token-for-tests"
	srv, _, clk := startClock(t, ssooidctest.Options{
		Region: "eu-west-1",
		Credentials: []ssooidctest.Credentials{
			{AccessKeyID: ssooidctest.TestAccessKeyID, SecretAccessKey: ssooidctest.TestSecretAccessKey},
			{AccessKeyID: "ASIAEXAMPLETEMPORARY", SecretAccessKey: "temporary-secret", SessionToken: token},
		},
	})
	assertion := jwt(map[string]any{"alg": "ES256"}, map[string]any{"sub": "bob"})
	call := func(optFns ...func(*ssooidc.Options)) error {
		in := iamInput("urn:ietf:params:oauth:grant-type:jwt-bearer")
		in.Assertion = ptr.String(assertion)
		svc := srv.Client(append([]func(*ssooidc.Options){func(o *ssooidc.Options) { o.RetryMaxAttempts = 1 }}, optFns...)...)
		_, err := svc.CreateTokenWithIAM(t.Context(), in)
		return err
	}
	creds := func(id, secret, token string) func(*ssooidc.Options) {
		return func(o *ssooidc.Options) { o.Credentials = ssooidc.NewStaticCredentialsProvider(id, secret, token) }
	}

	if err := call(); err != nil {
		t.Fatalf("long-term keys: %v", err)
	}
	if err := call(creds("ASIAEXAMPLETEMPORARY", "temporary-secret", token)); err != nil {
		t.Fatalf("temporary keys: %v", err)
	}
	tests := []struct {
		name   string
		opt    func(*ssooidc.Options)
		code   string
		status int
	}{
		{"wrong secret", creds(ssooidctest.TestAccessKeyID, "wrong", ""), "InvalidSignatureException", 403},
		{"unknown key", creds("AKIAUNKNOWNKEY000000", ssooidctest.TestSecretAccessKey, ""), "UnrecognizedClientException", 403},
		{"missing session token", creds("ASIAEXAMPLETEMPORARY", "temporary-secret", ""), "UnrecognizedClientException", 403},
		{"wrong session token", creds("ASIAEXAMPLETEMPORARY", "temporary-secret", "other"), "UnrecognizedClientException", 403},
		{"session token on long-term keys", creds(ssooidctest.TestAccessKeyID, ssooidctest.TestSecretAccessKey, "x"), "UnrecognizedClientException", 403},
		{"wrong region", func(o *ssooidc.Options) { o.Region = "us-east-1" }, "InvalidSignatureException", 403},
		{"header changed after signing", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error {
				r.Header.Set("Content-Type", "application/json; charset=utf-8")
				return nil
			}
		}, "InvalidSignatureException", 403},
		{"signature changed", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error {
				a := r.Header.Get("Authorization")
				r.Header.Set("Authorization", a[:len(a)-4]+"0000")
				return nil
			}
		}, "InvalidSignatureException", 403},
		{"malformed authorization", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error { r.Header.Set("Authorization", "AWS4-HMAC-SHA256 garbage"); return nil }
		}, "IncompleteSignatureException", 400},
		{"other algorithm", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", 1))
				return nil
			}
		}, "IncompleteSignatureException", 400},
		{"no date", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error { r.Header.Del("X-Amz-Date"); return nil }
		}, "IncompleteSignatureException", 400},
		{"host not signed", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "host;", "", 1))
				return nil
			}
		}, "InvalidSignatureException", 403},
		{"unsigned", func(o *ssooidc.Options) {
			o.BeforeSend = func(r *http.Request) error { r.Header.Del("Authorization"); return nil }
		}, "MissingAuthenticationTokenException", 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantAPIError(t, call(tc.opt), tc.code, tc.status, "")
		})
	}

	// Clock skew: 5 minutes either way is tolerated, more is not. The
	// requests are signed here, not by the SDK, which may correct its clock
	// from the Date header.
	body := `{"clientId":"` + appARN + `","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"` + assertion + `"}`
	for _, tc := range []struct {
		skew time.Duration
		want string
	}{
		{4 * time.Minute, ""},
		{-4 * time.Minute, ""},
		{-6 * time.Minute, "Signature expired"},
		{6 * time.Minute, "Signature not yet current"},
	} {
		r := signedPost(t, srv, body, "eu-west-1", clk.Now().Add(tc.skew))
		switch {
		case tc.want == "" && r.status != http.StatusOK:
			t.Errorf("signed %v off: %d %s", tc.skew, r.status, r.text)
		case tc.want != "" && (r.status != http.StatusForbidden || r.header.Get("X-Amzn-Errortype") != "InvalidSignatureException" ||
			!strings.Contains(r.text, tc.want)):
			t.Errorf("signed %v off: %d %s", tc.skew, r.status, r.text)
		}
	}
}

// signedPost sends a CreateTokenWithIAM body signed with the test keys at
// the given time.
func signedPost(t *testing.T, srv *ssooidctest.Server, body, region string, at time.Time) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/token?aws_iam=t", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	var signer sigv4.Signer
	creds := sigv4.Credentials{AccessKeyID: ssooidctest.TestAccessKeyID, SecretAccessKey: ssooidctest.TestSecretAccessKey}
	if err := signer.SignHTTP(req, creds, sigv4.PayloadHash([]byte(body)), "sso-oauth", region, at); err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// The signature is checked before the body is looked at, and a raw unsigned
// request gets the AWS front door's answer.
func TestCreateTokenWithIAMUnsignedRaw(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{})
	r := rawPost(t, srv, "/token?aws_iam=t", `not even json`)
	if r.status != http.StatusForbidden || r.header.Get("X-Amzn-Errortype") != "MissingAuthenticationTokenException" ||
		r.body["message"] != "Missing Authentication Token" || r.header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("got %d %v %v", r.status, r.header, r.body)
	}
	for _, auth := range []string{"AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=00"} {
		r = rawPost(t, srv, "/token?aws_iam=t", `{}`, "Authorization", auth, "X-Amz-Date", "20200101T000000Z")
		if r.status != http.StatusBadRequest || r.header.Get("X-Amzn-Errortype") != "IncompleteSignatureException" {
			t.Errorf("%s: got %d %v", auth, r.status, r.body)
		}
	}
}
