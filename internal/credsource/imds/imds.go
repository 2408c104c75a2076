// Package imds fetches the credentials of an EC2 instance's IAM role from the
// instance metadata service (IMDS).
//
// # Protocol
//
// IMDSv2 first: PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds
// gets a session token, sent as X-aws-ec2-metadata-token with every GET. Then
// GET /latest/meta-data/iam/security-credentials/ names the role (the first
// line), and GET .../security-credentials/<role> returns JSON whose Code must
// be "Success" and which must hold AccessKeyId, SecretAccessKey, Token and
// Expiration. The token is cached until a minute (at most a quarter of its
// TTL) before it ends; a 401 on a GET drops it and fetches a new one once.
//
// # IMDSv1 fallback
//
// As in botocore and aws-sdk-go-v2, when the token request fails with 403,
// 404 or 405, or gets no answer at all (a container behind a hop limit of 1
// never sees the reply to its PUT), the GETs are made without a token
// (IMDSv1), unless AWS_EC2_METADATA_V1_DISABLED=true. A 400 is final, as in both SDKs. A token request that times out is not
// repeated, as in botocore, so that an unreachable service fails fast.
//
// # Configuration
//
// AWS_EC2_METADATA_DISABLED=true (any case) turns the source off: Retrieve
// returns an error saying so without any request.
// AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the endpoint; otherwise
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE picks IPv4 (http://169.254.169.254,
// the default) or IPv6 (http://[fd00:ec2::254]). The environment is read
// once, by New.
//
// # Time
//
// Each attempt has DefaultAttemptTimeout (1s, botocore's default) and a
// retryable failure is tried DefaultMaxAttempts (2) times, so an instance
// without a metadata service gets a clear error within about three seconds.
package imds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/wire"
)

// The environment variables this source reads.
const (
	EnvDisabled     = "AWS_EC2_METADATA_DISABLED"
	EnvV1Disabled   = "AWS_EC2_METADATA_V1_DISABLED"
	EnvEndpoint     = "AWS_EC2_METADATA_SERVICE_ENDPOINT"
	EnvEndpointMode = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"
)

// The metadata service's addresses.
const (
	EndpointIPv4 = "http://169.254.169.254"
	EndpointIPv6 = "http://[fd00:ec2::254]"
)

// How requests are made and retried.
const (
	DefaultTokenTTL       = 21600 * time.Second // six hours, the most IMDS grants
	DefaultAttemptTimeout = time.Second
	DefaultMaxAttempts    = 2
	DefaultRetryDelay     = 100 * time.Millisecond
)

const (
	source      = "EC2 IMDS"
	tokenPath   = "/latest/api/token"
	credsPath   = "/latest/meta-data/iam/security-credentials/"
	headerTTL   = "X-aws-ec2-metadata-token-ttl-seconds"
	headerToken = "X-aws-ec2-metadata-token"
	maxToken    = 4 << 10  // a token is about 60 bytes
	maxBody     = 64 << 10 // credentials are well under 4 KiB
	maxMessage  = 256
)

// Options are what tests replace; the zero value reads the process
// environment and uses the real clock.
type Options struct {
	// Getenv looks up environment variables; nil means os.Getenv. Tests
	// inject a map so as not to touch the process environment.
	Getenv func(string) string

	// HTTPClient sends the requests. nil means a client with a one-second
	// connect timeout, no proxy (a proxy cannot reach this instance's
	// link-local service, or would answer for its own) and no redirects.
	HTTPClient wire.Doer

	// Now is the clock for the token cache; nil means time.Now.
	Now func() time.Time
}

// Client fetches role credentials from IMDS. It is safe for concurrent use;
// calls share the cached session token.
type Client struct {
	opts       Options
	endpoint   string
	disabled   bool
	v1Disabled bool
	configErr  error

	// The Default* values; tests change them.
	tokenTTL       time.Duration
	attemptTimeout time.Duration
	maxAttempts    int
	retryDelay     time.Duration

	// tokenLock (a one-slot semaphore, so that waiting honours the context)
	// guards the token and makes concurrent callers share one token request.
	tokenLock chan struct{}
	token     string
	refreshAt time.Time
}

// New returns a Client, reading the environment and filling in defaults. A
// bad setting is reported by Retrieve, naming the variable.
func New(opts Options) *Client {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = wire.NewHTTPClient(DefaultAttemptTimeout, nil)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Client{opts: opts, tokenLock: make(chan struct{}, 1), tokenTTL: DefaultTokenTTL,
		attemptTimeout: DefaultAttemptTimeout, maxAttempts: DefaultMaxAttempts, retryDelay: DefaultRetryDelay}
	c.disabled = strings.EqualFold(opts.Getenv(EnvDisabled), "true")
	c.endpoint, c.configErr = resolveEndpoint(opts.Getenv)
	if c.configErr == nil {
		c.v1Disabled, c.configErr = v1Disabled(opts.Getenv)
	}
	return c
}

