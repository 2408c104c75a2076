package portal

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testToken = "aoaAAAAAGV4YW1wbGUtYWNjZXNzLXRva2Vu"

// newLocalServer starts an httptest server on 127.0.0.1 only.
func newLocalServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// setup returns a client pointed at a test server whose handler is h, with
// retries off unless optFns turn them on.
func setup(t *testing.T, h http.HandlerFunc, optFns ...func(*Options)) *Client {
	t.Helper()
	srv := newLocalServer(t, h)
	opts := Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL), HTTPClient: srv.Client(), RetryMaxAttempts: 1}
	return New(opts, optFns...)
}

// recorded is what the test server saw of a request.
type recorded struct {
	method, path string
	query        url.Values
	header       http.Header
	body         string
}

func recordAndAnswer(rec *recorded, status int, header map[string]string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*rec = recorded{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(b)}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestOperations(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name      string
		call      func(c *Client) (any, error)
		method    string
		path      string
		query     url.Values
		respBody  string
		wantOut   any
		wantEmpty bool // a POST without a body says Content-Length: 0
	}{
		{
			name: "GetRoleCredentials",
			call: func(c *Client) (any, error) {
				return c.GetRoleCredentials(ctx, &GetRoleCredentialsInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333"), RoleName: ptr.String("Read Only+")})
			},
			method:   "GET",
			path:     "/federation/credentials",
			query:    url.Values{"role_name": {"Read Only+"}, "account_id": {"111122223333"}},
			respBody: `{"roleCredentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"secret","sessionToken":"session","expiration":1700003600123}}`,
			wantOut: &GetRoleCredentialsOutput{RoleCredentials: &types.RoleCredentials{
				AccessKeyId: ptr.String("ASIAEXAMPLE"), SecretAccessKey: ptr.String("secret"), SessionToken: ptr.String("session"), Expiration: 1700003600123,
			}},
		},
		{
			name: "ListAccounts",
			call: func(c *Client) (any, error) {
				return c.ListAccounts(ctx, &ListAccountsInput{AccessToken: ptr.String(testToken), NextToken: ptr.String("t/1+="), MaxResults: ptr.Int32(50)})
			},
			method:   "GET",
			path:     "/assignment/accounts",
			query:    url.Values{"next_token": {"t/1+="}, "max_result": {"50"}},
			respBody: `{"nextToken":"t2","accountList":[{"accountId":"111122223333","accountName":"Prod","emailAddress":"prod@example.com"},{"accountId":"444455556666"}]}`,
			wantOut: &ListAccountsOutput{NextToken: ptr.String("t2"), AccountList: []types.AccountInfo{
				{AccountId: ptr.String("111122223333"), AccountName: ptr.String("Prod"), EmailAddress: ptr.String("prod@example.com")},
				{AccountId: ptr.String("444455556666")},
			}},
		},
		{
			name: "ListAccounts without paging members",
			call: func(c *Client) (any, error) {
				return c.ListAccounts(ctx, &ListAccountsInput{AccessToken: ptr.String(testToken)})
			},
			method:   "GET",
			path:     "/assignment/accounts",
			query:    url.Values{},
			respBody: `{"accountList":[]}`,
			wantOut:  &ListAccountsOutput{AccountList: []types.AccountInfo{}},
		},
		{
			name: "ListAccountRoles",
			call: func(c *Client) (any, error) {
				return c.ListAccountRoles(ctx, &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333"), MaxResults: ptr.Int32(1)})
			},
			method:   "GET",
			path:     "/assignment/roles",
			query:    url.Values{"account_id": {"111122223333"}, "max_result": {"1"}},
			respBody: `{"roleList":[{"roleName":"ReadOnly","accountId":"111122223333"}]}`,
			wantOut:  &ListAccountRolesOutput{RoleList: []types.RoleInfo{{RoleName: ptr.String("ReadOnly"), AccountId: ptr.String("111122223333")}}},
		},
		{
			name:      "Logout",
			call:      func(c *Client) (any, error) { return c.Logout(ctx, &LogoutInput{AccessToken: ptr.String(testToken)}) },
			method:    "POST",
			path:      "/logout",
			query:     url.Values{},
			respBody:  `{"ignored":true}`,
			wantOut:   &LogoutOutput{},
			wantEmpty: true,
		},
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			c := setup(t, recordAndAnswer(&rec, 200, map[string]string{"x-amzn-RequestId": "req-1", "Content-Type": "application/json"}, tc.respBody))
			out, err := tc.call(c)
			require.NoError(t, err)

			assert.Equal(t, tc.method, rec.method)
			assert.Equal(t, tc.path, rec.path)
			assert.Equal(t, tc.query, rec.query)
			assert.Equal(t, []string{testToken}, rec.header.Values("X-Amz-Sso_bearer_token"))
			assert.Empty(t, rec.body)
			assert.Empty(t, rec.header.Get("Content-Type"), "no body, no content type")
			if tc.wantEmpty {
				assert.Equal(t, "0", rec.header.Get("Content-Length"))
			}
			for _, h := range []string{"Authorization", "X-Amz-Security-Token", "X-Amz-Date"} {
				assert.Empty(t, rec.header.Values(h), "unsigned operation sent %s", h)
			}
			assert.Regexp(t, `^ssooidc-go/`+regexp.QuoteMeta(ssooidc.Version)+` os/\S+ lang/go#\S+ md/GOARCH#\S+$`, rec.header.Get("User-Agent"))
			assert.Regexp(t, uuid, rec.header.Get("Amz-Sdk-Invocation-Id"))
			assert.Equal(t, "attempt=1; max=1", rec.header.Get("Amz-Sdk-Request"))
			if diff := cmp.Diff(tc.wantOut, out, cmpopts.IgnoreTypes(ssooidc.Metadata{})); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			meta := reflectMetadata(out)
			assert.Equal(t, ssooidc.Metadata{RequestID: "req-1", HTTPStatusCode: 200, Attempts: 1}, meta)
		})
	}
}

