package login

import (
	"context"
	"errors"
	"io"
	"strconv"
	"time"
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

func (e *AuthorizeError) Error() string {
	s := "login: the authorization server answered " + e.Code
	if e.Description != "" {
		s += ": " + e.Description
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
	// (no sso-session), when there is no display (Linux and BSD without
	// DISPLAY or WAYLAND_DISPLAY) and over SSH.
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
	// waits for the redirect).
	NoBrowser bool
	// Paste is PKCE without a listener, for machines where the browser
	// runs elsewhere: show the authorize URL, then read the URL the
	// browser was sent to (its address bar) from Stdin.
	Paste bool
	// Prompt shows the user what to do. Default: print what the AWS CLI
	// prints to Stdout and open the browser (unless NoBrowser or Paste).
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
	// PKCE: the page to open in a browser.
	AuthorizeURL string
	// ExpiresAt is when the code or the login expires.
	ExpiresAt time.Time
}

// Login logs the user in and caches the token. It holds the session's
// lock while it runs: a process that needs a login while another logs in
// waits for it and uses its token.
func (s *Session) Login(ctx context.Context, o Options) (Token, error) {
	return Token{}, errors.New("login: not implemented yet")
}
