// Package transport is the call path the SDK's clients share, ssooidc.Client
// and portal.Client: a client's options resolved once (endpoint, retryer,
// HTTP client, meter), and a call sent with retries, SigV4 signing for
// signed operations, logging, tracing and metrics, with its error response
// decoded. The clients' operations validate and marshal their input, call
// Caller.Call, and unmarshal the output.
package transport

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
)

// Version is the version of the SDK, sent in the User-Agent header.
const Version = "0.1.0"

// HTTPClient sends HTTP requests: ssooidc.HTTPClient.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Retryer decides about retries: ssooidc.Retryer.
type Retryer interface {
	MaxAttempts() int
	AcquireAttempt(ctx context.Context) error
	RetryDelay(attempt int, err error) (time.Duration, bool)
	Succeeded(attempt int, previous error)
}

// Settings are the options of a client that the call path reads, named as
// in ssooidc.Options, whose documentation they follow.
type Settings struct {
	Region       string
	BaseEndpoint *string
	UseFIPS      bool
	UseDualStack bool
	// Credentials is the client's credentials provider, handed to
	// Service.Retrieve for signed operations; nil for none.
	Credentials      any
	HTTPClient       HTTPClient
	RetryMaxAttempts int
	RetryMaxBackoff  time.Duration
	RetryMode        string
	Timeout          time.Duration
	CloseConnection  bool
	AppID            string
	BeforeSend       func(*http.Request) error
	AfterReceive     func(*http.Response) error
	Retryer          Retryer
	Logger           logging.Logger
	LogMode          LogMode
	TracerProvider   tracing.TracerProvider
	MeterProvider    metrics.MeterProvider
}

// Client is what the calls of one SDK client share. Do not copy it.
type Client struct {
	// shared by all calls, also those with per-call options
	quota   *retry.Quota
	limiter func() *retry.RateLimiter
	signer  sigv4.Signer
	// clockOffset is the server's time minus ours, learned from a call
	// rejected for clock skew; signatures use it from then on.
	clockOffset atomic.Int64
}

func (c *Client) init() {
	c.quota = retry.NewQuota()
	c.limiter = sync.OnceValue(func() *retry.RateLimiter { return retry.NewRateLimiter(nil) })
}

// Caller is the call path of one SDK client whose options are of type O: the
// options, the call configuration resolved from them by the first call, and
// what its calls share. Init it before its first use, and do not copy it.
type Caller[O any] struct {
	Client
	options  O
	svc      *Service
	settings func(*O) Settings
	// config is resolved from options by the first call (Base): resolving
	// the endpoint parses the partitions data, about 0.3 ms in a new
	// process, which a client that is made but not called does not pay.
	config     Config
	configOnce sync.Once
}

// Init readies c for calls to svc with options, which settings maps to the
// call path's.
func (c *Caller[O]) Init(svc *Service, options O, settings func(*O) Settings) {
	c.Client.init()
	c.options, c.svc, c.settings = options, svc, settings
}

// Options returns a copy of the client's options.
func (c *Caller[O]) Options() O { return c.options }

// Base is the call configuration of the client's own options.
func (c *Caller[O]) Base() *Config {
	c.configOnce.Do(func() { c.config = c.Resolve(c.svc, c.settings(&c.options), &c.config) })
	return &c.config
}

// Call sends req as op with the client's options changed by optFns, and
// hands the successful response's body to decode, if not nil. Its errors
// are *smithy.OperationError.
func (c *Caller[O]) Call(ctx context.Context, op *Operation, req *Request, optFns []func(*O), decode func([]byte) error) (Metadata, error) {
	cfg := c.Base()
	if len(optFns) > 0 {
		copied := c.options
		for _, fn := range optFns {
			fn(&copied)
		}
		resolved := c.Resolve(c.svc, c.settings(&copied), cfg)
		cfg = &resolved
	}
	return c.invoke(ctx, cfg, op, req, decode)
}

// Config is what a call derives from Settings: resolved once per client
// (on its first call) and again only for calls that pass option functions.
// Its HTTPClient and Retryer are the defaults where Settings left them nil.
type Config struct {
	Settings
	// MaxAttempts is the number of attempts of a call, the first included.
	MaxAttempts int

	endpoint    url.URL
	err         error // a bad option: every call fails with it, sending nothing
	meter       *callMeter
	userAgent   []string
	sdkRequest1 []string // amz-sdk-request of attempt 1, for most calls the only one
}

