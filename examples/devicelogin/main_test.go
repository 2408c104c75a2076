package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// fast is a configuration for the embedded emulator that takes milliseconds.
func fast() config {
	return config{
		ApproveAfter:     60 * time.Millisecond,
		EmulatorInterval: 20 * time.Millisecond,
		PollInterval:     20 * time.Millisecond,
		ClientName:       "test",
		Scopes:           []string{"sso:account:access"},
	}
}

// recorder is an HTTP client that keeps every response body, so the test
// knows each secret the service handed out.
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// secrets returns the secret members of the recorded bodies.
func (r *recorder) secrets() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, b := range r.bodies {
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		for _, k := range []string{"clientSecret", "deviceCode", "accessToken", "refreshToken", "idToken"} {
			if s, ok := m[k].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func TestRunWithEmulator(t *testing.T) {
	rec := &recorder{}
	cfg := fast()
	cfg.ClientOptions = []func(*ssooidc.Options){func(o *ssooidc.Options) { o.HTTPClient = rec }}
	var out bytes.Buffer
	began := time.Now()
	if err := run(t.Context(), &out, cfg); err != nil {
		t.Fatal(err)
	}
	// A lower bound only: the approval is timed to come after 60ms, and
	// timers never fire early.
	if d := time.Since(began); d < 60*time.Millisecond {
		t.Errorf("the login took %v; approval came after 60ms", d)
	}
	text := out.String()
	for _, want := range []string{
		"Attempting to automatically open the SSO authorization page in your default browser.",
		"If the browser does not open or you wish to use a different device to authorize this request, open the following URL:",
		"/device\n\nThen enter the code:\n\n",
		"Successfully logged into Start URL: " + emulatorStartURL,
		"(in 1h0m0s)",
		"A refresh token was issued",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`Then enter the code:\n\n[A-Z]{4}-[A-Z]{4}\n`).MatchString(text) {
		t.Errorf("no user code shown:\n%s", text)
	}
	secrets := rec.secrets()
	if len(secrets) < 5 {
		t.Fatalf("recorded only %d secrets", len(secrets))
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("the output shows a secret:\n%s", text)
		}
	}
}

// syncBuffer lets the test read what run writes meanwhile.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// person acts as a user at a browser: opens the verification page and
// clicks a button.
func person(t *testing.T, pageURL, button string) error {
	resp, err := http.Get(pageURL)
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="user_code" value="([^"]*)"`).FindSubmatch(page)
	if m == nil {
		return errors.New("no code on the page")
	}
	u, _ := url.Parse(pageURL)
	u.RawQuery = ""
	resp, err = http.PostForm(u.String(), url.Values{"user_code": {string(m[1])}, "action": {button}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// -manual: the browser the demo opens is where the person approves.
func TestRunManualApprovedInBrowser(t *testing.T) {
	cfg := fast()
	cfg.Manual = true
	userErr := make(chan error, 1)
	cfg.OpenBrowser = func(u string) error {
		go func() { userErr <- person(t, u, "approve") }()
		return nil
	}
	var out bytes.Buffer
	if err := run(t.Context(), &out, cfg); err != nil {
		t.Fatal(err)
	}
	if err := <-userErr; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Successfully logged into Start URL") || !strings.Contains(out.String(), "approve the request there") {
		t.Errorf("output:\n%s", out.String())
	}
}

// -manual -no-browser: the person reads the URL and the code from the
// output, as with aws sso login --no-browser, and denies.
func TestRunManualDenied(t *testing.T) {
	cfg := fast()
	cfg.Manual, cfg.NoBrowser = true, true
	cfg.OpenBrowser = func(string) error { t.Error("opened a browser despite -no-browser"); return nil }
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(t.Context(), &out, cfg) }()
	shown := regexp.MustCompile(`Please visit the following URL:\n\n(\S+)\n\nThen enter the code:\n\n(\S+)\n`)
	var m []string
	for deadline := time.Now().Add(5 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		m = shown.FindStringSubmatch(out.String())
	}
	if m == nil {
		t.Fatalf("no URL and code shown:\n%s", out.String())
	}
	if err := person(t, m[1]+"?user_code="+url.QueryEscape(m[2]), "deny"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err == nil || !strings.Contains(err.Error(), "denied") {
		t.Fatalf("run: %v", err)
	}
}

// The -start-url path, pointed at an emulator instead of AWS.
func TestRunStartURL(t *testing.T) {
	if err := run(t.Context(), io.Discard, config{StartURL: "https://d-1234567890.awsapps.com/start"}); err == nil {
		t.Error("no error without -region")
	}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, Region: "eu-west-1"})
	defer srv.Close()
	cfg := config{
		StartURL:      "https://d-1234567890.awsapps.com/start",
		Region:        "eu-west-1",
		ClientName:    "test",
		NoBrowser:     true,
		ClientOptions: []func(*ssooidc.Options){func(o *ssooidc.Options) { o.BaseEndpoint = &srv.URL }},
	}
	var out bytes.Buffer
	if err := run(t.Context(), &out, cfg); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Contains(text, "emulator") || !strings.Contains(text, "Successfully logged into Start URL: https://d-1234567890.awsapps.com/start") ||
		strings.Contains(text, "refresh token") {
		t.Errorf("output:\n%s", text)
	}
}

// pollToken waits the interval while pending and 5 seconds more after each
// slow_down, tested against a Mock with a recorded sleep.
func TestPollTokenIntervals(t *testing.T) {
	answers := []error{
		&types.AuthorizationPendingException{},
		&types.SlowDownException{},
		&types.AuthorizationPendingException{},
		&types.SlowDownException{},
		nil,
	}
	mock := &ssooidctest.Mock{CreateTokenFunc: func(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
		err := answers[0]
		answers = answers[1:]
		if err != nil {
			return nil, err
		}
		return &ssooidc.CreateTokenOutput{AccessToken: ptr.String("t"), ExpiresIn: 3600}, nil
	}}
	var slept []time.Duration
	sleep := func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	if _, err := pollToken(t.Context(), mock, &ssooidc.CreateTokenInput{}, time.Second, 10*time.Minute, sleep); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 6 * time.Second, 6 * time.Second, 11 * time.Second}
	if len(slept) != len(want) {
		t.Fatalf("slept %v, want %v", slept, want)
	}
	for i := range want {
		if slept[i] != want[i] {
			t.Fatalf("slept %v, want %v", slept, want)
		}
	}
}

func TestPollTokenEnds(t *testing.T) {
	always := func(err error) *ssooidctest.Mock {
		return &ssooidctest.Mock{CreateTokenFunc: func(context.Context, *ssooidc.CreateTokenInput, ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
			return nil, err
		}}
	}
	noSleep := func(context.Context, time.Duration) error { return nil }
	for _, tc := range []struct {
		name string
		api  ssooidc.API
		want string
	}{
		{"pending past expiry", always(&types.AuthorizationPendingException{}), "expired"},
		{"expired", always(&types.ExpiredTokenException{}), "expired"},
		{"denied", always(&types.AccessDeniedException{}), "denied"},
		{"other", always(errors.New("boom")), "boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pollToken(t.Context(), tc.api, &ssooidc.CreateTokenInput{}, time.Second, 500*time.Millisecond, noSleep)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := pollToken(ctx, always(&types.AuthorizationPendingException{}), &ssooidc.CreateTokenInput{}, time.Hour, 10*time.Hour, sleep); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}
