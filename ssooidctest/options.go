package ssooidctest

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// The AWS credentials the emulator accepts on CreateTokenWithIAM when
// Options.Credentials is empty. They are the example keys of the AWS
// documentation: not secret, and valid nowhere else.
const (
	TestAccessKeyID     = "AKIAIOSFODNN7EXAMPLE"
	TestSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// Defaults of Options. Where the service's value is known (device code
// lifetime, polling interval, client registration lifetime), it is that.
const (
	DefaultRegion          = "us-east-1"
	DefaultInterval        = time.Second
	DefaultDeviceCodeTTL   = 10 * time.Minute
	DefaultAccessTokenTTL  = time.Hour
	DefaultRefreshTokenTTL = 90 * 24 * time.Hour
	DefaultClientTTL       = 90 * 24 * time.Hour
	DefaultAuthCodeTTL     = 5 * time.Minute
	DefaultSubject         = "ssooidctest-user"
	DefaultAccountID       = "111111111111" // with the roles ReadOnly and Admin
	DefaultPageSize        = 100            // the most max_result allows
	DefaultRoleTTL         = time.Hour

	// SignatureTolerance is how far the time a request was signed at may be
	// from the emulator's clock, as with every AWS service.
	SignatureTolerance = 5 * time.Minute
)

// Credentials is one AWS key pair that may sign CreateTokenWithIAM. When
// SessionToken is set, requests signed with this key must carry it in
// X-Amz-Security-Token.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string `sensitive:"true"`
	SessionToken    string `sensitive:"true"`
}

// Format prints the credentials with the secret parts redacted, whatever
// the verb, so that printing Options logs no secret.
func (c Credentials) Format(f fmt.State, verb rune) { redact.Format(f, verb, c) }

// Account is an AWS account assigned to the emulator's user, with the
// roles (permission set names) the user may get credentials for in it.
type Account struct {
	ID    string // such as "111111111111"
	Name  string // default "account-" and the ID
	Email string // default "aws-" and the ID "@example.com"
	Roles []string
}

