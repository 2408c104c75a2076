package imds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/credsource/internal/testutil"
)

func TestMain(m *testing.M) { testutil.VerifyNoLeaks(m) }

const (
	akid       = "AKIDIMDS000000000001"
	secret     = "imds-SECRET-access-key-0123456789"
	sessionTok = "imds-SESSION-token-abcdefghijklmnop"
	role       = "web-server-role"
)

var secrets = []string{secret, sessionTok}

var okCreds = fmt.Sprintf(`{"Code":"Success","LastUpdated":"2030-01-01T00:00:00Z","Type":"AWS-HMAC",`+
	`"AccessKeyId":%q,"SecretAccessKey":%q,"Token":%q,"Expiration":"2030-01-02T03:04:05Z"}`, akid, secret, sessionTok)

// fakeIMDS is a metadata service on 127.0.0.1.
type fakeIMDS struct {
	url string

	mu           sync.Mutex
	tokenStatus  []int  // statuses for successive PUTs; the last repeats; 0 or empty means 200
	tokenStall   bool   // PUTs hang until the client gives up
	tokenBody    string // overrides the generated token
	tokenTTL     string // X-aws-ec2-metadata-token-ttl-seconds of the reply
	requireToken bool   // GETs without a valid token get 401 (IMDSv2 only)
	valid        map[string]bool
	roleList     string // body of the role list; "" means 404
	credsStatus  int
	credsBody    string
	getStatus    []int // statuses for the next GETs, consumed first
	stallGets    int   // how many GETs hang

	puts, gets int
	putTTL     string
	getTokens  []string
	paths      []string
}

func newFake(t *testing.T) *fakeIMDS {
	f := &fakeIMDS{roleList: role + "\n", credsBody: okCreds, valid: map[string]bool{}}
	srv := testutil.Server(t, http.HandlerFunc(f.serve))
	f.url = srv.URL
	return f
}

func (f *fakeIMDS) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if r.Method == http.MethodPut && r.URL.Path == tokenPath {
		f.puts++
		f.putTTL = r.Header.Get(headerTTL)
		if f.tokenStall {
			f.mu.Unlock()
			<-r.Context().Done()
			return
		}
		status := 200
		if len(f.tokenStatus) > 0 {
			status = f.tokenStatus[min(f.puts-1, len(f.tokenStatus)-1)]
		}
		if status != 200 && status != 0 {
			f.mu.Unlock()
			w.WriteHeader(status)
			return
		}
		tok := f.tokenBody
		if tok == "" {
			tok = fmt.Sprintf("AQAEA-token-%d", f.puts)
		}
		f.valid[tok] = true
		ttl := f.tokenTTL
		if ttl == "" {
			ttl = f.putTTL
		}
		f.mu.Unlock()
		w.Header().Set(headerTTL, ttl)
		io.WriteString(w, tok)
		return
	}
	if r.Method != http.MethodGet {
		f.mu.Unlock()
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	f.gets++
	tok := r.Header.Get(headerToken)
	f.getTokens = append(f.getTokens, tok)
	f.paths = append(f.paths, r.URL.Path)
	if f.stallGets > 0 {
		f.stallGets--
		f.mu.Unlock()
		<-r.Context().Done()
		return
	}
	status, body := 200, ""
	switch {
	case len(f.getStatus) > 0:
		status, f.getStatus = f.getStatus[0], f.getStatus[1:]
	case tok != "" && !f.valid[tok], f.requireToken && tok == "":
		status = http.StatusUnauthorized
	case r.URL.Path == credsPath:
		if f.roleList == "" {
			status = 404
		}
		body = f.roleList
	case r.URL.Path == credsPath+role:
		status, body = f.credsStatus, f.credsBody
		if status == 0 {
			status = 200
		}
	default:
		status = 404
	}
	f.mu.Unlock()
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (f *fakeIMDS) set(fn func(f *fakeIMDS)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeIMDS) counts() (puts, gets int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.puts, f.gets
}

func (f *fakeIMDS) tokensSent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.getTokens...)
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// newClient returns a Client of f with a 1ms retry delay, then applies
// tweaks.
func newClient(t *testing.T, f *fakeIMDS, vars map[string]string, o Options, tweaks ...func(*Client)) *Client {
	if vars == nil {
		vars = map[string]string{}
	}
	if f != nil {
		if _, ok := vars[EnvEndpoint]; !ok {
			vars[EnvEndpoint] = f.url
		}
	}
	o.Getenv = env(vars)
	if o.HTTPClient == nil {
		o.HTTPClient = testutil.Client(t)
	}
	c := New(o)
	c.retryDelay = time.Millisecond
	for _, f := range tweaks {
		f(c)
	}
	return c
}

