package transport

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/tracing"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
)

// maxResponseBytes bounds what is read of a response body: answers are a
// few kilobytes, and a broken proxy must not make the client buffer
// gigabytes.
const maxResponseBytes = 4 << 20

// Service is what the call path needs to know of a service.
type Service struct {
	// ID is the service's SDK ID, in errors, spans and metrics.
	ID string
	// Endpoints is the service's endpoint rule set.
	Endpoints endpoints.RuleSet
	// SensitiveMembers are the JSON member names, in requests and
	// responses, whose values are secrets: logs redact them.
	SensitiveMembers map[string]bool
	// ModeledError returns the error type the model defines for code,
	// filled from the error body, or nil when the model has no such error.
	// (The body is passed by value: a pointer would escape through the
	// function value and cost an allocation.)
	ModeledError func(code string, b serde.ErrorBody) error

	// For services with signed operations: the SigV4 service name;
	// Retrieve gets keys from Settings.Credentials; CredentialsRejected
	// reports whether an error says the keys are invalid or expired.
	SigningName         string
	Retrieve            func(ctx context.Context, provider any) (sigv4.Credentials, error)
	CredentialsRejected func(err error) bool
}

// Operation is a modeled operation: its name and its HTTP binding.
type Operation struct {
	Service *Service
	Name    string // as in the model, such as "CreateToken"
	Method  string // the HTTP method
	Path    string // the URI's path
	Query   string // the URI's fixed query, without "?"
	Signed  bool   // signed with SigV4; otherwise no credentials are sent
}

// Wrap wraps err with the service and operation, as all SDK errors are.
func (op *Operation) Wrap(err error) error {
	return &smithy.OperationError{ServiceID: op.Service.ID, OperationName: op.Name, Err: err}
}

// Request is what one call sends besides its operation's fixed parts.
type Request struct {
	Body        []byte // a JSON document; nil sends no body
	Query       string // replaces the operation's Query when set
	BearerToken string // the x-amz-sso_bearer_token header, when set
}

// bearerTokenHeader carries the portal's access token.
const bearerTokenHeader = "X-Amz-Sso_bearer_token"

// Metadata describes the HTTP exchange that produced an output.
type Metadata struct {
	// RequestID is the service's x-amzn-requestid response header.
	RequestID string
	// HTTPStatusCode is the status of the response.
	HTTPStatusCode int
	// Attempts is how many attempts the call took.
	Attempts int
}

// invoke sends req as op with cfg and hands the successful response's body
// to decode, if not nil. It owns retries, signing and error decoding for
// all operations.
func (c *Client) invoke(ctx context.Context, cfg *Config, op *Operation, req *Request, decode func([]byte) error) (Metadata, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	k := &call{c: c, op: op, cfg: cfg, invocationID: newInvocationID()}
	if cfg.err != nil {
		return Metadata{}, op.Wrap(cfg.err)
	}
	if op.Signed {
		if cfg.Credentials == nil {
			return Metadata{}, op.Wrap(errors.New("no credentials: " + op.Name + " is signed with SigV4; set Options.Credentials"))
		}
		k.payloadHash = sigv4.PayloadHash(req.Body)
	}

	var span tracing.Span
	if cfg.TracerProvider != nil {
		ctx, span = startSpan(ctx, cfg.TracerProvider, op)
	}
	start := time.Now()
	meta, err := k.run(ctx, req, decode)
	if span != nil {
		endSpan(span, meta, err)
	}
	if cfg.meter != nil {
		cfg.meter.record(ctx, op, start, meta.Attempts, err)
	}
	if err != nil {
		return meta, op.Wrap(err)
	}
	return meta, nil
}

// call is one operation call: what all its attempts share.
type call struct {
	c            *Client
	op           *Operation
	cfg          *Config
	payloadHash  string // signed calls only
	invocationID string
	// The request and the decode function are passed as arguments instead:
	// what a call holds leaks to the heap with the request, and they then
	// would too, decode with the operation's output.
}

// run makes attempts until one succeeds, the retryer gives up, or the
// context ends. decode gets the body of a successful response.
func (k *call) run(ctx context.Context, req *Request, decode func([]byte) error) (Metadata, error) {
	cfg := k.cfg
	var previous error
	skewRetried, credsRetried := false, false
	for attempt := 1; ; attempt++ {
		if err := cfg.Retryer.AcquireAttempt(ctx); err != nil {
			return Metadata{Attempts: attempt - 1}, &smithy.CanceledError{Err: err}
		}
		var creds sigv4.Credentials
		if k.op.Signed {
			var err error
			// Per attempt, so that a refreshed or rotated key is used; a
			// caching provider makes this cheap.
			if creds, err = k.op.Service.Retrieve(ctx, cfg.Credentials); err != nil {
				return Metadata{Attempts: attempt - 1}, err
			}
		}
		meta, err := k.attempt(ctx, attempt, &creds, req, decode)
		meta.Attempts = attempt
		if err == nil {
			cfg.Retryer.Succeeded(attempt, previous)
			return meta, nil
		}
		if _, canceled := err.(*smithy.CanceledError); canceled {
			return meta, err
		}
		if k.op.Signed {
			// A signature rejected because our clock is off: learn the
			// server's time and try once more, outside the retry budget.
			if !skewRetried && k.c.learnClockSkew(err) {
				skewRetried = true
				attempt--
				cfg.logf(logging.Warn, LogRetries, "%s: the client clock is off by %s; retrying with the server's time", k.op.Name, time.Duration(k.c.clockOffset.Load()))
				continue
			}
			// Keys rejected as invalid or expired: drop the cached ones
			// and try once more with fresh ones, outside the retry budget.
			if inv, ok := cfg.Credentials.(interface{ Invalidate() }); ok && !credsRetried && k.op.Service.CredentialsRejected(err) {
				credsRetried = true
				inv.Invalidate()
				attempt--
				cfg.logf(logging.Warn, LogRetries, "%s: the service rejected the credentials; retrying with fresh ones: %v", k.op.Name, err)
				continue
			}
		}
		delay, again := cfg.Retryer.RetryDelay(attempt, err)
		if !again {
			return meta, err
		}
		cfg.logf(logging.Debug, LogRetries, "%s: attempt %d failed, retrying in %s: %v", k.op.Name, attempt, delay, err)
		if serr := retry.Sleep(ctx, delay); serr != nil {
			return meta, &smithy.CanceledError{Err: serr}
		}
		previous = err
	}
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
	bearerToken  [1]string
}

