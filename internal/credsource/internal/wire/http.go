package wire

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/retry"
)

// Doer sends HTTP requests; *http.Client is one. Tests inject their own.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// NewHTTPClient returns a client for credential endpoints: a bounded connect
// time so that an absent endpoint fails fast, no redirects (a credential
// endpoint has no reason to send us elsewhere, and following one would skip
// the host checks), and no keep-alive (credentials are fetched about once an
// hour, so an idle connection would only hold a goroutine and a socket).
// proxy may be nil for a direct connection.
func NewHTTPClient(connectTimeout time.Duration, proxy func(*http.Request) (*url.URL, error)) *http.Client {
	d := &net.Dialer{Timeout: connectTimeout}
	return &http.Client{
		Transport: &http.Transport{
			Proxy:               proxy,
			DialContext:         d.DialContext,
			DisableKeepAlives:   true,
			TLSHandshakeTimeout: 5 * time.Second,
			ForceAttemptHTTP2:   true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Response is a fully read HTTP response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// SendError is a request that got no complete response: it could not be
// sent, the connection failed, or the attempt's time ran out. Its message
// never holds the URL's query or any header.
type SendError struct {
	// Timeout is set when the attempt's own deadline ran out (not the
	// caller's context).
	Timeout bool
	// After is the attempt timeout, for the message.
	After time.Duration
	Err   error
}

// Error says what went wrong, without the URL.
func (e *SendError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("no response within %v", e.After)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying error (context.DeadlineExceeded for a
// timeout).
func (e *SendError) Unwrap() error { return e.Err }

// errAttemptTimeout is the cause set on an attempt's context when its own
// deadline passes, to tell it from the caller's deadline.
var errAttemptTimeout = errors.New("attempt timed out")

// Send makes one attempt: it sends a request without a body, with the
// headers given as name, value pairs (a pair with an empty value is left
// out), with a deadline of timeout, and reads at most max bytes of body. A
// caller's cancellation comes back as the context's error (errors.Is works)
// rather than a SendError, so that loops stop at once.
func Send(ctx context.Context, c Doer, timeout time.Duration, max int64, method, url string, header ...string) (Response, error) {
	actx, cancel := context.WithTimeoutCause(ctx, timeout, errAttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, method, url, nil)
	if err != nil {
		return Response{}, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, sendErr(ctx, actx, timeout, err)
	}
	defer resp.Body.Close()
	body, err := ReadLimited(resp.Body, max)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return Response{}, fmt.Errorf("response body %w", err)
		}
		return Response{}, sendErr(ctx, actx, timeout, err)
	}
	return Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

func sendErr(ctx, actx context.Context, timeout time.Duration, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w", context.Cause(ctx))
	}
	if errors.Is(context.Cause(actx), errAttemptTimeout) {
		return &SendError{Timeout: true, After: timeout, Err: context.DeadlineExceeded}
	}
	// *url.Error repeats the full URL; keep only what went wrong.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &SendError{Err: err}
}

// Retry makes up to max attempts of try, waiting delay before the second
// and twice as long before each further one. try reports whether its failure
// is worth another attempt (see Retryable); when the attempts run out the
// last failure is returned with their number. A caller's cancellation during
// a wait ends it with the last failure and the context's cause.
func Retry[T any](ctx context.Context, max int, delay time.Duration, try func() (T, bool, error)) (T, error) {
	for n := 1; ; n++ {
		v, again, err := try()
		if err == nil || !again {
			return v, err
		}
		var zero T
		if n >= max {
			return zero, fmt.Errorf("%w (gave up after %d attempts)", err, n)
		}
		if serr := retry.Sleep(ctx, delay); serr != nil {
			return zero, fmt.Errorf("%w; stopped waiting to retry: %w", err, serr)
		}
		delay *= 2
	}
}

// Retryable reports whether an attempt that ended with status (0 when err is
// set) and err is worth another try: no response, a timeout, throttling or a
// server error. Client errors and the caller's cancellation are final.
func Retryable(status int, err error) bool {
	if err != nil {
		var se *SendError
		return errors.As(err, &se)
	}
	return status == http.StatusTooManyRequests || status >= 500
}

// RedactURL renders u for an error message: scheme, host and path, without
// user info, query or fragment, any of which could carry a credential.
func RedactURL(u *url.URL) string {
	c := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return c.String()
}
