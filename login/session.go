package login

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/auth/bearer"
	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
)

// ErrLoginRequired is matched (errors.Is) by the error of Token when there
// is no valid token and none can be had without the user: no token cached,
// or it expired and cannot be refreshed. The error says why and wraps the
// cause (ErrNoToken, ErrNoRefreshToken, ErrRegistrationExpired, or the
// service's answer to the refresh). Call Session.Login, or run aws sso
// login.
var ErrLoginRequired = errors.New("login required")

// Causes of ErrLoginRequired.
var (
	// ErrNoToken: the cache has no token file for the session (or one that
	// cannot be read as a token).
	ErrNoToken = errors.New("no token is cached")
	// ErrNoRefreshToken: the cached token has no refresh token, or no
	// client registration to refresh it with.
	ErrNoRefreshToken = errors.New("the cached token cannot be refreshed: it has no refresh token or client registration")
	// ErrRegistrationExpired: the client registration the token was issued
	// to has expired, and with it the refresh token.
	ErrRegistrationExpired = errors.New("the client registration of the cached token expired")
)

// errRecentRefresh: the refresh window is shorter than refreshInterval
// after a refresh (a token that lives less than the window).
var errRecentRefresh = errors.New("the token was refreshed less than 30 seconds ago")

// DefaultRefreshWindow is how long before its expiry a token is refreshed
// when Config.RefreshWindow is zero.
const DefaultRefreshWindow = 5 * time.Minute

// refreshInterval is the shortest time between two refresh attempts of a
// session.
const refreshInterval = 30 * time.Second

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

	// Client makes the calls. Default: an ssooidc client for Region. A
	// PKCE login sends the browser to the endpoint of a Client with an
	// Options method, as *ssooidc.Client has; otherwise to Region's.
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
	// LoginCommand is the command an ErrLoginRequired error tells the user
	// to run. Default: the AWS CLI's, aws sso login --sso-session NAME
	// (--profile for a legacy profile).
	LoginCommand string
}

// Session is one IAM Identity Center session: its cached token, its
// refresh and its login. It is safe for concurrent use.
type Session struct {
	cfg   Config
	key   string
	cache ssocache.Cache

	// cur is the token Token returns without a look at the file, until
	// cur.until.
	cur atomic.Pointer[current]

	// sem serialises refreshes and logins in this process (the file lock
	// does it between processes); it is a channel so that waiting for it
	// obeys the context.
	sem chan struct{}
	// Guarded by sem: the last refresh attempt and its error.
	lastAttempt time.Time
	lastErr     error

	// sleep waits between device code polls; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// current is a token and how long it may be returned from memory: until
// its refresh window starts, or after a failed refresh until the next
// attempt is due; never after it expires.
type current struct {
	tok   Token
	until time.Time
}

var _ bearer.TokenProvider = (*Session)(nil)

// NewSession returns the session of a loaded configuration: cfg.SSO's
// sso-session or legacy settings, with calls sent to cfg.SSO.Region (not
// cfg.Region) through a client made from cfg. optFns change the Config
// before the session is made.
func NewSession(cfg ssooidc.Config, optFns ...func(*Config)) (*Session, error) {
	if cfg.SSO.StartURL == "" || cfg.SSO.Region == "" {
		return nil, fmt.Errorf("login: profile %q has no IAM Identity Center settings (sso_session, or sso_start_url and sso_region): run aws configure sso", cmp.Or(cfg.Profile, "default"))
	}
	c := Config{
		SessionName: cfg.SSO.SessionName,
		StartURL:    cfg.SSO.StartURL,
		Region:      cfg.SSO.Region,
		Scopes:      cfg.SSO.RegistrationScopes,
	}
	for _, fn := range optFns {
		fn(&c)
	}
	if c.Client == nil {
		region := c.Region
		c.Client = ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.Region = region })
	}
	return New(c)
}