// attempt makes one HTTP exchange, attempt number n, signed with creds if
// the operation is signed.
func (k *call) attempt(ctx context.Context, n int, creds *sigv4.Credentials, r *Request, decode func([]byte) error) (meta Metadata, err error) {
	cfg := k.cfg
	out := &outgoing{url: cfg.endpoint, payload: r.Body}
	out.url.Path += k.op.Path
	out.url.RawQuery = cmp.Or(r.Query, k.op.Query)
	h := make(http.Header, 8)
	if r.Body != nil {
		h["Content-Type"] = contentTypeJSON
	}
	h["User-Agent"] = cfg.userAgent
	out.invocationID[0] = k.invocationID
	h["Amz-Sdk-Invocation-Id"] = out.invocationID[:]
	h["Amz-Sdk-Request"] = cfg.sdkRequest1
	if n > 1 {
		out.sdkRequest[0] = "attempt=" + strconv.Itoa(n) + "; max=" + strconv.Itoa(max(cfg.MaxAttempts, n))
		h["Amz-Sdk-Request"] = out.sdkRequest[:]
	}
	if r.BearerToken != "" {
		out.bearerToken[0] = r.BearerToken
		h[bearerTokenHeader] = out.bearerToken[:]
	}
	out.req = http.Request{
		Method:     k.op.Method,
		URL:        &out.url,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       out.url.Host,
		Close:      cfg.CloseConnection,
	}
	if r.Body != nil {
		out.body.Reset(r.Body)
		// net/http recognises io.NopCloser of a *bytes.Reader as an
		// in-memory body: it then sends headers and body in one write, and
		// does not allocate a copy buffer for the body.
		out.req.Body = io.NopCloser(&out.body)
		out.req.GetBody = out.getBody
		out.req.ContentLength = int64(len(r.Body))
	}
	req := out.req.WithContext(ctx)

	var signedAt time.Time
	if k.op.Signed {
		signedAt = time.Now()
		if err := k.c.signer.SignHTTP(req, *creds, k.payloadHash, k.op.Service.SigningName, cfg.Region, signedAt.Add(time.Duration(k.c.clockOffset.Load()))); err != nil {
			return meta, fmt.Errorf("sign request: %w", err)
		}
		cfg.logSigning(req)
	}
	if cfg.BeforeSend != nil {
		if err := cfg.BeforeSend(req); err != nil {
			return meta, err
		}
	}
	if cfg.LogMode&(LogRequest|LogRequestWithBody) != 0 {
		head := "Request\n" + req.Method + " " + req.URL.RequestURI() + " HTTP/1.1\nHost: " + req.Host + "\n"
		cfg.logHTTP(k.op.Service, head, req.Header, r.Body, cfg.LogMode&LogRequestWithBody != 0)
	}

	resp, err := cfg.HTTPClient.Do(req)
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

	if cfg.AfterReceive != nil {
		if err := cfg.AfterReceive(resp); err != nil {
			resp.Body.Close()
			return meta, err
		}
	}

	buf := bufferPool.Get().(*responseBuffer)
	defer putBuffer(buf)
	readErr := readBody(resp, buf)
	if cfg.LogMode&(LogResponse|LogResponseWithBody) != 0 {
		cfg.logHTTP(k.op.Service, "Response\n"+resp.Status+"\n", resp.Header, buf.Bytes(), cfg.LogMode&LogResponseWithBody != 0)
	}
	if readErr != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return meta, &smithy.CanceledError{Err: ctxErr}
		}
		return meta, &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID,
			Err: &smithy.DeserializationError{Err: fmt.Errorf("read response body: %w", readErr)}}
	}

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if decode == nil {
			return meta, nil
		}
		if err := decode(buf.Bytes()); err != nil {
			return meta, &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID,
				Err: &smithy.DeserializationError{Err: err}}
		}
		return meta, nil
	}
	re := &ResponseError{StatusCode: resp.StatusCode, RequestID: meta.RequestID, Err: decodeError(k.op.Service, resp, buf.Bytes()),
		retryAfter: retryAfter(resp.Header)}
	if k.op.Signed {
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
