package login

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// ErrDenied is matched by the error of a login the user (or an
// administrator) refused: AccessDeniedException of the device code grant,
// or error=access_denied on the PKCE redirect.
var ErrDenied = errors.New("login denied")

// ErrExpired is matched by the error of a login that ran out of time: the
// device code expired (ExpiredTokenException, or its expiresIn passed), or
// the PKCE login's Timeout passed, before the user approved it.
var ErrExpired = errors.New("login expired before it was approved")

// AuthorizeError is an OAuth error sent to the PKCE redirect URI (RFC 6749
// section 4.1.2.1). It matches ErrDenied when Code is access_denied.
type AuthorizeError struct {
	Code        string // error
	Description string // error_description
	URI         string // error_uri
}

// Error names the code and description, escaped for a terminal: they are
// the browser's text. The fields keep it as it came.
func (e *AuthorizeError) Error() string {
	s := "login: the authorization server answered " + termsafe.Escape(e.Code)
	if e.Description != "" {
		s += ": " + termsafe.Escape(e.Description)
	}
	return s
}

// Is makes access_denied match ErrDenied.
func (e *AuthorizeError) Is(target error) bool {
	return target == ErrDenied && e.Code == "access_denied"
}

// Flow is a way to log in.
type Flow int

// The flows.
const (
	// FlowAuto is PKCE, except the device code grant for legacy profiles
	// (no sso-session, as the AWS CLI does) and where no browser can be
	// opened: Linux and BSD without DISPLAY or WAYLAND_DISPLAY (which
	// includes containers without a display), SSH sessions and CI (the CI
	// variable set), unless BROWSER names the browser or OpenBrowser is
	// set. With NoBrowser it is PKCE for an sso-session.
	FlowAuto Flow = iota
	// FlowPKCE is the authorization code grant with PKCE in a browser.
	FlowPKCE
	// FlowDeviceCode is the device code grant: the user enters a code
	// on any device.
	FlowDeviceCode
)

// String names the flow.
func (f Flow) String() string {
	switch f {
	case FlowAuto:
		return "auto"
	case FlowPKCE:
		return "pkce"
	case FlowDeviceCode:
		return "device-code"
	}
	return "Flow(" + strconv.Itoa(int(f)) + ")"
}

// DefaultTimeout is how long a PKCE login waits for the browser when
// Options.Timeout is zero.
const DefaultTimeout = 10 * time.Minute

// Options control one login.
type Options struct {
	// Flow selects the grant. Default FlowAuto.
	Flow Flow
	// NoBrowser only shows the URL (PKCE: the loopback listener still
	// waits for the redirect). Where no browser can be opened (see
	// FlowAuto) the default Prompt never opens one.
	NoBrowser bool
	// Paste is PKCE without a listener, for machines where the browser
	// runs elsewhere: show the authorize URL, then read the URL the
	// browser was sent to (its address bar) from Stdin. When the login
	// ends first (cancelled, timed out), the read of Stdin ends with it
	// where the file allows a deadline (a pipe or terminal on Linux, an
	// *os.File in non-blocking mode); elsewhere the read goes on in the
	// background until the next line or EOF, which it then consumes.
	Paste bool
	// Prompt shows the user what to do. Default: DefaultPrompt, which
	// prints what the AWS CLI prints and opens the browser.
	// An error from Prompt ends the login.
	Prompt func(ctx context.Context, p Prompt) error
	// Stdout and Stdin are the terminal. Default os.Stdout and os.Stdin.
	Stdout io.Writer
	Stdin  io.Reader
	// Timeout is the PKCE login's overall deadline. Default DefaultTimeout.
	// A device code login ends when its code expires.
	Timeout time.Duration
	// OpenBrowser opens a URL for the default Prompt. Default: the BROWSER
	// environment variable, else xdg-open, open or rundll32. Its failure
	// never fails the login: the URL is printed.
	OpenBrowser func(url string) error
	// Getenv reads the environment (FlowAuto, BROWSER). Default os.Getenv.
	Getenv func(string) string
}

// Prompt is what the user needs to log in.
type Prompt struct {
	Flow Flow
	// Device code: the page, the code to enter there, and the page with
	// the code filled in.
	VerificationURI         string
	UserCode                string
	VerificationURIComplete string
	// PKCE: the page to open in a browser. Paste is set when the user
	// must then paste the URL the browser was sent to.
	AuthorizeURL string
	Paste        bool
	// ExpiresAt is when the code or the login expires.
	ExpiresAt time.Time
	// Note says, when FlowAuto chose for a reason the user may not see,
	// which flow it chose, why, and how to choose another; else empty.
	Note string
}

