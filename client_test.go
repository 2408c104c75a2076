package ssooidc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ssooidc-go/ssooidc/internal/retry"
	"github.com/ssooidc-go/ssooidc/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newLocalServer starts an httptest server on 127.0.0.1 only.
func newLocalServer(t *testing.T, h http.Handler, configure ...func(*http.Server)) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(h)
	for _, fn := range configure {
		fn(srv.Config)
	}
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// setup returns a client pointed at a test server whose handler is h.
func setup(t *testing.T, h http.HandlerFunc, optFns ...func(*Options)) *Client {
	t.Helper()
	srv := newLocalServer(t, h)
	opts := Options{
		Region:           "us-east-1",
		BaseEndpoint:     ptr.String(srv.URL),
		Credentials:      NewStaticCredentialsProvider("AKIDEXAMPLE", "SECRETKEYEXAMPLE", "SESSIONTOKENEXAMPLE"),
		HTTPClient:       srv.Client(),
		RetryMaxAttempts: 1,
	}
	return New(opts, optFns...)
}

// recorded is what the test server saw of a request.
type recorded struct {
	method, path, query string
	header              http.Header
	body                string
}

func recordAndAnswer(rec *recorded, status int, header map[string]string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*rec = recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestOperations(t *testing.T) {
	ctx := context.Background()
	type call func(c *Client) (any, error)
	cases := []struct {
		name     string
		call     call
		path     string
		query    string
		signed   bool
		wantBody string
		respBody string
		wantOut  any
	}{
		{
			name: "RegisterClient",
			call: func(c *Client) (any, error) {
				return c.RegisterClient(ctx, &RegisterClientInput{
					ClientName:             ptr.String("my-cli"),
					ClientType:             ptr.String("public"),
					Scopes:                 []string{"sso:account:access"},
					RedirectUris:           []string{},
					GrantTypes:             []string{"authorization_code", "refresh_token"},
					IssuerUrl:              ptr.String("https://identitycenter.amazonaws.com/ssoins-1"),
					EntitledApplicationArn: ptr.String("arn:aws:sso::1:application/ssoins-1/apl-1"),
				})
			},
			path:     "/client/register",
			wantBody: `{"clientName":"my-cli","clientType":"public","scopes":["sso:account:access"],"redirectUris":[],"grantTypes":["authorization_code","refresh_token"],"issuerUrl":"https://identitycenter.amazonaws.com/ssoins-1","entitledApplicationArn":"arn:aws:sso::1:application/ssoins-1/apl-1"}`,
			respBody: `{"clientId":"cid","clientSecret":"csecret","clientIdIssuedAt":1700000000,"clientSecretExpiresAt":1707776000,"authorizationEndpoint":"https://a","tokenEndpoint":"https://t"}`,
			wantOut: &RegisterClientOutput{
				ClientId: ptr.String("cid"), ClientSecret: ptr.String("csecret"),
				ClientIdIssuedAt: 1700000000, ClientSecretExpiresAt: 1707776000,
				AuthorizationEndpoint: ptr.String("https://a"), TokenEndpoint: ptr.String("https://t"),
			},
		},
		{
			name: "StartDeviceAuthorization",
			call: func(c *Client) (any, error) {
				return c.StartDeviceAuthorization(ctx, &StartDeviceAuthorizationInput{
					ClientId: ptr.String("cid"), ClientSecret: ptr.String("csecret"), StartUrl: ptr.String("https://d-1.awsapps.com/start"),
				})
			},
			path:     "/device_authorization",
			wantBody: `{"clientId":"cid","clientSecret":"csecret","startUrl":"https://d-1.awsapps.com/start"}`,
			respBody: `{"deviceCode":"dc","userCode":"ABCD-EFGH","verificationUri":"https://v","verificationUriComplete":"https://v?user_code=ABCD-EFGH","expiresIn":600,"interval":5}`,
			wantOut: &StartDeviceAuthorizationOutput{
				DeviceCode: ptr.String("dc"), UserCode: ptr.String("ABCD-EFGH"), VerificationUri: ptr.String("https://v"),
				VerificationUriComplete: ptr.String("https://v?user_code=ABCD-EFGH"), ExpiresIn: 600, Interval: 5,
			},
		},
		{
			name: "CreateToken",
			call: func(c *Client) (any, error) {
				return c.CreateToken(ctx, &CreateTokenInput{
					ClientId: ptr.String("cid"), ClientSecret: ptr.String("csecret"),
					GrantType: ptr.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: ptr.String("dc"),
				})
			},
			path:     "/token",
			wantBody: `{"clientId":"cid","clientSecret":"csecret","grantType":"urn:ietf:params:oauth:grant-type:device_code","deviceCode":"dc"}`,
			respBody: `{"accessToken":"at","tokenType":"Bearer","expiresIn":28800,"refreshToken":"rt","idToken":"it"}`,
			wantOut: &CreateTokenOutput{
				AccessToken: ptr.String("at"), TokenType: ptr.String("Bearer"), ExpiresIn: 28800,
				RefreshToken: ptr.String("rt"), IdToken: ptr.String("it"),
			},
		},
		{
			name: "CreateTokenWithIAM",
			call: func(c *Client) (any, error) {
				return c.CreateTokenWithIAM(ctx, &CreateTokenWithIAMInput{
					ClientId: ptr.String("arn:aws:sso::1:application/ssoins-1/apl-1"), GrantType: ptr.String("urn:ietf:params:oauth:grant-type:jwt-bearer"),
					Assertion: ptr.String("jwt"), Scope: []string{"openid"},
				})
			},
			path:     "/token",
			query:    "aws_iam=t",
			signed:   true,
			wantBody: `{"clientId":"arn:aws:sso::1:application/ssoins-1/apl-1","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"jwt","scope":["openid"]}`,
			respBody: `{"accessToken":"at","tokenType":"Bearer","expiresIn":3600,"refreshToken":"rt","idToken":"it","issuedTokenType":"urn:ietf:params:oauth:token-type:refresh_token","scope":["openid","aws"],"awsAdditionalDetails":{"identityContext":"ctx"}}`,
			wantOut: &CreateTokenWithIAMOutput{
				AccessToken: ptr.String("at"), TokenType: ptr.String("Bearer"), ExpiresIn: 3600, RefreshToken: ptr.String("rt"),
				IdToken: ptr.String("it"), IssuedTokenType: ptr.String("urn:ietf:params:oauth:token-type:refresh_token"),
				Scope: []string{"openid", "aws"}, AwsAdditionalDetails: &types.AwsAdditionalDetails{IdentityContext: ptr.String("ctx")},
			},
		},
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			c := setup(t, recordAndAnswer(&rec, 200, map[string]string{"x-amzn-RequestId": "req-1", "Content-Type": "application/json"}, tc.respBody))
			out, err := tc.call(c)
			require.NoError(t, err)

			assert.Equal(t, "POST", rec.method)
			assert.Equal(t, tc.path, rec.path)
			assert.Equal(t, tc.query, rec.query)
			assert.JSONEq(t, tc.wantBody, rec.body)
			assert.Equal(t, tc.wantBody, rec.body, "exact bytes, members in model order")
			assert.Equal(t, "application/json", rec.header.Get("Content-Type"))
			assert.Regexp(t, `^ssooidc-go/`+regexp.QuoteMeta(Version)+` os/\S+ lang/go#\S+ md/GOARCH#\S+$`, rec.header.Get("User-Agent"))
			assert.Regexp(t, uuid, rec.header.Get("Amz-Sdk-Invocation-Id"))
			assert.Equal(t, "attempt=1; max=1", rec.header.Get("Amz-Sdk-Request"))
			if tc.signed {
				assert.Regexp(t, `^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/us-east-1/sso-oauth/aws4_request, SignedHeaders=\S*host\S*, Signature=[0-9a-f]{64}$`, rec.header.Get("Authorization"))
				assert.Regexp(t, `^\d{8}T\d{6}Z$`, rec.header.Get("X-Amz-Date"))
				assert.Equal(t, "SESSIONTOKENEXAMPLE", rec.header.Get("X-Amz-Security-Token"))
			} else {
				for _, h := range []string{"Authorization", "X-Amz-Security-Token", "X-Amz-Date"} {
					assert.Empty(t, rec.header.Values(h), "unsigned operation sent %s", h)
				}
			}
			if diff := cmp.Diff(tc.wantOut, out, cmpopts.IgnoreTypes(Metadata{})); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			meta := reflectMetadata(out)
			assert.Equal(t, Metadata{RequestID: "req-1", HTTPStatusCode: 200, Attempts: 1}, meta)
		})
	}
}

