package login

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

// RoleWindow is how long before they expire cached role credentials are
// replaced: the AWS CLI's window, so that the CLI and this package reuse
// each other's.
const RoleWindow = 15 * time.Minute

// Role is an account and a role in it, as the profile's sso_account_id and
// sso_role_name name them.
type Role struct {
	AccountID string
	RoleName  string
}

// RoleCredentials are AWS credentials of a role, from the IAM Identity
// Center portal.
type RoleCredentials struct {
	AccessKeyID     string
	SecretAccessKey string `sensitive:"true"`
	SessionToken    string `sensitive:"true"`
	// Expiration is when they expire, in whole seconds as the AWS CLI
	// caches it.
	Expiration time.Time
	// AccountID is the account the credentials act in.
	AccountID string
}

// Format prints the credentials with their secrets redacted, whatever the
// verb.
func (c RoleCredentials) Format(f fmt.State, verb rune) { redact.Format(f, verb, c) }

// RoleCredentials returns credentials of role: the ones cached in the AWS
// CLI's folder (Config.CLICacheDir, shared with the CLI both ways) while
// they have more than RoleWindow left, without a look at the token, as the
// CLI does; else new ones from the portal, got with a valid token (refreshed
// as Token does) and cached. Processes that need them at once make one
// GetRoleCredentials call: the fetch holds a lock beside the file.
//
// The error matches ErrLoginRequired when a login is the remedy (including
// the portal rejecting the token: the session was logged out), and
// ErrUnavailable when the portal cannot be reached or fails. A role the
// user has no access to is a *types.ForbiddenException.
func (s *Session) RoleCredentials(ctx context.Context, role Role) (RoleCredentials, error) {
	if role.AccountID == "" || role.RoleName == "" {
		return RoleCredentials{}, errors.New("login: RoleCredentials needs an account ID and a role name (sso_account_id, sso_role_name)")
	}
	k := s.roleKey(role)
	cached, fresh, err := s.cachedRole(k)
	if fresh || err != nil {
		return cached, err
	}
	c, err := s.fetchRole(ctx, k, role)
	if err != nil && cached.AccessKeyID != "" && ctx.Err() == nil && !errors.As(err, new(*types.ForbiddenException)) {
		// Valid, only inside the window: better than none.
		s.logf("the credentials of %s were not renewed (%v); using the cached ones, valid until %s",
			roleName(role), err, cached.Expiration.Format(time.RFC3339))
		return cached, nil
	}
	return c, err
}

// fetchRole gets new credentials of role from the portal and caches them
// under k, unless another process did while we waited for the lock. The
// lock's wait and the call are bounded by RefreshTimeout.
func (s *Session) fetchRole(ctx context.Context, k ssocache.RoleKey, role Role) (RoleCredentials, error) {
	bctx, cancel := context.WithTimeout(ctx, s.cfg.RefreshTimeout)
	defer cancel()
	unlock, err := s.cli.LockRole(bctx, k, "credentials", nil)
	if err != nil {
		if ctx.Err() != nil {
			return RoleCredentials{}, ctx.Err()
		}
		return RoleCredentials{}, fmt.Errorf("%w for %s: %w", ErrUnavailable, roleName(role), err)
	}
	defer unlock()
	if c, fresh, err := s.cachedRole(k); fresh || err != nil {
		return c, err // another process fetched them while we waited
	}
	tok, err := s.Token(ctx)
	if err != nil {
		return RoleCredentials{}, err
	}
	out, err := s.cfg.Portal.GetRoleCredentials(bctx, &portal.GetRoleCredentialsInput{
		AccessToken: &tok.AccessToken,
		AccountId:   &role.AccountID,
		RoleName:    &role.RoleName,
	}, inPortalRegion(s.Region()))
	if err != nil {
		return RoleCredentials{}, s.portalError(ctx, "get the credentials of "+roleName(role), err)
	}
	rc := out.RoleCredentials
	if rc == nil || ptr.ToString(rc.AccessKeyId) == "" || ptr.ToString(rc.SecretAccessKey) == "" || rc.Expiration == 0 {
		return RoleCredentials{}, fmt.Errorf("%w for %s: the portal answered GetRoleCredentials without credentials", ErrUnavailable, roleName(role))
	}
	f := &ssocache.RoleCredentials{
		AccessKeyID:     *rc.AccessKeyId,
		SecretAccessKey: *rc.SecretAccessKey,
		SessionToken:    ptr.ToString(rc.SessionToken),
		Expiration:      rc.ExpiresAt().UTC().Truncate(time.Second),
		AccountID:       role.AccountID,
	}
	if err := s.cli.WriteRole(k, f); err != nil {
		s.logf("could not cache the credentials of %s: %v", roleName(role), err)
	}
	s.mu.Lock()
	if !slices.Contains(s.roles, role) {
		s.roles = append(s.roles, role)
	}
	s.mu.Unlock()
	return roleCredentials(f, role), nil
}