// Login logs the user in and caches the token. It holds the session's
// lock while it runs: a process that needs a login while another logs in
// waits for it and uses its token.
func (s *Session) Login(ctx context.Context, o Options) (Token, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	headless := ""
	if o.OpenBrowser == nil {
		headless = noBrowser(o.Getenv, runtime.GOOS)
	}
	flow, note := chooseFlow(o, s.cfg.SessionName == "", headless)
	if o.Paste && flow != FlowPKCE {
		return Token{}, errors.New("login: Options.Paste is a PKCE mode; it cannot be used with the device code flow")
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Prompt == nil {
		if headless == "" && o.OpenBrowser == nil {
			o.OpenBrowser = browserOpener(o.Getenv, runtime.GOOS, s.logf)
		}
		o.Prompt = DefaultPrompt(o)
	}
	if note != "" {
		prompt := o.Prompt
		o.Prompt = func(ctx context.Context, p Prompt) error {
			p.Note = note
			return prompt(ctx, p)
		}
	}

	before, _ := s.cache.ReadToken(s.key)
	unlock, err := s.cache.Lock(ctx, s.key, intentLogin, nil)
	if err != nil {
		return Token{}, fmt.Errorf("login: %w", err)
	}
	defer unlock()
	// A login that ended while we waited for the lock is ours too.
	if after, err := s.cache.ReadToken(s.key); err == nil && !s.inWindow(after, s.cfg.Now()) &&
		(before == nil || before.AccessToken != after.AccessToken) {
		s.logf("using the token another login of %s just cached", s.what())
		return s.publish(after, time.Time{}), nil
	}

	in, err := s.instance(ctx)
	if err != nil {
		return Token{}, err
	}
	var t *ssocache.Token
	if flow == FlowDeviceCode {
		t, err = s.deviceLogin(ctx, o, in)
	} else {
		t, err = s.pkceLogin(ctx, o, in)
	}
	if err != nil {
		return Token{}, err
	}
	if err := s.cache.WriteToken(s.key, t); err != nil {
		return Token{}, fmt.Errorf("login: logged in, but could not cache the token: %w", err)
	}
	s.mu.Lock()
	s.rec, s.lastAttempt, s.lastErr = t, time.Time{}, nil
	s.mu.Unlock()
	return s.publish(t, time.Time{}), nil
}

// chooseFlow resolves FlowAuto (headless says why no browser can be
// opened, or is empty), with a note when the user should hear why.
func chooseFlow(o Options, legacy bool, headless string) (Flow, string) {
	switch {
	case o.Flow != FlowAuto:
		return o.Flow, ""
	case o.Paste:
		return FlowPKCE, ""
	case legacy:
		return FlowDeviceCode, "The profile has no sso_session: using the device code flow, as the AWS CLI does."
	case o.NoBrowser:
		return FlowPKCE, "Open the URL below in a browser on this machine: the login waits for it on 127.0.0.1. " +
			"For a browser on another machine, use --paste (or --use-device-code)."
	case headless != "":
		return FlowDeviceCode, "No browser can be opened here (" + headless + "): using the device code flow. " +
			"To log in with a browser on another machine instead, use --paste."
	}
	return FlowPKCE, ""
}

// noBrowser says why the platform's browser opener cannot work here, or
// "" when it can. BROWSER names a browser that can (w3m over SSH, say).
func noBrowser(getenv func(string) string, goos string) string {
	switch {
	case getenv("BROWSER") != "":
		return ""
	case getenv("CI") != "" && getenv("CI") != "false":
		return "CI is set"
	case getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" || getenv("SSH_CLIENT") != "":
		return "this is an SSH session"
	}
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos":
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return "no display: DISPLAY and WAYLAND_DISPLAY are unset"
		}
	}
	return ""
}

// registrationMinLife is how long a cached registration must still be
// valid to be reused, as in the AWS CLI.
const registrationMinLife = 15 * time.Minute

// pkceGrants are the grant types of a PKCE registration.
var pkceGrants = []string{ssooidc.GrantTypeAuthorizationCode, ssooidc.GrantTypeRefreshToken}

// pkceScopes are what a PKCE login registers and asks for: the session's
// scopes, else sso:account:access, as the AWS CLI does, since the
// authorization code grant needs one.
func (s *Session) pkceScopes() []string {
	if len(s.cfg.Scopes) == 0 {
		return []string{"sso:account:access"}
	}
	return s.cfg.Scopes
}

