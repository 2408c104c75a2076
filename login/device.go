package login

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/types"
)

// Device code polling (RFC 8628 section 3.5): the interval when the
// service gives none, what every SlowDown adds to it, and the code's
// lifetime when the service gives none.
const (
	defaultPollInterval = 5 * time.Second
	slowDownIncrement   = 5 * time.Second
	defaultDeviceTTL    = 10 * time.Minute
)

// deviceLogin is the device code grant. The caller holds the lock.
func (s *Session) deviceLogin(ctx context.Context, o Options, inst instance) (*ssocache.Token, error) {
	var (
		reg    *ssocache.Registration
		cached bool
		da     *ssooidc.StartDeviceAuthorizationOutput
		err    error
	)
	// A cached registration the service no longer knows (the endpoint
	// changed, say) is replaced once, so that no user has to find and
	// delete its file.
	for fresh := false; ; fresh = true {
		reg, cached, err = s.registration(ctx, inst, false, fresh, "")
		if err != nil {
			return nil, err
		}
		da, err = s.cfg.Client.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId:     &reg.ClientID,
			ClientSecret: &reg.ClientSecret,
			StartUrl:     &inst.startURL,
		}, inRegion(inst.region))
		if !cached || !errors.As(err, new(*types.InvalidClientException)) {
			break
		}
		s.logf("the service rejected the cached client registration (%v); registering again", err)
	}
	if err != nil {
		return nil, fmt.Errorf("login: start the device authorization: %w", err)
	}
	if ptr.ToString(da.DeviceCode) == "" || da.UserCode == nil || da.VerificationUri == nil {
		return nil, errors.New("login: the service answered StartDeviceAuthorization without deviceCode, userCode or verificationUri")
	}
	interval := time.Duration(da.Interval) * time.Second
	if interval <= 0 {
		interval = defaultPollInterval
	}
	ttl := time.Duration(da.ExpiresIn) * time.Second
	if ttl <= 0 {
		ttl = defaultDeviceTTL
	}
	deadline := s.cfg.Now().Add(ttl)

	in := &ssooidc.CreateTokenInput{
		ClientId:     &reg.ClientID,
		ClientSecret: &reg.ClientSecret,
		GrantType:    ptr.String(ssooidc.GrantTypeDeviceCode),
		DeviceCode:   da.DeviceCode,
	}
	// One attempt before showing anything: the client may be approved
	// already.
	t, err := s.pollOnce(ctx, inst.region, in, reg, &interval)
	if t != nil || err != nil {
		return t, err
	}
	p := Prompt{
		Flow:                    FlowDeviceCode,
		VerificationURI:         *da.VerificationUri,
		UserCode:                *da.UserCode,
		VerificationURIComplete: ptr.ToString(da.VerificationUriComplete),
		ExpiresAt:               deadline,
	}
	if err := o.Prompt(ctx, p); err != nil {
		return nil, fmt.Errorf("login: prompt: %w", err)
	}
	for {
		if err := s.sleep(ctx, interval); err != nil {
			return nil, err
		}
		if !s.cfg.Now().Before(deadline) {
			return nil, fmt.Errorf("login: %w: the device code expired after %s; log in again", ErrExpired, ttl)
		}
		t, err := s.pollOnce(ctx, inst.region, in, reg, &interval)
		if t != nil || err != nil {
			return t, err
		}
	}
}

// pollOnce asks for the token once: a token, nil and nil to poll again
// (interval grown on SlowDown), or the error that ends the login.
func (s *Session) pollOnce(ctx context.Context, region string, in *ssooidc.CreateTokenInput, reg *ssocache.Registration, interval *time.Duration) (*ssocache.Token, error) {
	now := s.cfg.Now()
	out, err := s.cfg.Client.CreateToken(ctx, in, inRegion(region))
	var (
		pending *types.AuthorizationPendingException
		slow    *types.SlowDownException
		denied  *types.AccessDeniedException
		expired *types.ExpiredTokenException
	)
	switch {
	case err == nil:
		if err := checkTokenOutput(out); err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
		return s.newToken(now, region, reg, out), nil
	case errors.As(err, &pending):
		return nil, nil
	case errors.As(err, &slow):
		*interval += slowDownIncrement
		return nil, nil
	case errors.As(err, &denied):
		return nil, fmt.Errorf("login: %w: %w", ErrDenied, err)
	case errors.As(err, &expired):
		return nil, fmt.Errorf("login: %w: %w; log in again", ErrExpired, err)
	}
	return nil, fmt.Errorf("login: %w", err)
}
