// Command devicelogin runs the whole device-code login of the AWS CLI's
// "aws sso login": register a client, start a device authorization, show the
// user code and URL, poll CreateToken until the user approves, and report
// when the token expires (never the token itself).
//
// By default it runs against an emulator of the service embedded in the
// program (package ssooidctest), so no AWS account is needed, and a
// simulated user approves the request after a short delay:
//
//	go run ./examples/devicelogin
//	go run ./examples/devicelogin -manual    # approve it yourself in a browser
//
// With -start-url and -region it logs in to a real IAM Identity Center:
//
//	go run ./examples/devicelogin -start-url https://d-1234567890.awsapps.com/start -region us-east-1
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// emulatorStartURL stands for an access portal URL when the embedded
// emulator is used: it accepts any.
const emulatorStartURL = "https://d-1234567890.awsapps.com/start"

// slowDownStep is what RFC 8628 (section 3.5) adds to the interval after
// each SlowDownException.
const slowDownStep = 5 * time.Second

// config is what the flags set, plus what tests inject.
type config struct {
	StartURL     string        // empty: the embedded emulator
	Region       string        // required with StartURL
	Manual       bool          // emulator: wait for a person to approve
	NoBrowser    bool          // print the URL only, as aws sso login --no-browser
	ApproveAfter time.Duration // emulator: when the simulated user approves
	ClientName   string
	Scopes       []string

	// For tests.
	EmulatorInterval time.Duration                              // the emulator's polling interval; 0: 1s
	PollInterval     time.Duration                              // 0: the interval the service sends
	OpenBrowser      func(url string) error                     // nil: the system's browser
	Sleep            func(context.Context, time.Duration) error // nil: a timer
	ClientOptions    []func(*ssooidc.Options)
}

func main() {
	var cfg config
	scopes := ""
	flag.StringVar(&cfg.StartURL, "start-url", "", "AWS access portal URL of a real IAM Identity Center (default: the embedded emulator)")
	flag.StringVar(&cfg.Region, "region", "", "Region of the IAM Identity Center instance (required with -start-url)")
	flag.BoolVar(&cfg.Manual, "manual", false, "emulator: do not approve automatically; open the page and approve it yourself")
	flag.BoolVar(&cfg.NoBrowser, "no-browser", false, "do not try to open a browser")
	flag.DurationVar(&cfg.ApproveAfter, "approve-after", 2*time.Second, "emulator: the simulated user approves this long after the login starts")
	flag.StringVar(&cfg.ClientName, "client-name", "ssooidc-devicelogin", "name to register the client with")
	flag.StringVar(&scopes, "scopes", "sso:account:access", "comma-separated scopes to register (empty for none, and no refresh token)")
	flag.Parse()
	if scopes != "" {
		cfg.Scopes = strings.Split(scopes, ",")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "devicelogin:", err)
		os.Exit(1)
	}
}