func reflectMetadata(out any) Metadata {
	switch o := out.(type) {
	case *RegisterClientOutput:
		return o.ResultMetadata
	case *StartDeviceAuthorizationOutput:
		return o.ResultMetadata
	case *CreateTokenOutput:
		return o.ResultMetadata
	case *CreateTokenWithIAMOutput:
		return o.ResultMetadata
	}
	return Metadata{}
}

func TestModeledErrors(t *testing.T) {
	cases := []struct {
		code   string
		status int
		body   string
		want   error
		msg    string
	}{
		{"AccessDeniedException", 400, `{"error":"access_denied","error_description":"no","reason":"KMS_AccessDeniedException"}`,
			&types.AccessDeniedException{Error_: ptr.String("access_denied"), Error_description: ptr.String("no"), Reason: types.AccessDeniedExceptionReasonKmsAccessDenied}, "no"},
		{"AuthorizationPendingException", 400, `{"error":"authorization_pending","error_description":"waiting"}`,
			&types.AuthorizationPendingException{Error_: ptr.String("authorization_pending"), Error_description: ptr.String("waiting")}, "waiting"},
		{"ExpiredTokenException", 400, `{"error":"expired_token"}`, &types.ExpiredTokenException{Error_: ptr.String("expired_token")}, "expired_token"},
		{"InternalServerException", 500, `{"error":"server_error","error_description":"boom"}`,
			&types.InternalServerException{Error_: ptr.String("server_error"), Error_description: ptr.String("boom")}, "boom"},
		{"InvalidClientException", 401, `{"error":"invalid_client","error_description":"bad client"}`,
			&types.InvalidClientException{Error_: ptr.String("invalid_client"), Error_description: ptr.String("bad client")}, "bad client"},
		{"InvalidClientMetadataException", 400, `{"error":"invalid_client_metadata","message":"m"}`,
			&types.InvalidClientMetadataException{Error_: ptr.String("invalid_client_metadata"), Message: ptr.String("m")}, "m"},
		{"InvalidGrantException", 400, `{"error":"invalid_grant","error_description":"used"}`,
			&types.InvalidGrantException{Error_: ptr.String("invalid_grant"), Error_description: ptr.String("used")}, "used"},
		{"InvalidRedirectUriException", 400, `{"error":"invalid_redirect_uri","error_description":"d"}`,
			&types.InvalidRedirectUriException{Error_: ptr.String("invalid_redirect_uri"), Error_description: ptr.String("d")}, "d"},
		{"InvalidRequestException", 400, `{"error":"invalid_request","error_description":"d","reason":"KMS_DisabledException"}`,
			&types.InvalidRequestException{Error_: ptr.String("invalid_request"), Error_description: ptr.String("d"), Reason: types.InvalidRequestExceptionReasonKmsDisabledKey}, "d"},
		{"InvalidRequestRegionException", 400, `{"error":"invalid_request","error_description":"d","endpoint":"https://oidc.eu-west-1.amazonaws.com","region":"eu-west-1"}`,
			&types.InvalidRequestRegionException{Error_: ptr.String("invalid_request"), Error_description: ptr.String("d"), Endpoint: ptr.String("https://oidc.eu-west-1.amazonaws.com"), Region: ptr.String("eu-west-1")}, "d"},
		{"InvalidScopeException", 400, `{"error":"invalid_scope","error_description":"d"}`,
			&types.InvalidScopeException{Error_: ptr.String("invalid_scope"), Error_description: ptr.String("d")}, "d"},
		{"SlowDownException", 400, `{"error":"slow_down","error_description":"d"}`,
			&types.SlowDownException{Error_: ptr.String("slow_down"), Error_description: ptr.String("d")}, "d"},
		{"UnauthorizedClientException", 400, `{"error":"unauthorized_client","error_description":"d"}`,
			&types.UnauthorizedClientException{Error_: ptr.String("unauthorized_client"), Error_description: ptr.String("d")}, "d"},
		{"UnsupportedGrantTypeException", 400, `{"error":"unsupported_grant_type","error_description":"d"}`,
			&types.UnsupportedGrantTypeException{Error_: ptr.String("unsupported_grant_type"), Error_description: ptr.String("d")}, "d"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			var rec recorded
			c := setup(t, recordAndAnswer(&rec, tc.status, map[string]string{"X-Amzn-ErrorType": tc.code + ":http://internal.amazon.com/", "x-amzn-RequestId": "rid"}, tc.body))
			_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
			require.Error(t, err)

			target := reflect0(tc.want)
			require.True(t, errors.As(err, target), "errors.As(%T) on %v", tc.want, err)
			got := derefErr(target)
			assert.Equal(t, tc.want, got)

			var ae smithy.APIError
			require.True(t, errors.As(err, &ae))
			assert.Equal(t, tc.code, ae.ErrorCode())
			assert.Equal(t, tc.msg, ae.ErrorMessage())
			var oe *smithy.OperationError
			require.True(t, errors.As(err, &oe))
			assert.Equal(t, "CreateTokenWithIAM", oe.Operation())
			var re *ResponseError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, tc.status, re.HTTPStatusCode())
			assert.Equal(t, "rid", re.ServiceRequestID())
			assert.Contains(t, err.Error(), tc.code)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

// reflect0 returns a pointer to a nil pointer of err's type, for errors.As.
func reflect0(err error) any {
	switch err.(type) {
	case *types.AccessDeniedException:
		return new(*types.AccessDeniedException)
	case *types.AuthorizationPendingException:
		return new(*types.AuthorizationPendingException)
	case *types.ExpiredTokenException:
		return new(*types.ExpiredTokenException)
	case *types.InternalServerException:
		return new(*types.InternalServerException)
	case *types.InvalidClientException:
		return new(*types.InvalidClientException)
	case *types.InvalidClientMetadataException:
		return new(*types.InvalidClientMetadataException)
	case *types.InvalidGrantException:
		return new(*types.InvalidGrantException)
	case *types.InvalidRedirectUriException:
		return new(*types.InvalidRedirectUriException)
	case *types.InvalidRequestException:
		return new(*types.InvalidRequestException)
	case *types.InvalidRequestRegionException:
		return new(*types.InvalidRequestRegionException)
	case *types.InvalidScopeException:
		return new(*types.InvalidScopeException)
	case *types.SlowDownException:
		return new(*types.SlowDownException)
	case *types.UnauthorizedClientException:
		return new(*types.UnauthorizedClientException)
	case *types.UnsupportedGrantTypeException:
		return new(*types.UnsupportedGrantTypeException)
	}
	panic(fmt.Sprintf("unhandled %T", err))
}

func derefErr(p any) error {
	switch v := p.(type) {
	case **types.AccessDeniedException:
		return *v
	case **types.AuthorizationPendingException:
		return *v
	case **types.ExpiredTokenException:
		return *v
	case **types.InternalServerException:
		return *v
	case **types.InvalidClientException:
		return *v
	case **types.InvalidClientMetadataException:
		return *v
	case **types.InvalidGrantException:
		return *v
	case **types.InvalidRedirectUriException:
		return *v
	case **types.InvalidRequestException:
		return *v
	case **types.InvalidRequestRegionException:
		return *v
	case **types.InvalidScopeException:
		return *v
	case **types.SlowDownException:
		return *v
	case **types.UnauthorizedClientException:
		return *v
	case **types.UnsupportedGrantTypeException:
		return *v
	}
	panic(fmt.Sprintf("unhandled %T", p))
}

func validIAMInput() *CreateTokenWithIAMInput {
	return &CreateTokenWithIAMInput{ClientId: ptr.String("arn:app"), GrantType: ptr.String("refresh_token"), RefreshToken: ptr.String("rt")}
}

func TestErrorCodeSources(t *testing.T) {
	cases := []struct {
		name     string
		header   string
		body     string
		status   int
		wantCode string
		wantMsg  string
		generic  bool
	}{
		{"header wins over body", "SlowDownException", `{"code":"InvalidGrantException","__type":"ExpiredTokenException"}`, 400, "SlowDownException", "", false},
		{"body code", "", `{"code":"InvalidGrantException","__type":"ExpiredTokenException","error_description":"d"}`, 400, "InvalidGrantException", "d", false},
		{"__type with namespace", "", `{"__type":"com.amazonaws.ssooidc#ExpiredTokenException","message":"m"}`, 400, "ExpiredTokenException", "m", false},
		{"header with namespace and suffix", "aws.sso#AccessDeniedException:http://x/y", `{}`, 400, "AccessDeniedException", "", false},
		{"capitalised Message", "InvalidScopeException", `{"Message":"cap"}`, 400, "InvalidScopeException", "cap", false},
		{"OAuth error only", "", `{"error":"authorization_pending","error_description":"wait"}`, 400, "AuthorizationPendingException", "wait", false},
		{"unknown code", "ThrottlingException", `{"message":"slow"}`, 429, "ThrottlingException", "slow", true},
		{"no code, empty body", "", ``, 503, "UnknownError", "the service returned HTTP 503 (Service Unavailable) without an error code", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			h := map[string]string{}
			if tc.header != "" {
				h["X-Amzn-Errortype"] = tc.header
			}
			c := setup(t, recordAndAnswer(&rec, tc.status, h, tc.body))
			_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
			var ae smithy.APIError
			require.True(t, errors.As(err, &ae), "%v", err)
			assert.Equal(t, tc.wantCode, ae.ErrorCode())
			assert.Equal(t, tc.wantMsg, ae.ErrorMessage())
			var g *smithy.GenericAPIError
			assert.Equal(t, tc.generic, errors.As(err, &g))
			var re *ResponseError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, tc.status, re.HTTPStatusCode())
		})
	}
}