func resolveEndpoint(getenv func(string) string) (string, error) {
	ep := getenv(EnvEndpoint)
	if ep == "" {
		switch mode := getenv(EnvEndpointMode); strings.ToLower(mode) {
		case "", "ipv4":
			return EndpointIPv4, nil
		case "ipv6":
			return EndpointIPv6, nil
		default:
			return "", fmt.Errorf("%s: %s is %q; want IPv4 or IPv6", source, EnvEndpointMode, wire.SafeText([]byte(mode), 40, false))
		}
	}
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%s: %s is not an http or https URL with a host and no user info or query", source, EnvEndpoint)
	}
	return strings.TrimRight(ep, "/"), nil
}

func v1Disabled(getenv func(string) string) (bool, error) {
	switch v := getenv(EnvV1Disabled); {
	case v == "" || strings.EqualFold(v, "false"):
		return false, nil
	case strings.EqualFold(v, "true"):
		return true, nil
	default:
		// Guessing either way about a security setting would be wrong.
		return false, fmt.Errorf("%s: %s is %q; want true or false", source, EnvV1Disabled, wire.SafeText([]byte(v), 40, false))
	}
}

// Retrieve fetches the credentials of the instance's role.
func (c *Client) Retrieve(ctx context.Context) (credsource.Credentials, error) {
	if c.disabled {
		return credsource.Credentials{}, fmt.Errorf("%s: access is disabled by %s=true", source, EnvDisabled)
	}
	if c.configErr != nil {
		return credsource.Credentials{}, c.configErr
	}
	s := &session{c: c}
	if err := s.fetchToken(ctx, false); err != nil {
		return credsource.Credentials{}, err
	}
	body, err := s.get(ctx, credsPath)
	if err != nil {
		return credsource.Credentials{}, err
	}
	role, _, _ := strings.Cut(string(body), "\n")
	role = strings.TrimSpace(role)
	if role == "" {
		return credsource.Credentials{}, fmt.Errorf("%s: GET %s returned no role name: no IAM role is attached to this instance", source, c.endpoint+credsPath)
	}
	body, err = s.get(ctx, credsPath+rolePath(role))
	if err != nil {
		return credsource.Credentials{}, err
	}
	creds, err := parseCredentials(body)
	if err != nil {
		return credsource.Credentials{}, fmt.Errorf("%s: credentials of role %q: %w", source, wire.SafeText([]byte(role), 128, false), err)
	}
	return creds, nil
}

// rolePath puts a role name in a URL path. IAM role names are made of
// letters, digits and "+=,.@_-", all fine in a path, and are sent as they
// are, as the SDKs do; anything else is escaped.
func rolePath(role string) string {
	for _, r := range role {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("+=,.@_-", r)) {
			return url.PathEscape(role)
		}
	}
	return role
}

// session is one Retrieve's use of the token: which token it sends, whether
// it has already renewed it after a 401, and why it runs without one.
type session struct {
	c         *Client
	token     string // "" for IMDSv1
	why       error  // why there is no token, when there is none
	refreshed bool
}

// get makes a GET with retries.
func (s *session) get(ctx context.Context, path string) ([]byte, error) {
	c := s.c
	op := "GET " + c.endpoint + path
	body, err := wire.Retry(ctx, c.maxAttempts, c.retryDelay, func() ([]byte, bool, error) {
		for {
			token := s.token
			resp, err := wire.Send(ctx, c.opts.HTTPClient, c.attemptTimeout, maxBody, http.MethodGet, c.endpoint+path, headerToken, token)
			switch {
			case ctx.Err() != nil:
				return nil, false, fmt.Errorf("%s: %s: %w", source, op, context.Cause(ctx))
			case err != nil:
				return nil, wire.Retryable(0, err), fmt.Errorf("%s: %s: %w", source, op, err)
			case resp.StatusCode == http.StatusOK:
				return resp.Body, false, nil
			case resp.StatusCode == http.StatusUnauthorized && token != "" && !s.refreshed:
				// The token expired or the service restarted: renew it
				// once, within this attempt.
				s.refreshed = true
				if err := s.fetchToken(ctx, true); err != nil {
					return nil, false, err
				}
				continue
			}
			he := &credsource.HTTPError{Source: source, Op: op, StatusCode: resp.StatusCode}
			if resp.StatusCode == http.StatusNotFound && path == credsPath {
				he.Message = "no IAM role is attached to this instance"
			}
			return nil, wire.Retryable(resp.StatusCode, nil), he
		}
	})
	if err != nil && ctx.Err() == nil && s.why != nil {
		// Say why IMDSv1 was used: an instance that requires IMDSv2
		// answers IMDSv1 requests with 401.
		err = fmt.Errorf("%w (sent without a session token, IMDSv1, because the token request failed: %v)", err, s.why)
	}
	return body, err
}

