package ssooidc

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
	"github.com/ssooidc-go/ssooidc/types"
)

const (
	// ServiceID is the service's SDK ID, used in error messages.
	ServiceID = "SSO OIDC"
	// Version is the version of this SDK, sent in the User-Agent header.
	Version = "0.1.0"

	// signingName is the SigV4 service name of the model's aws.auth#sigv4
	// trait.
	signingName = "sso-oauth"

	// maxResponseBytes bounds what is read of a response body: SSO OIDC
	// answers are a few kilobytes, and a broken proxy must not make the
	// client buffer gigabytes.
	maxResponseBytes = 4 << 20
)

// API is the set of operations of the service. *Client implements it;
// depend on API in your code and substitute a fake in tests (the
// ssooidctest package has a ready one).
type API interface {
	RegisterClient(ctx context.Context, in *RegisterClientInput, optFns ...func(*Options)) (*RegisterClientOutput, error)
	StartDeviceAuthorization(ctx context.Context, in *StartDeviceAuthorizationInput, optFns ...func(*Options)) (*StartDeviceAuthorizationOutput, error)
	CreateToken(ctx context.Context, in *CreateTokenInput, optFns ...func(*Options)) (*CreateTokenOutput, error)
	CreateTokenWithIAM(ctx context.Context, in *CreateTokenWithIAMInput, optFns ...func(*Options)) (*CreateTokenWithIAMOutput, error)
}

var _ API = (*Client)(nil)

// HTTPClient sends HTTP requests. *http.Client implements it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Options configure a Client. The zero value of each field selects the
// documented default. Every operation also takes functions that change a
// copy of the options for that call only.
type Options struct {
	// Region is the AWS Region of the IAM Identity Center instance, such as
	// "us-east-1". It selects the endpoint and is the SigV4 signing region.
	Region string

	// BaseEndpoint, when set, replaces the resolved endpoint, for example
	// with a local emulator's URL. It cannot be combined with UseFIPS or
	// UseDualStack.
	BaseEndpoint *string

	// UseFIPS selects the FIPS endpoint of the region.
	UseFIPS bool

	// UseDualStack selects the IPv4 and IPv6 endpoint of the region.
	UseDualStack bool

	// Credentials sign CreateTokenWithIAM, the only signed operation. The
	// other operations never send credentials, even when this is set.
	Credentials CredentialsProvider

	// HTTPClient sends the requests. Default: a client shared by every
	// Client of this package, keeping keep-alive connections for reuse.
	HTTPClient HTTPClient

	// RetryMaxAttempts is the number of attempts of a call, the first one
	// included. 0 means 3; 1 disables retries.
	RetryMaxAttempts int

	// RetryMaxBackoff caps the wait between attempts. 0 means 20s.
	RetryMaxBackoff time.Duration

	// RetryMode selects standard (the default) or adaptive retries. Any
	// other value makes every call fail before it sends anything.
	RetryMode RetryMode

	// Timeout is a connect timeout: it bounds establishing a connection
	// (dial; TLS has its own 10s bound) of the default HTTP client, and is
	// ignored when HTTPClient is set. It does not bound a call or its
	// response: give the call's context a deadline for that. 0 means 60s.
	Timeout time.Duration

	// CloseConnection closes the connection after each call instead of
	// keeping it for the next one.
	CloseConnection bool

	// AppID is appended to the User-Agent header, to tell your application's
	// calls apart in the service's logs.
	AppID string

	// BeforeSend, when set, sees every attempt's request after it is signed
	// and just before it is sent. An error stops the call. A hook that
	// changes a signed request's headers invalidates its signature.
	BeforeSend func(*http.Request) error

	// AfterReceive, when set, sees every attempt's response before its body
	// is read. An error stops the call; the SDK still closes the body.
	AfterReceive func(*http.Response) error

	// Retryer, when set, replaces the retry behaviour selected by
	// RetryMaxAttempts, RetryMaxBackoff and RetryMode.
	Retryer Retryer

	// Logger receives the log lines ClientLogMode asks for. Secrets never
	// reach it: headers and body members that hold them are redacted.
	Logger logging.Logger

	// ClientLogMode selects what is logged. 0 logs nothing and costs
	// nothing.
	ClientLogMode ClientLogMode

	// TracerProvider, when set, gets a span for each call.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, records call duration and attempt counts.
	MeterProvider metrics.MeterProvider
}

