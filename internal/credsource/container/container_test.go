package container

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/testutil"
)

func TestMain(m *testing.M) { testutil.VerifyNoLeaks(m) }

const (
	akid      = "AKIDCONTAINER0000001"
	secret    = "container-SECRET-access-key-0123456789"
	session   = "container-SESSION-token-abcdefghijklmn"
	authToken = "container-AUTH-token-qrstuvwxyz"
)

var secrets = []string{secret, session, authToken}

var okBody = fmt.Sprintf(`{"AccessKeyId":%q,"SecretAccessKey":%q,"Token":%q,"Expiration":"2030-01-02T03:04:05Z","AccountId":"123456789012"}`,
	akid, secret, session)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// agent is a fake credential endpoint on 127.0.0.1 that answers with the
// given responses in turn (the last one repeats) and records requests.
type agent struct {
	url   string
	calls atomic.Int32
	auth  atomic.Value // last Authorization header
}

type reply struct {
	status int
	body   string
	stall  bool // hold the request until the client gives up
}

func newAgent(t *testing.T, replies ...reply) *agent {
	a := &agent{}
	srv := testutil.Server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(a.calls.Add(1)) - 1
		a.auth.Store(r.Header.Get("Authorization"))
		rp := replies[min(n, len(replies)-1)]
		if rp.stall {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rp.status)
		io.WriteString(w, rp.body)
	}))
	a.url = srv.URL + "/v1/credentials"
	return a
}

func (a *agent) lastAuth() string { s, _ := a.auth.Load().(string); return s }

// newProvider returns a Provider with a 1ms retry delay, then applies tweaks.
func newProvider(t *testing.T, vars map[string]string, o Options, tweaks ...func(*Provider)) *Provider {
	o.Getenv = env(vars)
	if o.HTTPClient == nil {
		o.HTTPClient = testutil.Client(t)
	}
	if o.LookupHost == nil {
		o.LookupHost = func(context.Context, string) ([]string, error) {
			t.Error("unexpected DNS lookup")
			return nil, errors.New("no DNS in tests")
		}
	}
	p := New(o)
	p.retryDelay = time.Millisecond
	for _, f := range tweaks {
		f(p)
	}
	return p
}

func TestRetrieveSuccess(t *testing.T) {
	a := newAgent(t, reply{status: 200, body: okBody})
	p := newProvider(t, map[string]string{EnvFullURI: a.url, EnvAuthToken: authToken}, Options{})
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, credsource.Credentials{
		AccessKeyID: akid, SecretAccessKey: secret, SessionToken: session,
		Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true,
	}, c)
	assert.Equal(t, authToken, a.lastAuth())
}

func TestRetrieveStaticCredentials(t *testing.T) {
	a := newAgent(t, reply{status: 200, body: `{"AccessKeyId":"A","SecretAccessKey":"S"}`})
	c, err := newProvider(t, map[string]string{EnvFullURI: a.url}, Options{}).Retrieve(context.Background())
	require.NoError(t, err)
	assert.False(t, c.CanExpire)
	assert.Equal(t, "", c.SessionToken)
	assert.Equal(t, "", a.lastAuth(), "no token configured, no header")
}

func TestTokenFileWinsAndIsReread(t *testing.T) {
	a := newAgent(t, reply{status: 200, body: okBody})
	file := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(file, []byte("from-file-1"), 0o600))
	p := newProvider(t, map[string]string{EnvFullURI: a.url, EnvAuthToken: authToken, EnvAuthTokenFile: file}, Options{})

	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "from-file-1", a.lastAuth())

	// The agent rotates the file; the next call sends the new token.
	require.NoError(t, os.WriteFile(file, []byte("from-file-2"), 0o600))
	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "from-file-2", a.lastAuth())
}

func TestTokenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, []byte(content), 0o600))
		return f
	}
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"LF in env", map[string]string{EnvAuthToken: authToken + "\nX-Evil: 1"}, "from AWS_CONTAINER_AUTHORIZATION_TOKEN contains a CR or LF"},
		{"CR in env", map[string]string{EnvAuthToken: authToken + "\r"}, "contains a CR or LF"},
		{"trailing newline in file", map[string]string{EnvAuthTokenFile: write("nl", authToken+"\n")}, "from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"},
		{"NUL in env", map[string]string{EnvAuthToken: authToken + "\x00"}, "contains a control character"},
		{"missing file", map[string]string{EnvAuthTokenFile: filepath.Join(dir, "absent")}, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"},
		{"huge file", map[string]string{EnvAuthTokenFile: write("big", strings.Repeat("t", maxTokenFile+1))}, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAgent(t, reply{status: 200, body: okBody})
			tt.vars[EnvFullURI] = a.url
			_, err := newProvider(t, tt.vars, Options{}).Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "container credentials")
			testutil.NoSecrets(t, err, secrets...)
			assert.Zero(t, a.calls.Load(), "no request with a bad token")
		})
	}
}

func TestNotConfigured(t *testing.T) {
	p := newProvider(t, map[string]string{EnvAuthToken: authToken}, Options{})
	_, err := p.Retrieve(context.Background())
	assert.Contains(t, err.Error(), EnvRelativeURI)
	assert.Contains(t, err.Error(), EnvFullURI)
}

// fakeTransport answers every request itself, so host checks can be tested
// for link-local and remote addresses without any network.
func fakeTransport(t *testing.T, seen *[]string) *http.Client {
	return &http.Client{Transport: testutil.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		*seen = append(*seen, r.URL.String())
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(okBody)), Header: http.Header{}, Request: r}, nil
	})}
}

