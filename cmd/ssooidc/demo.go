//go:build demo

// The demo, built in only with -tags demo: the emulator it logs in to
// (package ssooidctest, with html/template) is 3.6 MB of the binary and
// slows the start of every command, ssooidc token's above all.

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// demoApproval is how long the demo's emulator and browser take to approve.
const demoApproval = 2 * time.Second

// demoConfig is the demo's config file; the endpoint is the emulator's.
const demoConfig = `[profile demo]
sso_session = demo
region = us-east-1

[sso-session demo]
sso_start_url = https://ssooidc-demo.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`

// runDemo logs in as login does, against an in-process emulator that
// approves after two seconds, with HOME, the config and the cache in a new
// temporary folder removed at the end: never the user's own files.
func runDemo(ctx context.Context, e *env, o *opts) int {
	home, err := os.MkdirTemp("", "ssooidc-demo-")
	if err != nil {
		return fail(e, err)
	}
	defer os.RemoveAll(home)
	aws := filepath.Join(home, ".aws")
	if err := os.Mkdir(aws, 0o700); err != nil {
		return fail(e, err)
	}
	configFile, credsFile := filepath.Join(aws, "config"), filepath.Join(aws, "credentials")
	if err := os.WriteFile(configFile, []byte(demoConfig), 0o600); err != nil {
		return fail(e, err)
	}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, AutoApproveDelay: demoApproval})
	defer srv.Close()
	fmt.Fprintf(e.stderr, "Demo: logging in to an emulator at %s that approves after %v; HOME is %s (removed at the end).\n",
		srv.URL, demoApproval, home)

	t, ok := open(ctx, e, &opts{profile: "demo"},
		[]ssooidc.LoadOption{ssooidc.WithSharedConfigFiles(configFile, credsFile), ssooidc.WithEndpoint(srv.URL)},
		func(c *login.Config) { c.CacheDir = filepath.Join(aws, "sso", "cache") })
	if !ok {
		return exitError
	}
	tok, code := logIn(ctx, e, o, t, demoBrowser(ctx, e.stderr))
	if code != exitOK {
		return code
	}
	fmt.Fprintf(e.stdout, "The token expires at %s (in %v).\n", rfc3339(tok.ExpiresAt), time.Until(tok.ExpiresAt).Round(time.Minute))
	return exitOK
}

// demoBrowser plays the user's browser: after demoApproval it opens the
// page, follows the emulator's redirect to the login's loopback listener
// (PKCE) or just loads the device page (device code: the emulator
// approves by itself).
func demoBrowser(ctx context.Context, stderr io.Writer) func(string) {
	return func(url string) {
		fmt.Fprintf(stderr, "Demo: a stand-in browser opens that page in %v.\n", demoApproval)
		go func() {
			select {
			case <-time.After(demoApproval):
			case <-ctx.Done():
				return
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return
			}
			if resp, err := http.DefaultClient.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
}