func reflectMetadata(out any) ssooidc.Metadata {
	switch o := out.(type) {
	case *GetRoleCredentialsOutput:
		return o.ResultMetadata
	case *ListAccountsOutput:
		return o.ResultMetadata
	case *ListAccountRolesOutput:
		return o.ResultMetadata
	case *LogoutOutput:
		return o.ResultMetadata
	}
	return ssooidc.Metadata{}
}

// TestExpirationIsMilliseconds: the service's expiration counts
// milliseconds; ExpiresAt makes a time of it.
func TestExpirationIsMilliseconds(t *testing.T) {
	var rec recorded
	c := setup(t, recordAndAnswer(&rec, 200, nil, `{"roleCredentials":{"accessKeyId":"a","expiration":1700003600123}}`))
	out, err := c.GetRoleCredentials(context.Background(), &GetRoleCredentialsInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("1"), RoleName: ptr.String("r")})
	require.NoError(t, err)
	want := time.Date(2023, time.November, 14, 23, 13, 20, 123e6, time.UTC)
	assert.True(t, out.RoleCredentials.ExpiresAt().Equal(want), "ExpiresAt() = %v, want %v", out.RoleCredentials.ExpiresAt(), want)
	assert.True(t, (&types.RoleCredentials{}).ExpiresAt().IsZero(), "no expiration, no time")
}