var wantCreds = credsource.Credentials{
	AccessKeyID: akid, SecretAccessKey: secret, SessionToken: sessionTok,
	Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true,
}

func TestIMDSv2Success(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.requireToken = true })
	c := newClient(t, f, nil, Options{})
	got, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wantCreds, got)

	puts, gets := f.counts()
	assert.Equal(t, 1, puts)
	assert.Equal(t, 2, gets)
	assert.Equal(t, "21600", f.putTTL)
	assert.Equal(t, []string{"AQAEA-token-1", "AQAEA-token-1"}, f.tokensSent())
	assert.Equal(t, []string{credsPath, credsPath + role}, f.paths)
}

func TestTokenCache(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.requireToken = true; f.tokenTTL = "120" })
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	c := newClient(t, f, nil, Options{Now: clock}, func(c *Client) { c.tokenTTL = 300 * time.Second })

	for range 3 {
		_, err := c.Retrieve(context.Background())
		require.NoError(t, err)
	}
	puts, _ := f.counts()
	assert.Equal(t, 1, puts, "token reused")
	assert.Equal(t, "300", f.putTTL)

	// The service granted 120s: the token is renewed 30s before the end.
	advance(89 * time.Second)
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	puts, _ = f.counts()
	assert.Equal(t, 1, puts)
	advance(2 * time.Second)
	_, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	puts, _ = f.counts()
	assert.Equal(t, 2, puts, "token renewed shortly before its TTL ends")
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.requireToken = true })
	c := newClient(t, f, nil, Options{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Retrieve(context.Background())
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	puts, _ := f.counts()
	assert.Equal(t, 1, puts)
}

func TestUnauthorizedRenewsTokenOnce(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.requireToken = true })
	c := newClient(t, f, nil, Options{})
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)

	// The service restarted and forgot its tokens.
	f.set(func(f *fakeIMDS) { f.valid = map[string]bool{} })
	_, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	puts, _ := f.counts()
	assert.Equal(t, 2, puts)

	// A 401 that persists after renewal is an error.
	f.set(func(f *fakeIMDS) { f.getStatus = []int{401, 401, 401} })
	_, err = c.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HTTP 401")
	puts, _ = f.counts()
	assert.Equal(t, 3, puts)
}

func TestV1Fallback(t *testing.T) {
	for _, status := range []int{403, 404, 405} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFake(t)
			f.set(func(f *fakeIMDS) { f.tokenStatus = []int{status} })
			got, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, wantCreds, got)
			assert.Equal(t, []string{"", ""}, f.tokensSent(), "IMDSv1: no token header")

			// Disabled by the environment: an error, and no GET.
			for _, c := range []*Client{
				newClient(t, f, map[string]string{EnvV1Disabled: "TRUE"}, Options{}),
				newClient(t, f, map[string]string{EnvV1Disabled: "true"}, Options{}),
			} {
				_, err = c.Retrieve(context.Background())
				require.Error(t, err)
				assert.Contains(t, err.Error(), fmt.Sprintf("cannot get an IMDSv2 session token (PUT %s/latest/api/token: HTTP %d)", f.url, status))
				assert.Contains(t, err.Error(), "IMDSv1 fallback is disabled (AWS_EC2_METADATA_V1_DISABLED")
			}
			_, gets := f.counts()
			assert.Equal(t, 2, gets)
		})
	}
}

