package main

import (
	"context"
	"sync"

	"github.com/ssooidc-go/ssooidc"
)

// lazyClient is the session's ssooidc client, made on its first call: a
// token that needs no refresh (what ssooidc token does on almost every
// run) then never pays for building a client and its transport.
type lazyClient struct {
	client func() *ssooidc.Client
}

// newLazyClient makes, when first called, the client login.NewSession
// would: cfg's, sending its calls to the sso_region.
func newLazyClient(cfg ssooidc.Config) *lazyClient {
	return &lazyClient{client: sync.OnceValue(func() *ssooidc.Client {
		return ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.Region = cfg.SSO.Region })
	})}
}

var _ ssooidc.API = (*lazyClient)(nil)

// Options are the client's: login takes the PKCE authorize page's
// endpoint from them.
func (l *lazyClient) Options() ssooidc.Options { return l.client().Options() }

func (l *lazyClient) RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, optFns ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
	return l.client().RegisterClient(ctx, in, optFns...)
}

func (l *lazyClient) StartDeviceAuthorization(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, optFns ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
	return l.client().StartDeviceAuthorization(ctx, in, optFns...)
}

func (l *lazyClient) CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
	return l.client().CreateToken(ctx, in, optFns...)
}

func (l *lazyClient) CreateTokenWithIAM(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error) {
	return l.client().CreateTokenWithIAM(ctx, in, optFns...)
}
