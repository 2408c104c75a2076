package ssooidctest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// fakeClock is an injectable clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// newClock starts at the real time, so that SigV4 signatures, which clients
// date with their own clock, still verify.
func newClock() *fakeClock { return &fakeClock{now: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// start starts an emulator for one test and returns it with an SDK client
// that makes one attempt per call.
func start(t *testing.T, opts ssooidctest.Options) (*ssooidctest.Server, *ssooidc.Client) {
	t.Helper()
	srv := ssooidctest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv, srv.Client(func(o *ssooidc.Options) { o.RetryMaxAttempts = 1 })
}

// startClock is start with a fake clock.
func startClock(t *testing.T, opts ssooidctest.Options) (*ssooidctest.Server, *ssooidc.Client, *fakeClock) {
	t.Helper()
	clk := newClock()
	opts.Now = clk.Now
	srv, svc := start(t, opts)
	return srv, svc, clk
}

// wantAPIError checks that err is the service error code, with the HTTP
// status, the OAuth error member (for modeled errors) and a request ID.
func wantAPIError(t *testing.T, err error, code string, status int, oauth string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("got error code %s (%v), want %s", ae.ErrorCode(), err, code)
	}
	var re *ssooidc.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("got %T, want a *ssooidc.ResponseError in the chain", err)
	}
	if re.StatusCode != status {
		t.Errorf("%s: got HTTP %d, want %d", code, re.StatusCode, status)
	}
	if re.RequestID == "" {
		t.Errorf("%s: no x-amzn-requestid", code)
	}
	if oauth != "" {
		if got := oauthError(ae); got != oauth {
			t.Errorf("%s: got error member %q, want %q", code, got, oauth)
		}
	}
	if ae.ErrorMessage() == "" {
		t.Errorf("%s: no error_description or message", code)
	}
}

// oauthError reads the Error_ member that every modeled error type has.
func oauthError(ae smithy.APIError) string {
	v := reflect.ValueOf(ae)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return ""
	}
	f := v.Elem().FieldByName("Error_")
	if !f.IsValid() || f.IsNil() {
		return ""
	}
	return f.Elem().String()
}

// register registers a client through the SDK.
func register(t *testing.T, svc *ssooidc.Client, in *ssooidc.RegisterClientInput) *ssooidc.RegisterClientOutput {
	t.Helper()
	if in.ClientName == nil {
		in.ClientName = ptr.String("test-client")
	}
	if in.ClientType == nil {
		in.ClientType = ptr.String("public")
	}
	out, err := svc.RegisterClient(t.Context(), in)
	if err != nil {
		t.Fatalf("RegisterClient: %v", err)
	}
	return out
}

// startDevice registers a client (with scopes, unless given in) and starts a
// device authorization.
func startDevice(t *testing.T, svc *ssooidc.Client, in *ssooidc.RegisterClientInput) (*ssooidc.RegisterClientOutput, *ssooidc.StartDeviceAuthorizationOutput) {
	t.Helper()
	if in == nil {
		in = &ssooidc.RegisterClientInput{Scopes: []string{"sso:account:access"}}
	}
	reg := register(t, svc, in)
	dev, err := svc.StartDeviceAuthorization(t.Context(), &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start"),
	})
	if err != nil {
		t.Fatalf("StartDeviceAuthorization: %v", err)
	}
	return reg, dev
}

func poll(t *testing.T, svc *ssooidc.Client, reg *ssooidc.RegisterClientOutput, deviceCode *string) (*ssooidc.CreateTokenOutput, error) {
	t.Helper()
	return svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: deviceCode,
	})
}

// rawResponse is a response read whole.
type rawResponse struct {
	status int
	header http.Header
	body   map[string]any
	text   string
}

// rawPost sends body to path with the given headers (name, value pairs;
// Content-Type application/json unless given).
func rawPost(t *testing.T, srv *ssooidctest.Server, path, body string, headers ...string) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := rawResponse{status: resp.StatusCode, header: resp.Header, text: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r.body); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, b)
		}
	}
	return r
}

// noRedirect is an HTTP client that shows redirects instead of following
// them, as a test of /authorize needs.
var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

// get fetches a page.
func get(t *testing.T, rawURL string) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// postForm submits a form.
func postForm(t *testing.T, rawURL string, form url.Values) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}