// registration returns a client registration for the flow: a cached one
// that has more than 15 minutes left and fits, or a new one. The shared
// (AWS CLI) registration file is read for either flow but written only
// with device code registrations; PKCE ones have their own file, so that
// older AWS CLIs, which reuse the shared file for the device code grant
// without looking at its grant types, keep working. The caller holds the
// lock. With fresh, it registers without looking at the cache; cached
// says whether the registration came from the cache.
func (s *Session) registration(ctx context.Context, in instance, pkce, fresh bool, redirectURI string) (r *ssocache.Registration, cached bool, err error) {
	shared := ssocache.RegistrationKey{Region: in.region, SessionName: s.cfg.SessionName, StartURL: s.cfg.StartURL}
	if len(s.cfg.Scopes) > 0 {
		shared.Scopes = s.cfg.Scopes
	}
	own := shared
	if pkce {
		own.GrantTypes = pkceGrants
	}
	now := s.cfg.Now()
	for _, k := range []ssocache.RegistrationKey{shared, own} {
		if fresh {
			break
		}
		r, err := s.cache.ReadRegistration(k)
		if err == nil && r.ExpiresAt.Sub(now) > registrationMinLife && r.ClientID != "" && r.ClientSecret != "" && fits(r, pkce) {
			return r, true, nil
		}
		if !pkce {
			break
		}
	}

	req := &ssooidc.RegisterClientInput{
		ClientName: ptr.String(s.clientName(now)),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
		Scopes:     s.cfg.Scopes,
	}
	if pkce {
		req.GrantTypes = pkceGrants
		req.RedirectUris = []string{redirectURI}
		req.IssuerUrl = &in.startURL
		req.Scopes = s.pkceScopes()
	}
	out, err := s.cfg.Client.RegisterClient(ctx, req, inRegion(in.region))
	if err != nil {
		return nil, false, fmt.Errorf("login: register a client: %w", err)
	}
	if ptr.ToString(out.ClientId) == "" || ptr.ToString(out.ClientSecret) == "" {
		return nil, false, errors.New("login: the service answered RegisterClient without clientId or clientSecret")
	}
	r = &ssocache.Registration{
		ClientID:     *out.ClientId,
		ClientSecret: *out.ClientSecret,
		ExpiresAt:    time.Unix(out.ClientSecretExpiresAt, 0).UTC(),
	}
	if len(req.Scopes) > 0 {
		r.Scopes = req.Scopes
	}
	if pkce {
		r.GrantTypes = pkceGrants
	}
	if err := s.cache.WriteRegistration(own, r); err != nil {
		// The registration works; the next login registers again.
		s.logf("could not cache the client registration: %v", err)
	}
	return r, false, nil
}

// fits says whether a registration can do the flow's grant. A file
// without grantTypes (the AWS CLI's device code registrations) is device
// code plus refresh token.
func fits(r *ssocache.Registration, pkce bool) bool {
	if pkce {
		return slices.Contains(r.GrantTypes, ssooidc.GrantTypeAuthorizationCode) &&
			slices.Contains(r.GrantTypes, ssooidc.GrantTypeRefreshToken)
	}
	return r.GrantTypes == nil || slices.Contains(r.GrantTypes, ssooidc.GrantTypeDeviceCode)
}

// clientName is the registration's name, shown on the consent page: the
// session name, or for legacy profiles a timestamp, as the AWS CLI does.
func (s *Session) clientName(now time.Time) string {
	if s.cfg.SessionName != "" {
		return "ssooidc-go-" + s.cfg.SessionName
	}
	return "ssooidc-go-" + strconv.FormatInt(now.Unix(), 10)
}

// newToken is the cache entry for a token just issued to r in region.
// Its startUrl is the configured one, as the AWS CLI writes it.
func (s *Session) newToken(now time.Time, region string, r *ssocache.Registration, out *ssooidc.CreateTokenOutput) *ssocache.Token {
	return &ssocache.Token{
		StartURL:              s.cfg.StartURL,
		Region:                region,
		AccessToken:           *out.AccessToken,
		ExpiresAt:             expiresAt(now, out.ExpiresIn),
		ClientID:              r.ClientID,
		ClientSecret:          r.ClientSecret,
		RegistrationExpiresAt: r.ExpiresAt,
		RefreshToken:          ptr.ToString(out.RefreshToken),
	}
}
