package login

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/auth/bearer"
	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/internal/starturl"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/types"
)

// ErrLoginRequired is matched (errors.Is) by the error of Token when there
// is no valid token and only a login can give one: no token cached, or it
// expired and cannot be refreshed. The error says why and wraps the cause
// (ErrNoToken, ErrNoRefreshToken, ErrRegistrationExpired,
// ErrLoginInProgress, or the service's rejection of the refresh). Call
// Session.Login, or run the command the error names.
var ErrLoginRequired = errors.New("login required")

// ErrUnavailable is matched by the error of Token when there is no valid
// token now but a login would not help: the service could not be reached
// or failed (a 5xx, throttling, no answer within Config.RefreshTimeout),
// or the cache file could not be read or locked. The error says what
// failed: try again later, or fix what it names.
var ErrUnavailable = errors.New("no valid token is available")

// Causes of ErrLoginRequired.
var (
	// ErrNoToken: the cache has no token file for the session, or one that
	// holds no access token.
	ErrNoToken = errors.New("no token is cached")
	// ErrNoRefreshToken: the cached token has no refresh token, no client
	// registration to refresh it with, or no Region to refresh it in (its
	// file names none, and the session has no sso_region).
	ErrNoRefreshToken = errors.New("the cached token cannot be refreshed: it has no refresh token, client registration or region")
	// ErrRegistrationExpired: the client registration the token was issued
	// to has expired, and with it the refresh token.
	ErrRegistrationExpired = errors.New("the client registration of the cached token expired")
	// ErrLoginInProgress: the token expired while another process (or
	// another goroutine) is logging the session in. Session.Login waits
	// for that login and uses its token.
	ErrLoginInProgress = errors.New("another login of the session is in progress")
)

// errRecentRefresh: the refresh window is shorter than refreshInterval
// after a refresh (a token that lives less than the window).
var errRecentRefresh = errors.New("the token was refreshed less than 30 seconds ago")

// Defaults of Config.
const (
	// DefaultRefreshWindow is how long before its expiry a token is
	// refreshed.
	DefaultRefreshWindow = 5 * time.Minute
	// DefaultRefreshWait is how long Token waits for a refresh while the
	// cached token is still valid.
	DefaultRefreshWait = 3 * time.Second
	// DefaultRefreshTimeout is the deadline of one refresh, as in
	// aws-sdk-go-v2.
	DefaultRefreshTimeout = 30 * time.Second
)

// refreshInterval is the shortest time between two refresh calls of a
// session after a failed one.
const refreshInterval = 30 * time.Second

// Lock intents: what a holder of the token file's lock is doing.
const (
	intentLogin   = "login"
	intentRefresh = "refresh"
	intentRead    = "read"
	intentLogout  = "logout"
)

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
	// (sso_region). It may be empty for a StartURL on the customer's own
	// domain (a vanity URL): a login finds the Region where StartURL
	// redirects, as the AWS CLI does, and the token file keeps it. Calls
	// for a cached token go to its file's Region, else to Region.
	Region string
	// Scopes are the scopes to register the client with
	// (sso_registration_scopes). Without scopes the service issues no
	// refresh token.
	Scopes []string

	// Client makes the calls, each with its Region set (see Region).
	// Default: an ssooidc client with HTTPClient. A PKCE login sends the
	// browser to the endpoint of a Client with an Options method, as
	// *ssooidc.Client has; otherwise to the Region's.
	Client ssooidc.API
	// Portal makes the IAM Identity Center portal's calls (role
	// credentials, logout), each with its Region set. Default: a portal
	// client with HTTPClient.
	Portal portal.API
	// HTTPClient sends the default Client's and Portal's calls, and the
	// request of a login that reads where a vanity StartURL redirects (a
	// *http.Client does not follow the redirect). Default: Go's.
	HTTPClient ssooidc.HTTPClient
	// CacheDir is the cache folder. Default ~/.aws/sso/cache.
	CacheDir string
	// CLICacheDir is the AWS CLI's credentials cache folder, where role
	// credentials are cached. Default ~/.aws/cli/cache.
	CLICacheDir string
	// RefreshWindow is how long before its expiry Token refreshes a token.
	// Default DefaultRefreshWindow.
	RefreshWindow time.Duration
	// RefreshWait is how long Token waits for a refresh (its own, or one
	// another goroutine or process is making) while the cached token is
	// still valid; then it returns the cached token, says why through
	// Logf, and the refresh goes on in the background. Default
	// DefaultRefreshWait.
	RefreshWait time.Duration
	// RefreshTimeout is the deadline of one refresh: the wait for the
	// token file's lock and the CreateToken call. Default
	// DefaultRefreshTimeout.
	RefreshTimeout time.Duration
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Logf, when set, receives what went wrong that a caller does not
	// otherwise see, such as a failed refresh whose cached token was still
	// returned, or a refreshed token that could not be written to the
	// cache. It never receives a token, code or secret.
	Logf func(format string, args ...any)
	// LoginCommand is the command an ErrLoginRequired error tells the user
	// to run. Default: the AWS CLI's, aws sso login --sso-session NAME
	// (--profile for a legacy profile).
	LoginCommand string
}

