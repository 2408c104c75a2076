// Package portal is a client for the AWS IAM Identity Center portal, the
// Portal API (SDK ID "SSO"): it turns the access token of an IAM Identity
// Center login into short-term AWS credentials for a role, lists the
// accounts and roles assigned to the user, and signs the user out.
//
// The operations are not signed: the access token (from package login, or
// ssooidc's CreateToken) travels in the x-amz-sso_bearer_token header.
// Calls go the way package ssooidc's do, with the same options, retries,
// logging and endpoint rules (https://portal.sso.{Region}.amazonaws.com).
//
//	cfg, err := ssooidc.LoadConfig(ctx, ssooidc.WithProfile("dev"))
//	if err != nil {
//		return err
//	}
//	out, err := portal.NewFromConfig(cfg).GetRoleCredentials(ctx, &portal.GetRoleCredentialsInput{
//		AccessToken: &accessToken,
//		AccountId:   &cfg.SSO.AccountID,
//		RoleName:    &cfg.SSO.RoleName,
//	})
//	if err != nil {
//		return err // a *types.ForbiddenException if the user has no such role
//	}
//	creds := out.RoleCredentials // creds.ExpiresAt() says until when
package portal

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/ptr"
	"github.com/aws/smithy-go/tracing"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

// ServiceID is the service's SDK ID, used in error messages.
const ServiceID = "SSO"

// service is the portal for the call path.
var service = transport.Service{
	ID:               ServiceID,
	Endpoints:        endpoints.Portal,
	SensitiveMembers: sensitiveMembers,
	ModeledError:     modeledError,
}

// sensitiveMembers are the JSON member names of response bodies whose
// values are secrets, which logs redact. A test holds this set to the
// model. (The access token is a header, which logs redact too.)
var sensitiveMembers = map[string]bool{
	"secretAccessKey": true,
	"sessionToken":    true,
}

// API is the set of operations of the service. *Client implements it;
// depend on API in your code and substitute a fake in tests.
type API interface {
	GetRoleCredentials(ctx context.Context, in *GetRoleCredentialsInput, optFns ...func(*Options)) (*GetRoleCredentialsOutput, error)
	ListAccountRoles(ctx context.Context, in *ListAccountRolesInput, optFns ...func(*Options)) (*ListAccountRolesOutput, error)
	ListAccounts(ctx context.Context, in *ListAccountsInput, optFns ...func(*Options)) (*ListAccountsOutput, error)
	Logout(ctx context.Context, in *LogoutInput, optFns ...func(*Options)) (*LogoutOutput, error)
}

var _ API = (*Client)(nil)

// Options configure a Client. The zero value of each field selects the
// documented default. Every operation also takes functions that change a
// copy of the options for that call only. The fields work as those of
// ssooidc.Options.
type Options struct {
	// Region is the AWS Region of the IAM Identity Center instance that
	// issued the access token (sso_region), such as "us-east-1". It selects
	// the endpoint.
	Region string

	// BaseEndpoint, when set, replaces the resolved endpoint, for example
	// with a local emulator's URL. It cannot be combined with UseFIPS or
	// UseDualStack.
	BaseEndpoint *string

	// UseFIPS selects the FIPS endpoint of the region.
	UseFIPS bool

	// UseDualStack selects the IPv4 and IPv6 endpoint of the region.
	UseDualStack bool

	// HTTPClient sends the requests. Default: the client that package
	// ssooidc's clients share too.
	HTTPClient ssooidc.HTTPClient

	// RetryMaxAttempts is the number of attempts of a call, the first one
	// included. 0 means 3; 1 disables retries.
	RetryMaxAttempts int

	// RetryMaxBackoff caps the wait between attempts. 0 means 20s.
	RetryMaxBackoff time.Duration

	// RetryMode selects standard (the default) or adaptive retries. Any
	// other value makes every call fail before it sends anything.
	RetryMode ssooidc.RetryMode

	// Timeout is a connect timeout of the default HTTP client; give the
	// call's context a deadline to bound a call. 0 means 60s.
	Timeout time.Duration

	// CloseConnection closes the connection after each call instead of
	// keeping it for the next one.
	CloseConnection bool

	// AppID is appended to the User-Agent header.
	AppID string

	// BeforeSend, when set, sees every attempt's request just before it is
	// sent. An error stops the call. The request carries the access token.
	BeforeSend func(*http.Request) error

	// AfterReceive, when set, sees every attempt's response before its body
	// is read. An error stops the call; the SDK still closes the body.
	AfterReceive func(*http.Response) error

	// Retryer, when set, replaces the retry behaviour selected by
	// RetryMaxAttempts, RetryMaxBackoff and RetryMode.
	Retryer ssooidc.Retryer

	// Logger receives the log lines ClientLogMode asks for. Secrets never
	// reach it: the access token, secret access keys and session tokens
	// are redacted.
	Logger logging.Logger

	// ClientLogMode selects what is logged. 0 logs nothing.
	ClientLogMode ssooidc.ClientLogMode

	// TracerProvider, when set, gets a span for each call.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, records call duration and attempt counts.
	MeterProvider metrics.MeterProvider
}

