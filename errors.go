package ssooidc

import (
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/types"
)

// ResponseError is an error that came with an HTTP response: the service's
// error, or a response that could not be decoded. Unwrap it, or use
// errors.As, to get the typed error from package types. Its fields are
// StatusCode, RequestID and Err; RetryAfter returns the service's
// Retry-After hint.
type ResponseError = transport.ResponseError

// RequestSendError is a failure to send a request or to receive any
// response: a refused or reset connection, a DNS failure, a timeout. Err is
// the transport's error.
type RequestSendError = transport.RequestSendError

// modeledError returns the error type the model defines for code, filled
// from the error body, or nil when the model has no such error.
func modeledError(code string, b serde.ErrorBody) error {
	if code == "" && b.Error != nil {
		// No AWS error code at all: fall back to the OAuth error member,
		// which the model documents for every error.
		code = oauthErrorCodes[*b.Error]
	}
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