// cacheFiles are the cache files a session uses: an ssocache.Cache, which
// tests wrap to make writes fail.
type cacheFiles interface {
	TokenPath(key string) string
	ReadToken(key string) (*ssocache.Token, error)
	WriteToken(key string, t *ssocache.Token) error
	RemoveToken(key string) error
	ReadRegistration(k ssocache.RegistrationKey) (*ssocache.Registration, error)
	WriteRegistration(k ssocache.RegistrationKey, r *ssocache.Registration) error
	Lock(ctx context.Context, key, intent string, busy func(holder string) error) (func(), error)
}

// Session is one IAM Identity Center session: its cached token, its
// refresh and its login. It is safe for concurrent use.
type Session struct {
	cfg   Config
	key   string
	cache cacheFiles
	cli   ssocache.Cache // the AWS CLI's credentials cache
	// startURLSource is where the start URL is set, for errors.
	startURLSource string

	// cur is the token Token returns without a look at the file, until
	// cur.until.
	cur atomic.Pointer[current]

	mu sync.Mutex // guards the fields below
	// rec is the newest token record this process read or wrote. It
	// outlives a failed write of a refreshed token (a full disk, a
	// read-only folder), so that the rotated refresh token is not lost.
	rec *ssocache.Token
	// refreshing is the refresh in progress, which callers join.
	refreshing *refreshCall
	// The last refresh call and its error.
	lastAttempt time.Time
	lastErr     error
	// roles are the roles whose credentials this Session cached, for
	// Logout.
	roles []Role

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

// refreshCall is a refresh running in the background: callers wait for
// done, then read tok and err.
type refreshCall struct {
	done chan struct{}
	tok  Token
	err  error
}

var _ bearer.TokenProvider = (*Session)(nil)

// NewSession returns the session of a loaded configuration: cfg.SSO's
// sso-session or legacy settings, with calls sent to cfg.SSO.Region (not
// cfg.Region) through a client made from cfg. optFns change the Config
// before the session is made.
func NewSession(cfg ssooidc.Config, optFns ...func(*Config)) (*Session, error) {
	if cfg.SSO.StartURL == "" || cfg.SSO.Region == "" && !starturl.Vanity(cfg.SSO.StartURL) {
		if cfg.SSOProfile != "" {
			return nil, fmt.Errorf("login: profile %q has no IAM Identity Center settings, but its source_profile chain leads to profile %q, which has: use that profile", cmp.Or(cfg.Profile, "default"), cfg.SSOProfile)
		}
		return nil, fmt.Errorf("login: profile %q has no IAM Identity Center settings (sso_session, or sso_start_url and sso_region): run aws configure sso", cmp.Or(cfg.Profile, "default"))
	}
	c := Config{
		SessionName: cfg.SSO.SessionName,
		StartURL:    cfg.SSO.StartURL,
		Region:      cfg.SSO.Region,
		Scopes:      cfg.SSO.RegistrationScopes,
		HTTPClient:  cfg.HTTPClient,
	}
	for _, fn := range optFns {
		fn(&c)
	}
	region, hc := c.Region, c.HTTPClient
	if c.Client == nil {
		c.Client = ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.Region, o.HTTPClient = region, hc })
	}
	if c.Portal == nil {
		c.Portal = portal.NewFromConfig(cfg, func(o *portal.Options) { o.Region, o.HTTPClient = region, hc })
	}
	s, err := New(c)
	if err != nil {
		return nil, err
	}
	s.startURLSource = cfg.SSO.StartURLSource
	return s, nil
}