// Client is a client of the IAM Identity Center portal. It is safe for
// concurrent use; create one and share it.
type Client struct {
	calls transport.Caller[Options]
}

// New returns a client configured by options, changed by optFns.
func New(options Options, optFns ...func(*Options)) *Client {
	for _, fn := range optFns {
		fn(&options)
	}
	c := new(Client)
	c.calls.Init(&service, options, settings)
	return c
}

// NewFromConfig returns a client configured by cfg, changed by optFns.
//
// The client calls the portal of the IAM Identity Center instance,
// cfg.SSO.Region (sso_region), where the access token of a login belongs,
// or cfg.Region when the profile has no sso_region. Its endpoint is
// cfg.PortalEndpoint when that is set.
func NewFromConfig(cfg ssooidc.Config, optFns ...func(*Options)) *Client {
	return New(Options{
		Region:           cmp.Or(cfg.SSO.Region, cfg.Region),
		BaseEndpoint:     cfg.PortalEndpoint,
		UseFIPS:          cfg.UseFIPS,
		UseDualStack:     cfg.UseDualStack,
		HTTPClient:       cfg.HTTPClient,
		RetryMaxAttempts: cfg.RetryMaxAttempts,
		RetryMode:        cfg.RetryMode,
		RetryMaxBackoff:  cfg.RetryMaxBackoff,
		Timeout:          cfg.Timeout,
		CloseConnection:  cfg.CloseConnection,
		AppID:            cfg.AppID,
		Logger:           cfg.Logger,
		ClientLogMode:    cfg.ClientLogMode,
	}, optFns...)
}

// settings are the options the call path reads.
func settings(o *Options) transport.Settings {
	return transport.Settings{
		Region:           o.Region,
		BaseEndpoint:     o.BaseEndpoint,
		UseFIPS:          o.UseFIPS,
		UseDualStack:     o.UseDualStack,
		HTTPClient:       o.HTTPClient,
		RetryMaxAttempts: o.RetryMaxAttempts,
		RetryMaxBackoff:  o.RetryMaxBackoff,
		RetryMode:        string(o.RetryMode),
		Timeout:          o.Timeout,
		CloseConnection:  o.CloseConnection,
		AppID:            o.AppID,
		BeforeSend:       o.BeforeSend,
		AfterReceive:     o.AfterReceive,
		Retryer:          o.Retryer,
		Logger:           o.Logger,
		LogMode:          transport.LogMode(o.ClientLogMode),
		TracerProvider:   o.TracerProvider,
		MeterProvider:    o.MeterProvider,
	}
}

// forbidden names the account, and the role if not nil, of the request in
// a ForbiddenException that err holds: the service's does not say them.
// It returns err.
func forbidden(err error, accountID, roleName *string) error {
	var fe *types.ForbiddenException
	if errors.As(err, &fe) {
		fe.AccountId = ptr.String(*accountID)
		if roleName != nil {
			fe.RoleName = ptr.String(*roleName)
		}
	}
	return err
}

// modeledError returns the error type for code, filled from the error body,
// or nil for a code the service is not known to send.
func modeledError(code string, b serde.ErrorBody) error {
	switch code {
	case "InvalidRequestException":
		return &types.InvalidRequestException{Message: b.Message}
	case "ResourceNotFoundException":
		return &types.ResourceNotFoundException{Message: b.Message}
	case "TooManyRequestsException":
		return &types.TooManyRequestsException{Message: b.Message}
	case "UnauthorizedException":
		return &types.UnauthorizedException{Message: b.Message}
	case "ForbiddenException": // not in the model, but sent (see its type)
		return &types.ForbiddenException{Message: b.Message}
	}
	return nil
}
