// Package container fetches credentials from the container credential
// endpoint of ECS, EKS Pod Identity and compatible agents.
//
// # Where
//
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, when set, is a path on the ECS
// agent at http://169.254.170.2. Otherwise AWS_CONTAINER_CREDENTIALS_FULL_URI
// is the whole URL. As in aws-sdk-go-v2, an https full URI may name any host,
// but an http one only a loopback address (127.0.0.0/8, ::1, or a name such
// as localhost that resolves only to loopback addresses) or the ECS
// (169.254.170.2) and EKS (169.254.170.23, fd00:ec2::23) agent addresses, so
// that credentials never cross a network in clear text. (botocore is
// stricter: it applies the host list to https too and accepts "localhost" by
// name without resolving it.)
//
// # Authorization
//
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, when set, names a file whose
// content is sent as the Authorization header; it is read on every Retrieve
// because the agent rotates it. Otherwise AWS_CONTAINER_AUTHORIZATION_TOKEN
// is sent. Like both reference SDKs the token is sent as it is, not trimmed,
// so a CR or LF in it (a trailing newline in the file counts) is an error.
//
// # Response
//
// A 200 response is JSON with AccessKeyId, SecretAccessKey, Token and
// Expiration (RFC 3339); only the first two are required, and
// without Expiration the credentials do not expire (as in aws-sdk-go-v2).
// Other responses may carry {"code": ..., "message": ...}, which the error
// reports. Server errors (5xx, 429), timeouts and failed connections are
// retried a few times; other errors are final.
package container

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/wire"
)

// The environment variables this source reads.
const (
	EnvRelativeURI   = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
	EnvFullURI       = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
	EnvAuthToken     = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
	EnvAuthTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
)

// ECSEndpoint is the ECS agent, the base of a relative URI.
const ECSEndpoint = "http://169.254.170.2"

// How requests are made and retried.
const (
	DefaultConnectTimeout = time.Second
	DefaultAttemptTimeout = 5 * time.Second // per attempt, body included
	DefaultMaxAttempts    = 3               // for a retryable failure, in all
	DefaultRetryDelay     = 200 * time.Millisecond
)

const (
	source       = "container credentials"
	maxBody      = 64 << 10 // credentials are well under 4 KiB
	maxTokenFile = 16 << 10 // an EKS token is about 1 KiB
	maxMessage   = 256      // of an error message from the endpoint
)

// The agent addresses an http full URI may name besides loopback.
var allowedAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.170.2"),  // ECS
	netip.MustParseAddr("169.254.170.23"), // EKS Pod Identity
	netip.MustParseAddr("fd00:ec2::23"),   // EKS Pod Identity, IPv6
}

// Options are what tests replace; the zero value reads the process
// environment and resolves names with the default resolver.
type Options struct {
	// Getenv looks up environment variables; nil means os.Getenv. Tests
	// inject a map so as not to touch the process environment.
	Getenv func(string) string

	// HTTPClient sends the request. nil means a client with a
	// DefaultConnectTimeout connect timeout that follows no redirects and
	// uses a proxy (from the environment) only for https. An injected client
	// should not follow redirects: a redirect would skip the host check.
	HTTPClient wire.Doer

	// LookupHost resolves a host name of an http full URI for the host
	// check; nil means net.DefaultResolver.LookupHost.
	LookupHost func(ctx context.Context, host string) ([]string, error)
}

// Provider fetches credentials from the container endpoint. It is safe for
// concurrent use; each Retrieve reads the environment and the token file
// anew and makes a request (caching is the caller's job).
type Provider struct {
	opts Options

	// The Default* values; tests shorten them.
	attemptTimeout time.Duration
	maxAttempts    int
	retryDelay     time.Duration
}

// New returns a Provider, filling in defaults.
func New(opts Options) *Provider {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = wire.NewHTTPClient(DefaultConnectTimeout, httpsProxyOnly)
	}
	if opts.LookupHost == nil {
		opts.LookupHost = net.DefaultResolver.LookupHost
	}
	return &Provider{opts: opts, attemptTimeout: DefaultAttemptTimeout, maxAttempts: DefaultMaxAttempts, retryDelay: DefaultRetryDelay}
}

// httpsProxyOnly uses the environment's proxy for https endpoints only: an
// http endpoint is by the host rules a loopback or link-local agent, which a
// proxy cannot reach (or worse, would answer for its own host).
func httpsProxyOnly(r *http.Request) (*url.URL, error) {
	if r.URL.Scheme == "https" {
		return http.ProxyFromEnvironment(r)
	}
	return nil, nil
}

// Retrieve fetches credentials. Without either URI variable the error
// names both.
func (p *Provider) Retrieve(ctx context.Context) (credsource.Credentials, error) {
	u, err := p.endpoint(ctx)
	if err != nil {
		return credsource.Credentials{}, err
	}
	token, err := p.authToken()
	if err != nil {
		return credsource.Credentials{}, err
	}
	op := "GET " + wire.RedactURL(u)
	return wire.Retry(ctx, p.maxAttempts, p.retryDelay, func() (credsource.Credentials, bool, error) {
		resp, err := wire.Send(ctx, p.opts.HTTPClient, p.attemptTimeout, maxBody, http.MethodGet, u.String(),
			"Accept", "application/json", "Authorization", token)
		switch {
		case ctx.Err() != nil:
			return credsource.Credentials{}, false, fmt.Errorf("%s: %s: %w", source, op, context.Cause(ctx))
		case err != nil:
			return credsource.Credentials{}, wire.Retryable(0, err), fmt.Errorf("%s: %s: %w", source, op, err)
		case resp.StatusCode != http.StatusOK:
			return credsource.Credentials{}, wire.Retryable(resp.StatusCode, nil), httpError(op, resp, token)
		}
		creds, err := parseCredentials(resp.Body)
		if err != nil {
			return credsource.Credentials{}, false, fmt.Errorf("%s: %s: %w", source, op, err)
		}
		return creds, false, nil
	})
}