func TestTokenErrors(t *testing.T) {
	t.Run("400 is final", func(t *testing.T) {
		f := newFake(t)
		f.set(func(f *fakeIMDS) { f.tokenStatus = []int{400} })
		_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "HTTP 400: the service rejected the token request")
		puts, gets := f.counts()
		assert.Equal(t, 1, puts)
		assert.Equal(t, 0, gets, "no IMDSv1 fallback after 400")
	})
	t.Run("5xx is retried then falls back", func(t *testing.T) {
		f := newFake(t)
		f.set(func(f *fakeIMDS) { f.tokenStatus = []int{503} })
		_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
		require.NoError(t, err)
		puts, _ := f.counts()
		assert.Equal(t, 2, puts)
	})
	t.Run("5xx then success", func(t *testing.T) {
		f := newFake(t)
		f.set(func(f *fakeIMDS) { f.tokenStatus = []int{500, 200}; f.requireToken = true })
		_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []string{"AQAEA-token-2", "AQAEA-token-2"}, f.tokensSent())
	})
	t.Run("malformed token", func(t *testing.T) {
		f := newFake(t)
		f.set(func(f *fakeIMDS) { f.tokenBody = "bad token\r\n" })
		_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "empty or malformed token")
	})
}

func TestTokenTimeoutFallsBackWithoutRetry(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.tokenStall = true })
	got, err := newClient(t, f, nil, Options{}, func(c *Client) { c.attemptTimeout = 100 * time.Millisecond }).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wantCreds, got)
	puts, _ := f.counts()
	assert.Equal(t, 1, puts, "a timed-out token request is not repeated")
}

func TestStalledServerFailsFast(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.tokenStall = true; f.stallGets = 100 })
	_, err := newClient(t, f, nil, Options{}, func(c *Client) { c.attemptTimeout = 150 * time.Millisecond }).Retrieve(context.Background())
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "EC2 IMDS: GET "+f.url+credsPath+": no response within 150ms (gave up after 2 attempts)")
	assert.Contains(t, msg, "IMDSv1, because the token request failed: PUT "+f.url+"/latest/api/token: no response within 150ms")
}

func TestNoServiceFailsFast(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	_, err = newClient(t, nil, map[string]string{EnvEndpoint: "http://" + addr}, Options{}).Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection refused")
}

