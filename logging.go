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

func (o *Options) logRequest(req *http.Request, body []byte) {
	if o.Logger == nil {
		return
	}
	var b strings.Builder
	b.WriteString("Request\n")
	b.WriteString(req.Method + " " + req.URL.RequestURI() + " HTTP/1.1\nHost: " + req.Host + "\n")
	writeHeaders(&b, req.Header)
	if o.ClientLogMode&LogRequestWithBody != 0 {
		b.WriteString("\n" + redact.JSON(body, sensitiveMembers))
	}
	o.Logger.Logf(logging.Debug, "%s", b.String())
}

func (o *Options) logResponse(resp *http.Response, body []byte) {
	if o.Logger == nil {
		return
	}
	var b strings.Builder
	b.WriteString("Response\n" + resp.Status + "\n")
	writeHeaders(&b, resp.Header)
	if o.ClientLogMode&LogResponseWithBody != 0 {
		b.WriteString("\n" + redact.JSON(body, sensitiveMembers))
	}
	o.Logger.Logf(logging.Debug, "%s", b.String())
}

// logSigning logs the parts of the Authorization header that are not
// secret: the credential scope and the signed headers.
func (o *Options) logSigning(req *http.Request) {
	if o.ClientLogMode&LogSigning == 0 || o.Logger == nil {
		return
	}
	auth := req.Header.Get("Authorization")
	if i := strings.Index(auth, ", Signature="); i >= 0 {
		auth = auth[:i]
	}
	o.Logger.Logf(logging.Debug, "Signed request with %s", auth)
}

func writeHeaders(b *strings.Builder, h http.Header) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if sensitiveHeaders[http.CanonicalHeaderKey(k)] {
				v = redact.Marker
			}
			b.WriteString(k + ": " + v + "\n")
		}
	}
}