func TestRelativeURI(t *testing.T) {
	var seen []string
	p := newProvider(t, map[string]string{
		EnvRelativeURI: "/v2/credentials/1234-abcd?x=1",
		EnvFullURI:     "http://127.0.0.1:9/ignored", // relative wins
	}, Options{HTTPClient: fakeTransport(t, &seen)})
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"http://169.254.170.2/v2/credentials/1234-abcd?x=1"}, seen)

	p = newProvider(t, map[string]string{EnvRelativeURI: "v2/credentials"}, Options{HTTPClient: fakeTransport(t, &seen)})
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must be a path starting with "/"`)
}

func TestFullURIHostRules(t *testing.T) {
	lookup := map[string][]string{
		"localhost":           {"127.0.0.1", "::1"},
		"agent.internal":      {"169.254.170.23"},
		"mixed.example":       {"127.0.0.1", "10.0.0.1"},
		"public.example":      {"93.184.216.34"},
		"empty.example":       {},
		"weird.example":       {"not-an-ip"},
		"mapped.example":      {"::ffff:127.0.0.1"},
		"eks6.example":        {"fd00:ec2::23"},
		"nearly-eks6.example": {"fd00:ec2::24"},
	}
	tests := []struct {
		url     string
		allowed bool
		want    string // part of the error when not allowed
	}{
		{"http://127.0.0.1:8080/creds", true, ""},
		{"http://127.200.1.1/creds", true, ""},
		{"http://[::1]:8080/creds", true, ""},
		{"http://169.254.170.2/v2/creds", true, ""},
		{"http://169.254.170.23/v1/credentials", true, ""},
		{"http://[fd00:ec2::23]/v1/credentials", true, ""},
		{"http://localhost:1234/creds", true, ""},
		{"http://agent.internal/creds", true, ""},
		{"http://mapped.example/creds", true, ""},
		{"http://eks6.example/creds", true, ""},
		{"https://public.example/creds", true, ""},
		{"https://8.8.8.8/creds", true, ""},
		{"http://8.8.8.8/creds", false, `host "8.8.8.8" is not allowed over http`},
		{"http://10.0.0.1/creds", false, "not allowed over http"},
		{"http://169.254.169.254/latest", false, "not allowed over http"},
		{"http://169.254.170.3/creds", false, "not allowed over http"},
		{"http://[fd00:ec2::24]/creds", false, "not allowed over http"},
		{"http://[::ffff:8.8.8.8]/creds", false, "not allowed over http"},
		{"http://public.example/creds", false, `host "public.example" is not allowed over http`},
		{"http://mixed.example/creds", false, "not allowed over http"},
		{"http://nearly-eks6.example/creds", false, "not allowed over http"},
		{"http://weird.example/creds", false, "not allowed over http"},
		{"http://empty.example/creds", false, "resolves to no address"},
		{"http://unknown.example/creds", false, `host "unknown.example": cannot resolve it`},
		{"ftp://127.0.0.1/creds", false, "must be an http or https URL"},
		{"127.0.0.1/creds", false, "must be an http or https URL"},
		{"http:///creds", false, "has no host"},
		{"http://user:" + authToken + "@127.0.0.1:%zz/", false, "is not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			var seen []string
			p := newProvider(t, map[string]string{EnvFullURI: tt.url}, Options{
				HTTPClient: fakeTransport(t, &seen),
				LookupHost: func(_ context.Context, host string) ([]string, error) {
					if addrs, ok := lookup[host]; ok {
						return addrs, nil
					}
					return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
				},
			})
			_, err := p.Retrieve(context.Background())
			if tt.allowed {
				require.NoError(t, err)
				assert.Equal(t, []string{tt.url}, seen)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), EnvFullURI)
			assert.Empty(t, seen, "no request to a disallowed host")
			testutil.NoSecrets(t, err, secrets...)
		})
	}
}

func TestResponseErrors(t *testing.T) {
	tests := []struct {
		name    string
		replies []reply
		calls   int32
		want    []string
		status  int // of the HTTPError, when one is expected
	}{
		{
			name:    "4xx with code and message is final",
			replies: []reply{{status: 401, body: `{"code":"InvalidToken","message":"token ` + authToken + ` is not valid"}`}},
			calls:   1,
			want:    []string{"HTTP 401 (InvalidToken: token [REDACTED] is not valid)"},
			status:  401,
		},
		{
			name:    "Code and Message capitalised",
			replies: []reply{{status: 403, body: `{"Code":"AccessDenied","Message":"nope"}`}},
			calls:   1,
			want:    []string{"HTTP 403 (AccessDenied: nope)"},
			status:  403,
		},
		{
			name:    "4xx body that is not JSON is not quoted",
			replies: []reply{{status: 400, body: "bad request " + secret}},
			calls:   1,
			want:    []string{"HTTP 400"},
			status:  400,
		},
		{
			name:    "5xx is retried until it gives up",
			replies: []reply{{status: 500, body: `{"code":"InternalError","message":"agent restarting"}`}},
			calls:   3,
			want:    []string{"HTTP 500 (InternalError: agent restarting)", "gave up after 3 attempts"},
			status:  500,
		},
		{
			name:    "429 is retried",
			replies: []reply{{status: 429, body: `{}`}},
			calls:   3,
			want:    []string{"HTTP 429", "gave up after 3 attempts"},
			status:  429,
		},
		{
			name:    "bad JSON",
			replies: []reply{{status: 200, body: `{"AccessKeyId":"A","SecretAccessKey":"` + secret + `"`}},
			calls:   1,
			want:    []string{"response is not the expected JSON object: truncated"},
		},
		{
			name:    "not JSON",
			replies: []reply{{status: 200, body: `<html>` + secret}},
			calls:   1,
			want:    []string{"malformed JSON at byte offset 1"},
		},
		{
			name:    "missing AccessKeyId",
			replies: []reply{{status: 200, body: `{"SecretAccessKey":"` + secret + `","Token":"` + session + `"}`}},
			calls:   1,
			want:    []string{"response has no AccessKeyId"},
		},
		{
			name:    "missing SecretAccessKey",
			replies: []reply{{status: 200, body: `{"AccessKeyId":"A","Token":"` + session + `"}`}},
			calls:   1,
			want:    []string{"response has no SecretAccessKey"},
		},
		{
			name:    "wrong type",
			replies: []reply{{status: 200, body: `{"AccessKeyId":"A","SecretAccessKey":"S","Token":12345}`}},
			calls:   1,
			want:    []string{`field "Token" is a JSON number, want a string`},
		},
		{
			name:    "bad expiration",
			replies: []reply{{status: 200, body: `{"AccessKeyId":"A","SecretAccessKey":"` + secret + `","Expiration":"2030-01-02 03:04:05"}`}},
			calls:   1,
			want:    []string{`field "Expiration" = "2030-01-02 03:04:05" is not an RFC 3339 timestamp`},
		},
		{
			name:    "body too large",
			replies: []reply{{status: 200, body: strings.Repeat(" ", maxBody+1)}},
			calls:   1,
			want:    []string{"response body too large"},
		},
		{
			name:    "redirect is not followed",
			replies: []reply{{status: 302, body: ""}},
			calls:   1,
			want:    []string{"HTTP 302"},
			status:  302,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAgent(t, tt.replies...)
			p := newProvider(t, map[string]string{EnvFullURI: a.url, EnvAuthToken: authToken}, Options{})
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Contains(t, err.Error(), "container credentials: GET http://127.0.0.1:")
			assert.Equal(t, tt.calls, a.calls.Load())
			testutil.NoSecrets(t, err, secrets...)
			var he *credsource.HTTPError
			if tt.status != 0 {
				require.ErrorAs(t, err, &he)
				assert.Equal(t, tt.status, he.StatusCode)
			} else {
				assert.False(t, errors.As(err, &he))
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	a := newAgent(t, reply{status: 503}, reply{status: 500}, reply{status: 200, body: okBody})
	c, err := newProvider(t, map[string]string{EnvFullURI: a.url}, Options{}).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, akid, c.AccessKeyID)
	assert.EqualValues(t, 3, a.calls.Load())
}

func TestStalledServerTimesOut(t *testing.T) {
	a := newAgent(t, reply{stall: true}, reply{stall: true}, reply{status: 200, body: okBody})
	p := newProvider(t, map[string]string{EnvFullURI: a.url, EnvAuthToken: authToken}, Options{}, func(p *Provider) {
		p.attemptTimeout, p.maxAttempts = 100*time.Millisecond, 2
	})
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no response within 100ms (gave up after 2 attempts)")
	assert.EqualValues(t, 2, a.calls.Load())
	testutil.NoSecrets(t, err, secrets...)

	// A stall, then an answer: the retry succeeds.
	a = newAgent(t, reply{stall: true}, reply{status: 200, body: okBody})
	p = newProvider(t, map[string]string{EnvFullURI: a.url}, Options{}, func(p *Provider) { p.attemptTimeout = 100 * time.Millisecond })
	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
}

func TestConnectionRefusedIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	p := newProvider(t, map[string]string{EnvFullURI: "http://" + addr + "/creds"}, Options{})
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection refused")
	assert.Contains(t, err.Error(), "gave up after 3 attempts")
	assert.NotContains(t, err.Error(), `Get "`, "url.Error's repetition of the URL is dropped")
}

