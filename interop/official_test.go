// Package interop_test points the official AWS SDK for Go v2 SSO OIDC
// client at the ssooidctest emulator: the emulator must serve what the
// official client sends, and the official client must read what the
// emulator answers, errors included. login_test.go checks that the official
// SDK's ssocreds and this SDK's login package share one token cache. It is
// a module of its own so that the main module does not depend on the
// official SDK.
package interop_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const (
	deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"
	appARN      = "arn:aws:sso::123456789012:application/ssoins-111111111111/apl-222222222222"
	startURL    = "https://d-1234567890.awsapps.com/start"
)

// official returns the official client configured for srv, signing with
// the given keys (the emulator's test keys when empty).
func official(t *testing.T, srv *ssooidctest.Server, keyID, secret, token string, optFns ...func(*ssooidc.Options)) *ssooidc.Client {
	t.Helper()
	if keyID == "" {
		keyID, secret = ssooidctest.TestAccessKeyID, ssooidctest.TestSecretAccessKey
	}
	cfg := aws.Config{
		Region: srv.Region(),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret, SessionToken: token, Source: "interop test"}, nil
		}),
		RetryMaxAttempts: 1,
	}
	return ssooidc.NewFromConfig(cfg, append([]func(*ssooidc.Options){func(o *ssooidc.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
	}}, optFns...)...)
}

// fakeClock is the emulator's clock, moved by the test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func start(t *testing.T, opts ssooidctest.Options) *ssooidctest.Server {
	t.Helper()
	srv := ssooidctest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// wantCode checks an error's code, HTTP status and OAuth error member as
// the official client decoded them.
func wantCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("got %v, want %s", err, code)
	}
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != status {
		t.Fatalf("%s: got status %v, want %d", code, err, status)
	}
}

// The whole device login of the AWS CLI, then a refresh, with the official
// client and its typed errors.
func TestOfficialDeviceLogin(t *testing.T) {
	clk := &fakeClock{now: time.Now()}
	srv := start(t, ssooidctest.Options{Now: clk.Now})
	svc := official(t, srv, "", "", "")
	ctx := t.Context()

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-interop"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if reg.ClientSecretExpiresAt-reg.ClientIdIssuedAt != 90*24*3600 {
		t.Errorf("secret lifetime %d", reg.ClientSecretExpiresAt-reg.ClientIdIssuedAt)
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(startURL),
	})
	if err != nil {
		t.Fatal(err)
	}
	if dev.Interval != 1 || dev.ExpiresIn != 600 || !strings.HasPrefix(*dev.VerificationUriComplete, srv.URL+"/device?user_code=") {
		t.Errorf("device authorization: %+v", dev)
	}

	in := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String(deviceGrant), DeviceCode: dev.DeviceCode}
	_, err = svc.CreateToken(ctx, in)
	var pending *types.AuthorizationPendingException
	if !errors.As(err, &pending) || aws.ToString(pending.Error_) != "authorization_pending" || aws.ToString(pending.Error_description) == "" {
		t.Fatalf("got %v, want AuthorizationPendingException with its members", err)
	}
	_, err = svc.CreateToken(ctx, in)
	var slow *types.SlowDownException
	if !errors.As(err, &slow) || aws.ToString(slow.Error_) != "slow_down" {
		t.Fatalf("got %v, want SlowDownException", err)
	}
	if err := srv.Approve(*dev.UserCode); err != nil {
		t.Fatal(err)
	}
	clk.Advance(6 * time.Second) // the interval, plus the 5s slow_down added
	tok, err := svc.CreateToken(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(tok.TokenType) != "Bearer" || tok.ExpiresIn != 3600 || tok.RefreshToken == nil || tok.IdToken == nil {
		t.Errorf("token: %+v", tok)
	}
	if info, ok := srv.LookupAccessToken(*tok.AccessToken); !ok || info.ClientID != *reg.ClientId {
		t.Errorf("LookupAccessToken: %+v %v", info, ok)
	}

	refreshed, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: tok.RefreshToken, Scope: []string{"codewhisperer:completions"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: tok.RefreshToken})
	var invalidGrant *types.InvalidGrantException
	if !errors.As(err, &invalidGrant) || refreshed.RefreshToken == nil {
		t.Fatalf("reused refresh token: %v", err)
	}
}