// New returns the session c describes. StartURL and Region are required.
func New(c Config) (*Session, error) {
	switch {
	case c.StartURL == "":
		return nil, errors.New("login: Config.StartURL (sso_start_url) is required")
	case c.Region == "":
		return nil, errors.New("login: Config.Region (sso_region) is required")
	case c.RefreshWindow < 0:
		return nil, errors.New("login: Config.RefreshWindow must not be negative")
	}
	c.Scopes = append([]string(nil), c.Scopes...)
	if c.Client == nil {
		c.Client = ssooidc.New(ssooidc.Options{Region: c.Region})
	}
	if c.CacheDir == "" {
		dir, err := ssocache.DefaultDir()
		if err != nil {
			return nil, fmt.Errorf("login: %w; set Config.CacheDir", err)
		}
		c.CacheDir = dir
	}
	if c.RefreshWindow == 0 {
		c.RefreshWindow = DefaultRefreshWindow
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Session{
		cfg:   c,
		key:   cmp.Or(c.SessionName, c.StartURL),
		cache: ssocache.Cache{Dir: c.CacheDir},
		sem:   make(chan struct{}, 1),
		sleep: retry.Sleep,
	}, nil
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
	if c := s.cur.Load(); c != nil && s.cfg.Now().Before(c.until) {
		return c.tok, nil
	}
	return s.slowToken(ctx)
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

func (s *Session) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Session) release() { <-s.sem }

// slowToken is Token when the token in memory is not fresh: read the file,
// and refresh when the token is inside its refresh window.
func (s *Session) slowToken(ctx context.Context) (Token, error) {
	if err := s.acquire(ctx); err != nil {
		return Token{}, err
	}
	defer s.release()
	now := s.cfg.Now()
	if c := s.cur.Load(); c != nil && now.Before(c.until) {
		return c.tok, nil // another goroutine refreshed while we waited
	}
	t, err := s.readToken(ctx)
	if err != nil {
		return Token{}, s.loginRequired(err)
	}
	if !s.inWindow(t, now) {
		return s.publish(t, time.Time{}), nil
	}
	if err := s.refreshable(t, now); err != nil {
		return s.fallback(t, now, err)
	}
	if now.Sub(s.lastAttempt) < refreshInterval {
		return s.fallback(t, now, s.lastErr)
	}
	return s.refresh(ctx, t, now)
}

// refresh refreshes t under the file lock, unless another process did it
// first. The caller holds s.sem.
func (s *Session) refresh(ctx context.Context, t *ssocache.Token, now time.Time) (Token, error) {
	unlock, err := s.cache.Lock(ctx, s.key)
	if err != nil {
		if ctx.Err() != nil {
			return Token{}, err
		}
		return s.fallback(t, now, fmt.Errorf("lock the token file: %w", err))
	}
	defer unlock()
	// Another process may have refreshed (or logged in, or rotated the
	// refresh token) since we read the file.
	switch latest, err := s.cache.ReadToken(s.key); {
	case err != nil:
		return Token{}, s.loginRequired(err)
	case !s.inWindow(latest, now):
		return s.publish(latest, time.Time{}), nil
	default:
		t = latest
	}
	if err := s.refreshable(t, now); err != nil {
		return s.fallback(t, now, err)
	}
	s.lastAttempt = now
	out, err := s.cfg.Client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     &t.ClientID,
		ClientSecret: &t.ClientSecret,
		GrantType:    ptr.String(ssooidc.GrantTypeRefreshToken),
		RefreshToken: &t.RefreshToken,
	})
	if err == nil {
		err = checkTokenOutput(out)
	}
	if err != nil {
		s.lastErr = fmt.Errorf("refresh the token: %w", err)
		if ctx.Err() != nil {
			return Token{}, err
		}
		return s.fallback(t, now, s.lastErr)
	}
	s.lastErr = nil
	nt := *t // keeps the members other tools wrote
	nt.AccessToken = *out.AccessToken
	nt.ExpiresAt = expiresAt(now, out.ExpiresIn)
	if rt := ptr.ToString(out.RefreshToken); rt != "" {
		nt.RefreshToken = rt
	}
	if err := s.cache.WriteToken(s.key, &nt); err != nil {
		// The new token is good; only other processes miss it.
		s.logf("login: refreshed the token of %s but could not cache it: %v", s.key, err)
	}
	s.logf("login: refreshed the token of %s; it expires at %s", s.key, nt.ExpiresAt.Format(time.RFC3339))
	return s.publish(&nt, time.Time{}), nil
}

// fallback is the answer when t needs a refresh that cannot be had now:
// t while it is valid, else ErrLoginRequired wrapping cause.
func (s *Session) fallback(t *ssocache.Token, now time.Time, cause error) (Token, error) {
	if cause == nil {
		cause = errRecentRefresh
	}
	if now.Before(t.ExpiresAt) {
		s.logf("login: the token of %s is valid until %s but was not refreshed: %v", s.key, t.ExpiresAt.Format(time.RFC3339), cause)
		next := s.lastAttempt.Add(refreshInterval)
		if next.Before(now) {
			next = now.Add(refreshInterval)
		}
		return s.publish(t, next), nil
	}
	s.cur.Store(nil)
	return Token{}, s.loginRequired(cause)
}

// publish makes t the token in memory, until its refresh window or until
// (when set and earlier), and never after it expires.
func (s *Session) publish(t *ssocache.Token, until time.Time) Token {
	tok := Token{AccessToken: t.AccessToken, ExpiresAt: t.ExpiresAt}
	u := t.ExpiresAt.Add(-s.cfg.RefreshWindow)
	if !until.IsZero() {
		u = until
		if t.ExpiresAt.Before(u) {
			u = t.ExpiresAt
		}
	}
	s.cur.Store(&current{tok: tok, until: u})
	return tok
}

func (s *Session) inWindow(t *ssocache.Token, now time.Time) bool {
	return !now.Before(t.ExpiresAt.Add(-s.cfg.RefreshWindow))
}

