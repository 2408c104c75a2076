package ssooidc

import "github.com/ssooidc-go/ssooidc/internal/transport"

// ClientLogMode selects what a client logs to Options.Logger. Combine the
// bits with |.
type ClientLogMode uint32

// The log modes.
const (
	// LogRequest logs each attempt's request line and headers.
	LogRequest = ClientLogMode(transport.LogRequest)
	// LogRequestWithBody also logs the request body.
	LogRequestWithBody = ClientLogMode(transport.LogRequestWithBody)
	// LogResponse logs each response's status and headers.
	LogResponse = ClientLogMode(transport.LogResponse)
	// LogResponseWithBody also logs the response body.
	LogResponseWithBody = ClientLogMode(transport.LogResponseWithBody)
	// LogRetries logs each retry, its reason and wait.
	LogRetries = ClientLogMode(transport.LogRetries)
	// LogSigning logs the credential scope and signed headers of each
	// signature.
	LogSigning = ClientLogMode(transport.LogSigning)
)

// sensitiveMembers are the JSON member names, in requests and responses,
// whose values are secrets. A test holds this set to the `sensitive`
// fields of the operation shapes.
var sensitiveMembers = map[string]bool{
	"clientSecret": true,
	"accessToken":  true,
	"refreshToken": true,
	"idToken":      true,
	"code":         true,
	"deviceCode":   true,
	"codeVerifier": true,
	"assertion":    true,
	"subjectToken": true,
}
