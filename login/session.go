package login

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/auth/bearer"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// ErrLoginRequired is matched (errors.Is) by the error of Token when there
// is no valid token and none can be had without the user: no token cached,
// or it expired and cannot be refreshed. The error says why and wraps the
// cause. Call Session.Login, or run aws sso login.
var ErrLoginRequired = errors.New("login required")

// DefaultRefreshWindow is how long before its expiry a token is refreshed
// when Config.RefreshWindow is zero.
const DefaultRefreshWindow = 5 * time.Minute

// Config says which IAM Identity Center session to log in to, and how.
type Config struct {
	// SessionName is the sso-session name, as botocore reads it
	// ([sso-session "my sso"] is "my sso"); empty for a legacy profile,
	// whose cache key is then StartURL.
	SessionName string
	// StartURL is the AWS access portal URL (sso_start_url), exactly as
	// configured.
	StartURL string
	// Region is the Region of the IAM Identity Center instance
	// (sso_region). Every login call goes there.
	Region string
	// Scopes are the scopes to register the client with
	// (sso_registration_scopes). Without scopes the service issues no
	// refresh token.
	Scopes []string

	// Client makes the calls. Default: an ssooidc client for Region.
	Client ssooidc.API
	// CacheDir is the cache folder. Default ~/.aws/sso/cache.
	CacheDir string
	// RefreshWindow is how long before its expiry Token refreshes a token.
	// Default DefaultRefreshWindow.
	RefreshWindow time.Duration
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Logf, when set, receives what the session does that a caller does not
	// otherwise see, such as a failed refresh whose cached token was still
	// returned. It never receives a token, code or secret.
	Logf func(format string, args ...any)
}

// Session is one IAM Identity Center session: its cached token, its
// refresh and its login. It is safe for concurrent use.
type Session struct {
	cfg Config
}

var _ bearer.TokenProvider = (*Session)(nil)

// NewSession returns the session of a loaded configuration: cfg.SSO's
// sso-session or legacy settings, with calls sent to cfg.SSO.Region (not
// cfg.Region) through a client made from cfg. optFns change the Config
// before the session is made.
func NewSession(cfg ssooidc.Config, optFns ...func(*Config)) (*Session, error) {
	return nil, errors.New("login: not implemented yet")
}

// New returns the session c describes. StartURL and Region are required.
func New(c Config) (*Session, error) {
	return nil, errors.New("login: not implemented yet")
}

// Token is an access token and its expiry.
type Token struct {
	AccessToken string `sensitive:"true"`
	ExpiresAt   time.Time
}

// Format prints the token with AccessToken redacted, whatever the verb.
func (t Token) Format(f fmt.State, verb rune) { redact.Format(f, verb, t) }

// Token returns a valid access token: the one in memory while it is
// outside the refresh window, else the cached one, refreshed when inside
// the refresh window. When there is none and none can be had without the
// user, the error matches ErrLoginRequired.
func (s *Session) Token(ctx context.Context) (Token, error) {
	return Token{}, errors.New("login: not implemented yet")
}

// RetrieveBearerToken returns Token as a smithy-go bearer token: Session is
// an auth/bearer.TokenProvider.
func (s *Session) RetrieveBearerToken(ctx context.Context) (bearer.Token, error) {
	t, err := s.Token(ctx)
	if err != nil {
		return bearer.Token{}, err
	}
	return bearer.Token{Value: t.AccessToken, CanExpire: true, Expires: t.ExpiresAt}, nil
}

// Status is what the cache holds for a session.
type Status struct {
	// CacheFile is the token file and Key the name it is derived from (the
	// sso-session name or the legacy start URL).
	CacheFile string
	Key       string
	StartURL  string
	Region    string
	// ExpiresAt is the access token's expiry; zero when no token is cached.
	ExpiresAt time.Time
	// Refreshable says whether Token can refresh the token; Reason says
	// why not, or why a login is required.
	Refreshable bool
	Reason      string
	// RegistrationExpiresAt is the expiry of the client registration the
	// token was issued to; zero when unknown.
	RegistrationExpiresAt time.Time
	// LoginRequired is true when Token would return ErrLoginRequired.
	LoginRequired bool
}

// Status reports the session's cache file and key, its token and whether it
// can be refreshed. It reads the cache and calls nothing.
func (s *Session) Status(ctx context.Context) (Status, error) {
	return Status{}, errors.New("login: not implemented yet")
}

// Logout removes the session's token file, so that the next Token needs a
// login. The service has no operation to revoke a token of this flow: the
// access token stays valid until it expires, for whoever holds a copy.
// The client registration is kept for the next login.
func (s *Session) Logout(ctx context.Context) error {
	return errors.New("login: not implemented yet")
}

// Key is the cache key: the sso-session name, or the legacy start URL.
func (s *Session) Key() string { return s.cfg.SessionName }

// CacheFile is the path of the session's token file.
func (s *Session) CacheFile() string { return "" }

// StartURL is the session's start URL.
func (s *Session) StartURL() string { return s.cfg.StartURL }

// Region is the Region the session's calls go to.
func (s *Session) Region() string { return s.cfg.Region }

// SessionName is the sso-session name, empty for a legacy profile.
func (s *Session) SessionName() string { return s.cfg.SessionName }