func TestGetErrors(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *fakeIMDS)
		want   []string
		status int
	}{
		{
			name:   "no role attached",
			setup:  func(f *fakeIMDS) { f.roleList = "" },
			want:   []string{"EC2 IMDS: GET %URL%" + credsPath + ": HTTP 404 (no IAM role is attached to this instance)"},
			status: 404,
		},
		{
			name:  "empty role list",
			setup: func(f *fakeIMDS) { f.roleList = "\n" },
			want:  []string{"returned no role name"},
		},
		{
			name:   "role vanished",
			setup:  func(f *fakeIMDS) { f.roleList = "other-role" },
			want:   []string{"GET " + "%URL%" + credsPath + "other-role: HTTP 404"},
			status: 404,
		},
		{
			name:   "5xx retried until it gives up",
			setup:  func(f *fakeIMDS) { f.getStatus = []int{500, 502} },
			want:   []string{"HTTP 502 (gave up after 2 attempts)"},
			status: 502,
		},
		{
			name:   "v1 rejected with 401 says why v1 was used",
			setup:  func(f *fakeIMDS) { f.tokenStatus = []int{404}; f.requireToken = true },
			want:   []string{"HTTP 401", "IMDSv1, because the token request failed: PUT %URL%/latest/api/token: HTTP 404"},
			status: 401,
		},
		{
			name: "code not Success",
			setup: func(f *fakeIMDS) {
				f.credsBody = `{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role ` + sessionTok + `","Token":"` + sessionTok + `"}`
			},
			want: []string{`credentials of role "web-server-role": the service answered Code "AssumeRoleUnauthorizedAccess": EC2 cannot assume the role [REDACTED]`},
		},
		{
			name:  "no code",
			setup: func(f *fakeIMDS) { f.credsBody = `{"AccessKeyId":"A","SecretAccessKey":"` + secret + `"}` },
			want:  []string{`Code ""`},
		},
		{
			name:  "bad JSON",
			setup: func(f *fakeIMDS) { f.credsBody = `{"Code":"Success","SecretAccessKey":"` + secret + `"` },
			want:  []string{"response is not the expected JSON object: truncated"},
		},
		{
			name:  "not JSON",
			setup: func(f *fakeIMDS) { f.credsBody = secret },
			want:  []string{"malformed JSON"},
		},
		{
			name:  "missing AccessKeyId",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Replace(okCreds, `"AccessKeyId"`, `"X"`, 1) },
			want:  []string{"response has no AccessKeyId"},
		},
		{
			name:  "missing SecretAccessKey",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Replace(okCreds, `"SecretAccessKey"`, `"X"`, 1) },
			want:  []string{"response has no SecretAccessKey"},
		},
		{
			name:  "missing Token",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Replace(okCreds, `"Token"`, `"X"`, 1) },
			want:  []string{"response has no Token"},
		},
		{
			name:  "missing Expiration",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Replace(okCreds, `"Expiration"`, `"X"`, 1) },
			want:  []string{"response has no Expiration"},
		},
		{
			name:  "bad Expiration",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Replace(okCreds, "2030-01-02T03:04:05Z", sessionTok, 1) },
			want:  []string{`field "Expiration" is not an RFC 3339 timestamp`},
		},
		{
			name:  "body too large",
			setup: func(f *fakeIMDS) { f.credsBody = strings.Repeat(" ", maxBody+1) },
			want:  []string{"response body too large"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.set(tt.setup)
			_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), strings.ReplaceAll(w, "%URL%", f.url))
			}
			assert.True(t, strings.HasPrefix(err.Error(), "EC2 IMDS: "), err.Error())
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

func TestGetRetryThenSuccess(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.getStatus = []int{503}; f.stallGets = 0 })
	got, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wantCreds, got)

	f = newFake(t)
	f.set(func(f *fakeIMDS) { f.stallGets = 1 })
	got, err = newClient(t, f, nil, Options{}, func(c *Client) { c.attemptTimeout = 100 * time.Millisecond }).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wantCreds, got)
}

func TestRolePath(t *testing.T) {
	assert.Equal(t, "Role+=,.@_-1", rolePath("Role+=,.@_-1"))
	assert.Equal(t, "a%2Fb%20c", rolePath("a/b c"))
}

func TestFirstRoleIsUsed(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.roleList = role + "\nsecond-role\n" })
	_, err := newClient(t, f, nil, Options{}).Retrieve(context.Background())
	require.NoError(t, err)
}

func TestDisabled(t *testing.T) {
	for _, v := range []string{"true", "TRUE", "True"} {
		f := newFake(t)
		_, err := newClient(t, f, map[string]string{EnvDisabled: v, EnvEndpointMode: "bogus"}, Options{}).Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "EC2 IMDS: access is disabled by AWS_EC2_METADATA_DISABLED=true")
		puts, gets := f.counts()
		assert.Zero(t, puts+gets, "no request when disabled")
	}
	for _, v := range []string{"false", "1", "yes", ""} {
		f := newFake(t)
		_, err := newClient(t, f, map[string]string{EnvDisabled: v}, Options{}).Retrieve(context.Background())
		assert.NoError(t, err, v)
	}
}

