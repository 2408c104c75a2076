package ssooidc_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// The examples call ssooidctest's emulator on 127.0.0.1. Against AWS,
// leave out BaseEndpoint (and WithEndpoint): the Region picks the endpoint.

// A client for the Region of your IAM Identity Center instance.
func ExampleNew() {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()

	svc := ssooidc.New(ssooidc.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL), // the emulator
	})
	reg, err := svc.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{
		ClientName: ptr.String("my-tool"),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("registered:", ptr.ToString(reg.ClientId) != "")
	// Output: registered: true
}

// LoadConfig reads a profile as the AWS CLI does. Config.SSO holds its IAM
// Identity Center settings, here from an [sso-session] section.
func ExampleLoadConfig() {
	dir, _ := os.MkdirTemp("", "aws")
	defer os.RemoveAll(dir)
	config := filepath.Join(dir, "config") // normally ~/.aws/config
	os.WriteFile(config, []byte(`[profile dev]
sso_session = my-sso
region = eu-west-1

[sso-session my-sso]
sso_start_url = https://my-sso-portal.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`), 0o600)

	cfg, err := ssooidc.LoadConfig(context.Background(),
		ssooidc.WithSharedConfigFiles(config, filepath.Join(dir, "credentials")), // leave out for ~/.aws
		ssooidc.WithProfile("dev"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.SSO.SessionName, cfg.SSO.StartURL, cfg.SSO.Region, cfg.SSO.RegistrationScopes)
	// Output: my-sso https://my-sso-portal.awsapps.com/start us-east-1 [sso:account:access]
}

// NewFromConfig calls the profile's region, as "aws sso-oidc" does. A
// login belongs to sso_region: set it for the login calls (the login
// package does).
func ExampleNewFromConfig() {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()

	cfg, err := ssooidc.LoadConfig(context.Background(),
		ssooidc.WithRegion("eu-west-1"),                       // or the profile's region
		ssooidc.WithEndpoint(srv.URL),                         // the emulator
		ssooidc.WithSharedConfigFiles(os.DevNull, os.DevNull), // no profile: leave out for ~/.aws
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg.SSO.Region = "us-east-1" // as sso_region would set it
	svc := ssooidc.NewFromConfig(cfg)
	loginSvc := ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.Region = cfg.SSO.Region })
	fmt.Println(svc.Options().Region, loginSvc.Options().Region)
	// Output: eu-west-1 us-east-1
}

// Register a client for the authorization code grant with PKCE, as the
// AWS CLI does: a loopback redirect URI and the start URL as issuer.
// Without GrantTypes the client gets the device code and refresh token
// grants. Cache the registration: it is valid for 90 days.
func ExampleClient_RegisterClient() {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})

	reg, err := svc.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{
		ClientName:   ptr.String("my-tool"),
		ClientType:   ptr.String(ssooidc.ClientTypePublic),
		Scopes:       []string{"sso:account:access"}, // without scopes no refresh token is issued
		GrantTypes:   []string{ssooidc.GrantTypeAuthorizationCode, ssooidc.GrantTypeRefreshToken},
		RedirectUris: []string{"http://127.0.0.1/oauth/callback"},
		IssuerUrl:    ptr.String("https://my-sso-portal.awsapps.com/start"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("valid for", time.Until(time.Unix(reg.ClientSecretExpiresAt, 0)).Round(time.Hour))
	// Output: valid for 2160h0m0s
}

// Start a device code login: show the user the page and the code, then
// poll CreateToken (see the CreateToken example).
func ExampleClient_StartDeviceAuthorization() {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})
	ctx := context.Background()

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("my-tool"),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     reg.ClientId,
		ClientSecret: reg.ClientSecret,
		StartUrl:     ptr.String("https://my-sso-portal.awsapps.com/start"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The user code is for the user; the device code is a secret.
	fmt.Fprintf(os.Stderr, "Open %s and confirm the code %s\n", ptr.ToString(dev.VerificationUriComplete), ptr.ToString(dev.UserCode))
	fmt.Println("poll every", time.Duration(dev.Interval)*time.Second, "for", time.Duration(dev.ExpiresIn)*time.Second)
	// Output: poll every 1s for 10m0s
}

// Poll for the token of a device code login: wait the interval (5 s when
// the service gives none), 5 s more after each SlowDown, keep polling while
// AuthorizationPending, and stop when the device code expires or ctx ends.
// The emulator approves at once here; a user takes a while.
func ExampleClient_CreateToken() {
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})
	ctx := context.Background()

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("my-tool"),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
		Scopes:     []string{"sso:account:access"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     reg.ClientId,
		ClientSecret: reg.ClientSecret,
		StartUrl:     ptr.String("https://my-sso-portal.awsapps.com/start"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	interval := time.Duration(dev.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second // RFC 8628, section 3.2
	}
	deadline := time.Now().Add(time.Duration(dev.ExpiresIn) * time.Second)
	for {
		select {
		case <-ctx.Done():
			fmt.Println(ctx.Err())
			return
		case <-time.After(interval):
		}
		if time.Now().After(deadline) {
			fmt.Println("the device code expired: start again")
			return
		}
		tok, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     reg.ClientId,
			ClientSecret: reg.ClientSecret,
			GrantType:    ptr.String(ssooidc.GrantTypeDeviceCode),
			DeviceCode:   dev.DeviceCode,
		})
		var pending *types.AuthorizationPendingException
		var slow *types.SlowDownException
		switch {
		case errors.As(err, &pending): // the user has not approved yet
		case errors.As(err, &slow):
			interval += 5 * time.Second // RFC 8628, section 3.5
		case err != nil:
			fmt.Println(err) // AccessDeniedException, ExpiredTokenException, ...
			return
		default:
			// Use *tok.AccessToken; refresh with *tok.RefreshToken and the
			// refresh_token grant before ExpiresIn runs out.
			fmt.Println(ptr.ToString(tok.TokenType), time.Duration(tok.ExpiresIn)*time.Second, tok.RefreshToken != nil)
			return
		}
	}
	// Output: Bearer 1h0m0s true
}

// Exchange a token of a trusted identity provider (here a JWT) for an IAM
// Identity Center token of an application. The one call signed with AWS
// credentials: those of your role, here the emulator's test keys.
func ExampleClient_CreateTokenWithIAM() {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL),
		Credentials:  ssooidc.NewStaticCredentialsProvider(ssooidctest.TestAccessKeyID, ssooidctest.TestSecretAccessKey, ""),
	})
	enc := base64.RawURLEncoding.EncodeToString
	jwt := enc([]byte(`{"alg":"RS256"}`)) + "." + enc([]byte(`{"sub":"jane@example.com"}`)) + "." + enc([]byte("sig"))

	out, err := svc.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{
		ClientId:  ptr.String("arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-1111111111111111"),
		GrantType: ptr.String(ssooidc.GrantTypeJWTBearer),
		Assertion: ptr.String(jwt),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ptr.ToString(out.TokenType), ptr.ToString(out.IssuedTokenType), out.Scope)
	// Output: Bearer urn:ietf:params:oauth:token-type:refresh_token [openid aws sts:identity_context]
}
