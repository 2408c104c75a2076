package types

import (
	"strconv"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// InvalidRequestException: a problem occurred with the input to the request.
// For example, a required parameter might be missing or out of range.
type InvalidRequestException struct {
	// Message is the service's description of the error.
	Message *string
	// ErrorCodeOverride, when set, is the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error formats the code and message.
func (e *InvalidRequestException) Error() string { return format(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message.
func (e *InvalidRequestException) ErrorMessage() string { return ptr.ToString(e.Message) }

// ErrorCode returns "InvalidRequestException" unless the response named another code.
func (e *InvalidRequestException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "InvalidRequestException")
}

// ErrorFault reports that the client is at fault.
func (e *InvalidRequestException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ResourceNotFoundException: the specified resource doesn't exist.
type ResourceNotFoundException struct {
	// Message is the service's description of the error.
	Message *string
	// ErrorCodeOverride, when set, is the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error formats the code and message.
func (e *ResourceNotFoundException) Error() string { return format(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message.
func (e *ResourceNotFoundException) ErrorMessage() string { return ptr.ToString(e.Message) }

// ErrorCode returns "ResourceNotFoundException" unless the response named another code.
func (e *ResourceNotFoundException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "ResourceNotFoundException")
}

// ErrorFault reports that the client is at fault.
func (e *ResourceNotFoundException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// TooManyRequestsException: the request is being made too frequently and is
// more than what the server can handle. The client retries it.
type TooManyRequestsException struct {
	// Message is the service's description of the error.
	Message *string
	// ErrorCodeOverride, when set, is the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error formats the code and message.
func (e *TooManyRequestsException) Error() string { return format(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message.
func (e *TooManyRequestsException) ErrorMessage() string { return ptr.ToString(e.Message) }

// ErrorCode returns "TooManyRequestsException" unless the response named another code.
func (e *TooManyRequestsException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "TooManyRequestsException")
}

// ErrorFault reports that the client is at fault.
func (e *TooManyRequestsException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// UnauthorizedException: the request is not authorized, as with an invalid
// or expired access token: a new one, from a new login, is the remedy.
type UnauthorizedException struct {
	// Message is the service's description of the error.
	Message *string
	// ErrorCodeOverride, when set, is the code ErrorCode returns.
	ErrorCodeOverride *string
}

// Error formats the code and message.
func (e *UnauthorizedException) Error() string { return format(e.ErrorCode(), e.ErrorMessage()) }

// ErrorMessage returns the service's message.
func (e *UnauthorizedException) ErrorMessage() string { return ptr.ToString(e.Message) }

// ErrorCode returns "UnauthorizedException" unless the response named another code.
func (e *UnauthorizedException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "UnauthorizedException")
}

// ErrorFault reports that the client is at fault.
func (e *UnauthorizedException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// ForbiddenException: the user has no access to the account or role. The
// service answers GetRoleCredentials with it (HTTP 403, "No access") for a
// role that is not assigned to the user; the model does not list it.
type ForbiddenException struct {
	// Message is the service's description of the error.
	Message *string
	// ErrorCodeOverride, when set, is the code ErrorCode returns.
	ErrorCodeOverride *string

	// AccountId is the account of the request, which the client sets: the
	// service does not say what it refused.
	AccountId *string
	// RoleName is the role of the request, set by the client for
	// GetRoleCredentials.
	RoleName *string
}

// Error formats the code and message, and names the account and role the
// user has no access to.
func (e *ForbiddenException) Error() string {
	s := format(e.ErrorCode(), e.ErrorMessage())
	switch {
	case e.AccountId != nil && e.RoleName != nil:
		s += ": the signed-in user has no access to role " + strconv.Quote(*e.RoleName) + " in account " + strconv.Quote(*e.AccountId) +
			" (ListAccountRoles lists the roles the user has)"
	case e.AccountId != nil:
		s += ": the signed-in user has no access to account " + strconv.Quote(*e.AccountId) + " (ListAccounts lists the accounts the user has)"
	}
	return s
}

// ErrorMessage returns the service's message.
func (e *ForbiddenException) ErrorMessage() string { return ptr.ToString(e.Message) }

// ErrorCode returns "ForbiddenException" unless the response named another code.
func (e *ForbiddenException) ErrorCode() string {
	return code(e.ErrorCodeOverride, "ForbiddenException")
}

// ErrorFault reports that the client is at fault.
func (e *ForbiddenException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func code(override *string, modeled string) string {
	if override != nil && *override != "" {
		return *override
	}
	return modeled
}

// format is an error's text, escaped for a terminal: the code and the
// message are the service's (the fields keep them as they came).
func format(code, msg string) string {
	if msg != "" {
		code += ": " + msg
	}
	return termsafe.Escape(code)
}
