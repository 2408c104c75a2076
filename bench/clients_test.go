package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	official "github.com/aws/aws-sdk-go-v2/service/ssooidc"
	officialtypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	ahacreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/bench/internal/floor"
	w "github.com/ssooidc-go/ssooidc/bench/internal/workload"
	"github.com/ssooidc-go/ssooidc/types"
)

// The benchmarked operations, in the order they run. "Pending" is
// CreateToken answered with AuthorizationPendingException.
var opNames = []string{"RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateTokenWithIAM", "Pending"}

// The clients, in the order they run: the floor first, as the base.
var implNames = []string{"floor", "ours", "official"}

// newHTTPClient returns a keep-alive HTTP client; every client under test
// gets its own, all with these settings (those of ssooidc's default
// transport, less the proxy lookup). rt, when set, replaces the transport.
func newHTTPClient(rt http.RoundTripper) *http.Client {
	if rt != nil {
		return &http.Client{Transport: rt}
	}
	return &http.Client{Transport: newTransport(nil)}
}

// newTransport returns the transport of newHTTPClient; wrap, when set,
// wraps each new connection.
func newTransport(wrap func(net.Conn) net.Conn) *http.Transport {
	dialer := &net.Dialer{Timeout: 60 * time.Second, KeepAlive: 30 * time.Second}
	dial := dialer.DialContext
	if wrap != nil {
		dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return wrap(c), nil
		}
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// result is an operation's output in a form common to the three clients,
// for the contract test.
type result map[string]any

// impl is one client under test: a function per operation, built once with
// its inputs, and the same calls returning their output for comparison.
type impl struct {
	calls   map[string]func(context.Context) error
	results map[string]func(context.Context) (result, error)
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// newOurs builds this SDK's client with its inputs.
func newOurs(endpoint string, hc *http.Client) *impl {
	c := ssooidc.New(ssooidc.Options{
		Region:       w.Region,
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   hc,
		Credentials:  ssooidc.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken),
	})
	reg := &ssooidc.RegisterClientInput{ClientName: aws.String(w.ClientName), ClientType: aws.String(w.ClientType), Scopes: []string{w.Scope}}
	dev := &ssooidc.StartDeviceAuthorizationInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), StartUrl: aws.String(w.StartURL)}
	tok := &ssooidc.CreateTokenInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), GrantType: aws.String(w.DeviceGrant), DeviceCode: aws.String(w.DeviceCode)}
	pend := &ssooidc.CreateTokenInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), GrantType: aws.String(w.DeviceGrant), DeviceCode: aws.String(w.PendingDeviceCode)}
	iam := &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.JWTBearerGrant), Assertion: aws.String(w.Assertion)}
	pending := func(ctx context.Context) (result, error) {
		_, err := c.CreateToken(ctx, pend)
		var p *types.AuthorizationPendingException
		if !errors.As(err, &p) {
			return nil, fmt.Errorf("want AuthorizationPendingException, got %v", err)
		}
		return result{"code": p.ErrorCode(), "error": deref(p.Error_), "error_description": deref(p.Error_description)}, nil
	}
	return &impl{
		calls: map[string]func(context.Context) error{
			"RegisterClient":           func(ctx context.Context) error { _, err := c.RegisterClient(ctx, reg); return err },
			"StartDeviceAuthorization": func(ctx context.Context) error { _, err := c.StartDeviceAuthorization(ctx, dev); return err },
			"CreateToken":              func(ctx context.Context) error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM":       func(ctx context.Context) error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
			"Pending": func(ctx context.Context) error {
				_, err := c.CreateToken(ctx, pend)
				var p *types.AuthorizationPendingException
				if !errors.As(err, &p) {
					return fmt.Errorf("want AuthorizationPendingException, got %v", err)
				}
				return nil
			},
		},
		results: map[string]func(context.Context) (result, error){
			"RegisterClient": func(ctx context.Context) (result, error) {
				o, err := c.RegisterClient(ctx, reg)
				if err != nil {
					return nil, err
				}
				return result{"clientId": deref(o.ClientId), "clientSecret": deref(o.ClientSecret), "clientIdIssuedAt": o.ClientIdIssuedAt, "clientSecretExpiresAt": o.ClientSecretExpiresAt}, nil
			},
			"StartDeviceAuthorization": func(ctx context.Context) (result, error) {
				o, err := c.StartDeviceAuthorization(ctx, dev)
				if err != nil {
					return nil, err
				}
				return result{"deviceCode": deref(o.DeviceCode), "userCode": deref(o.UserCode), "verificationUri": deref(o.VerificationUri),
					"verificationUriComplete": deref(o.VerificationUriComplete), "expiresIn": o.ExpiresIn, "interval": o.Interval}, nil
			},
			"CreateToken": func(ctx context.Context) (result, error) {
				o, err := c.CreateToken(ctx, tok)
				if err != nil {
					return nil, err
				}
				return result{"accessToken": deref(o.AccessToken), "tokenType": deref(o.TokenType), "expiresIn": o.ExpiresIn, "refreshToken": deref(o.RefreshToken)}, nil
			},
			"CreateTokenWithIAM": func(ctx context.Context) (result, error) {
				o, err := c.CreateTokenWithIAM(ctx, iam)
				if err != nil {
					return nil, err
				}
				r := result{"accessToken": deref(o.AccessToken), "tokenType": deref(o.TokenType), "expiresIn": o.ExpiresIn, "refreshToken": deref(o.RefreshToken),
					"idToken": deref(o.IdToken), "issuedTokenType": deref(o.IssuedTokenType), "scope": o.Scope}
				if o.AwsAdditionalDetails != nil {
					r["identityContext"] = deref(o.AwsAdditionalDetails.IdentityContext)
				}
				return r, nil
			},
			"Pending": pending,
		},
	}
}