// Client is a client of SSO OIDC. It is safe for concurrent use; create one
// and share it.
type Client struct {
	options Options
	// config is resolved from options by the first call (base): resolving
	// the endpoint parses the partitions data, about 0.3 ms in a new
	// process, which a client that is made but not called does not pay.
	config     callConfig
	configOnce sync.Once
	signer     sigv4.Signer
	// shared by all calls, also those with per-call options
	quota   *retry.Quota
	limiter func() *retry.RateLimiter
	// clockOffset is the server's time minus ours, learned from a call
	// rejected for clock skew; signatures use it from then on.
	clockOffset atomic.Int64
}

// callConfig is what a call derives from Options: resolved once per Client
// (on its first call) and again only for calls that pass option functions.
type callConfig struct {
	endpoint    url.URL
	err         error // a bad option: every call fails with it, sending nothing
	meter       *callMeter
	httpClient  HTTPClient
	retryer     Retryer
	maxAttempts int
	userAgent   []string
	sdkRequest1 []string // amz-sdk-request of attempt 1, for most calls the only one
}

// New returns a client configured by options, changed by optFns.
func New(options Options, optFns ...func(*Options)) *Client {
	for _, fn := range optFns {
		fn(&options)
	}
	return &Client{
		options: options,
		quota:   retry.NewQuota(),
		limiter: sync.OnceValue(func() *retry.RateLimiter { return retry.NewRateLimiter(nil) }),
	}
}

// base is the call configuration of the client's own options.
func (c *Client) base() *callConfig {
	c.configOnce.Do(func() { c.config = c.resolveCallConfig(&c.options) })
	return &c.config
}

// Options returns a copy of the client's options.
func (c *Client) Options() Options { return c.options }

func (c *Client) resolveCallConfig(o *Options) callConfig {
	cc := callConfig{httpClient: o.HTTPClient, retryer: o.Retryer}
	if cc.httpClient == nil {
		cc.httpClient = sharedHTTPClient(o.Timeout)
	}
	mode, modeErr := parseRetryMode(string(o.RetryMode))
	if cc.retryer == nil {
		r := &retry.Standard{Attempts: o.RetryMaxAttempts, MaxBackoff: o.RetryMaxBackoff, Quota: c.quota}
		if mode == RetryModeAdaptive {
			r.Limiter = c.limiter()
		}
		cc.retryer = r
	}
	cc.maxAttempts = max(cc.retryer.MaxAttempts(), 1)
	cc.endpoint, cc.err = resolveEndpoint(o)
	if modeErr != nil {
		cc.err = fmt.Errorf("Options.RetryMode: %w", modeErr)
	}
	// Instruments are made once per provider: a call that keeps the
	// client's provider keeps its instruments. A provider == cannot
	// compare (it would panic) counts as another; so does nil.
	if mp := o.MeterProvider; c.config.meter != nil && reflect.ValueOf(mp).Comparable() && mp == c.options.MeterProvider {
		cc.meter = c.config.meter
	} else {
		cc.meter = newCallMeter(o.MeterProvider)
	}
	ua := "ssooidc-go/" + Version + " os/" + runtime.GOOS + " lang/go#" + strings.TrimPrefix(runtime.Version(), "go") + " md/GOARCH#" + runtime.GOARCH
	if o.AppID != "" {
		ua += " app/" + o.AppID
	}
	cc.userAgent = []string{ua}
	cc.sdkRequest1 = []string{"attempt=1; max=" + strconv.Itoa(cc.maxAttempts)}
	return cc
}