// refreshable says why t cannot be refreshed, or nil. Without scopes it
// says so: another login would not get a refresh token either.
func (s *Session) refreshable(t *ssocache.Token, now time.Time) error {
	switch {
	case t.RefreshToken == "" || t.ClientID == "" || t.ClientSecret == "":
		if len(s.cfg.Scopes) == 0 {
			return fmt.Errorf("%w (the session has no sso_registration_scopes, and the service issues refresh tokens only to clients registered with scopes)", ErrNoRefreshToken)
		}
		return ErrNoRefreshToken
	case !t.RegistrationExpiresAt.IsZero() && !now.Before(t.RegistrationExpiresAt):
		return ErrRegistrationExpired
	}
	return nil
}

// readToken reads the token file. A file found empty or cut short (an
// older AWS CLI writes in place) is read again once under the lock.
func (s *Session) readToken(ctx context.Context) (*ssocache.Token, error) {
	t, err := s.cache.ReadToken(s.key)
	if !errors.Is(err, ssocache.ErrCorrupt) {
		return t, err
	}
	unlock, lerr := s.cache.Lock(ctx, s.key)
	if lerr != nil {
		return nil, lerr
	}
	defer unlock()
	return s.cache.ReadToken(s.key)
}

// loginRequired wraps cause in an ErrLoginRequired that tells the user
// what to do.
func (s *Session) loginRequired(cause error) error {
	if errors.Is(cause, fs.ErrNotExist) {
		cause = fmt.Errorf("%w in %s", ErrNoToken, s.cache.TokenPath(s.key))
	} else if errors.Is(cause, ssocache.ErrCorrupt) {
		cause = fmt.Errorf("%w: %w", ErrNoToken, cause)
	}
	if errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded) {
		return cause
	}
	return fmt.Errorf("%w for %s: %w; log in again (%s)", ErrLoginRequired, s.what(), cause, s.command())
}

// what names the session for messages.
func (s *Session) what() string {
	if s.cfg.SessionName != "" {
		return fmt.Sprintf("sso-session %q", s.cfg.SessionName)
	}
	return fmt.Sprintf("start URL %q", s.cfg.StartURL)
}

// command is the command that logs the session in.
func (s *Session) command() string {
	if s.cfg.LoginCommand != "" {
		return s.cfg.LoginCommand
	}
	if s.cfg.SessionName != "" {
		return fmt.Sprintf("aws sso login --sso-session %q", s.cfg.SessionName)
	}
	return "aws sso login --profile <profile>"
}

func (s *Session) logf(format string, args ...any) {
	if s.cfg.Logf != nil {
		s.cfg.Logf(format, args...)
	}
}

// checkTokenOutput rejects a CreateToken answer without an access token
// (an empty 2xx body decodes to an empty output).
func checkTokenOutput(out *ssooidc.CreateTokenOutput) error {
	switch {
	case out == nil || ptr.ToString(out.AccessToken) == "":
		return errors.New("the service answered CreateToken without an accessToken")
	case out.ExpiresIn <= 0:
		return errors.New("the service answered CreateToken without expiresIn")
	}
	return nil
}

// expiresAt is now plus a lifetime in seconds, in whole seconds as the
// cache file stores it.
func expiresAt(now time.Time, seconds int32) time.Time {
	return now.Add(time.Duration(seconds) * time.Second).UTC().Truncate(time.Second)
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
	st := Status{CacheFile: s.CacheFile(), Key: s.key, StartURL: s.cfg.StartURL, Region: s.cfg.Region}
	t, err := s.readToken(ctx)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, ssocache.ErrCorrupt):
		st.LoginRequired = true
		st.Reason = s.loginRequired(err).Error()
		return st, nil
	case err != nil:
		return st, fmt.Errorf("login: %w", err)
	}
	now := s.cfg.Now()
	st.ExpiresAt, st.RegistrationExpiresAt = t.ExpiresAt, t.RegistrationExpiresAt
	why := s.refreshable(t, now)
	st.Refreshable = why == nil
	if why != nil {
		st.Reason = why.Error()
	}
	if !now.Before(t.ExpiresAt) && !st.Refreshable {
		st.LoginRequired = true
		st.Reason = s.loginRequired(why).Error()
	}
	return st, nil
}

// Logout removes the session's token file, so that the next Token needs a
// login. The service has no operation to revoke a token of this flow: the
// access token stays valid until it expires, for whoever holds a copy.
// The client registration is kept for the next login.
func (s *Session) Logout(ctx context.Context) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	unlock, err := s.cache.Lock(ctx, s.key)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	defer unlock()
	s.cur.Store(nil)
	if err := s.cache.RemoveToken(s.key); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	return nil
}

// Key is the cache key: the sso-session name, or the legacy start URL.
func (s *Session) Key() string { return s.key }

// CacheFile is the path of the session's token file.
func (s *Session) CacheFile() string { return s.cache.TokenPath(s.key) }

// StartURL is the session's start URL.
func (s *Session) StartURL() string { return s.cfg.StartURL }

// Region is the Region the session's calls go to.
func (s *Session) Region() string { return s.cfg.Region }

// SessionName is the sso-session name, empty for a legacy profile.
func (s *Session) SessionName() string { return s.cfg.SessionName }