// The modeled errors reach the official client as its types, with the
// model's status codes.
func TestOfficialErrors(t *testing.T) {
	srv := start(t, ssooidctest.Options{})
	svc := official(t, srv, "", "", "")
	ctx := t.Context()

	_, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("confidential")})
	var meta *types.InvalidClientMetadataException
	if !errors.As(err, &meta) {
		t.Errorf("got %v", err)
	}
	wantCode(t, err, "InvalidClientMetadataException", 400)

	_, err = svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("public"),
		GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"https://example.com/cb"}})
	var redirect *types.InvalidRedirectUriException
	if !errors.As(err, &redirect) {
		t.Errorf("got %v", err)
	}

	_, err = svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: aws.String("nope"),
		ClientSecret: aws.String("nope"), StartUrl: aws.String(startURL)})
	var invalidClient *types.InvalidClientException
	if !errors.As(err, &invalidClient) || aws.ToString(invalidClient.Error_) != "invalid_client" {
		t.Errorf("got %v", err)
	}
	wantCode(t, err, "InvalidClientException", 401)

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("public")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String("password")})
	var unsupported *types.UnsupportedGrantTypeException
	if !errors.As(err, &unsupported) {
		t.Errorf("got %v", err)
	}

	srv.FailNext(1)
	_, err = svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("public")})
	var internal *types.InternalServerException
	if !errors.As(err, &internal) {
		t.Errorf("got %v", err)
	}
	wantCode(t, err, "InternalServerException", 500)

	// The official retryer retries throttling.
	retrying := official(t, srv, "", "", "", func(o *ssooidc.Options) {
		o.RetryMaxAttempts = 0
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 3
			so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
	srv.ThrottleNext(1)
	if _, err := retrying.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("public")}); err != nil {
		t.Errorf("throttled once, 3 attempts: %v", err)
	}
}