// New returns the session c describes. StartURL is required, and Region
// unless StartURL is a vanity URL.
func New(c Config) (*Session, error) {
	switch {
	case c.StartURL == "":
		return nil, errors.New("login: Config.StartURL (sso_start_url) is required")
	case c.Region == "" && !starturl.Vanity(c.StartURL):
		return nil, errors.New("login: Config.Region (sso_region) is required")
	case c.RefreshWindow < 0 || c.RefreshWait < 0 || c.RefreshTimeout < 0:
		return nil, errors.New("login: Config.RefreshWindow, RefreshWait and RefreshTimeout must not be negative")
	}
	c.Scopes = append([]string(nil), c.Scopes...)
	if c.Client == nil {
		c.Client = ssooidc.New(ssooidc.Options{Region: c.Region, HTTPClient: c.HTTPClient})
	}
	if c.Portal == nil {
		c.Portal = portal.New(portal.Options{Region: c.Region, HTTPClient: c.HTTPClient})
	}
	if c.CacheDir == "" {
		dir, err := ssocache.DefaultDir()
		if err != nil {
			return nil, fmt.Errorf("login: %w; set Config.CacheDir", err)
		}
		c.CacheDir = dir
	}
	if c.CLICacheDir == "" {
		dir, err := ssocache.DefaultCLIDir()
		if err != nil {
			return nil, fmt.Errorf("login: %w; set Config.CLICacheDir", err)
		}
		c.CLICacheDir = dir
	}
	c.RefreshWindow = cmp.Or(c.RefreshWindow, DefaultRefreshWindow)
	c.RefreshWait = cmp.Or(c.RefreshWait, DefaultRefreshWait)
	c.RefreshTimeout = cmp.Or(c.RefreshTimeout, DefaultRefreshTimeout)
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Session{
		cfg:   c,
		key:   cmp.Or(c.SessionName, c.StartURL),
		cache: ssocache.Cache{Dir: c.CacheDir},
		cli:   ssocache.Cache{Dir: c.CLICacheDir},
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

// slowToken is Token when the token in memory is not fresh: read the
// file, and refresh when the token is inside its refresh window.
func (s *Session) slowToken(ctx context.Context) (Token, error) {
	before := s.cur.Load()
	now := s.cfg.Now()
	t, err := s.readToken(ctx)
	if err != nil {
		return Token{}, err
	}
	if !s.inWindow(t, now) {
		return s.publish(t, time.Time{}), nil
	}
	if err := s.refreshable(t, now); err != nil {
		return s.fallback(t, now, err)
	}
	call, err := s.startRefresh(t, now)
	if err != nil {
		return s.fallback(t, now, err)
	}
	var bound <-chan time.Time
	if now.Before(t.ExpiresAt) {
		timer := time.NewTimer(s.cfg.RefreshWait)
		defer timer.Stop()
		bound = timer.C
	}
	select {
	case <-call.done:
		return call.tok, call.err
	case <-ctx.Done():
		return Token{}, ctx.Err()
	case <-bound:
	}
	s.logf("the token of %s was not refreshed within %s; using the cached token, valid until %s",
		s.what(), s.cfg.RefreshWait, t.ExpiresAt.Format(time.RFC3339))
	tok := Token{AccessToken: t.AccessToken, ExpiresAt: t.ExpiresAt}
	// Until the refresh ends, which publishes its own answer.
	s.cur.CompareAndSwap(before, &current{tok: tok, until: t.ExpiresAt})
	return tok, nil
}

// startRefresh starts a refresh of t in the background, or joins the one
// in progress. Within refreshInterval of a failed refresh call it returns
// that call's error instead.
func (s *Session) startRefresh(t *ssocache.Token, now time.Time) (*refreshCall, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refreshing != nil {
		return s.refreshing, nil
	}
	if now.Sub(s.lastAttempt) < refreshInterval {
		return nil, cmp.Or(s.lastErr, errRecentRefresh)
	}
	c := &refreshCall{done: make(chan struct{})}
	s.refreshing = c
	go func() {
		// Its own deadline, not a caller's: a caller that gives up
		// neither stops a refresh whose answer may rotate the refresh
		// token nor counts as a failed refresh.
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.RefreshTimeout)
		defer cancel()
		c.tok, c.err = s.refresh(ctx, t)
		s.mu.Lock()
		s.refreshing = nil
		s.mu.Unlock()
		close(c.done)
	}()
	return c, nil
}

// refresh refreshes t under the file lock, unless another process did it
// first. It never waits for a login: with the lock held by one, it ends at
// once (ErrLoginInProgress).
func (s *Session) refresh(ctx context.Context, t *ssocache.Token) (Token, error) {
	now := s.cfg.Now()
	unlock, err := s.cache.Lock(ctx, s.key, intentRefresh, refuseLogin)
	if err != nil {
		return s.fallback(t, now, s.timedOut(ctx, err))
	}
	defer unlock()
	// Another process may have refreshed (or logged in, or rotated the
	// refresh token) since we read the file.
	latest, err := s.readLocked()
	switch {
	case err != nil:
		return s.fallback(t, now, err)
	case !s.inWindow(latest, now):
		return s.publish(latest, time.Time{}), nil
	}
	t = latest
	if err := s.refreshable(t, now); err != nil {
		return s.fallback(t, now, err)
	}
	out, err := s.cfg.Client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     &t.ClientID,
		ClientSecret: &t.ClientSecret,
		GrantType:    ptr.String(ssooidc.GrantTypeRefreshToken),
		RefreshToken: &t.RefreshToken,
	}, inRegion(s.regionOf(t)))
	if err == nil {
		err = checkTokenOutput(out)
	}
	if err != nil {
		err = fmt.Errorf("refresh the token: %w", s.timedOut(ctx, err))
	}
	s.mu.Lock()
	s.lastAttempt, s.lastErr = now, err
	s.mu.Unlock()
	if err != nil {
		return s.fallback(t, now, err)
	}
	nt := *t // keeps the members other tools wrote
	nt.AccessToken = *out.AccessToken
	nt.ExpiresAt = expiresAt(now, out.ExpiresIn)
	if rt := ptr.ToString(out.RefreshToken); rt != "" {
		nt.RefreshToken = rt
	}
	s.remember(&nt)
	if err := s.cache.WriteToken(s.key, &nt); err != nil {
		// The new token is good, and this session keeps it (s.rec); only
		// other processes miss it, and the refresh token they read may no
		// longer work.
		s.logf("refreshed the token of %s, but could not write it to the cache (%v); this program keeps using it, other programs may need a new login", s.what(), err)
	}
	return s.publish(&nt, time.Time{}), nil
}

