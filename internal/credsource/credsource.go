// Package credsource holds what the external credential sources of the
// default chain share: the plain Credentials they return and HTTPError. The
// sources live in the sub-packages process (credential_process), container
// (ECS/EKS container endpoint) and imds (EC2 instance metadata). They return
// this Credentials type rather than the root package's so that they do not
// import the root package (which wraps them as CredentialsProviders).
//
// Every error of these packages names its source and the variable, file or
// endpoint at fault, and never holds a secret: not the secret access key, not
// the session token, not the container authorization token. Output of a
// credential process and bodies of HTTP responses are never echoed into an
// error, because they may hold exactly those secrets.
package credsource

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// Credentials are AWS credentials fetched from an external source.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string `sensitive:"true"`
	SessionToken    string `sensitive:"true"`

	// Expires is when the credentials stop working; meaningful only when
	// CanExpire is set.
	Expires   time.Time
	CanExpire bool
}

// Format prints the credentials with the secret access key and the session
// token replaced by [REDACTED], whatever the verb, so that logging a value
// (even with %#v) never leaks a secret.
func (c Credentials) Format(f fmt.State, verb rune) { redact.Format(f, verb, c) }

// HTTPError is an HTTP response other than 200 from a credential endpoint.
// Code and Message come from the JSON error body when there is one (bounded
// in length, stripped of control characters and scrubbed of any secret the
// request carried); Message may instead be the source's own explanation of
// the status. The body itself is never kept.
type HTTPError struct {
	// Source names the credential source, e.g. "container credentials".
	Source string
	// Op says what was requested, e.g. "GET http://127.0.0.1:80/creds".
	Op         string
	StatusCode int
	Code       string
	Message    string
}

// Error describes the response without its body.
func (e *HTTPError) Error() string {
	s := e.Source + ": " + e.Op + ": HTTP " + strconv.Itoa(e.StatusCode)
	switch {
	case e.Code != "" && e.Message != "":
		s += " (" + e.Code + ": " + e.Message + ")"
	case e.Code != "":
		s += " (" + e.Code + ")"
	case e.Message != "":
		s += " (" + e.Message + ")"
	}
	return s
}
