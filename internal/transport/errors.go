package transport

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// ResponseError is an error that came with an HTTP response: the service's
// error, or a response that could not be decoded. Unwrap it, or use
// errors.As, to get the typed error of the service.
type ResponseError struct {
	// StatusCode is the status of the response.
	StatusCode int
	// RequestID is the service's request ID, from the response headers.
	RequestID string
	// Err is the service's error, or a *smithy.DeserializationError.
	Err error

	retryAfter time.Duration // the service's Retry-After hint
	// for signed calls: when we signed, and the server's Date
	clientTime, serverTime time.Time
}

// Error reports the status, the request ID and the underlying error.
func (e *ResponseError) Error() string {
	return "https response error StatusCode: " + strconv.Itoa(e.StatusCode) + ", RequestID: " + termsafe.Escape(e.RequestID) + ", " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ResponseError) Unwrap() error { return e.Err }

// HTTPStatusCode returns the response's status code.
func (e *ResponseError) HTTPStatusCode() int { return e.StatusCode }

// ServiceRequestID returns the service's request ID.
func (e *ResponseError) ServiceRequestID() string { return e.RequestID }

// RetryAfter returns how long the service asked the client to wait before
// trying again (the Retry-After header), or 0.
func (e *ResponseError) RetryAfter() time.Duration { return e.retryAfter }

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0 // the usual case, checked first: parsing "" allocates four errors
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs > 0 && secs < 24*3600 {
			return time.Duration(secs) * time.Second
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 && d < 24*time.Hour {
			return d
		}
	}
	return 0
}

// serverTime reads the Date header, or returns the zero time.
func serverTime(h http.Header) time.Time {
	t, _ := http.ParseTime(h.Get("Date")) // the zero time on error
	return t
}

// RequestSendError is a failure to send a request or to receive any
// response: a refused or reset connection, a DNS failure, a timeout.
type RequestSendError struct {
	// Err is the transport's error.
	Err error
}

// Error describes the failure.
func (e *RequestSendError) Error() string { return "request send failed, " + e.Err.Error() }

// Unwrap returns the transport's error.
func (e *RequestSendError) Unwrap() error { return e.Err }

// ConnectionError reports that the request never produced a response, which
// is what retry logic asks of transport errors.
func (e *RequestSendError) ConnectionError() bool { return true }

// decodeError turns an error response into the service's modeled error
// type, or a smithy.GenericAPIError for codes the model does not know.
func decodeError(svc *Service, resp *http.Response, body []byte) error {
	var eb serde.ErrorBody
	if err := serde.UnmarshalErrorBody(body, &eb); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("decode error response (HTTP %d): %w", resp.StatusCode, err)}
	}
	code := sanitizeErrorCode(cmp.Or(resp.Header.Get("X-Amzn-Errortype"), ptr.ToString(eb.Code), ptr.ToString(eb.Type)))
	if err := svc.ModeledError(code, eb); err != nil {
		return err
	}
	msg := cmp.Or(ptr.ToString(eb.Message), ptr.ToString(eb.ErrorDescription), ptr.ToString(eb.Error))
	if code == "" {
		code = "UnknownError"
		if msg == "" {
			msg = "the service returned HTTP " + strconv.Itoa(resp.StatusCode) + " (" + http.StatusText(resp.StatusCode) + ") without an error code"
		}
	}
	fault := smithy.FaultClient
	if resp.StatusCode >= 500 {
		fault = smithy.FaultServer
	}
	// Its Error prints Code and Message as they are: escape them for a terminal.
	return &smithy.GenericAPIError{Code: termsafe.Escape(code), Message: termsafe.Escape(msg), Fault: fault}
}

// sanitizeErrorCode strips a "namespace#" prefix and a ":detail" suffix, so
// "aws.protocoltests#FooError:http://..." becomes "FooError".
func sanitizeErrorCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return strings.TrimSpace(code)
}
