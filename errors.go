package ssooidc

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
	"github.com/ssooidc-go/ssooidc/types"
)

// opError wraps err with the service and operation, as all SDK errors are.
func opError(op *operation, err error) error {
	return &smithy.OperationError{ServiceID: ServiceID, OperationName: op.name, Err: err}
}

// ResponseError is an error that came with an HTTP response: the service's
// error, or a response that could not be decoded. Unwrap it, or use
// errors.As, to get the typed error from package types.
type ResponseError struct {
	StatusCode int
	RequestID  string
	Err        error

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
	Err error
}

// Error describes the failure.
func (e *RequestSendError) Error() string { return "request send failed, " + e.Err.Error() }

// Unwrap returns the transport's error.
func (e *RequestSendError) Unwrap() error { return e.Err }

// ConnectionError reports that the request never produced a response, which
// is what retry logic asks of transport errors.
func (e *RequestSendError) ConnectionError() bool { return true }

// decodeError turns an error response into the modeled error type, or a
// smithy.GenericAPIError for codes the model does not know.
func decodeError(resp *http.Response, body []byte) error {
	var eb serde.ErrorBody
	if err := serde.UnmarshalErrorBody(body, &eb); err != nil {
		return &smithy.DeserializationError{Err: fmt.Errorf("decode error response (HTTP %d): %w", resp.StatusCode, err)}
	}
	code := sanitizeErrorCode(cmp.Or(resp.Header.Get("X-Amzn-Errortype"), ptr.ToString(eb.Code), ptr.ToString(eb.Type)))
	if code == "" && eb.Error != nil {
		// No AWS error code at all: fall back to the OAuth error member,
		// which the model documents for every error.
		code = oauthErrorCodes[*eb.Error]
	}
	if err := modeledError(code, &eb); err != nil {
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

// modeledError returns the error type the model defines for code, filled
// from the error body, or nil when the model has no such error.
func modeledError(code string, b *serde.ErrorBody) error {
	switch code {
	case "AccessDeniedException":
		e := &types.AccessDeniedException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
		if b.Reason != nil {
			e.Reason = types.AccessDeniedExceptionReason(*b.Reason)
		}
		return e
	case "AuthorizationPendingException":
		return &types.AuthorizationPendingException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "ExpiredTokenException":
		return &types.ExpiredTokenException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InternalServerException":
		return &types.InternalServerException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InvalidClientException":
		return &types.InvalidClientException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InvalidClientMetadataException":
		return &types.InvalidClientMetadataException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InvalidGrantException":
		return &types.InvalidGrantException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InvalidRedirectUriException":
		return &types.InvalidRedirectUriException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "InvalidRequestException":
		e := &types.InvalidRequestException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
		if b.Reason != nil {
			e.Reason = types.InvalidRequestExceptionReason(*b.Reason)
		}
		return e
	case "InvalidRequestRegionException":
		return &types.InvalidRequestRegionException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription, Endpoint: b.Endpoint, Region: b.Region}
	case "InvalidScopeException":
		return &types.InvalidScopeException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "SlowDownException":
		return &types.SlowDownException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "UnauthorizedClientException":
		return &types.UnauthorizedClientException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	case "UnsupportedGrantTypeException":
		return &types.UnsupportedGrantTypeException{Message: b.Message, Error_: b.Error, Error_description: b.ErrorDescription}
	}
	return nil
}

// oauthErrorCodes maps the OAuth "error" member, which the model documents
// for each error, to the error's shape, for responses that carry no AWS
// error code (a proxy that strips headers, for example).
var oauthErrorCodes = map[string]string{
	"access_denied":           "AccessDeniedException",
	"authorization_pending":   "AuthorizationPendingException",
	"expired_token":           "ExpiredTokenException",
	"server_error":            "InternalServerException",
	"invalid_client":          "InvalidClientException",
	"invalid_client_metadata": "InvalidClientMetadataException",
	"invalid_grant":           "InvalidGrantException",
	"invalid_redirect_uri":    "InvalidRedirectUriException",
	"invalid_request":         "InvalidRequestException",
	// "invalid_request" is also the code of InvalidRequestRegionException.
	"invalid_scope":          "InvalidScopeException",
	"slow_down":              "SlowDownException",
	"unauthorized_client":    "UnauthorizedClientException",
	"unsupported_grant_type": "UnsupportedGrantTypeException",
}