// timedOut says so when err ended a refresh because its deadline passed.
func (s *Session) timedOut(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("no answer within %s: %w", s.cfg.RefreshTimeout, err)
	}
	return err
}

// refuseLogin ends a wait for the lock held by a login.
func refuseLogin(holder string) error {
	if strings.HasPrefix(holder, intentLogin+" ") {
		return fmt.Errorf("%w (process %s)", ErrLoginInProgress, strings.TrimPrefix(holder, intentLogin+" "))
	}
	return nil
}

// fallback is the answer when t needs a refresh that cannot be had now:
// t while it is valid, else an error wrapping cause: ErrLoginRequired
// when a login is the remedy, else ErrUnavailable.
func (s *Session) fallback(t *ssocache.Token, now time.Time, cause error) (Token, error) {
	if now.Before(t.ExpiresAt) {
		s.logf("the token of %s is valid until %s but was not refreshed: %v", s.what(), t.ExpiresAt.Format(time.RFC3339), cause)
		s.mu.Lock()
		next := s.lastAttempt.Add(refreshInterval)
		s.mu.Unlock()
		if next.Before(now) {
			next = now.Add(refreshInterval)
		}
		return s.publish(t, next), nil
	}
	s.cur.Store(nil)
	return Token{}, s.classify(cause)
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
	case s.regionOf(t) == "":
		return ErrNoRefreshToken
	}
	return nil
}

// readToken is the session's token record, or the error Token returns
// without one. A file found empty or cut short (an older AWS CLI writes in
// place) is read again under the lock, waited for at most RefreshWait.
func (s *Session) readToken(ctx context.Context) (*ssocache.Token, error) {
	t, err := s.cache.ReadToken(s.key)
	if errors.Is(err, ssocache.ErrCorrupt) {
		lctx, cancel := context.WithTimeout(ctx, s.cfg.RefreshWait)
		unlock, lerr := s.cache.Lock(lctx, s.key, intentRead, nil)
		cancel()
		if lerr == nil {
			t, err = s.cache.ReadToken(s.key)
			unlock()
		}
	}
	t, err = s.newest(t, err)
	switch {
	case err == nil:
		return t, nil
	case loginRemedies(err):
		return nil, s.loginRequired(err)
	}
	// The cache's errors name their fix.
	return nil, fmt.Errorf("%w for %s: %w", ErrUnavailable, s.what(), err)
}