// endpoint resolves and checks the URL to fetch.
func (p *Provider) endpoint(ctx context.Context) (*url.URL, error) {
	if rel := p.opts.Getenv(EnvRelativeURI); rel != "" {
		if !strings.HasPrefix(rel, "/") {
			return nil, fmt.Errorf("%s: %s must be a path starting with \"/\"", source, EnvRelativeURI)
		}
		u, err := url.Parse(ECSEndpoint + rel)
		if err != nil {
			return nil, fmt.Errorf("%s: %s is not a valid URL path", source, EnvRelativeURI)
		}
		return u, nil
	}
	full := p.opts.Getenv(EnvFullURI)
	if full == "" {
		return nil, fmt.Errorf("%s: neither %s nor %s is set", source, EnvRelativeURI, EnvFullURI)
	}
	// url.Parse's error repeats the URL, which may carry user info.
	u, err := url.Parse(full)
	if err != nil {
		return nil, fmt.Errorf("%s: %s is not a valid URL", source, EnvFullURI)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s: %s must be an http or https URL", source, EnvFullURI)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%s: %s has no host", source, EnvFullURI)
	}
	if u.Scheme == "http" {
		if err := p.checkHTTPHost(ctx, host); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// checkHTTPHost allows loopback and the agent addresses; a name is resolved
// and every address it has must be allowed, so that a name cannot smuggle
// one outside address in among loopback ones.
func (p *Provider) checkHTTPHost(ctx context.Context, host string) error {
	addrs := []string{host}
	if _, err := netip.ParseAddr(host); err != nil {
		if addrs, err = p.opts.LookupHost(ctx, host); err != nil {
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) {
				err = errors.New(dnsErr.Err)
			}
			return fmt.Errorf("%s: %s host %q: cannot resolve it to check that it is allowed over http: %w", source, EnvFullURI, host, err)
		}
		if len(addrs) == 0 {
			return fmt.Errorf("%s: %s host %q resolves to no address", source, EnvFullURI, host)
		}
	}
	for _, s := range addrs {
		a, err := netip.ParseAddr(s)
		if err != nil || !allowedAddr(a) {
			return fmt.Errorf("%s: %s host %q is not allowed over http: use https, a loopback address, or the ECS (169.254.170.2) or EKS (169.254.170.23, fd00:ec2::23) agent address",
				source, EnvFullURI, host)
		}
	}
	return nil
}

func allowedAddr(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	return a.IsLoopback() || slices.Contains(allowedAddrs, a)
}

// authToken reads the Authorization value: the file wins over the variable.
func (p *Provider) authToken() (string, error) {
	var token, from string
	if path := p.opts.Getenv(EnvAuthTokenFile); path != "" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("%s: cannot read %s: %w", source, EnvAuthTokenFile, err)
		}
		b, err := wire.ReadLimited(f, maxTokenFile)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("%s: cannot read %s %q: %w", source, EnvAuthTokenFile, path, err)
		}
		token, from = string(b), EnvAuthTokenFile+" "+fmt.Sprintf("%q", path)
	} else {
		token, from = p.opts.Getenv(EnvAuthToken), EnvAuthToken
	}
	for i := 0; i < len(token); i++ {
		switch c := token[i]; {
		case c == '\r' || c == '\n':
			return "", fmt.Errorf("%s: the authorization token from %s contains a CR or LF character (a trailing newline counts), which is not allowed in a header", source, from)
		case c < ' ' && c != '\t' || c == 0x7f:
			return "", fmt.Errorf("%s: the authorization token from %s contains a control character, which is not allowed in a header", source, from)
		}
	}
	return token, nil
}

// response is the endpoint's JSON, success and error shapes together
// (encoding/json matches "code" and "Code" alike).
type response struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	Token           string
	Expiration      string
}

func parseCredentials(body []byte) (credsource.Credentials, error) {
	var r response
	if err := wire.DecodeJSON(body, &r); err != nil {
		return credsource.Credentials{}, fmt.Errorf("response is not the expected JSON object: %w", err)
	}
	return wire.Credentials("response", wire.Fields{
		AccessKeyID: r.AccessKeyID, SecretAccessKey: r.SecretAccessKey, SessionToken: r.Token, Expiration: r.Expiration,
	})
}

// httpError builds the error for a non-200 response from its JSON error
// body, if it has one. A body that is not such JSON is not quoted.
func httpError(op string, resp wire.Response, token string) error {
	var e struct{ Code, Message string }
	_ = wire.DecodeJSON(resp.Body, &e)
	return &credsource.HTTPError{
		Source:     source,
		Op:         op,
		StatusCode: resp.StatusCode,
		Code:       wire.SafeText([]byte(e.Code), 64, false, token),
		Message:    wire.SafeText([]byte(e.Message), maxMessage, false, token),
	}
}
