// Code in the style of generated code: one type per modeled error, in the
// order of the model.

package types

import (
	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// AccessDeniedException: You do not have sufficient access to perform this action.
type AccessDeniedException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Reason            AccessDeniedExceptionReason
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *AccessDeniedException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), string(e.Reason))
}

// ErrorMessage returns the message, falling back to error_description.
func (e *AccessDeniedException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "AccessDeniedException" unless the response named another code.
func (e *AccessDeniedException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "AccessDeniedException")
}

// ErrorFault reports that the client is at fault.
func (e *AccessDeniedException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// AuthorizationPendingException: Indicates that a request to authorize a client with an access user session
// token is pending.
type AuthorizationPendingException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *AuthorizationPendingException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *AuthorizationPendingException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "AuthorizationPendingException" unless the response named another code.
func (e *AuthorizationPendingException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "AuthorizationPendingException")
}

// ErrorFault reports that the client is at fault.
func (e *AuthorizationPendingException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ExpiredTokenException: Indicates that the token issued by the service is expired and is no longer
// valid.
type ExpiredTokenException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *ExpiredTokenException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *ExpiredTokenException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "ExpiredTokenException" unless the response named another code.
func (e *ExpiredTokenException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "ExpiredTokenException")
}

// ErrorFault reports that the client is at fault.
func (e *ExpiredTokenException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InternalServerException: Indicates that an error from the service occurred while trying to process a
// request.
type InternalServerException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InternalServerException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *InternalServerException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InternalServerException" unless the response named another code.
func (e *InternalServerException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InternalServerException")
}

// ErrorFault reports that the server is at fault.
func (e *InternalServerException) ErrorFault() smithy.ErrorFault { return smithy.FaultServer }

// InvalidClientException: Indicates that the clientId or clientSecret in the request is invalid. For
// example, this can occur when a client sends an incorrect clientId or an
// expired clientSecret.
type InvalidClientException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidClientException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidClientException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidClientException" unless the response named another code.
func (e *InvalidClientException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidClientException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidClientException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidClientMetadataException: Indicates that the client information sent in the request during
// registration is invalid.
type InvalidClientMetadataException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidClientMetadataException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidClientMetadataException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidClientMetadataException" unless the response named another code.
func (e *InvalidClientMetadataException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidClientMetadataException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidClientMetadataException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidGrantException: Indicates that a request contains an invalid grant. This can occur if a
// client makes a CreateToken request with an invalid grant type.
type InvalidGrantException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidGrantException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidGrantException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidGrantException" unless the response named another code.
func (e *InvalidGrantException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidGrantException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidGrantException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidRedirectUriException: Indicates that one or more redirect URI in the request is not supported for
// this operation.
type InvalidRedirectUriException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidRedirectUriException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidRedirectUriException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidRedirectUriException" unless the response named another code.
func (e *InvalidRedirectUriException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidRedirectUriException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidRedirectUriException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidRequestException: Indicates that something is wrong with the input to the request. For
// example, a required parameter might be missing or out of range.
type InvalidRequestException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Reason            InvalidRequestExceptionReason
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidRequestException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), string(e.Reason))
}

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidRequestException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidRequestException" unless the response named another code.
func (e *InvalidRequestException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidRequestException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidRequestException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidRequestRegionException: Indicates that a token provided as input to the request was issued by and is
// only usable by calling IAM Identity Center endpoints in another region.
type InvalidRequestRegionException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
	Endpoint          *string
	Region            *string
}

// Error formats the code, message and any reason.
func (e *InvalidRequestRegionException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidRequestRegionException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidRequestRegionException" unless the response named another code.
func (e *InvalidRequestRegionException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidRequestRegionException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidRequestRegionException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// InvalidScopeException: Indicates that the scope provided in the request is invalid.
type InvalidScopeException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *InvalidScopeException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *InvalidScopeException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "InvalidScopeException" unless the response named another code.
func (e *InvalidScopeException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidScopeException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidScopeException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// SlowDownException: Indicates that the client is making the request too frequently and is more
// than the service can handle.
type SlowDownException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *SlowDownException) Error() string { return format(e.ErrorCode(), e.ErrorMessage(), "") }

// ErrorMessage returns the message, falling back to error_description.
func (e *SlowDownException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "SlowDownException" unless the response named another code.
func (e *SlowDownException) ErrorCode() string { return code(e.ErrorCodeOverride, "SlowDownException") }

// ErrorFault reports that the client is at fault.
func (e *SlowDownException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UnauthorizedClientException: Indicates that the client is not currently authorized to make the request.
// This can happen when a clientId is not issued for a public client.
type UnauthorizedClientException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *UnauthorizedClientException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *UnauthorizedClientException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "UnauthorizedClientException" unless the response named another code.
func (e *UnauthorizedClientException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "UnauthorizedClientException")
}

// ErrorFault reports that the client is at fault.
func (e *UnauthorizedClientException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UnsupportedGrantTypeException: Indicates that the grant type in the request is not supported by the
// service.
type UnsupportedGrantTypeException struct {
	Message           *string
	ErrorCodeOverride *string

	Error_            *string
	Error_description *string
}

// Error formats the code, message and any reason.
func (e *UnsupportedGrantTypeException) Error() string {
	return format(e.ErrorCode(), e.ErrorMessage(), "")
}

// ErrorMessage returns the message, falling back to error_description.
func (e *UnsupportedGrantTypeException) ErrorMessage() string {
	return message(e.Message, e.Error_description, e.Error_)
}

// ErrorCode returns "UnsupportedGrantTypeException" unless the response named another code.
func (e *UnsupportedGrantTypeException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "UnsupportedGrantTypeException")
}

// ErrorFault reports that the client is at fault.
func (e *UnsupportedGrantTypeException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// message picks the most useful human-readable text an error carries: the
// protocol's message, else the OAuth error_description, else the OAuth error
// code (such as "authorization_pending"), escaped for a terminal (the
// fields keep the service's text as it came).
func message(msg, description, oauthCode *string) string {
	for _, p := range [...]*string{msg, description, oauthCode} {
		if p != nil && *p != "" {
			return termsafe.Escape(*p)
		}
	}
	return ""
}

func code(override *string, modeled string) string {
	if override != nil && *override != "" {
		return *override
	}
	return modeled
}

// format is an error's text; the reason is the service's, so it is
// escaped too.
func format(code, msg, reason string) string {
	s := code
	if msg != "" {
		s += ": " + msg
	}
	if reason != "" {
		s += " (reason: " + reason + ")"
	}
	return termsafe.Escape(s)
}