// fetchToken sets s.token from the cache or a PUT, or leaves it empty for
// the IMDSv1 fallback. It fails when the fallback is not allowed.
func (s *session) fetchToken(ctx context.Context, renew bool) error {
	c := s.c
	select {
	case c.tokenLock <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("%s: waiting for the session token: %w", source, context.Cause(ctx))
	}
	defer func() { <-c.tokenLock }()

	if renew && c.token == s.token {
		c.token = "" // nobody renewed it meanwhile
	}
	if c.token != "" && c.opts.Now().Before(c.refreshAt) {
		s.token, s.why = c.token, nil
		return nil
	}
	c.token = ""
	token, ttl, err := c.requestToken(ctx)
	var fb *fallback
	if errors.As(err, &fb) && ctx.Err() == nil {
		if c.v1Disabled {
			return fmt.Errorf("%s: cannot get an IMDSv2 session token (%v) and the IMDSv1 fallback is disabled (%s or the configuration)", source, err, EnvV1Disabled)
		}
		s.token, s.why = "", err
		return nil
	}
	if err != nil {
		return err
	}
	margin := min(time.Minute, ttl/4)
	c.token, c.refreshAt = token, c.opts.Now().Add(ttl-margin)
	s.token, s.why = token, nil
	return nil
}

// fallback marks a token request failure that allows the IMDSv1 fallback.
type fallback struct{ err error }

func (f *fallback) Error() string { return f.err.Error() }

// requestToken PUTs for a token and returns it with its TTL. An error that
// allows the IMDSv1 fallback holds a *fallback. A request that times out is
// not repeated.
func (c *Client) requestToken(ctx context.Context) (string, time.Duration, error) {
	secs := int64(c.tokenTTL / time.Second)
	op := "PUT " + c.endpoint + tokenPath
	ttl := c.tokenTTL
	token, err := wire.Retry(ctx, c.maxAttempts, c.retryDelay, func() (string, bool, error) {
		resp, err := wire.Send(ctx, c.opts.HTTPClient, c.attemptTimeout, maxToken, http.MethodPut, c.endpoint+tokenPath,
			headerTTL, strconv.FormatInt(secs, 10))
		var se *wire.SendError
		switch {
		case ctx.Err() != nil:
			return "", false, fmt.Errorf("%s: %s: %w", source, op, context.Cause(ctx))
		case err != nil:
			return "", errors.As(err, &se) && !se.Timeout, &fallback{fmt.Errorf("%s: %w", op, err)}
		case resp.StatusCode == http.StatusOK:
			token := string(resp.Body)
			if !validToken(token) {
				return "", false, fmt.Errorf("%s: %s: the service returned an empty or malformed token", source, op)
			}
			if n, err := strconv.ParseInt(resp.Header.Get(headerTTL), 10, 64); err == nil && n > 0 && n <= secs {
				ttl = time.Duration(n) * time.Second
			}
			return token, false, nil
		case resp.StatusCode == http.StatusBadRequest:
			return "", false, fmt.Errorf("%s: %s: HTTP 400: the service rejected the token request (is the TTL valid?)", source, op)
		}
		return "", wire.Retryable(resp.StatusCode, nil), &fallback{fmt.Errorf("%s: HTTP %d", op, resp.StatusCode)}
	})
	return token, ttl, err
}

// validToken accepts a token fit for a header: printable ASCII.
func validToken(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f })
}

// roleCredentials is the JSON of .../security-credentials/<role>.
type roleCredentials struct {
	Code            string
	Message         string
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	Token           string
	Expiration      string
}

func parseCredentials(body []byte) (credsource.Credentials, error) {
	var r roleCredentials
	if err := wire.DecodeJSON(body, &r); err != nil {
		return credsource.Credentials{}, fmt.Errorf("response is not the expected JSON object: %w", err)
	}
	if !strings.EqualFold(r.Code, "Success") {
		msg := fmt.Sprintf("the service answered Code %q", wire.SafeText([]byte(r.Code), 64, false))
		if r.Message != "" {
			msg += ": " + wire.SafeText([]byte(r.Message), maxMessage, false, r.SecretAccessKey, r.Token)
		}
		return credsource.Credentials{}, errors.New(msg)
	}
	for _, f := range []struct{ name, v string }{
		{"AccessKeyId", r.AccessKeyID},
		{"SecretAccessKey", r.SecretAccessKey},
		{"Token", r.Token},
		{"Expiration", r.Expiration},
	} {
		if f.v == "" {
			return credsource.Credentials{}, fmt.Errorf("response has no %s", f.name)
		}
	}
	return wire.Credentials("response", wire.Fields{
		AccessKeyID: r.AccessKeyID, SecretAccessKey: r.SecretAccessKey, SessionToken: r.Token, Expiration: r.Expiration,
	})
}
