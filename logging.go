package ssooidc

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/smithy-go/logging"
	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// ClientLogMode selects what a client logs to Options.Logger. Combine the
// bits with |.
type ClientLogMode uint32

// The log modes.
const (
	// LogRequest logs each attempt's request line and headers.
	LogRequest ClientLogMode = 1 << iota
	// LogRequestWithBody also logs the request body.
	LogRequestWithBody
	// LogResponse logs each response's status and headers.
	LogResponse
	// LogResponseWithBody also logs the response body.
	LogResponseWithBody
	// LogRetries logs each retry, its reason and wait.
	LogRetries
	// LogSigning logs the credential scope and signed headers of each
	// signature.
	LogSigning
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

// sensitiveHeaders never appear in logs with their values.
var sensitiveHeaders = map[string]bool{
	"Authorization":        true,
	"X-Amz-Security-Token": true,
	"Cookie":               true,
	"Set-Cookie":           true,
}

// logf logs when mode is enabled. Callers pass only values without
// secrets.
func (o *Options) logf(class logging.Classification, mode ClientLogMode, format string, v ...any) {
	if o.ClientLogMode&mode == 0 || o.Logger == nil {
		return
	}
	o.Logger.Logf(class, format, v...)
}

// logHTTP logs a request or a response: head, the headers in name order
// with the secret ones redacted, and, when withBody, the body with its
// secret members redacted.
func (o *Options) logHTTP(head string, h http.Header, body []byte, withBody bool) {
	if o.Logger == nil {
		return
	}
	var b strings.Builder
	b.WriteString(head)
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if sensitiveHeaders[http.CanonicalHeaderKey(k)] {
				v = redact.Marker
			}
			b.WriteString(k + ": " + v + "\n")
		}
	}
	if withBody {
		b.WriteString("\n" + redact.JSON(body, sensitiveMembers))
	}
	o.Logger.Logf(logging.Debug, "%s", b.String())
}

// logSigning logs the parts of the Authorization header that are not
// secret: the credential scope and the signed headers.
func (o *Options) logSigning(req *http.Request) {
	if o.ClientLogMode&LogSigning != 0 && o.Logger != nil {
		auth, _, _ := strings.Cut(req.Header.Get("Authorization"), ", Signature=")
		o.Logger.Logf(logging.Debug, "Signed request with %s", auth)
	}
}