// run performs one device-code login and writes what a user sees to w.
func run(ctx context.Context, w io.Writer, cfg config) error {
	startURL := cfg.StartURL
	var opts ssooidc.Options
	if startURL == "" {
		srv := ssooidctest.NewServer(ssooidctest.Options{
			AutoApprove:      !cfg.Manual,
			AutoApproveDelay: cfg.ApproveAfter,
			Interval:         cfg.EmulatorInterval,
		})
		defer srv.Close()
		opts = ssooidc.Options{Region: srv.Region(), BaseEndpoint: ptr.String(srv.URL)}
		startURL = emulatorStartURL
		fmt.Fprintf(w, "Using the embedded SSO OIDC emulator at %s: no AWS account needed.\n", srv.URL)
		if cfg.Manual {
			fmt.Fprintf(w, "Open the URL below in a browser and approve the request there.\n\n")
		} else {
			fmt.Fprintf(w, "A simulated user approves the request %v after it starts (-manual to approve it yourself).\n\n", cfg.ApproveAfter)
			if cfg.OpenBrowser == nil {
				cfg.OpenBrowser = func(string) error { return nil } // the simulated user needs no browser
			}
		}
	} else {
		if cfg.Region == "" {
			return errors.New("-region is required with -start-url")
		}
		opts = ssooidc.Options{Region: cfg.Region}
	}
	if cfg.OpenBrowser == nil {
		cfg.OpenBrowser = openBrowser
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	svc := ssooidc.New(opts, cfg.ClientOptions...)

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String(cfg.ClientName),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
		Scopes:     cfg.Scopes,
	})
	if err != nil {
		return err
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     reg.ClientId,
		ClientSecret: reg.ClientSecret,
		StartUrl:     ptr.String(startURL),
	})
	if err != nil {
		return err
	}

	// The AWS CLI's words, so the demo looks like the real thing.
	if cfg.NoBrowser {
		fmt.Fprintf(w, "Browser will not be automatically opened.\nPlease visit the following URL:\n\n%s\n\nThen enter the code:\n\n%s\n",
			ptr.ToString(dev.VerificationUri), ptr.ToString(dev.UserCode))
	} else {
		fmt.Fprintf(w, "Attempting to automatically open the SSO authorization page in your default browser.\n"+
			"If the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n%s\n\nThen enter the code:\n\n%s\n",
			ptr.ToString(dev.VerificationUri), ptr.ToString(dev.UserCode))
		_ = cfg.OpenBrowser(ptr.ToString(dev.VerificationUriComplete)) // the URL above is the fallback
	}

	interval := time.Duration(dev.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second // RFC 8628's default when the service names none
	}
	if cfg.PollInterval > 0 {
		interval = cfg.PollInterval
	}
	expiresIn := time.Duration(dev.ExpiresIn) * time.Second
	if expiresIn <= 0 {
		expiresIn = 10 * time.Minute
	}
	tok, err := pollToken(ctx, svc, &ssooidc.CreateTokenInput{
		ClientId:     reg.ClientId,
		ClientSecret: reg.ClientSecret,
		GrantType:    ptr.String(ssooidc.GrantTypeDeviceCode),
		DeviceCode:   dev.DeviceCode,
	}, interval, expiresIn, cfg.Sleep)
	if err != nil {
		return err
	}

	// Print when the token expires, never the token.
	lifetime := time.Duration(tok.ExpiresIn) * time.Second
	fmt.Fprintf(w, "\nSuccessfully logged into Start URL: %s\n", startURL)
	fmt.Fprintf(w, "The access token expires at %s (in %v).\n", time.Now().Add(lifetime).UTC().Format(time.RFC3339), lifetime)
	if tok.RefreshToken != nil {
		fmt.Fprintln(w, "A refresh token was issued too: the session can be renewed without a new login.")
	}
	return nil
}

// pollToken polls CreateToken as RFC 8628 (section 3.5) asks: at the
// interval while authorization is pending, 5 seconds slower after each
// SlowDownException, until the device code expires.
func pollToken(ctx context.Context, api ssooidc.API, in *ssooidc.CreateTokenInput, interval, expiresIn time.Duration,
	sleep func(context.Context, time.Duration) error) (*ssooidc.CreateTokenOutput, error) {
	deadline := time.Now().Add(expiresIn)
	for {
		out, err := api.CreateToken(ctx, in)
		var (
			pending *types.AuthorizationPendingException
			slow    *types.SlowDownException
			denied  *types.AccessDeniedException
			expired *types.ExpiredTokenException
		)
		switch {
		case err == nil:
			return out, nil
		case errors.As(err, &pending):
		case errors.As(err, &slow):
			interval += slowDownStep
		case errors.As(err, &denied):
			return nil, errors.New("the login was denied")
		case errors.As(err, &expired):
			return nil, errors.New("the login expired before it was approved; run again")
		default:
			return nil, err
		}
		if time.Now().Add(interval).After(deadline) {
			return nil, errors.New("the login expired before it was approved; run again")
		}
		if err := sleep(ctx, interval); err != nil {
			return nil, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// openBrowser opens url in the system's browser, without waiting for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it
	return nil
}