func TestBadResponses(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		want       string
	}{
		{"truncated", `{"accessToken":"abc`, 200, "deserialization failed"},
		{"not an object", `[1,2]`, 200, "deserialization failed"},
		{"int32 overflow", `{"expiresIn":3000000000}`, 200, "expiresIn"},
		{"wrong type", `{"expiresIn":"soon"}`, 200, "expiresIn"},
		{"html error page", `<html>bad gateway</html>`, 502, "HTTP 502"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			c := setup(t, recordAndAnswer(&rec, tc.status, nil, tc.body))
			_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var de *smithy.DeserializationError
			assert.True(t, errors.As(err, &de), "want a DeserializationError, got %v", err)
			var re *ResponseError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, tc.status, re.HTTPStatusCode())
		})
	}
}

func TestAnonymousAndMissingCredentials(t *testing.T) {
	var sent atomic.Int32
	h := func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Write([]byte(`{}`))
	}
	for name, creds := range map[string]CredentialsProvider{
		"anonymous": AnonymousCredentials{},
		"none":      nil,
		"empty":     NewStaticCredentialsProvider("", "", ""),
	} {
		t.Run(name, func(t *testing.T) {
			sent.Store(0)
			c := setup(t, h, func(o *Options) { o.Credentials = creds })
			_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "credentials")
			if name == "anonymous" {
				assert.ErrorIs(t, err, ErrAnonymousCredentials)
			}
			assert.Zero(t, sent.Load(), "a request was sent")
			// The unsigned operations work without credentials.
			_, err = c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
			require.NoError(t, err)
		})
	}
}

