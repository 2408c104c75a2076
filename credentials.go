package ssooidc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// Credentials are AWS credentials. Only CreateTokenWithIAM uses them: it is
// the one operation of the service signed with SigV4.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string `sensitive:"true"`
	SessionToken    string `sensitive:"true"`

	// Source names the provider that produced the credentials.
	Source string

	// CanExpire says whether Expires is meaningful.
	CanExpire bool
	Expires   time.Time
}

// Expired reports whether the credentials have expired at now.
func (c Credentials) Expired(now time.Time) bool {
	return c.CanExpire && !now.Before(c.Expires)
}

// HasKeys reports whether both the access key ID and the secret are set.
func (c Credentials) HasKeys() bool {
	return c.AccessKeyID != "" && c.SecretAccessKey != ""
}

// Format prints the credentials with the secret key and session token
// redacted, whatever the verb, so that logging them never leaks a secret.
func (c Credentials) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, c)
}

// CredentialsProvider retrieves AWS credentials. Implementations must be safe
// for concurrent use.
type CredentialsProvider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// CredentialsProviderFunc adapts a function to a CredentialsProvider.
type CredentialsProviderFunc func(context.Context) (Credentials, error)

// Retrieve calls f.
func (f CredentialsProviderFunc) Retrieve(ctx context.Context) (Credentials, error) {
	return f(ctx)
}

// StaticCredentialsProvider returns the same credentials on every call.
type StaticCredentialsProvider struct {
	Value Credentials
}

// NewStaticCredentialsProvider returns a provider of fixed credentials.
// sessionToken may be empty for long-term keys.
func NewStaticCredentialsProvider(accessKeyID, secretAccessKey, sessionToken string) StaticCredentialsProvider {
	return StaticCredentialsProvider{Value: Credentials{
		AccessKeyID:     accessKeyID,
		SecretAccessKey: secretAccessKey,
		SessionToken:    sessionToken,
		Source:          "StaticCredentials",
	}}
}

// Retrieve returns the static credentials, or an error if either key is
// empty.
func (p StaticCredentialsProvider) Retrieve(context.Context) (Credentials, error) {
	if !p.Value.HasKeys() {
		return Credentials{}, errors.New("ssooidc: static credentials are empty: the access key ID and the secret access key are both required")
	}
	return p.Value, nil
}

// AnonymousCredentials is a CredentialsProvider for callers that never call
// CreateTokenWithIAM. The three unsigned operations work with it; a signed
// call fails with ErrAnonymousCredentials before anything is sent.
type AnonymousCredentials struct{}

// ErrAnonymousCredentials is returned by AnonymousCredentials.Retrieve.
var ErrAnonymousCredentials = errors.New("ssooidc: anonymous credentials cannot sign CreateTokenWithIAM; configure AWS credentials")

// Retrieve always fails with ErrAnonymousCredentials.
func (AnonymousCredentials) Retrieve(context.Context) (Credentials, error) {
	return Credentials{}, ErrAnonymousCredentials
}