// allOperations calls each operation with valid input and returns its error.
var allOperations = []struct {
	name string
	call func(c *Client) error
}{
	{"GetRoleCredentials", func(c *Client) error {
		_, err := c.GetRoleCredentials(context.Background(), &GetRoleCredentialsInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333"), RoleName: ptr.String("Admin")})
		return err
	}},
	{"ListAccounts", func(c *Client) error {
		_, err := c.ListAccounts(context.Background(), &ListAccountsInput{AccessToken: ptr.String(testToken)})
		return err
	}},
	{"ListAccountRoles", func(c *Client) error {
		_, err := c.ListAccountRoles(context.Background(), &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333")})
		return err
	}},
	{"Logout", func(c *Client) error {
		_, err := c.Logout(context.Background(), &LogoutInput{AccessToken: ptr.String(testToken)})
		return err
	}},
}

func TestModeledErrors(t *testing.T) {
	cases := []struct {
		code   string
		status int
		header string // X-Amzn-Errortype; "" puts the code in the body
		body   string
		want   error
	}{
		{"InvalidRequestException", 400, "InvalidRequestException", `{"message":"bad"}`, &types.InvalidRequestException{Message: ptr.String("bad")}},
		{"UnauthorizedException", 401, "UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/",
			`{"message":"Session token not found or invalid"}`, &types.UnauthorizedException{Message: ptr.String("Session token not found or invalid")}},
		{"ResourceNotFoundException", 404, "", `{"__type":"com.amazonaws.switchboard.portal#ResourceNotFoundException","Message":"gone"}`,
			&types.ResourceNotFoundException{Message: ptr.String("gone")}},
		{"TooManyRequestsException", 429, "", `{"code":"TooManyRequestsException","message":"slow"}`, &types.TooManyRequestsException{Message: ptr.String("slow")}},
	}
	for _, op := range allOperations {
		for _, tc := range cases {
			t.Run(op.name+"/"+tc.code, func(t *testing.T) {
				var rec recorded
				h := map[string]string{"x-amzn-RequestId": "rid"}
				if tc.header != "" {
					h["X-Amzn-ErrorType"] = tc.header
				}
				err := op.call(setup(t, recordAndAnswer(&rec, tc.status, h, tc.body)))
				require.Error(t, err)

				var ae smithy.APIError
				require.True(t, errors.As(err, &ae), "%v", err)
				assert.Equal(t, tc.code, ae.ErrorCode())
				assert.Equal(t, tc.want, ae, "the typed error, usable with errors.As")
				var oe *smithy.OperationError
				require.True(t, errors.As(err, &oe))
				assert.Equal(t, op.name, oe.Operation())
				assert.Equal(t, "SSO", oe.Service())
				var re *ssooidc.ResponseError
				require.True(t, errors.As(err, &re))
				assert.Equal(t, tc.status, re.HTTPStatusCode())
				assert.Equal(t, "rid", re.ServiceRequestID())
				assert.Contains(t, err.Error(), tc.code+": "+ae.ErrorMessage())
			})
		}
	}
}

// TestForbidden: GetRoleCredentials for a role that is not assigned to the
// user gets HTTP 403 ForbiddenException "No access", which the model does
// not list: a typed error that names the account and role, not retried.
func TestForbidden(t *testing.T) {
	var n atomic.Int32
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("X-Amzn-ErrorType", "ForbiddenException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/")
		w.WriteHeader(403)
		io.WriteString(w, `{"message":"No access","__type":"com.amazonaws.switchboard.portal#ForbiddenException"}`)
	}, func(o *Options) { o.RetryMaxAttempts = 3; o.RetryMaxBackoff = time.Millisecond })

	_, err := c.GetRoleCredentials(context.Background(), &GetRoleCredentialsInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333"), RoleName: ptr.String("Admin")})
	var fe *types.ForbiddenException
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, &types.ForbiddenException{Message: ptr.String("No access"), AccountId: ptr.String("111122223333"), RoleName: ptr.String("Admin")}, fe)
	assert.Equal(t, "ForbiddenException", fe.ErrorCode())
	assert.Equal(t, smithy.FaultClient, fe.ErrorFault())
	assert.EqualValues(t, 1, n.Load(), "a refusal is not retried")
	assert.Equal(t, `operation error SSO: GetRoleCredentials, https response error StatusCode: 403, RequestID: , `+
		`ForbiddenException: No access: the signed-in user has no access to role "Admin" in account "111122223333" (ListAccountRoles lists the roles the user has)`, err.Error())

	_, err = c.ListAccountRoles(context.Background(), &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("444455556666")})
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, `ForbiddenException: No access: the signed-in user has no access to account "444455556666" (ListAccounts lists the accounts the user has)`, fe.Error())

	_, err = c.ListAccounts(context.Background(), &ListAccountsInput{AccessToken: ptr.String(testToken)})
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "ForbiddenException: No access", fe.Error())
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name         string
		statuses     []int
		code         string
		wantAttempts int32
		wantErr      bool
	}{
		{"503 then 200", []int{503, 200}, "", 2, false},
		{"500 then 200", []int{500, 200}, "", 2, false},
		{"429 TooManyRequests twice then 200", []int{429, 429, 200}, "TooManyRequestsException", 3, false},
		{"502 forever stops at max", []int{502, 502, 502, 502}, "", 3, true},
		{"Unauthorized is never retried", []int{401, 200}, "UnauthorizedException", 1, true},
		{"InvalidRequest is never retried", []int{400, 200}, "InvalidRequestException", 1, true},
		{"ResourceNotFound is never retried", []int{404, 200}, "ResourceNotFoundException", 1, true},
	}
	for _, op := range allOperations {
		for _, tc := range cases {
			t.Run(op.name+"/"+tc.name, func(t *testing.T) {
				var n atomic.Int32
				var attemptHeaders []string
				c := setup(t, func(w http.ResponseWriter, r *http.Request) {
					i := n.Add(1) - 1
					attemptHeaders = append(attemptHeaders, r.Header.Get("Amz-Sdk-Request"))
					if r.Header.Get("X-Amz-Sso_bearer_token") != testToken {
						t.Errorf("attempt %d without the access token", i+1)
					}
					if st := tc.statuses[i]; st != 200 {
						if tc.code != "" {
							w.Header().Set("X-Amzn-Errortype", tc.code)
						}
						w.WriteHeader(st)
						io.WriteString(w, `{"message":"m"}`)
						return
					}
					io.WriteString(w, `{}`)
				}, func(o *Options) { o.RetryMaxAttempts = 3; o.RetryMaxBackoff = time.Millisecond })
				err := op.call(c)
				assert.Equal(t, tc.wantAttempts, n.Load())
				if tc.wantErr {
					require.Error(t, err)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, "attempt=1; max=3", attemptHeaders[0])
				assert.Equal(t, "attempt=2; max=3", attemptHeaders[1])
			})
		}
	}
}

