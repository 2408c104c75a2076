package ssooidc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/container"
	"github.com/ssooidc-go/ssooidc/internal/credsource/imds"
	"github.com/ssooidc-go/ssooidc/internal/credsource/process"
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

// CredentialsCache wraps a provider of expiring credentials: it returns the
// cached credentials until they are about to expire, then refreshes them
// once, however many goroutines ask at the same time.
type CredentialsCache struct {
	provider CredentialsProvider
	// ExpiryWindow is how long before expiry the credentials are refreshed.
	expiryWindow time.Duration
	now          func() time.Time

	mu      sync.Mutex
	creds   Credentials
	ok      bool
	pending *refresh // the refresh in flight, if any
}

type refresh struct {
	done  chan struct{}
	creds Credentials
	err   error
}

// DefaultExpiryWindow is how long before expiry CredentialsCache refreshes.
const DefaultExpiryWindow = 5 * time.Minute

// NewCredentialsCache returns a cache of p's credentials. A window of 0
// selects DefaultExpiryWindow.
func NewCredentialsCache(p CredentialsProvider, expiryWindow time.Duration) *CredentialsCache {
	if expiryWindow <= 0 {
		expiryWindow = DefaultExpiryWindow
	}
	return &CredentialsCache{provider: p, expiryWindow: expiryWindow, now: time.Now}
}

// Retrieve returns cached credentials, or fresh ones when the cached ones
// expire within the window. A caller whose context ends while a refresh is
// in flight returns at once; the refresh goes on for the others.
func (c *CredentialsCache) Retrieve(ctx context.Context) (Credentials, error) {
	c.mu.Lock()
	if c.ok && !c.creds.Expired(c.now().Add(c.expiryWindow)) {
		creds := c.creds
		c.mu.Unlock()
		return creds, nil
	}
	r := c.pending
	if r == nil {
		r = &refresh{done: make(chan struct{})}
		c.pending = r
		// Detached from the first caller's cancellation: others wait on it.
		go c.refresh(context.WithoutCancel(ctx), r)
	}
	c.mu.Unlock()
	select {
	case <-r.done:
		return r.creds, r.err
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
}

func (c *CredentialsCache) refresh(ctx context.Context, r *refresh) {
	creds, err := c.provider.Retrieve(ctx)
	c.mu.Lock()
	if err == nil {
		c.creds, c.ok = creds, true
	}
	c.pending = nil
	c.mu.Unlock()
	r.creds, r.err = creds, err
	close(r.done)
}

// Invalidate drops the cached credentials, so the next call refreshes.
func (c *CredentialsCache) Invalidate() {
	c.mu.Lock()
	c.ok = false
	c.mu.Unlock()
}

// sourceProvider adapts an internal credential source to
// CredentialsProvider.
type sourceProvider struct {
	name     string
	retrieve func(context.Context) (credsource.Credentials, error)
}

func (p *sourceProvider) Retrieve(ctx context.Context) (Credentials, error) {
	c, err := p.retrieve(ctx)
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		SessionToken:    c.SessionToken,
		Source:          p.name,
		CanExpire:       c.CanExpire,
		Expires:         c.Expires,
	}, nil
}

// NewProcessCredentialsProvider runs commandLine, the credential_process of
// a profile, and reads the credentials it prints (JSON, Version 1). The
// result is cached until shortly before it expires.
func NewProcessCredentialsProvider(commandLine string) (*CredentialsCache, error) {
	p, err := process.New(commandLine)
	if err != nil {
		return nil, err
	}
	return NewCredentialsCache(&sourceProvider{name: "ProcessProvider", retrieve: p.Retrieve}, 0), nil
}

// NewContainerCredentialsProvider gets credentials from the ECS or EKS
// container endpoint named by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
// AWS_CONTAINER_CREDENTIALS_FULL_URI, cached until shortly before they
// expire.
func NewContainerCredentialsProvider() *CredentialsCache {
	p := container.New(container.Options{})
	return NewCredentialsCache(&sourceProvider{name: "ContainerProvider", retrieve: p.Retrieve}, 0)
}

// errorProvider fails every Retrieve with the same error: for a
// configuration that names a credential source this SDK cannot use, so the
// unsigned operations still work and a signed call says why it cannot.
type errorProvider struct{ err error }

func (p errorProvider) Retrieve(context.Context) (Credentials, error) { return Credentials{}, p.err }

// credentials resolves the default credential chain: option, environment,
// profile (static keys, credential_process), container endpoint, instance
// metadata. The source is chosen here, from configuration only; nothing is
// fetched until a signed call needs credentials, and an error here is
// returned by Retrieve, not by LoadConfig.
func (l *loader) credentials() (CredentialsProvider, error) {
	if l.opts.Credentials != nil {
		return l.opts.Credentials, nil
	}
	id, secret := l.getenv("AWS_ACCESS_KEY_ID"), l.getenv("AWS_SECRET_ACCESS_KEY")
	switch {
	case id != "" && secret != "":
		p := NewStaticCredentialsProvider(id, secret, l.getenv("AWS_SESSION_TOKEN"))
		p.Value.Source = "EnvConfigCredentials"
		return p, nil
	case id != "":
		return nil, errors.New("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
	case secret != "":
		return nil, errors.New("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
	}

	p := l.profile
	for _, key := range []string{"role_arn", "web_identity_token_file", "credential_source"} {
		if v, ok := p.String(key); ok && v != "" {
			return nil, fmt.Errorf("%s: profile %q gets credentials from AWS STS (%s), which this SDK does not call; give the profile aws_access_key_id and aws_secret_access_key, or a credential_process", l.where(key), p.Name, key)
		}
	}
	pid, hasID := p.String("aws_access_key_id")
	psecret, hasSecret := p.String("aws_secret_access_key")
	if hasID || hasSecret {
		if pid == "" || psecret == "" {
			key, other := "aws_access_key_id", "aws_secret_access_key"
			if pid != "" {
				key, other = other, key
			}
			at := key // where key is empty, or else where the other is set
			if _, ok := p.String(key); !ok {
				at = other
			}
			return nil, fmt.Errorf("%s: profile %q: %s is missing or empty; it needs both aws_access_key_id and aws_secret_access_key", l.where(at), p.Name, key)
		}
		token, _ := p.String("aws_session_token")
		file, _ := p.Source("aws_access_key_id")
		s := NewStaticCredentialsProvider(pid, psecret, token)
		s.Value.Source = "SharedConfigCredentials: " + file
		return s, nil
	}
	if cmd, ok := p.String("credential_process"); ok && cmd != "" {
		cp, err := NewProcessCredentialsProvider(cmd)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.where("credential_process"), err)
		}
		return cp, nil
	}
	if v, ok := p.String("sso_role_name"); ok && v != "" {
		return errorProvider{fmt.Errorf("%s: profile %q gets role credentials from the IAM Identity Center portal (GetRoleCredentials), which this SDK does not call; the login operations work without credentials", l.where("sso_role_name"), p.Name)}, nil
	}
	if l.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != "" || l.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" {
		return NewContainerCredentialsProvider(), nil
	}
	// The end of the chain, whose error says what else was looked at.
	ec2 := imds.New(imds.Options{})
	return NewCredentialsCache(&sourceProvider{name: "EC2RoleProvider", retrieve: func(ctx context.Context) (credsource.Credentials, error) {
		c, err := ec2.Retrieve(ctx)
		if err != nil {
			err = fmt.Errorf("no AWS credentials in options, environment or profile %q; EC2 instance metadata: %w", p.Name, err)
		}
		return c, err
	}}, 0), nil
}