// newOfficial builds the official SDK's client with its inputs.
func newOfficial(endpoint string, hc *http.Client) *impl {
	c := official.New(official.Options{
		Region:       w.Region,
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   hc,
		Credentials:  credentials.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken),
	})
	reg := &official.RegisterClientInput{ClientName: aws.String(w.ClientName), ClientType: aws.String(w.ClientType), Scopes: []string{w.Scope}}
	dev := &official.StartDeviceAuthorizationInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), StartUrl: aws.String(w.StartURL)}
	tok := &official.CreateTokenInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), GrantType: aws.String(w.DeviceGrant), DeviceCode: aws.String(w.DeviceCode)}
	pend := &official.CreateTokenInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), GrantType: aws.String(w.DeviceGrant), DeviceCode: aws.String(w.PendingDeviceCode)}
	iam := &official.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.JWTBearerGrant), Assertion: aws.String(w.Assertion)}
	pending := func(ctx context.Context) (result, error) {
		_, err := c.CreateToken(ctx, pend)
		var p *officialtypes.AuthorizationPendingException
		if !errors.As(err, &p) {
			return nil, fmt.Errorf("want AuthorizationPendingException, got %v", err)
		}
		return result{"code": p.ErrorCode(), "error": deref(p.Error_), "error_description": deref(p.Error_description)}, nil
	}
	return &impl{
		calls: map[string]func(context.Context) error{
			"RegisterClient":           func(ctx context.Context) error { _, err := c.RegisterClient(ctx, reg); return err },
			"StartDeviceAuthorization": func(ctx context.Context) error { _, err := c.StartDeviceAuthorization(ctx, dev); return err },
			"CreateToken":              func(ctx context.Context) error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM":       func(ctx context.Context) error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
			"Pending": func(ctx context.Context) error {
				_, err := c.CreateToken(ctx, pend)
				var p *officialtypes.AuthorizationPendingException
				if !errors.As(err, &p) {
					return fmt.Errorf("want AuthorizationPendingException, got %v", err)
				}
				return nil
			},
		},
		results: map[string]func(context.Context) (result, error){
			"RegisterClient": func(ctx context.Context) (result, error) {
				o, err := c.RegisterClient(ctx, reg)
				if err != nil {
					return nil, err
				}
				return result{"clientId": deref(o.ClientId), "clientSecret": deref(o.ClientSecret), "clientIdIssuedAt": o.ClientIdIssuedAt, "clientSecretExpiresAt": o.ClientSecretExpiresAt}, nil
			},
			"StartDeviceAuthorization": func(ctx context.Context) (result, error) {
				o, err := c.StartDeviceAuthorization(ctx, dev)
				if err != nil {
					return nil, err
				}
				return result{"deviceCode": deref(o.DeviceCode), "userCode": deref(o.UserCode), "verificationUri": deref(o.VerificationUri),
					"verificationUriComplete": deref(o.VerificationUriComplete), "expiresIn": o.ExpiresIn, "interval": o.Interval}, nil
			},
			"CreateToken": func(ctx context.Context) (result, error) {
				o, err := c.CreateToken(ctx, tok)
				if err != nil {
					return nil, err
				}
				return result{"accessToken": deref(o.AccessToken), "tokenType": deref(o.TokenType), "expiresIn": o.ExpiresIn, "refreshToken": deref(o.RefreshToken)}, nil
			},
			"CreateTokenWithIAM": func(ctx context.Context) (result, error) {
				o, err := c.CreateTokenWithIAM(ctx, iam)
				if err != nil {
					return nil, err
				}
				r := result{"accessToken": deref(o.AccessToken), "tokenType": deref(o.TokenType), "expiresIn": o.ExpiresIn, "refreshToken": deref(o.RefreshToken),
					"idToken": deref(o.IdToken), "issuedTokenType": deref(o.IssuedTokenType), "scope": o.Scope}
				if o.AwsAdditionalDetails != nil {
					r["identityContext"] = deref(o.AwsAdditionalDetails.IdentityContext)
				}
				return r, nil
			},
			"Pending": pending,
		},
	}
}