func TestEndpointResolution(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string
		err  string
	}{
		{name: "default IPv4", want: EndpointIPv4},
		{name: "mode IPv4", vars: map[string]string{EnvEndpointMode: "IPv4"}, want: EndpointIPv4},
		{name: "mode IPv6", vars: map[string]string{EnvEndpointMode: "IPv6"}, want: EndpointIPv6},
		{name: "mode is case-insensitive", vars: map[string]string{EnvEndpointMode: "ipv6"}, want: EndpointIPv6},
		{name: "endpoint beats mode", vars: map[string]string{EnvEndpoint: "http://[::1]:1338/", EnvEndpointMode: "IPv6"}, want: "http://[::1]:1338"},
		{name: "bad mode", vars: map[string]string{EnvEndpointMode: "IPv5"}, err: `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is "IPv5"; want IPv4 or IPv6`},
		{name: "endpoint without scheme", vars: map[string]string{EnvEndpoint: "169.254.169.254"}, err: "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http or https URL"},
		{name: "endpoint with query", vars: map[string]string{EnvEndpoint: "http://127.0.0.1/?x=1"}, err: "with a host and no user info or query"},
		{name: "endpoint with user info", vars: map[string]string{EnvEndpoint: "http://u:p@127.0.0.1/"}, err: "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http or https URL"},
		{name: "bad v1 setting", vars: map[string]string{EnvV1Disabled: "yes"}, err: `AWS_EC2_METADATA_V1_DISABLED is "yes"; want true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urls []string
			// No network: the transport records the URL and answers 404 to
			// the token request (IMDSv1) and to every GET.
			hc := &http.Client{Transport: testutil.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				urls = append(urls, r.Method+" "+r.URL.String())
				return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}, Request: r}, nil
			})}
			if tt.vars == nil {
				tt.vars = map[string]string{}
			}
			c := New(Options{Getenv: env(tt.vars), HTTPClient: hc})
			_, err := c.Retrieve(context.Background())
			require.Error(t, err)
			if tt.err != "" {
				assert.Contains(t, err.Error(), tt.err)
				assert.Empty(t, urls)
				return
			}
			assert.Equal(t, tt.want, c.endpoint)
			assert.Equal(t, []string{"PUT " + tt.want + tokenPath, "GET " + tt.want + credsPath}, urls)
			assert.Contains(t, err.Error(), "no IAM role is attached")
		})
	}
}

func TestContextCancellation(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.stallGets = 100 })
	c := newClient(t, f, nil, Options{}, func(c *Client) { c.attemptTimeout = 10 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Retrieve(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 5*time.Second, "far below the wait it must not do")
	_, gets := f.counts()
	assert.Equal(t, 1, gets, "no retry after cancellation")

	// Cancelled during the token request.
	f = newFake(t)
	f.set(func(f *fakeIMDS) { f.tokenStall = true })
	c = newClient(t, f, nil, Options{}, func(c *Client) { c.attemptTimeout = 10 * time.Second })
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.Retrieve(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	_, gets = f.counts()
	assert.Zero(t, gets, "no IMDSv1 fallback after the caller gave up")
}

func TestDefaults(t *testing.T) {
	c := New(Options{Getenv: env(nil)})
	assert.Equal(t, EndpointIPv4, c.endpoint)
	assert.Equal(t, DefaultAttemptTimeout, c.attemptTimeout)
	assert.Equal(t, DefaultMaxAttempts, c.maxAttempts)
	assert.Equal(t, DefaultTokenTTL, c.tokenTTL)
	hc, ok := c.opts.HTTPClient.(*http.Client)
	require.True(t, ok)
	tr := hc.Transport.(*http.Transport)
	assert.Nil(t, tr.Proxy, "IMDS is never reached through a proxy")
}

// The default client really is used end to end against a loopback service.
func TestDefaultHTTPClient(t *testing.T) {
	f := newFake(t)
	f.set(func(f *fakeIMDS) { f.requireToken = true })
	got, err := New(Options{Getenv: env(map[string]string{EnvEndpoint: f.url})}).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, wantCreds, got)
}