func TestEndpointResolution(t *testing.T) {
	t.Run("base endpoint with FIPS is the modeled error", func(t *testing.T) {
		c := New(Options{Region: "us-east-1", BaseEndpoint: ptr.String("http://127.0.0.1:1"), UseFIPS: true, HTTPClient: refuseAll{t}})
		_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Invalid Configuration: FIPS and custom endpoint are not supported")
	})
	t.Run("base endpoint with dual-stack is the modeled error", func(t *testing.T) {
		c := New(Options{Region: "us-east-1", BaseEndpoint: ptr.String("http://127.0.0.1:1"), UseDualStack: true, HTTPClient: refuseAll{t}})
		_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Invalid Configuration: Dualstack and custom endpoint are not supported")
	})
	t.Run("region endpoint", func(t *testing.T) {
		var got string
		c := New(Options{Region: "eu-west-1", UseFIPS: false, HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String() + " host=" + r.Host
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
		})})
		_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
		require.NoError(t, err)
		assert.Equal(t, "https://oidc.eu-west-1.amazonaws.com/token host=oidc.eu-west-1.amazonaws.com", got)
	})
	t.Run("per-call region override", func(t *testing.T) {
		var got string
		c := New(Options{Region: "eu-west-1", HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
		})})
		_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")},
			func(o *Options) { o.Region = "ap-southeast-2"; o.UseFIPS = true })
		require.NoError(t, err)
		assert.Equal(t, "https://oidc-fips.ap-southeast-2.amazonaws.com/token", got)
		assert.Equal(t, "eu-west-1", c.Options().Region, "per-call options must not change the client")
	})
	t.Run("invalid region fails before sending", func(t *testing.T) {
		for _, region := range []string{"us east 1", "evil.com#", "us-east-1@evil.com", "127.0.0.1:47111/"} {
			c := New(Options{Region: region, HTTPClient: refuseAll{t}})
			_, err := c.CreateToken(context.Background(), tokenInput())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "region", region)
			assert.Contains(t, err.Error(), "not a valid AWS Region", region)
			assert.NotContains(t, err.Error(), "URL", region)
		}
	})
	t.Run("an app ID no header can carry fails before sending", func(t *testing.T) {
		// net/http would refuse the User-Agent header, and the refusal,
		// a failure to send, would be retried.
		c := New(Options{Region: "us-east-1", AppID: "app\r\nX-Injected: 1", HTTPClient: refuseAll{t}})
		_, err := c.CreateToken(context.Background(), tokenInput())
		assert.ErrorContains(t, err, `Options.AppID "app\r\nX-Injected: 1" holds a control character, which the User-Agent header cannot carry`)
		var se *RequestSendError
		assert.False(t, errors.As(err, &se))
		_, err = New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}}).CreateToken(context.Background(), tokenInput(), func(o *Options) { o.AppID = "\x7f" })
		assert.ErrorContains(t, err, "Options.AppID")
	})
	t.Run("a bad base endpoint is quoted without its password", func(t *testing.T) {
		c := New(Options{Region: "us-east-1", BaseEndpoint: ptr.String("htp://user:pa55word@127.0.0.1:1"), HTTPClient: refuseAll{t}})
		_, err := c.CreateToken(context.Background(), tokenInput())
		require.Error(t, err)
		assert.Contains(t, err.Error(), `"htp://user:xxxxx@127.0.0.1:1" is not an http or https URL`)
		assert.NotContains(t, err.Error(), "pa55word")
	})
	t.Run("base endpoint with a path prefix", func(t *testing.T) {
		var rec recorded
		srv := newLocalServer(t, recordAndAnswer(&rec, 200, nil, `{}`))
		c := New(Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL + "/prefix/"), HTTPClient: srv.Client()})
		_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput(), func(o *Options) { o.Credentials = NewStaticCredentialsProvider("a", "b", "") })
		require.NoError(t, err)
		assert.Equal(t, "/prefix/token", rec.path)
		assert.Equal(t, "aws_iam=t", rec.query)
	})
}

