package login

import (
	"context"
	"errors"
	"fmt"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/internal/starturl"
	"github.com/ssooidc-go/ssooidc/portal"
)

// StartURLError is the error of a login whose start URL cannot be used:
// it does not use https, or it is on the customer's own domain (a vanity
// URL) and does not redirect to an AWS access portal, or to one whose
// Region neither its host nor sso_region gives.
type StartURLError struct {
	StartURL string
	// Source is where StartURL is set ("FILE:LINE: sso_start_url"), or "".
	Source string
	Err    error
}

func (e *StartURLError) Error() string {
	where := "start URL"
	if e.Source != "" {
		where = e.Source
	}
	msg := fmt.Sprintf("login: %s %q: %v", where, e.StartURL, e.Err)
	switch {
	case errors.Is(e.Err, starturl.ErrNoRegion):
		return msg + "; set sso_region"
	case starturl.Vanity(e.StartURL):
		return msg + "; set sso_start_url to the AWS access portal's URL, and sso_region"
	}
	return msg
}

func (e *StartURLError) Unwrap() error { return e.Err }

// instance is where a login goes: the start URL the service is sent
// (StartDeviceAuthorization's startUrl, a PKCE registration's issuerUrl)
// and the Region of the calls. The cache keys and the token file's
// startUrl keep Config.StartURL.
type instance struct{ startURL, region string }

// instance resolves the session's start URL as the AWS CLI's aws sso login
// does: a vanity URL with one request, to the portal it redirects to and
// the Region its host names (else Config.Region).
func (s *Session) instance(ctx context.Context) (instance, error) {
	u, region, err := starturl.Resolve(ctx, s.cfg.HTTPClient, s.cfg.StartURL, s.cfg.Region)
	if err != nil {
		return instance{}, &StartURLError{StartURL: s.cfg.StartURL, Source: s.startURLSource, Err: err}
	}
	return instance{startURL: u, region: region}, nil
}

// inRegion sends a call to region, which may not be the client's: a login
// of a vanity start URL finds it, a cached token names it.
func inRegion(region string) func(*ssooidc.Options) {
	return func(o *ssooidc.Options) { o.Region = region }
}

// inPortalRegion is inRegion for the portal's calls.
func inPortalRegion(region string) func(*portal.Options) {
	return func(o *portal.Options) { o.Region = region }
}

// regionOf is the Region of t's calls: the token file's, where its client
// registration and refresh token were issued, else Config.Region.
func (s *Session) regionOf(t *ssocache.Token) string {
	if endpoints.ValidRegion(t.Region) {
		return t.Region
	}
	return s.cfg.Region
}