// CreateTokenWithIAM signed by the official SDK's signer verifies, for every
// grant; signatures with the wrong key do not.
func TestOfficialCreateTokenWithIAM(t *testing.T) {
	const token = "interop-session-token"
	srv := start(t, ssooidctest.Options{AutoApprove: true, Region: "eu-west-1", Credentials: []ssooidctest.Credentials{
		{AccessKeyID: ssooidctest.TestAccessKeyID, SecretAccessKey: ssooidctest.TestSecretAccessKey},
		{AccessKeyID: "ASIAINTEROPEXAMPLE00", SecretAccessKey: "interop-secret", SessionToken: token},
	}})
	svc := official(t, srv, "", "", "")
	ctx := t.Context()
	enc := base64.RawURLEncoding

	// jwt-bearer.
	assertion := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		enc.EncodeToString([]byte(`{"sub":"carol","iss":"https://idp.example"}`)) + "." + enc.EncodeToString([]byte("sig"))
	out, err := svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN),
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: aws.String(assertion)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.IssuedTokenType) != "urn:ietf:params:oauth:token-type:refresh_token" ||
		!slices.Equal(out.Scope, []string{"openid", "aws", "sts:identity_context"}) ||
		out.AwsAdditionalDetails == nil || aws.ToString(out.AwsAdditionalDetails.IdentityContext) == "" {
		t.Errorf("jwt-bearer: %+v", out)
	}

	// refresh_token, downscoped, signed with temporary credentials.
	temp := official(t, srv, "ASIAINTEROPEXAMPLE00", "interop-secret", token)
	refreshed, err := temp.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN),
		GrantType: aws.String("refresh_token"), RefreshToken: out.RefreshToken, Scope: []string{"aws"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(refreshed.Scope, []string{"aws"}) || refreshed.IdToken != nil {
		t.Errorf("refresh: %+v", refreshed)
	}

	// token-exchange.
	exchanged, err := svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN),
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:token-exchange"), SubjectToken: out.AccessToken,
		SubjectTokenType: aws.String("urn:ietf:params:oauth:token-type:access_token"), RequestedTokenType: aws.String("urn:ietf:params:oauth:token-type:access_token")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(exchanged.IssuedTokenType) != "urn:ietf:params:oauth:token-type:access_token" || exchanged.RefreshToken != nil {
		t.Errorf("exchange: %+v", exchanged)
	}

	// authorization_code through /authorize, with PKCE.
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	verifier := enc.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	const back = "https://app.example/callback"
	q := url.Values{"response_type": {"code"}, "client_id": {appARN}, "redirect_uri": {back}, "state": {"xyz"},
		"code_challenge": {enc.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(srv.URL + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("state") != "xyz" {
		t.Fatalf("authorize: %d %v", resp.StatusCode, loc)
	}
	coded, err := svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN),
		GrantType: aws.String("authorization_code"), Code: aws.String(loc.Query().Get("code")), RedirectUri: aws.String(back),
		CodeVerifier: aws.String(verifier)})
	if err != nil {
		t.Fatal(err)
	}
	if coded.IdToken == nil || coded.RefreshToken == nil {
		t.Errorf("authorization code: %+v", coded)
	}

	// Bad signatures, as the official client decodes them.
	in := &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN), GrantType: aws.String("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: aws.String(assertion)}
	_, err = official(t, srv, ssooidctest.TestAccessKeyID, "wrong-secret", "").CreateTokenWithIAM(ctx, in)
	wantCode(t, err, "InvalidSignatureException", 403)
	_, err = official(t, srv, "AKIAUNKNOWN000000000", "x", "").CreateTokenWithIAM(ctx, in)
	wantCode(t, err, "UnrecognizedClientException", 403)
	_, err = official(t, srv, "", "", "", func(o *ssooidc.Options) { o.Region = "us-east-1" }).CreateTokenWithIAM(ctx, in)
	wantCode(t, err, "InvalidSignatureException", 403)
	_, err = svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String("not-an-arn"), GrantType: aws.String("refresh_token")})
	var invalidClient *types.InvalidClientException
	if !errors.As(err, &invalidClient) {
		t.Errorf("got %v", err)
	}
}

// The official RegisterClient output for an authorization code client, and
// its decoding of authorizationEndpoint and tokenEndpoint.
func TestOfficialRegisterAuthorizationCodeClient(t *testing.T) {
	srv := start(t, ssooidctest.Options{})
	reg, err := official(t, srv, "", "", "").RegisterClient(t.Context(), &ssooidc.RegisterClientInput{
		ClientName: aws.String("ide"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"},
		GrantTypes: []string{"authorization_code", "refresh_token"}, RedirectUris: []string{"http://127.0.0.1/oauth/callback"},
		IssuerUrl: aws.String("https://identitycenter.amazonaws.com/ssoins-1111111111111111"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(reg.AuthorizationEndpoint) != srv.URL+"/authorize" || aws.ToString(reg.TokenEndpoint) != srv.URL+"/token" {
		t.Errorf("endpoints: %v %v", aws.ToString(reg.AuthorizationEndpoint), aws.ToString(reg.TokenEndpoint))
	}
}

// The emulator's Date header follows its clock, so a client that corrects
// clock skew from it, as the official SDK does after "Signature expired",
// signs in time on its next attempt.
func TestOfficialClockSkewCorrection(t *testing.T) {
	clk := &fakeClock{now: time.Now().Add(10 * time.Minute)} // the client's clock is 10 minutes slow
	srv := start(t, ssooidctest.Options{Now: clk.Now})
	svc := official(t, srv, "", "", "", func(o *ssooidc.Options) { o.RetryMaxAttempts = 2 })
	_, err := svc.CreateTokenWithIAM(t.Context(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(appARN),
		GrantType: aws.String("refresh_token"), RefreshToken: aws.String("not-issued")})
	// Past the signature check: the request reached the grant.
	var invalidGrant *types.InvalidGrantException
	if !errors.As(err, &invalidGrant) {
		t.Fatalf("got %v, want InvalidGrantException after the skew correction", err)
	}
}
