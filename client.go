package ssooidc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/types"
)

const (
	// ServiceID is the service's SDK ID, used in error messages.
	ServiceID = "SSO OIDC"
	// Version is the version of this SDK, sent in the User-Agent header.
	Version = transport.Version
)

// service is SSO OIDC for the call path.
var service = transport.Service{
	ID:                  ServiceID,
	Endpoints:           endpoints.OIDC,
	SensitiveMembers:    sensitiveMembers,
	ModeledError:        modeledError,
	SigningName:         "sso-oauth", // the model's aws.auth#sigv4 trait
	Retrieve:            retrieveCredentials,
	CredentialsRejected: credentialsRejected,
}

// API is the set of operations of the service. *Client implements it;
// depend on API in your code and substitute a fake in tests (the
// ssooidctest package has a ready one).
type API interface {
	RegisterClient(ctx context.Context, in *RegisterClientInput, optFns ...func(*Options)) (*RegisterClientOutput, error)
	StartDeviceAuthorization(ctx context.Context, in *StartDeviceAuthorizationInput, optFns ...func(*Options)) (*StartDeviceAuthorizationOutput, error)
	CreateToken(ctx context.Context, in *CreateTokenInput, optFns ...func(*Options)) (*CreateTokenOutput, error)
	CreateTokenWithIAM(ctx context.Context, in *CreateTokenWithIAMInput, optFns ...func(*Options)) (*CreateTokenWithIAMOutput, error)
}

var _ API = (*Client)(nil)

// HTTPClient sends HTTP requests. *http.Client implements it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Options configure a Client. The zero value of each field selects the
// documented default. Every operation also takes functions that change a
// copy of the options for that call only.
type Options struct {
	// Region is the AWS Region of the IAM Identity Center instance, such as
	// "us-east-1". It selects the endpoint and is the SigV4 signing region.
	Region string

	// BaseEndpoint, when set, replaces the resolved endpoint, for example
	// with a local emulator's URL. It cannot be combined with UseFIPS or
	// UseDualStack.
	BaseEndpoint *string

	// UseFIPS selects the FIPS endpoint of the region.
	UseFIPS bool

	// UseDualStack selects the IPv4 and IPv6 endpoint of the region.
	UseDualStack bool

	// Credentials sign CreateTokenWithIAM, the only signed operation. The
	// other operations never send credentials, even when this is set.
	Credentials CredentialsProvider

	// HTTPClient sends the requests. Default: a client shared by every
	// Client of this package, keeping keep-alive connections for reuse.
	HTTPClient HTTPClient

	// RetryMaxAttempts is the number of attempts of a call, the first one
	// included. 0 means 3; 1 disables retries.
	RetryMaxAttempts int

	// RetryMaxBackoff caps the wait between attempts. 0 means 20s.
	RetryMaxBackoff time.Duration

	// RetryMode selects standard (the default) or adaptive retries. Any
	// other value makes every call fail before it sends anything.
	RetryMode RetryMode

	// Timeout is a connect timeout: it bounds establishing a connection
	// (dial; TLS has its own 10s bound) of the default HTTP client, and is
	// ignored when HTTPClient is set. It does not bound a call or its
	// response: give the call's context a deadline for that. 0 means 60s.
	Timeout time.Duration

	// CloseConnection closes the connection after each call instead of
	// keeping it for the next one.
	CloseConnection bool

	// AppID is appended to the User-Agent header, to tell your application's
	// calls apart in the service's logs.
	AppID string

	// BeforeSend, when set, sees every attempt's request after it is signed
	// and just before it is sent. An error stops the call. A hook that
	// changes a signed request's headers invalidates its signature.
	BeforeSend func(*http.Request) error

	// AfterReceive, when set, sees every attempt's response before its body
	// is read. An error stops the call; the SDK still closes the body.
	AfterReceive func(*http.Response) error

	// Retryer, when set, replaces the retry behaviour selected by
	// RetryMaxAttempts, RetryMaxBackoff and RetryMode.
	Retryer Retryer

	// Logger receives the log lines ClientLogMode asks for. Secrets never
	// reach it: headers and body members that hold them are redacted.
	Logger logging.Logger

	// ClientLogMode selects what is logged. 0 logs nothing and costs
	// nothing.
	ClientLogMode ClientLogMode

	// TracerProvider, when set, gets a span for each call.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, records call duration and attempt counts.
	MeterProvider metrics.MeterProvider
}

// Client is a client of SSO OIDC. It is safe for concurrent use; create one
// and share it.
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

// Options returns a copy of the client's options.
func (c *Client) Options() Options { return c.calls.Options() }

// settings are the options the call path reads.
func settings(o *Options) transport.Settings {
	return transport.Settings{
		Region:           o.Region,
		BaseEndpoint:     o.BaseEndpoint,
		UseFIPS:          o.UseFIPS,
		UseDualStack:     o.UseDualStack,
		Credentials:      o.Credentials,
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

// Metadata describes the HTTP exchange that produced an output: the
// service's request ID (RequestID), the response's status
// (HTTPStatusCode), and how many attempts the call took (Attempts).
type Metadata = transport.Metadata

// invoke sends body as op, with the client's options changed by optFns, and
// hands the successful response's body to decode.
//
// A call goes one straight way: the operation (api_*.go) validates its
// input and marshals it (internal/serde); internal/transport, the call path
// this package shares with package portal, resolves the endpoint
// (internal/endpoints, once per client), signs (internal/sigv4,
// CreateTokenWithIAM only) and sends with retries (internal/retry), and
// decodes an error response with modeledError (errors.go); decode, the
// operation's, unmarshals the response.
func (c *Client) invoke(ctx context.Context, op *transport.Operation, body []byte, optFns []func(*Options), decode func([]byte) error) (Metadata, error) {
	return c.calls.Call(ctx, op, &transport.Request{Body: body}, optFns, decode)
}

// retrieveCredentials retrieves the signing credentials from provider, the
// Options.Credentials of the call.
func retrieveCredentials(ctx context.Context, provider any) (sigv4.Credentials, error) {
	v, err := provider.(CredentialsProvider).Retrieve(ctx)
	if err != nil {
		return sigv4.Credentials{}, fmt.Errorf("retrieve credentials: %w", err)
	}
	if !v.HasKeys() {
		return sigv4.Credentials{}, errors.New("retrieve credentials: the provider returned no access key ID or secret access key")
	}
	return sigv4.Credentials{AccessKeyID: v.AccessKeyID, SecretAccessKey: v.SecretAccessKey, SessionToken: v.SessionToken}, nil
}

// credentialsRejected reports whether err is the front door's answer to an
// unknown, invalid or expired access key or session token (AWS sends these
// with 403, a few services with 400): UnrecognizedClientException ("The
// security token included in the request is invalid"), InvalidClientTokenId,
// InvalidSignatureException (a rotated secret signs wrong), ExpiredToken, or
// ExpiredTokenException without the OAuth "error" member that the service's
// own ExpiredTokenException (an expired grant) carries.
func credentialsRejected(err error) bool {
	var re *ResponseError
	if !errors.As(err, &re) {
		return false
	}
	var expired *types.ExpiredTokenException
	if errors.As(re.Err, &expired) {
		return expired.Error_ == nil
	}
	var ae smithy.APIError
	if re.StatusCode != http.StatusForbidden && re.StatusCode != http.StatusBadRequest || !errors.As(re.Err, &ae) {
		return false
	}
	return slices.Contains([]string{"UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "ExpiredToken"}, ae.ErrorCode())
}
