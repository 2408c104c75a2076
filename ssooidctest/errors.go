package ssooidctest

import "net/http"

// apiError is an error response as the service sends it: the HTTP status
// of the shape's smithy.api#httpError trait, the bare shape name in
// x-amzn-errortype, and a JSON body.
type apiError struct {
	status int
	code   string // shape name, such as "InvalidClientException"

	// Modeled errors carry the OAuth error code the model documents
	// ("error") and a description ("error_description"). Errors from the
	// AWS front door (signature, throttling, routing) carry a "message".
	oauth       string
	description string
	message     string

	// InvalidRequestRegionException only.
	endpoint, region string
}

func (e *apiError) Error() string { return e.code + ": " + e.description + e.message }

// body is the JSON error body.
func (e *apiError) body() map[string]string {
	b := map[string]string{}
	if e.oauth != "" {
		b["error"] = e.oauth
		b["error_description"] = e.description
	}
	if e.message != "" {
		b["message"] = e.message
	}
	if e.endpoint != "" {
		b["endpoint"] = e.endpoint
	}
	if e.region != "" {
		b["region"] = e.region
	}
	return b
}

// modeled returns one of the model's errors. Every one of them is HTTP 400
// except InvalidClientException (401) and InternalServerException (500).
func modeled(code, oauth, description string) *apiError {
	status := http.StatusBadRequest
	switch code {
	case "InvalidClientException":
		status = http.StatusUnauthorized
	case "InternalServerException":
		status = http.StatusInternalServerError
	}
	return &apiError{status: status, code: code, oauth: oauth, description: description}
}

func errAccessDenied(d string) *apiError {
	return modeled("AccessDeniedException", "access_denied", d)
}

func errAuthorizationPending(d string) *apiError {
	return modeled("AuthorizationPendingException", "authorization_pending", d)
}

func errExpiredToken(d string) *apiError {
	return modeled("ExpiredTokenException", "expired_token", d)
}

func errInternal(d string) *apiError {
	return modeled("InternalServerException", "server_error", d)
}

func errInvalidClient(d string) *apiError {
	return modeled("InvalidClientException", "invalid_client", d)
}

func errInvalidClientMetadata(d string) *apiError {
	return modeled("InvalidClientMetadataException", "invalid_client_metadata", d)
}

func errInvalidGrant(d string) *apiError {
	return modeled("InvalidGrantException", "invalid_grant", d)
}

func errInvalidRedirectURI(d string) *apiError {
	return modeled("InvalidRedirectUriException", "invalid_redirect_uri", d)
}

func errInvalidRequest(d string) *apiError {
	return modeled("InvalidRequestException", "invalid_request", d)
}

func errInvalidScope(d string) *apiError {
	return modeled("InvalidScopeException", "invalid_scope", d)
}

func errSlowDown(d string) *apiError {
	return modeled("SlowDownException", "slow_down", d)
}

func errUnauthorizedClient(d string) *apiError {
	return modeled("UnauthorizedClientException", "unauthorized_client", d)
}

func errUnsupportedGrantType(d string) *apiError {
	return modeled("UnsupportedGrantTypeException", "unsupported_grant_type", d)
}

// frontDoor returns an error of the AWS request layer in front of every
// service, which the model does not list: it has a message, no OAuth code.
func frontDoor(status int, code, message string) *apiError {
	return &apiError{status: status, code: code, message: message}
}

// The SigV4 errors, with the status and wording AWS services use.
func errMissingAuthentication() *apiError {
	return frontDoor(http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")
}

func errIncompleteSignature(m string) *apiError {
	return frontDoor(http.StatusBadRequest, "IncompleteSignatureException", m)
}

func errUnrecognizedClient() *apiError {
	return frontDoor(http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid.")
}

func errInvalidSignature(m string) *apiError {
	return frontDoor(http.StatusForbidden, "InvalidSignatureException", m)
}

// The Portal API's errors, modeled or not, have the front door's form: a
// message and no OAuth members. Its modeled errors are InvalidRequestException
// (400), UnauthorizedException (401), ResourceNotFoundException (404) and
// TooManyRequestsException (429).
func errPortalRequest(m string) *apiError {
	return frontDoor(http.StatusBadRequest, "InvalidRequestException", m)
}

// errUnauthorized answers a bearer token that is unknown, expired, revoked
// or logged out, with the service's wording.
func errUnauthorized() *apiError {
	return frontDoor(http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid")
}

func errResourceNotFound(m string) *apiError {
	return frontDoor(http.StatusNotFound, "ResourceNotFoundException", m)
}

func errTooManyRequests() *apiError {
	return frontDoor(http.StatusTooManyRequests, "TooManyRequestsException", "Rate exceeded")
}

// errNoAccess is what the service answers for a role or account not
// assigned to the user, though the model lists no such error.
func errNoAccess() *apiError {
	return frontDoor(http.StatusForbidden, "ForbiddenException", "No access")
}