// Options configure an emulator. The zero value of each field selects its
// documented default.
type Options struct {
	// Region is the emulator's AWS Region: the region CreateTokenWithIAM
	// must be signed for. Default us-east-1.
	Region string

	// Credentials are the AWS keys accepted on CreateTokenWithIAM. Default:
	// TestAccessKeyID with TestSecretAccessKey.
	Credentials []Credentials

	// Interval is how long a client must wait between two CreateToken polls
	// of one device code; a faster poll gets SlowDownException and adds 5
	// seconds to the interval of that device code (RFC 8628, section 3.5).
	// The wire carries whole seconds, so StartDeviceAuthorization reports
	// Interval rounded up, and at least 1; the emulator enforces Interval
	// itself, so tests may set a sub-second value and poll that fast.
	// Default 1s, as the service.
	Interval time.Duration

	// DeviceCodeTTL is how long a device code and its user code live
	// (expiresIn of StartDeviceAuthorization). Default 10 minutes.
	DeviceCodeTTL time.Duration

	// AccessTokenTTL is the lifetime of access tokens. Default 1 hour.
	AccessTokenTTL time.Duration

	// RefreshTokenTTL is the lifetime of refresh tokens. Default 90 days.
	RefreshTokenTTL time.Duration

	// ClientTTL is how long a registered client's id and secret are valid
	// (clientSecretExpiresAt). Default 90 days, as the service.
	ClientTTL time.Duration

	// AuthCodeTTL is the lifetime of an authorization code. Default 5
	// minutes.
	AuthCodeTTL time.Duration

	// AutoApprove approves every device authorization AutoApproveDelay
	// after it started, and every /authorize request at once, as if a user
	// had clicked Approve. Without it a device authorization waits for
	// Approve, Deny or the verification page.
	AutoApprove bool

	// AutoApproveDelay delays the automatic approval of device
	// authorizations. It is measured on the emulator's clock (Now).
	AutoApproveDelay time.Duration

	// Scopes, when not nil, are the only scopes a client may register or
	// request; any other gets InvalidScopeException. By default any
	// syntactically valid scope (RFC 6749, section 3.3) is accepted.
	Scopes []string

	// Subject is the user id the emulator signs in as: the "sub" of the ID
	// tokens it issues. Default "ssooidctest-user".
	Subject string

	// Accounts are the AWS accounts assigned to the user, in the order
	// ListAccounts lists them, for the Portal API (GetRoleCredentials,
	// ListAccounts, ListAccountRoles). Every access token gets the same.
	// Default: DefaultAccountID with the roles ReadOnly and Admin.
	Accounts []Account

	// PageSize is the most items a page of ListAccounts or ListAccountRoles
	// holds; a smaller max_result in the request lowers it. Default 100.
	PageSize int

	// RoleTTL is the lifetime of the role credentials GetRoleCredentials
	// issues, on the emulator's clock (Now). Default 1 hour.
	RoleTTL time.Duration

	// BaseURL is the emulator's external URL, used in verificationUri,
	// authorizationEndpoint and the ID token issuer. Default: http:// and
	// the Host the request was sent to (NewServer sets it to Server.URL).
	BaseURL string

	// Now is the emulator's clock. Default time.Now. A test that moves it
	// forward tests expiry without sleeping. It also checks the time of
	// SigV4 signatures, which clients take from their own clock.
	Now func() time.Time

	// Latency delays every API response, and DateSkew moves the Date header
	// of every response; both can also be set later with SetLatency and
	// SetDateSkew.
	Latency  time.Duration
	DateSkew time.Duration

	// Logf, when set, receives one line per API request, the Portal API's
	// too: operation, status, error code and, for CreateToken and CreateTokenWithIAM, the grant type
	// ("ssooidctest: CreateToken 200 OK grant=refresh_token (request ...)"),
	// so a test can count refreshes. Bodies, tokens, codes and secrets are
	// never logged.
	Logf func(format string, args ...any)
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	if len(o.Credentials) == 0 {
		o.Credentials = []Credentials{{AccessKeyID: TestAccessKeyID, SecretAccessKey: TestSecretAccessKey}}
	} else {
		o.Credentials = append([]Credentials(nil), o.Credentials...)
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.DeviceCodeTTL <= 0 {
		o.DeviceCodeTTL = DefaultDeviceCodeTTL
	}
	if o.AccessTokenTTL <= 0 {
		o.AccessTokenTTL = DefaultAccessTokenTTL
	}
	if o.RefreshTokenTTL <= 0 {
		o.RefreshTokenTTL = DefaultRefreshTokenTTL
	}
	if o.ClientTTL <= 0 {
		o.ClientTTL = DefaultClientTTL
	}
	if o.AuthCodeTTL <= 0 {
		o.AuthCodeTTL = DefaultAuthCodeTTL
	}
	if o.AutoApproveDelay < 0 {
		o.AutoApproveDelay = 0
	}
	if o.Scopes != nil {
		o.Scopes = append([]string{}, o.Scopes...)
	}
	if len(o.Accounts) == 0 {
		o.Accounts = []Account{{ID: DefaultAccountID, Roles: []string{"ReadOnly", "Admin"}}}
	}
	accounts := make([]Account, len(o.Accounts))
	for i, a := range o.Accounts {
		if a.Name == "" {
			a.Name = "account-" + a.ID
		}
		if a.Email == "" {
			a.Email = "aws-" + a.ID + "@example.com"
		}
		a.Roles = slices.Clone(a.Roles)
		accounts[i] = a
	}
	o.Accounts = accounts
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.RoleTTL <= 0 {
		o.RoleTTL = DefaultRoleTTL
	}
	if o.Subject == "" {
		o.Subject = DefaultSubject
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Latency < 0 {
		o.Latency = 0
	}
	return o
}

// seconds converts d to the whole seconds the wire carries, rounded up and
// at least 1, without overflowing int32.
func seconds(d time.Duration) int32 {
	s := math.Ceil(d.Seconds())
	switch {
	case s < 1:
		return 1
	case s > math.MaxInt32:
		return math.MaxInt32
	}
	return int32(s)
}
