package transport

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/smithy-go/logging"
	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// LogMode selects what a client logs: the bits of ssooidc.ClientLogMode,
// which are these.
type LogMode uint32

// The log modes.
const (
	LogRequest LogMode = 1 << iota
	LogRequestWithBody
	LogResponse
	LogResponseWithBody
	LogRetries
	LogSigning
)

// sensitiveHeaders never appear in logs with their values.
var sensitiveHeaders = map[string]bool{
	"Authorization":        true,
	"X-Amz-Security-Token": true,
	bearerTokenHeader:      true,
	"Cookie":               true,
	"Set-Cookie":           true,
}

// logf logs when mode is enabled. Callers pass only values without
// secrets.
func (cfg *Config) logf(class logging.Classification, mode LogMode, format string, v ...any) {
	if cfg.LogMode&mode == 0 || cfg.Logger == nil {
		return
	}
	cfg.Logger.Logf(class, format, v...)
}

// logHTTP logs a request or a response: head, the headers in name order
// with the secret ones redacted, and, when withBody, the body with the
// service's secret members redacted.
func (cfg *Config) logHTTP(svc *Service, head string, h http.Header, body []byte, withBody bool) {
	if cfg.Logger == nil {
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
		b.WriteString("\n" + redact.JSON(body, svc.SensitiveMembers))
	}
	cfg.Logger.Logf(logging.Debug, "%s", b.String())
}

// logSigning logs the parts of the Authorization header that are not
// secret: the credential scope and the signed headers.
func (cfg *Config) logSigning(req *http.Request) {
	if cfg.LogMode&LogSigning != 0 && cfg.Logger != nil {
		auth, _, _ := strings.Cut(req.Header.Get("Authorization"), ", Signature=")
		cfg.Logger.Logf(logging.Debug, "Signed request with %s", auth)
	}
}