func TestUnknownAndUndecodableErrors(t *testing.T) {
	cases := []struct {
		name, header, body string
		status             int
		want               string
	}{
		{"unknown code", "ThrottlingException", `{"message":"later"}`, 400, "api error ThrottlingException: later"},
		{"no code", "", ``, 418, "api error UnknownError: the service returned HTTP 418 (I'm a teapot) without an error code"},
		{"html error page", "", `<html>bad gateway</html>`, 400, "decode error response (HTTP 400)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			h := map[string]string{}
			if tc.header != "" {
				h["X-Amzn-Errortype"] = tc.header
			}
			err := allOperations[0].call(setup(t, recordAndAnswer(&rec, tc.status, h, tc.body)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var re *ssooidc.ResponseError
			require.True(t, errors.As(err, &re))
			assert.Equal(t, tc.status, re.HTTPStatusCode())
		})
	}
}

func TestBadResponses(t *testing.T) {
	cases := []struct {
		name, body string
		want       string
	}{
		{"truncated", `{"roleCredentials":{"accessKeyId":"abc`, "unexpected end of body"},
		{"expiration with a fraction", `{"roleCredentials":{"expiration":1.5}}`, "roleCredentials.expiration: number 1.5 is not an integer"},
		{"expiration as a string", `{"roleCredentials":{"expiration":"1700003600000"}}`, "roleCredentials.expiration: expected number, found string"},
		{"not an object", `[1,2]`, "expected a JSON object, found array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			err := allOperations[0].call(setup(t, recordAndAnswer(&rec, 200, nil, tc.body)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var de *smithy.DeserializationError
			assert.True(t, errors.As(err, &de), "want a DeserializationError, got %v", err)
		})
	}
}

// TestBadInput: nothing is sent for an input without its required members
// or with an access token no header can carry.
func TestBadInput(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}})
	ctx := context.Background()
	_, err := c.GetRoleCredentials(ctx, nil)
	assert.EqualError(t, err, "operation error SSO: GetRoleCredentials, 3 validation error(s) found.\n"+
		"- missing required field, GetRoleCredentialsInput.AccessToken.\n"+
		"- missing required field, GetRoleCredentialsInput.RoleName.\n"+
		"- missing required field, GetRoleCredentialsInput.AccountId.\n")
	_, err = c.ListAccounts(ctx, nil)
	var ipe smithy.InvalidParamsError
	assert.ErrorAs(t, err, &ipe)
	_, err = c.Logout(ctx, &LogoutInput{AccessToken: ptr.String("SECRET\r\nX-Injected: 1")})
	assert.EqualError(t, err, "operation error SSO: Logout, invalid input LogoutInput: AccessToken holds a control character, which an HTTP header cannot carry and no access token has")
	_, err = New(Options{HTTPClient: refuseAll{t}}).ListAccounts(ctx, &ListAccountsInput{AccessToken: ptr.String(testToken)})
	assert.ErrorContains(t, err, "Invalid Configuration: Missing Region")
	_, err = New(Options{Region: "us-east-1", RetryMode: "fast", HTTPClient: refuseAll{t}}).ListAccounts(ctx, &ListAccountsInput{AccessToken: ptr.String(testToken)})
	assert.ErrorContains(t, err, `Options.RetryMode: retry mode "fast" is not "standard" or "adaptive"`)
	// A Region is part of the host name: one that would send the access
	// token to another host is refused.
	for _, region := range []string{"evil.com#", "us-east-1@evil.com", "127.0.0.1:47111/"} {
		_, err = New(Options{Region: region, HTTPClient: refuseAll{t}}).Logout(ctx, &LogoutInput{AccessToken: ptr.String(testToken)})
		assert.ErrorContains(t, err, "is not a valid AWS Region name", region)
	}
}