// cachedRole reads the cached credentials of k: the credentials while they
// are valid, and fresh when they have more than RoleWindow left. A missing
// or unreadable file is no credentials; a folder or file the user may not
// trust is an error.
func (s *Session) cachedRole(k ssocache.RoleKey) (c RoleCredentials, fresh bool, err error) {
	f, err := s.cli.ReadRole(k)
	switch {
	case errors.Is(err, ssocache.ErrUntrusted):
		return RoleCredentials{}, false, fmt.Errorf("%w: %w", ErrUnavailable, err)
	case err != nil || f.AccessKeyID == "" || f.SecretAccessKey == "" || !s.cfg.Now().Before(f.Expiration):
		return RoleCredentials{}, false, nil
	}
	return roleCredentials(f, Role{AccountID: k.AccountID, RoleName: k.RoleName}), f.Expiration.Sub(s.cfg.Now()) > RoleWindow, nil
}

func roleCredentials(f *ssocache.RoleCredentials, role Role) RoleCredentials {
	return RoleCredentials{
		AccessKeyID:     f.AccessKeyID,
		SecretAccessKey: f.SecretAccessKey,
		SessionToken:    f.SessionToken,
		Expiration:      f.Expiration,
		AccountID:       role.AccountID,
	}
}

func (s *Session) roleKey(role Role) ssocache.RoleKey {
	return ssocache.RoleKey{AccountID: role.AccountID, RoleName: role.RoleName, SessionName: s.cfg.SessionName, StartURL: s.cfg.StartURL}
}

func roleName(role Role) string {
	return fmt.Sprintf("role %q in account %s", role.RoleName, role.AccountID)
}

// portalError classifies err, the portal's answer to what: a rejected
// token needs a login; a forbidden role is the caller's to fix (it stays a
// *types.ForbiddenException); anything else may pass.
func (s *Session) portalError(ctx context.Context, what string, err error) error {
	var (
		unauthorized *types.UnauthorizedException
		forbidden    *types.ForbiddenException
	)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &unauthorized):
		s.cur.Store(nil)
		return fmt.Errorf("%w for %s: the portal rejected the token (the session was logged out, or ended): %w; log in again (%s)",
			ErrLoginRequired, s.what(), err, s.command())
	case errors.As(err, &forbidden):
		return fmt.Errorf("login: %s: %w", what, err)
	}
	return fmt.Errorf("%w for %s: %s: %w; try again later (a login would not help)", ErrUnavailable, s.what(), what, err)
}

// CredentialsProvider returns the credentials of role as an
// ssooidc.CredentialsProvider, so that a client signs with them (such as
// for CreateTokenWithIAM). Each Retrieve is a RoleCredentials call.
func (s *Session) CredentialsProvider(role Role) ssooidc.CredentialsProvider {
	return ssooidc.CredentialsProviderFunc(func(ctx context.Context) (ssooidc.Credentials, error) {
		c, err := s.RoleCredentials(ctx, role)
		if err != nil {
			return ssooidc.Credentials{}, err
		}
		return ssooidc.Credentials{
			AccessKeyID:     c.AccessKeyID,
			SecretAccessKey: c.SecretAccessKey,
			SessionToken:    c.SessionToken,
			Source:          "SSO role " + role.RoleName + " in account " + role.AccountID,
			CanExpire:       true,
			// The AWS CLI's window: a cache in front of this provider
			// then renews when the file would.
			Expires: c.Expiration.Add(-RoleWindow),
		}, nil
	})
}

// ErrLogoutIncomplete is matched by the error of Logout when the files were
// removed but the portal did not end the session: the token (and any copy
// of it) stays valid on the server until it expires.
var ErrLogoutIncomplete = errors.New("the portal did not end the session")

