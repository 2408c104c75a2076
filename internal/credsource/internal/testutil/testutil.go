// Package testutil serves the credential source tests: loopback-only fake
// servers, HTTP clients that clean up after themselves, checks that errors
// hold no secret, and a goroutine leak check for TestMain.
package testutil

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Server starts h on 127.0.0.1 and closes it when the test ends. Tests must
// never reach any other address; this is the only way they get a server.
func Server(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on 127.0.0.1: %v", err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = l
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// Client returns an HTTP client with a transport of its own whose idle
// connections are closed when the test ends, so that none outlive it.
func Client(t testing.TB) *http.Client {
	tr := &http.Transport{Proxy: nil, DialContext: (&net.Dialer{Timeout: time.Second}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// NoSecrets fails the test if err's message holds any of the secrets.
func NoSecrets(t testing.TB, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("error leaks secret %q: %s", s, msg)
		}
	}
}

// RoundTripFunc is an http.RoundTripper made of a function, for tests that
// must see a request's URL without any network at all.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// ignored are goroutines that belong to the runtime or the test framework.
var ignored = []string{
	"testing.(*M).",
	"testing.runFuzzing",
	"os/signal.signal_recv",
	"os/signal.loop",
	"runtime.ensureSigM",
	"runtime/trace.Start",
	"testing.(*F).",
}

// VerifyNoLeaks runs the tests, then fails the binary if goroutines other
// than the runtime's are still alive a few seconds later: every request,
// server and process of a test must have been wound up by its end.
func VerifyNoLeaks(m *testing.M) {
	code := m.Run()
	for deadline := time.Now().Add(3 * time.Second); code == 0; time.Sleep(20 * time.Millisecond) {
		if leaks := leaked(); leaks == "" {
			break
		} else if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "goroutines left behind:\n%s\n", leaks)
			code = 1
		}
	}
	os.Exit(code)
}

func leaked() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for i, g := range strings.Split(string(buf), "\n\n") {
		// The first goroutine is this one.
		if i > 0 && strings.TrimSpace(g) != "" && !slices.ContainsFunc(ignored, func(ig string) bool { return strings.Contains(g, ig) }) {
			out = append(out, g)
		}
	}
	return strings.Join(out, "\n\n")
}