// hostRecorder answers 200 {} and records the URL of each request.
type hostRecorder struct{ urls []string }

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) {
	h.urls = append(h.urls, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}"))}, nil
}

func TestEndpoints(t *testing.T) {
	cases := []struct {
		name string
		c    func(h *hostRecorder) *Client
		want string
	}{
		{"region", func(h *hostRecorder) *Client { return New(Options{Region: "eu-west-1", HTTPClient: h}) },
			"https://portal.sso.eu-west-1.amazonaws.com/assignment/accounts"},
		{"FIPS", func(h *hostRecorder) *Client { return New(Options{Region: "us-east-1", UseFIPS: true, HTTPClient: h}) },
			"https://portal.sso-fips.us-east-1.amazonaws.com/assignment/accounts"},
		{"base endpoint with a path", func(h *hostRecorder) *Client {
			return New(Options{Region: "us-east-1", BaseEndpoint: ptr.String("http://127.0.0.1:9/prefix/"), HTTPClient: h})
		}, "http://127.0.0.1:9/prefix/assignment/accounts"},
		{"config: sso_region, not region", func(h *hostRecorder) *Client {
			return NewFromConfig(ssooidc.Config{Region: "eu-west-1", SSO: ssooidc.SSOConfig{Region: "us-east-2"}, HTTPClient: h})
		}, "https://portal.sso.us-east-2.amazonaws.com/assignment/accounts"},
		{"config: region without sso_region", func(h *hostRecorder) *Client {
			return NewFromConfig(ssooidc.Config{Region: "eu-west-1", HTTPClient: h})
		}, "https://portal.sso.eu-west-1.amazonaws.com/assignment/accounts"},
		{"config: the portal's endpoint, not SSO OIDC's", func(h *hostRecorder) *Client {
			return NewFromConfig(ssooidc.Config{Region: "eu-west-1", BaseEndpoint: ptr.String("http://127.0.0.1:1"), PortalEndpoint: ptr.String("http://127.0.0.1:2"), HTTPClient: h})
		}, "http://127.0.0.1:2/assignment/accounts"},
		{"per-call options", func(h *hostRecorder) *Client {
			c := New(Options{Region: "eu-west-1", HTTPClient: h})
			_, _ = c.ListAccounts(context.Background(), &ListAccountsInput{AccessToken: ptr.String(testToken)}, func(o *Options) { o.Region = "ap-south-1" })
			return c
		}, "https://portal.sso.ap-south-1.amazonaws.com/assignment/accounts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := &hostRecorder{}
			c := tc.c(h)
			if len(h.urls) == 0 {
				_, err := c.ListAccounts(context.Background(), &ListAccountsInput{AccessToken: ptr.String(testToken)})
				require.NoError(t, err)
			}
			require.Len(t, h.urls, 1)
			assert.Equal(t, tc.want, h.urls[0])
		})
	}
}

// TestNewFromConfigLoaded: a loaded profile's sso_region and portal
// endpoint reach the client.
func TestNewFromConfigLoaded(t *testing.T) {
	var rec recorded
	srv := newLocalServer(t, recordAndAnswer(&rec, 200, nil, `{"roleList":[]}`))
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "AWS_") {
			t.Setenv(k, "")
		}
	}
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	config := dir + "/config"
	require.NoError(t, writeFile(config, "[profile dev]\nregion = eu-west-1\nsso_region = us-east-2\nsso_start_url = https://d-1.awsapps.com/start\n"+
		"services = local\n[services local]\nsso =\n  endpoint_url = "+srv.URL+"\n"))
	t.Setenv("AWS_CONFIG_FILE", config)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	cfg, err := ssooidc.LoadConfig(context.Background(), ssooidc.WithProfile("dev"))
	require.NoError(t, err)
	_, err = NewFromConfig(cfg).ListAccountRoles(context.Background(), &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("1")})
	require.NoError(t, err)
	assert.Equal(t, "/assignment/roles", rec.path)
}

func writeFile(name, content string) error { return os.WriteFile(name, []byte(content), 0o600) }