func resolveEndpoint(o *Options) (url.URL, error) {
	// Checked even with BaseEndpoint: it is the signing region too.
	if o.Region != "" && !endpoints.ValidRegion(o.Region) {
		return url.URL{}, fmt.Errorf("region %q (Options.Region) is not a valid AWS Region name", o.Region)
	}
	p := endpoints.Params{Region: o.Region, UseFIPS: o.UseFIPS, UseDualStack: o.UseDualStack}
	if o.BaseEndpoint != nil {
		p.Endpoint = *o.BaseEndpoint
	}
	s, err := endpoints.OIDC.Resolve(p)
	if err != nil {
		return url.URL{}, fmt.Errorf("resolve endpoint: %w", err)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return url.URL{}, fmt.Errorf("resolve endpoint: %q is not an http or https URL", redactURL(s))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	u.RawQuery, u.Fragment = "", ""
	return *u, nil
}

// defaultConnectTimeout is the connection timeout when Options.Timeout is 0.
const defaultConnectTimeout = 60 * time.Second

// httpClients holds one HTTP client per connect timeout, shared by every
// Client (and every call with per-call options) using that timeout, so they
// share one pool of keep-alive connections instead of each opening its own.
var httpClients sync.Map // time.Duration -> HTTPClient

func sharedHTTPClient(connectTimeout time.Duration) HTTPClient {
	if connectTimeout <= 0 {
		connectTimeout = defaultConnectTimeout
	}
	if c, ok := httpClients.Load(connectTimeout); ok {
		return c.(HTTPClient)
	}
	c, _ := httpClients.LoadOrStore(connectTimeout, HTTPClient(&http.Client{Transport: newTransport(connectTimeout)}))
	return c.(HTTPClient)
}

// newTransport returns a transport that keeps connections for reuse, dials
// with the connect timeout, and honours HTTPS_PROXY and NO_PROXY.
func newTransport(connectTimeout time.Duration) *http.Transport {
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

// operation is what the call path needs to know of a modeled operation: its
// name and its HTTP binding (the method is POST for all four).
type operation struct {
	name   string
	path   string
	query  string
	signed bool
}

// Metadata describes the HTTP exchange that produced an output.
type Metadata struct {
	// RequestID is the service's x-amzn-requestid response header.
	RequestID string
	// HTTPStatusCode is the status of the response.
	HTTPStatusCode int
	// Attempts is how many attempts the call took.
	Attempts int
}

// invoke sends body as op and hands the successful response's body to
// decode. It owns retries, signing and error decoding for all operations.
//
// A call goes one straight way, all of it in this file and the operation's
// api_*.go file: the operation validates its input and marshals it
// (internal/serde); invoke resolves the endpoint (internal/endpoints, once
// per client), signs (internal/sigv4, CreateTokenWithIAM only) and sends
// with retries (internal/retry); decode, the operation's, unmarshals the
// response, and decodeError (errors.go) an error response.
func (c *Client) invoke(ctx context.Context, op *operation, body []byte, optFns []func(*Options), decode func([]byte) error) (Metadata, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	k := &call{c: c, op: op, o: &c.options, cc: c.base(), body: body, invocationID: newInvocationID()}
	if len(optFns) > 0 {
		copied := c.options
		for _, fn := range optFns {
			fn(&copied)
		}
		resolved := c.resolveCallConfig(&copied)
		k.o, k.cc = &copied, &resolved
	}
	if k.cc.err != nil {
		return Metadata{}, opError(op, k.cc.err)
	}
	if op.signed {
		if k.o.Credentials == nil {
			return Metadata{}, opError(op, errors.New("no credentials: CreateTokenWithIAM is signed with SigV4; set Options.Credentials"))
		}
		k.payloadHash = sigv4.PayloadHash(body)
	}

	var span tracing.Span
	if k.o.TracerProvider != nil {
		ctx, span = startSpan(ctx, k.o.TracerProvider, op)
	}
	start := time.Now()
	meta, err := k.run(ctx, decode)
	if span != nil {
		endSpan(span, meta, err)
	}
	if k.cc.meter != nil {
		k.cc.meter.record(ctx, op, start, meta.Attempts, err)
	}
	if err != nil {
		return meta, opError(op, err)
	}
	return meta, nil
}

// call is one operation call: what all its attempts share.
type call struct {
	c            *Client
	op           *operation
	o            *Options
	cc           *callConfig
	body         []byte
	payloadHash  string // signed calls only
	invocationID string
	// The decode function is passed as an argument instead: what a call
	// holds leaks to the heap with the request, and decode then would too,
	// with the operation's output.
}

// run makes attempts until one succeeds, the retryer gives up, or the
// context ends. decode gets the body of a successful response.
func (k *call) run(ctx context.Context, decode func([]byte) error) (Metadata, error) {
	var previous error
	skewRetried, credsRetried := false, false
	for attempt := 1; ; attempt++ {
		if err := k.cc.retryer.AcquireAttempt(ctx); err != nil {
			return Metadata{Attempts: attempt - 1}, &smithy.CanceledError{Err: err}
		}
		var creds sigv4.Credentials
		if k.op.signed {
			var err error
			// Per attempt, so that a refreshed or rotated key is used; a
			// caching provider makes this cheap.
			if creds, err = k.credentials(ctx); err != nil {
				return Metadata{Attempts: attempt - 1}, err
			}
		}
		meta, err := k.attempt(ctx, attempt, &creds, decode)
		meta.Attempts = attempt
		if err == nil {
			k.cc.retryer.Succeeded(attempt, previous)
			return meta, nil
		}
		if _, canceled := err.(*smithy.CanceledError); canceled {
			return meta, err
		}
		if k.op.signed {
			// A signature rejected because our clock is off: learn the
			// server's time and try once more, outside the retry budget.
			if !skewRetried && k.c.learnClockSkew(err) {
				skewRetried = true
				attempt--
				k.o.logf(logging.Warn, LogRetries, "%s: the client clock is off by %s; retrying with the server's time", k.op.name, time.Duration(k.c.clockOffset.Load()))
				continue
			}
			// Keys rejected as invalid or expired: drop the cached ones
			// and try once more with fresh ones, outside the retry budget.
			if inv, ok := k.o.Credentials.(interface{ Invalidate() }); ok && !credsRetried && credentialsRejected(err) {
				credsRetried = true
				inv.Invalidate()
				attempt--
				k.o.logf(logging.Warn, LogRetries, "%s: the service rejected the credentials; retrying with fresh ones: %v", k.op.name, err)
				continue
			}
		}
		delay, again := k.cc.retryer.RetryDelay(attempt, err)
		if !again {
			return meta, err
		}
		k.o.logf(logging.Debug, LogRetries, "%s: attempt %d failed, retrying in %s: %v", k.op.name, attempt, delay, err)
		if serr := retry.Sleep(ctx, delay); serr != nil {
			return meta, &smithy.CanceledError{Err: serr}
		}
		previous = err
	}
}

// credentials retrieves the signing credentials.
func (k *call) credentials(ctx context.Context) (sigv4.Credentials, error) {
	v, err := k.o.Credentials.Retrieve(ctx)
	if err != nil {
		return sigv4.Credentials{}, fmt.Errorf("retrieve credentials: %w", err)
	}
	if !v.HasKeys() {
		return sigv4.Credentials{}, errors.New("retrieve credentials: the provider returned no access key ID or secret access key")
	}
	return sigv4.Credentials{AccessKeyID: v.AccessKeyID, SecretAccessKey: v.SecretAccessKey, SessionToken: v.SessionToken}, nil
}

// credentialsRejected reports whether err is the front door's answer to an
// unknown, invalid or expired access key or session token (AWS sends these
// with 403, a few services with 400): UnrecognizedClientException ("The
// security token included in the request is invalid"), InvalidClientTokenId,
// InvalidSignatureException (a rotated secret signs wrong), ExpiredToken, or
// ExpiredTokenException without the OAuth "error" member that the service's
// own ExpiredTokenException (an expired grant) carries.
func credentialsRejected(err error) bool {
	var re *ResponseError
	if !errors.As(err, &re) {
		return false
	}
	var expired *types.ExpiredTokenException
	if errors.As(re.Err, &expired) {
		return expired.Error_ == nil
	}
	var ae smithy.APIError
	if re.StatusCode != http.StatusForbidden && re.StatusCode != http.StatusBadRequest || !errors.As(re.Err, &ae) {
		return false
	}
	return slices.Contains([]string{"UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "ExpiredToken"}, ae.ErrorCode())
}

// maxClockSkew is how far the server's clock may be from ours before a
// rejected signed call is blamed on our clock, as in the AWS SDKs.
const maxClockSkew = 4 * time.Minute

// learnClockSkew reports whether err is a rejection of a signed request
// whose response says our clock is off, and if so records the offset.
func (c *Client) learnClockSkew(err error) bool {
	var re *ResponseError
	rejections := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden}
	if !errors.As(err, &re) || re.serverTime.IsZero() || !slices.Contains(rejections, re.StatusCode) {
		return false
	}
	// skew is the server's time less the local clock's. Compared with the
	// offset we signed with, not with zero: a learned offset that the local
	// clock has since caught up with is itself the error, and is relearned.
	skew := re.serverTime.Sub(re.clientTime)
	if (skew - time.Duration(c.clockOffset.Load())).Abs() < maxClockSkew {
		return false // our signing time was right: the rejection has another cause
	}
	c.clockOffset.Store(int64(skew))
	return true
}

// outgoing holds one attempt's request and the parts it points to in one
// allocation. (Sending it needs one more: WithContext's shallow copy, the
// only way to set a request's context.)
type outgoing struct {
	req          http.Request
	url          url.URL
	body         bytes.Reader
	payload      []byte
	invocationID [1]string
	sdkRequest   [1]string
}

// attempt makes one HTTP exchange, attempt number n, signed with creds if
// the operation is signed.
func (k *call) attempt(ctx context.Context, n int, creds *sigv4.Credentials, decode func([]byte) error) (meta Metadata, err error) {
	o, cc := k.o, k.cc
	out := &outgoing{url: cc.endpoint, payload: k.body}
	out.url.Path += k.op.path
	out.url.RawQuery = k.op.query
	out.body.Reset(k.body)
	h := make(http.Header, 8)
	h["Content-Type"] = contentTypeJSON
	h["User-Agent"] = cc.userAgent
	out.invocationID[0] = k.invocationID
	h["Amz-Sdk-Invocation-Id"] = out.invocationID[:]
	h["Amz-Sdk-Request"] = cc.sdkRequest1
	if n > 1 {
		out.sdkRequest[0] = "attempt=" + strconv.Itoa(n) + "; max=" + strconv.Itoa(max(cc.maxAttempts, n))
		h["Amz-Sdk-Request"] = out.sdkRequest[:]
	}
	out.req = http.Request{
		Method:     http.MethodPost,
		URL:        &out.url,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		// net/http recognises io.NopCloser of a *bytes.Reader as an
		// in-memory body: it then sends headers and body in one write, and
		// does not allocate a copy buffer for the body.
		Body:          io.NopCloser(&out.body),
		GetBody:       out.getBody,
		ContentLength: int64(len(k.body)),
		Host:          out.url.Host,
		Close:         o.CloseConnection,
	}
	req := out.req.WithContext(ctx)

	var signedAt time.Time
	if k.op.signed {
		signedAt = time.Now()
		if err := k.c.signer.SignHTTP(req, *creds, k.payloadHash, signingName, o.Region, signedAt.Add(time.Duration(k.c.clockOffset.Load()))); err != nil {
			return meta, fmt.Errorf("sign request: %w", err)
		}
		o.logSigning(req)
	}
	if o.BeforeSend != nil {
		if err := o.BeforeSend(req); err != nil {
			return meta, err
		}
	}
	if o.ClientLogMode&(LogRequest|LogRequestWithBody) != 0 {
		head := "Request\n" + req.Method + " " + req.URL.RequestURI() + " HTTP/1.1\nHost: " + req.Host + "\n"
		o.logHTTP(head, req.Header, k.body, o.ClientLogMode&LogRequestWithBody != 0)
	}

	resp, err := cc.httpClient.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// Report the caller's cancellation, not the transport's
			// rendering of it.
			return meta, &smithy.CanceledError{Err: ctxErr}
		}
		return meta, &RequestSendError{Err: err}
	}
	meta.HTTPStatusCode = resp.StatusCode
	meta.RequestID = cmp.Or(resp.Header.Get("X-Amzn-Requestid"), resp.Header.Get("X-Amz-Request-Id"))

	if o.AfterReceive != nil {
		if err := o.AfterReceive(resp); err != nil {
			resp.Body.Close()
			return meta, err
		}
	}

	buf := bufferPool.Get().(*responseBuffer)
	defer putBuffer(buf)
	readErr := readBody(resp, buf)
	if o.ClientLogMode&(LogResponse|LogResponseWithBody) != 0 {
		o.logHTTP("Response\n"+resp.Status+"\n", resp.Header, buf.Bytes(), o.ClientLogMode&LogResponseWithBody != 0)
	}
	if readErr != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return meta, &smithy.CanceledError{Err: ctxErr}
		}
		return meta, &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID,
			Err: &smithy.DeserializationError{Err: fmt.Errorf("read response body: %w", readErr)}}
	}

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if err := decode(buf.Bytes()); err != nil {
			return meta, &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID,
				Err: &smithy.DeserializationError{Err: err}}
		}
		return meta, nil
	}
	re := &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID, Err: decodeError(resp, buf.Bytes()),
		retryAfter: retryAfter(resp.Header)}
	if k.op.signed {
		re.clientTime = signedAt
		re.serverTime = serverTime(resp.Header)
	}
	return meta, re
}

