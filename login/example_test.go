package login_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/smithy-go/auth/bearer"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// Get a token, logging in when there is none. Here against the emulator,
// which approves at once; with a real profile use
// ssooidc.LoadConfig(ctx, ssooidc.WithProfile("dev")) and login.NewSession.
func Example() {
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true})
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "sso-cache")
	defer os.RemoveAll(dir)

	sess, err := login.New(login.Config{
		SessionName: "my-sso",
		StartURL:    "https://my-sso-portal.awsapps.com/start",
		Region:      srv.Region(),
		Scopes:      []string{"sso:account:access"},
		Client:      srv.Client(),
		CacheDir:    dir,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	tok, err := sess.Token(ctx)
	if errors.Is(err, login.ErrLoginRequired) {
		tok, err = sess.Login(ctx, login.Options{
			Flow:   login.FlowDeviceCode,
			Prompt: func(ctx context.Context, p login.Prompt) error { return nil }, // the emulator needs no user
		})
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logged in:", tok.AccessToken != "")
	// Output: logged in: true
}

// A Session is a smithy-go bearer token provider.
func ExampleSession_RetrieveBearerToken() {
	cfg := ssooidc.Config{SSO: ssooidc.SSOConfig{SessionName: "my-sso", StartURL: "https://my-sso-portal.awsapps.com/start", Region: "us-east-1"}}
	dir, _ := os.MkdirTemp("", "sso-cache")
	defer os.RemoveAll(dir)
	sess, err := login.NewSession(cfg, func(c *login.Config) { c.CacheDir = dir })
	if err != nil {
		fmt.Println(err)
		return
	}
	var p bearer.TokenProvider = sess
	_, err = p.RetrieveBearerToken(context.Background())
	fmt.Println(errors.Is(err, login.ErrLoginRequired))
	// Output: true
}