// Logout logs the session out: the portal ends the session of the cached
// token, so that it and its refresh token stop working everywhere, then the
// token file and the cached credentials of roles (and of every role this
// Session fetched) are removed. The client registration stays for the next
// login, as the AWS CLI leaves it. A token that expired is not sent, and the
// portal rejecting the token as expired or unknown is no failure. When the
// portal cannot be reached, the files are removed all the same and the
// error matches ErrLogoutIncomplete, saying until when the session stays
// valid.
func (s *Session) Logout(ctx context.Context, roles ...Role) error {
	unlock, err := s.cache.Lock(ctx, s.key, intentLogout, nil)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	defer unlock()
	s.cur.Store(nil)
	t, rerr := s.readLocked()
	s.remember(nil)
	var portalErr error
	if rerr == nil {
		portalErr = endSession(ctx, s.cfg.Portal, t, s.cfg.Now(), s.what(), inPortalRegion(s.regionOf(t)))
	}
	s.mu.Lock()
	all := append(slices.Clone(s.roles), roles...)
	s.roles = nil
	s.mu.Unlock()
	errs := []error{portalErr}
	if err := s.cache.RemoveToken(s.key); err != nil {
		errs = append(errs, fmt.Errorf("login: %w", err))
	}
	for _, r := range all {
		if err := s.cli.RemoveRole(s.roleKey(r)); err != nil {
			errs = append(errs, fmt.Errorf("login: %w", err))
		}
	}
	return errors.Join(errs...)
}

// LogoutAllConfig says where LogoutAll finds the caches and how it calls
// the portal.
type LogoutAllConfig struct {
	// CacheDir is the SSO cache folder. Default ~/.aws/sso/cache.
	CacheDir string
	// CLICacheDir is the AWS CLI's credentials cache folder. Default
	// ~/.aws/cli/cache.
	CLICacheDir string
	// Portal returns the portal client of a Region. Default: a
	// portal.Client of the Region.
	Portal func(region string) portal.API
	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// LogoutAll does what aws sso logout does: every token cached in CacheDir
// is logged out at the portal of its Region and its file removed, and
// every SSO role credentials file in CLICacheDir is removed. Registrations
// stay. It returns the token files it removed; the error matches
// ErrLogoutIncomplete for each token the portal did not log out.
func LogoutAll(ctx context.Context, c LogoutAllConfig) (removed []string, err error) {
	var errs []error
	if c.CacheDir == "" {
		if c.CacheDir, err = ssocache.DefaultDir(); err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
	}
	if c.CLICacheDir == "" {
		if c.CLICacheDir, err = ssocache.DefaultCLIDir(); err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
	}
	if c.Portal == nil {
		c.Portal = func(region string) portal.API { return portal.New(portal.Options{Region: region}) }
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	cache := ssocache.Cache{Dir: c.CacheDir}
	files, err := cache.Tokens()
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	for _, f := range files {
		if f.Token.Region != "" {
			errs = append(errs, endSession(ctx, c.Portal(f.Token.Region), f.Token, c.Now(), "the token of "+f.Token.StartURL))
		}
		if err := cache.RemoveFile(f.Path); err != nil {
			errs = append(errs, fmt.Errorf("login: %w", err))
			continue
		}
		removed = append(removed, f.Path)
	}
	if _, err := (ssocache.Cache{Dir: c.CLICacheDir}).RemoveAllRoles(); err != nil {
		errs = append(errs, fmt.Errorf("login: %w", err))
	}
	return removed, errors.Join(errs...)
}

// endSession has the portal end the session of t, the token of who, unless
// it expired. The portal rejecting it as expired or unknown is no failure;
// any other failure matches ErrLogoutIncomplete and says until when the
// token stays valid.
func endSession(ctx context.Context, p portal.API, t *ssocache.Token, now time.Time, who string, optFns ...func(*portal.Options)) error {
	if !now.Before(t.ExpiresAt) {
		return nil
	}
	_, err := p.Logout(ctx, &portal.LogoutInput{AccessToken: &t.AccessToken}, optFns...)
	if err == nil || errors.As(err, new(*types.UnauthorizedException)) {
		return nil
	}
	return fmt.Errorf("login: %w for %s (%v): the token stays valid on the server until %s",
		ErrLogoutIncomplete, who, err, t.ExpiresAt.Format(time.RFC3339))
}