func TestNilInputAndNilContext(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}})
	_, err := c.CreateToken(context.Background(), nil)
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	for _, f := range []string{"ClientId", "ClientSecret", "GrantType"} {
		assert.Contains(t, err.Error(), f)
	}

	// A nil context with a valid input goes all the way: the call is sent
	// with context.Background, unsigned and signed.
	var sent atomic.Int32
	c = setup(t, func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Write([]byte(`{}`))
	})
	//lint:ignore SA1012 a nil context must not panic
	_, err = c.RegisterClient(nil, &RegisterClientInput{ClientName: ptr.String("n"), ClientType: ptr.String("public")}) //nolint:staticcheck
	require.NoError(t, err)
	//lint:ignore SA1012 a nil context must not panic
	_, err = c.CreateTokenWithIAM(nil, validIAMInput()) //nolint:staticcheck
	require.NoError(t, err)
	assert.EqualValues(t, 2, sent.Load())
}

// TestUnknownRetryMode: New cannot fail, so every call of a client (or
// with per-call options) naming an unknown mode fails before sending, as
// LoadConfig would.
func TestUnknownRetryMode(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}, RetryMode: "fast"})
	_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Options.RetryMode: retry mode "fast" is not "standard" or "adaptive"`)
	var oe *smithy.OperationError
	require.ErrorAs(t, err, &oe)

	c = New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}})
	_, err = c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")},
		func(o *Options) { o.RetryMode = "Adaptiv" })
	require.ErrorContains(t, err, `retry mode "Adaptiv"`)

	// The modes LoadConfig accepts work, in any case.
	for _, m := range []RetryMode{"", RetryModeStandard, RetryModeAdaptive, "Adaptive"} {
		c := setup(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) }, func(o *Options) { o.RetryMode = m })
		_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
		require.NoError(t, err, "mode %q", m)
		_, ok := c.calls.Base().Retryer.(*retry.Standard)
		require.True(t, ok)
		assert.Equal(t, strings.EqualFold(string(m), "adaptive"), c.calls.Base().Retryer.(*retry.Standard).Limiter != nil, "mode %q", m)
	}
}

func TestHooks(t *testing.T) {
	var rec recorded
	var seen []string
	c := setup(t, recordAndAnswer(&rec, 200, map[string]string{"X-Amzn-Requestid": "r"}, `{}`), func(o *Options) {
		o.BeforeSend = func(r *http.Request) error {
			seen = append(seen, "send "+r.URL.Path)
			r.Header.Set("X-Extra", "1")
			return nil
		}
		o.AfterReceive = func(r *http.Response) error {
			seen = append(seen, "recv "+r.Header.Get("X-Amzn-Requestid"))
			return nil
		}
	})
	_, err := c.StartDeviceAuthorization(context.Background(), &StartDeviceAuthorizationInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), StartUrl: ptr.String("u")})
	require.NoError(t, err)
	assert.Equal(t, []string{"send /device_authorization", "recv r"}, seen)
	assert.Equal(t, "1", rec.header.Get("X-Extra"))

	stop := errors.New("stop")
	_, err = c.StartDeviceAuthorization(context.Background(), &StartDeviceAuthorizationInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), StartUrl: ptr.String("u")},
		func(o *Options) { o.BeforeSend = func(*http.Request) error { return stop } })
	assert.ErrorIs(t, err, stop)
}

// TestRequestIsJSONForAnyString sends hostile strings and checks the server
// receives valid JSON holding exactly what encoding/json would make of them.
func TestRequestIsJSONForAnyString(t *testing.T) {
	for _, s := range []string{"\"quoted\"", "back\\slash", "\x00\x01\x1f\x7f", "line\u2028sep\u2029", "bad\xff\xfeutf8", "日本語", "</script>"} {
		var rec recorded
		c := setup(t, recordAndAnswer(&rec, 200, nil, `{}`))
		_, err := c.RegisterClient(context.Background(), &RegisterClientInput{ClientName: ptr.String(s), ClientType: ptr.String("public"), Scopes: []string{s}})
		require.NoError(t, err)
		require.True(t, json.Valid([]byte(rec.body)), "invalid JSON for %q: %s", s, rec.body)
		var got struct {
			ClientName string   `json:"clientName"`
			Scopes     []string `json:"scopes"`
		}
		require.NoError(t, json.Unmarshal([]byte(rec.body), &got))
		want, _ := json.Marshal(s)
		var wantS string
		_ = json.Unmarshal(want, &wantS)
		assert.Equal(t, wantS, got.ClientName)
		assert.Equal(t, []string{wantS}, got.Scopes)
	}
}
