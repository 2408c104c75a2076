// Package starturl resolves a start URL on the customer's own domain (a
// vanity URL, such as https://sso.example.com/start) to the AWS access
// portal it redirects to, and the Region of its instance, by the rules of
// the AWS CLI (awscli/customizations/sso/resolve.py, 2.35.13).
package starturl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Timeout bounds each of the (at most two) requests of a resolution, as
// the AWS CLI's default.
const Timeout = 10 * time.Second

// ErrNoRegion is matched by the error of a resolution that found the
// portal but not its Region (an awsapps.com or identitycenter.amazonaws.com
// host), without a configured Region to fall back on.
var ErrNoRegion = errors.New("names no Region")

// AWSOwned reports whether host is an AWS access portal host: the AWS
// CLI's is_aws_owned_domain.
func AWSOwned(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "identitycenter.amazonaws.com" {
		return true
	}
	for _, suffix := range []string{".app.aws", ".portal.amazonaws.com", ".awsapps.com"} {
		if host == suffix[1:] || strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return false
}

// Vanity reports whether startURL has a host that is not AWS-owned: a
// login resolves it, and may find the Region there.
func Vanity(startURL string) bool {
	u, err := url.Parse(startURL)
	return err == nil && u.Hostname() != "" && !AWSOwned(u.Hostname())
}

// regionOf is the Region a host names, or "": {id}.portal.{region}.app.aws
// or {id}.{region}.portal.amazonaws.com, the AWS CLI's _REGION_PATTERNS
// (^[^.]+\.portal\.([a-z0-9-]+)\.app\.aws$ and
// ^[^.]+\.([a-z0-9-]+)\.portal\.amazonaws\.com$). Not with package regexp:
// compiling them at init took 0.13 ms of every start of ssooidc, and
// linking regexp 0.04 ms more (unicode's tables).
func regionOf(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	id, rest, _ := strings.Cut(host, ".")
	region, ok := strings.CutSuffix(rest, ".portal.amazonaws.com")
	if r, app := strings.CutSuffix(rest, ".app.aws"); app {
		region, ok = strings.CutPrefix(r, "portal.")
	}
	if !ok || id == "" || region == "" || strings.ContainsFunc(region, func(c rune) bool {
		return !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-')
	}) {
		return ""
	}
	return region
}

// HTTPClient sends the resolution's requests (ssooidc.HTTPClient).
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Resolve is the AWS CLI's resolve_start_url: the start URL to send the
// service and the Region of the calls. A start URL on an AWS-owned host is
// returned as it is, with region. Otherwise one HEAD request (a GET when
// HEAD answers 405 or 501) reads where it redirects, without following;
// that must be an https URL on an AWS-owned host, whose name gives the
// Region, else region does. A *http.Client is used without following
// redirects; nil means Go's default transport.
func Resolve(ctx context.Context, c HTTPClient, startURL, region string) (string, string, error) {
	u, err := url.Parse(startURL)
	switch {
	case err != nil || u.Scheme != "https":
		return "", "", errors.New("the start URL must use https")
	case u.Hostname() == "":
		return "", "", errors.New("the start URL has no host")
	case AWSOwned(u.Hostname()):
		return startURL, region, nil
	}
	target, err := redirect(ctx, noFollow(c), u)
	if err != nil {
		return "", "", err
	}
	resolved := normalize(target)
	switch {
	case !AWSOwned(target.Hostname()):
		return "", "", fmt.Errorf("it redirects to %q, not to an AWS access portal (a host of awsapps.com, app.aws or portal.amazonaws.com, or identitycenter.amazonaws.com)", resolved)
	case target.Scheme != "https":
		return "", "", fmt.Errorf("it redirects to %q, which does not use https", resolved)
	}
	if r := regionOf(target.Hostname()); r != "" {
		return resolved, r, nil
	}
	if region == "" {
		return "", "", fmt.Errorf("it redirects to %q, whose host %w", resolved, ErrNoRegion)
	}
	return resolved, region, nil
}

// redirect sends one HEAD request to u, or a GET when HEAD is not allowed,
// and returns the URL its redirect answer names, not following it.
func redirect(ctx context.Context, c HTTPClient, u *url.URL) (*url.URL, error) {
	method := http.MethodHead
	resp, err := send(ctx, c, method, u)
	if err == nil && (resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusNotImplemented) {
		method = http.MethodGet
		resp, err = send(ctx, c, method, u)
	}
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("%s %s: HTTP %d", method, u.Redacted(), resp.StatusCode)
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		if resp.StatusCode/100 == 2 {
			return nil, errors.New(what + ", not a redirect to the AWS access portal")
		}
		return nil, errors.New(what)
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, errors.New(what + " without a Location header")
	}
	target, err := u.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%s to %q, not a URL", what, loc)
	}
	return target, nil
}

// send makes one request and closes its response: only the status and
// headers are read.
func send(ctx context.Context, c HTTPClient, method string, u *url.URL) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return resp, nil
}

// noFollow is c, or a default client, made not to follow redirects.
func noFollow(c HTTPClient) HTTPClient {
	hc, ok := c.(*http.Client)
	if c != nil && !ok {
		return c
	}
	var nc http.Client
	if hc != nil {
		nc = *hc
	}
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &nc
}

// normalize is the AWS CLI's _normalize_url: scheme, host in lower case,
// port unless the scheme's default, path without trailing slashes; no
// query or fragment.
func normalize(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && p != map[string]string{"https": "443", "http": "80"}[u.Scheme] {
		host = net.JoinHostPort(host, p)
	}
	return u.Scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/")
}