// readLocked is readToken for a caller holding the lock.
func (s *Session) readLocked() (*ssocache.Token, error) {
	return s.newest(s.cache.ReadToken(s.key))
}

// newest is the token record to use: the file's (f, err), or the one in
// memory when it is newer (a refresh that could not be written) or the
// file cannot be read. A removed file (a logout) forgets the record.
func (s *Session) newest(f *ssocache.Token, err error) (*ssocache.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.rec = nil
		return nil, err
	case err == nil && f.AccessToken == "":
		return nil, fmt.Errorf("%w: %s has no accessToken", ErrNoToken, s.cache.TokenPath(s.key))
	case err != nil && s.rec != nil:
		s.logf("using the token of %s this program holds: %v", s.what(), err)
		return s.rec, nil
	case err != nil:
		return nil, err
	case s.rec != nil && s.rec.ExpiresAt.After(f.ExpiresAt):
		return s.rec, nil
	}
	s.rec = f
	return f, nil
}

// remember makes t the session's newest token record.
func (s *Session) remember(t *ssocache.Token) {
	s.mu.Lock()
	s.rec = t
	s.mu.Unlock()
}

// classify wraps cause, the reason there is no valid token, in
// ErrLoginRequired when a login is the remedy, else in ErrUnavailable.
func (s *Session) classify(cause error) error {
	if loginRemedies(cause) {
		return s.loginRequired(cause)
	}
	if errors.Is(cause, ErrUnavailable) {
		return cause
	}
	// A file error (the lock's) names its fix; anything else may pass.
	hint := "; try again later (a login would not help)"
	if errors.Is(cause, ssocache.ErrUntrusted) || errors.As(cause, new(*fs.PathError)) {
		hint = ""
	}
	return fmt.Errorf("%w for %s: %w%s", ErrUnavailable, s.what(), cause, hint)
}

// loginRemedies says whether a login is the remedy for cause: no usable
// token, or the service rejected the refresh token or client.
func loginRemedies(cause error) bool {
	var (
		grant   *types.InvalidGrantException
		client  *types.InvalidClientException
		expired *types.ExpiredTokenException
		unauth  *types.UnauthorizedClientException
		denied  *types.AccessDeniedException
	)
	return errors.Is(cause, fs.ErrNotExist) || errors.Is(cause, ssocache.ErrCorrupt) ||
		errors.Is(cause, ErrNoToken) || errors.Is(cause, ErrNoRefreshToken) ||
		errors.Is(cause, ErrRegistrationExpired) || errors.Is(cause, ErrLoginInProgress) ||
		errors.As(cause, &grant) || errors.As(cause, &client) || errors.As(cause, &expired) ||
		errors.As(cause, &unauth) || errors.As(cause, &denied)
}

// loginRequired wraps cause in an ErrLoginRequired that tells the user
// what to do.
func (s *Session) loginRequired(cause error) error {
	if errors.Is(cause, ErrLoginRequired) {
		return cause
	}
	if errors.Is(cause, fs.ErrNotExist) {
		cause = fmt.Errorf("%w in %s", ErrNoToken, s.cache.TokenPath(s.key))
	} else if errors.Is(cause, ssocache.ErrCorrupt) {
		cause = fmt.Errorf("%w: %w", ErrNoToken, cause)
	}
	if errors.Is(cause, ErrLoginInProgress) {
		return fmt.Errorf("%w for %s: the token expired and %w; wait for it to finish, or join it (%s)", ErrLoginRequired, s.what(), cause, s.command())
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
	case errors.Is(err, ErrLoginRequired):
		st.LoginRequired = true
		st.Reason = err.Error()
		return st, nil
	case err != nil:
		return st, err
	}
	now := s.cfg.Now()
	st.Region, st.ExpiresAt, st.RegistrationExpiresAt = s.regionOf(t), t.ExpiresAt, t.RegistrationExpiresAt
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

// CacheFile is the path of the session's token file.
func (s *Session) CacheFile() string { return s.cache.TokenPath(s.key) }

// StartURL is the session's start URL.
func (s *Session) StartURL() string { return s.cfg.StartURL }

// Region is the Region the session's calls go to: that of the token this
// Session last read or wrote (which a login of a vanity start URL found),
// else Config.Region.
func (s *Session) Region() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec != nil {
		return s.regionOf(s.rec)
	}
	return s.cfg.Region
}

// SessionName is the sso-session name, empty for a legacy profile.
func (s *Session) SessionName() string { return s.cfg.SessionName }
