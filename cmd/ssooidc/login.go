package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func runLogin(ctx context.Context, e *env, o *opts) int {
	// Ctrl-C ends a login cleanly ("login cancelled", the listener closed).
	// Only login installs the handler: it costs the other commands' start-up.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.demo {
		return runDemo(ctx, e, o)
	}
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	_, code := logIn(ctx, e, o, t, nil)
	return code
}

// logIn logs t in as o says and prints what the AWS CLI prints. visit,
// when set, plays the user's browser (the demo's): it gets the page the
// user would open, and no browser is started.
func logIn(ctx context.Context, e *env, o *opts, t *target, visit func(url string)) (login.Token, int) {
	lo := login.Options{
		NoBrowser: o.noBrowser || visit != nil,
		Paste:     o.paste,
		Stdout:    e.stdout,
		Stdin:     e.stdin,
		Getenv:    e.getenv,
	}
	switch {
	case o.deviceCode:
		lo.Flow = login.FlowDeviceCode
	case visit != nil:
		lo.Flow = login.FlowPKCE
	}
	var countdown *countdown
	show := login.DefaultPrompt(lo)
	lo.Prompt = func(ctx context.Context, p login.Prompt) error {
		if err := show(ctx, p); err != nil {
			return err
		}
		if visit != nil {
			visit(cmp.Or(p.AuthorizeURL, p.VerificationURIComplete, p.VerificationURI))
		}
		if o.qr && p.VerificationURIComplete != "" {
			if err := writeQR(e.stdout, p.VerificationURIComplete); err != nil {
				return err
			}
		}
		// The countdown would garble the paste prompt's input line.
		if e.stdoutTTY && !p.Paste && !p.ExpiresAt.IsZero() {
			countdown = startCountdown(e.stdout, p.ExpiresAt)
		}
		return nil
	}
	tok, err := t.sess.Login(ctx, lo)
	if countdown != nil {
		countdown.stop()
	}
	if err != nil {
		return login.Token{}, fail(e, loginError(err))
	}
	fmt.Fprintf(e.stdout, "Successfully logged into Start URL: %s\n", t.sess.StartURL())
	return tok, exitOK
}

// loginError says what to do after a failed login.
func loginError(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("login cancelled")
	case errors.Is(err, login.ErrDenied):
		return fmt.Errorf("%w; ask your administrator for access, or log in as another user", err)
	case errors.Is(err, login.ErrExpired):
		return fmt.Errorf("%w; run the login again and approve it sooner", err)
	}
	return err
}

// countdown shows, on a terminal, how long the user has left to approve.
type countdown struct {
	done chan struct{}
	wg   sync.WaitGroup
}

func startCountdown(w io.Writer, until time.Time) *countdown {
	c := &countdown{done: make(chan struct{})}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			left := max(time.Until(until), 0).Round(time.Second)
			fmt.Fprintf(w, "\rWaiting for approval, %d:%02d left ", int(left.Minutes()), int(left.Seconds())%60)
			select {
			case <-c.done:
				fmt.Fprint(w, "\r\033[K") // clear the line for what comes next
				return
			case <-tick.C:
			}
		}
	}()
	return c
}

func (c *countdown) stop() {
	close(c.done)
	c.wg.Wait()
}

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