// getBody gives the transport a fresh copy of the body when it must resend
// the request (HTTP/2 retries, 307 and 308 redirects).
func (o *outgoing) getBody() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.payload)), nil
}

var contentTypeJSON = []string{"application/json"}

// newInvocationID returns a random (version 4) UUID that identifies one call
// across its attempts.
func newInvocationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var h [32]byte
	hex.Encode(h[:], b[:])
	return string(h[:8]) + "-" + string(h[8:12]) + "-" + string(h[12:16]) + "-" + string(h[16:20]) + "-" + string(h[20:])
}

// responseBuffer reads a response body; pooled, so a call allocates nothing
// to read its answer.
type responseBuffer struct {
	bytes.Buffer
	limit io.LimitedReader
}

var bufferPool = sync.Pool{New: func() any { return new(responseBuffer) }}

func putBuffer(b *responseBuffer) {
	if b.Cap() > 64<<10 {
		return // let an unusually large buffer go
	}
	b.Reset()
	bufferPool.Put(b)
}

// readBody reads the whole body into buf and closes it. Reading to EOF is
// what lets the transport reuse the connection.
func readBody(resp *http.Response, buf *responseBuffer) error {
	if resp.Body == nil {
		return nil
	}
	defer resp.Body.Close()
	buf.limit = io.LimitedReader{R: resp.Body, N: maxResponseBytes + 1}
	n, err := buf.ReadFrom(&buf.limit)
	buf.limit.R = nil // do not keep the body alive in the pool
	if err != nil {
		return err
	}
	if n > maxResponseBytes {
		return fmt.Errorf("response body larger than %d bytes", maxResponseBytes)
	}
	return nil
}