func TestContextCancellation(t *testing.T) {
	a := newAgent(t, reply{stall: true})
	p := newProvider(t, map[string]string{EnvFullURI: a.url}, Options{}, func(p *Provider) { p.attemptTimeout = 10 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := p.Retrieve(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 5*time.Second, "far below the wait it must not do")
	assert.EqualValues(t, 1, a.calls.Load(), "no retry after cancellation")

	// Cancelled while waiting to retry.
	a = newAgent(t, reply{status: 500})
	p = newProvider(t, map[string]string{EnvFullURI: a.url}, Options{}, func(p *Provider) { p.retryDelay = 10 * time.Second })
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = p.Retrieve(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second, "far below the wait it must not do")
}

func TestDefaultsAndProxy(t *testing.T) {
	p := New(Options{})
	assert.Equal(t, DefaultAttemptTimeout, p.attemptTimeout)
	assert.Equal(t, DefaultMaxAttempts, p.maxAttempts)
	assert.Equal(t, DefaultRetryDelay, p.retryDelay)
	assert.NotNil(t, p.opts.HTTPClient)

	t.Setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
	t.Setenv("HTTP_PROXY", "http://proxy.invalid:3128")
	for _, tt := range []struct {
		url   string
		proxy bool
	}{
		{"http://169.254.170.2/creds", false},
		{"https://creds.example/x", true},
	} {
		req, _ := http.NewRequest("GET", tt.url, nil)
		u, err := httpsProxyOnly(req)
		require.NoError(t, err)
		assert.Equal(t, tt.proxy, u != nil, tt.url)
	}
}

// The default client really is used end to end against a loopback agent.
func TestDefaultHTTPClient(t *testing.T) {
	a := newAgent(t, reply{status: 200, body: okBody})
	p := New(Options{Getenv: env(map[string]string{EnvFullURI: a.url})})
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, akid, c.AccessKeyID)
}