// Resolve derives the call configuration of s for svc's operations. base is
// the client's own configuration (zero while it is being resolved): a call
// that keeps its meter provider keeps its instruments.
func (c *Client) Resolve(svc *Service, s Settings, base *Config) Config {
	cfg := Config{Settings: s}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = sharedHTTPClient(s.Timeout)
	}
	adaptive, modeErr := ParseRetryMode(s.RetryMode)
	if cfg.Retryer == nil {
		r := &retry.Standard{Attempts: s.RetryMaxAttempts, MaxBackoff: s.RetryMaxBackoff, Quota: c.quota}
		if adaptive == RetryModeAdaptive {
			r.Limiter = c.limiter()
		}
		cfg.Retryer = r
	}
	cfg.MaxAttempts = max(cfg.Retryer.MaxAttempts(), 1)
	cfg.endpoint, cfg.err = resolveEndpoint(svc.Endpoints, &s)
	if modeErr != nil {
		cfg.err = fmt.Errorf("Options.RetryMode: %w", modeErr)
	}
	if HasControl(s.AppID) {
		cfg.err = fmt.Errorf("Options.AppID %q holds a control character, which the User-Agent header cannot carry", s.AppID)
	}
	// Instruments are made once per provider: a call that keeps the
	// client's provider keeps its instruments. A provider == cannot
	// compare (it would panic) counts as another; so does nil.
	if mp := s.MeterProvider; base.meter != nil && reflect.ValueOf(mp).Comparable() && mp == base.MeterProvider {
		cfg.meter = base.meter
	} else {
		cfg.meter = newCallMeter(s.MeterProvider)
	}
	ua := "ssooidc-go/" + Version + " os/" + runtime.GOOS + " lang/go#" + strings.TrimPrefix(runtime.Version(), "go") + " md/GOARCH#" + runtime.GOARCH
	if s.AppID != "" {
		ua += " app/" + s.AppID
	}
	cfg.userAgent = []string{ua}
	cfg.sdkRequest1 = []string{"attempt=1; max=" + strconv.Itoa(cfg.MaxAttempts)}
	return cfg
}

// HasControl reports whether s, a header value, holds a control character:
// net/http would refuse to send it, and the refusal would be retried.
func HasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })
}

// The retry modes.
const (
	RetryModeStandard = "standard"
	RetryModeAdaptive = "adaptive"
)

// ParseRetryMode returns RetryModeStandard (also for "") or
// RetryModeAdaptive, for v in any case.
func ParseRetryMode(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", RetryModeStandard:
		return RetryModeStandard, nil
	case RetryModeAdaptive:
		return RetryModeAdaptive, nil
	}
	return "", fmt.Errorf("retry mode %q is not %q or %q", v, RetryModeStandard, RetryModeAdaptive)
}

func resolveEndpoint(rules endpoints.RuleSet, s *Settings) (url.URL, error) {
	// Checked even with BaseEndpoint: it is the signing region too.
	if s.Region != "" && !endpoints.ValidRegion(s.Region) {
		return url.URL{}, fmt.Errorf("region %q (Options.Region) is not a valid AWS Region name", s.Region)
	}
	p := endpoints.Params{Region: s.Region, UseFIPS: s.UseFIPS, UseDualStack: s.UseDualStack}
	if s.BaseEndpoint != nil {
		p.Endpoint = *s.BaseEndpoint
	}
	e, err := rules.Resolve(p)
	if err != nil {
		return url.URL{}, fmt.Errorf("resolve endpoint: %w", err)
	}
	u, err := url.Parse(e)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return url.URL{}, fmt.Errorf("resolve endpoint: %q is not an http or https URL", redact.URL(e))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	u.RawQuery, u.Fragment = "", ""
	return *u, nil
}

// defaultConnectTimeout is the connection timeout when Settings.Timeout is 0.
const defaultConnectTimeout = 60 * time.Second

// httpClients holds one HTTP client per connect timeout, shared by every
// client of every service (and every call with per-call options) using that
// timeout, so they share one pool of keep-alive connections instead of each
// opening its own.
var httpClients sync.Map // time.Duration -> HTTPClient

func sharedHTTPClient(connectTimeout time.Duration) HTTPClient {
	if connectTimeout <= 0 {
		connectTimeout = defaultConnectTimeout
	}
	if c, ok := httpClients.Load(connectTimeout); ok {
		return c.(HTTPClient)
	}
	c, _ := httpClients.LoadOrStore(connectTimeout, HTTPClient(&http.Client{Transport: NewTransport(connectTimeout)}))
	return c.(HTTPClient)
}

// NewTransport returns a transport that keeps connections for reuse, dials
// with the connect timeout (0 means 60s), and honours HTTPS_PROXY and
// NO_PROXY.
func NewTransport(connectTimeout time.Duration) *http.Transport {
	if connectTimeout <= 0 {
		connectTimeout = defaultConnectTimeout
	}
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   connectTimeout,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   100, // the default of 2 drops connections under concurrency
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}