// newFloor builds the hand-written client with its inputs.
func newFloor(endpoint string, hc *http.Client) *impl {
	c := floor.New(hc, endpoint, w.Region, ahacreds.Credentials{AccessKeyID: w.AccessKeyID, SecretAccessKey: w.SecretAccessKey, SessionToken: w.SessionToken})
	reg := &floor.RegisterClientInput{ClientName: w.ClientName, ClientType: w.ClientType, Scopes: []string{w.Scope}}
	dev := &floor.StartDeviceAuthorizationInput{ClientID: w.ClientID, ClientSecret: w.ClientSecret, StartURL: w.StartURL}
	tok := &floor.CreateTokenInput{ClientID: w.ClientID, ClientSecret: w.ClientSecret, GrantType: w.DeviceGrant, DeviceCode: w.DeviceCode}
	pend := &floor.CreateTokenInput{ClientID: w.ClientID, ClientSecret: w.ClientSecret, GrantType: w.DeviceGrant, DeviceCode: w.PendingDeviceCode}
	iam := &floor.CreateTokenWithIAMInput{ClientID: w.AppARN, GrantType: w.JWTBearerGrant, Assertion: w.Assertion}
	pending := func(ctx context.Context) (result, error) {
		_, err := c.CreateToken(ctx, pend)
		var p *floor.APIError
		if !errors.As(err, &p) || p.Code != "AuthorizationPendingException" {
			return nil, fmt.Errorf("want AuthorizationPendingException, got %v", err)
		}
		return result{"code": p.Code, "error": p.OAuthError, "error_description": p.Description}, nil
	}
	return &impl{
		calls: map[string]func(context.Context) error{
			"RegisterClient":           func(ctx context.Context) error { _, err := c.RegisterClient(ctx, reg); return err },
			"StartDeviceAuthorization": func(ctx context.Context) error { _, err := c.StartDeviceAuthorization(ctx, dev); return err },
			"CreateToken":              func(ctx context.Context) error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM":       func(ctx context.Context) error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
			"Pending": func(ctx context.Context) error {
				_, err := c.CreateToken(ctx, pend)
				var p *floor.APIError
				if !errors.As(err, &p) || p.Code != "AuthorizationPendingException" {
					return fmt.Errorf("want AuthorizationPendingException, got %v", err)
				}
				return nil
			},
		},
		results: map[string]func(context.Context) (result, error){
			"RegisterClient": func(ctx context.Context) (result, error) {
				o, err := c.RegisterClient(ctx, reg)
				if err != nil {
					return nil, err
				}
				return result{"clientId": o.ClientID, "clientSecret": o.ClientSecret, "clientIdIssuedAt": o.ClientIDIssuedAt, "clientSecretExpiresAt": o.ClientSecretExpiresAt}, nil
			},
			"StartDeviceAuthorization": func(ctx context.Context) (result, error) {
				o, err := c.StartDeviceAuthorization(ctx, dev)
				if err != nil {
					return nil, err
				}
				return result{"deviceCode": o.DeviceCode, "userCode": o.UserCode, "verificationUri": o.VerificationURI,
					"verificationUriComplete": o.VerificationURIComplete, "expiresIn": o.ExpiresIn, "interval": o.Interval}, nil
			},
			"CreateToken": func(ctx context.Context) (result, error) {
				o, err := c.CreateToken(ctx, tok)
				if err != nil {
					return nil, err
				}
				return result{"accessToken": o.AccessToken, "tokenType": o.TokenType, "expiresIn": o.ExpiresIn, "refreshToken": o.RefreshToken}, nil
			},
			"CreateTokenWithIAM": func(ctx context.Context) (result, error) {
				o, err := c.CreateTokenWithIAM(ctx, iam)
				if err != nil {
					return nil, err
				}
				r := result{"accessToken": o.AccessToken, "tokenType": o.TokenType, "expiresIn": o.ExpiresIn, "refreshToken": o.RefreshToken,
					"idToken": o.IDToken, "issuedTokenType": o.IssuedTokenType, "scope": o.Scope}
				if o.AwsAdditionalDetails != nil {
					r["identityContext"] = o.AwsAdditionalDetails.IdentityContext
				}
				return r, nil
			},
			"Pending": pending,
		},
	}
}

// newImpl builds the named client against endpoint with its own HTTP
// client (over rt when rt is not nil).
func newImpl(name, endpoint string, rt http.RoundTripper) *impl {
	hc := newHTTPClient(rt)
	switch name {
	case "floor":
		return newFloor(endpoint, hc)
	case "ours":
		return newOurs(endpoint, hc)
	case "official":
		return newOfficial(endpoint, hc)
	}
	panic("unknown client " + name)
}
