package login

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// A PKCE login with a real redirect from the emulator's /authorize into the
// login's listener: the authorize URL as the AWS CLI builds it, the
// listener on 127.0.0.1 and bound before the browser opens (the browser's
// GET, made while the prompt runs, reaches it), the registration cached
// under its own name, the shared (AWS CLI) name left alone.
func TestPKCELogin(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	b := &browser{}
	o := pkceOptions(b)
	out := o.Stdout.(*syncBuffer)
	tok, err := e.sess.Login(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.srv.LookupAccessToken(tok.AccessToken); !ok {
		t.Fatal("the emulator does not know the token")
	}
	if b.lastStatus() != http.StatusOK || len(b.urls) != 1 {
		t.Fatalf("browser: status %d, urls %v", b.lastStatus(), b.urls)
	}
	u, err := url.Parse(b.urls[0])
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got := u.Scheme + "://" + u.Host + u.Path; got != e.srv.URL+"/authorize" {
		t.Errorf("authorize endpoint %s", got)
	}
	ru, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || ru.Scheme != "http" || ru.Hostname() != "127.0.0.1" || ru.Port() == "" || ru.Path != "/oauth/callback" {
		t.Errorf("redirect_uri %q", q.Get("redirect_uri"))
	}
	if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
		q.Get("scopes") != "sso:account:access" || len(q.Get("state")) < 32 || q.Get("client_id") == "" {
		t.Errorf("authorize query %v", q)
	}
	if !strings.Contains(out.String(), "Attempting to open your default browser.") || !strings.Contains(out.String(), b.urls[0]) {
		t.Errorf("printed %q", out.String())
	}

	reg, err := e.sess.cache.ReadRegistration(pkceKey(e.srv.Region()))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(reg.GrantTypes) != "[authorization_code refresh_token]" {
		t.Errorf("PKCE registration grant types %v", reg.GrantTypes)
	}
	if _, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region())); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the shared registration was written: %v", err)
	}
	ft, err := e.sess.cache.ReadToken(testSession)
	if err != nil || ft.RefreshToken == "" || ft.ClientID != reg.ClientID {
		t.Fatalf("cached token %+v, %v", ft, err)
	}
	// The PKCE registration is reused.
	if _, err := e.sess.Login(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count("RegisterClient 200"); got != 1 {
		t.Errorf("RegisterClient calls = %d", got)
	}
}

// A session without scopes logs in with PKCE as the AWS CLI does: the
// client is registered with sso:account:access, and the browser asks for it.
func TestPKCEDefaultScope(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true}, func(c *Config) { c.Scopes = nil })
	b := &browser{}
	if _, err := e.sess.Login(context.Background(), pkceOptions(b)); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(b.urls[0])
	if err != nil || u.Query().Get("scopes") != "sso:account:access" {
		t.Errorf("authorize URL %q", b.urls[0])
	}
	k := pkceKey(e.srv.Region())
	k.Scopes = nil
	reg, err := e.sess.cache.ReadRegistration(k)
	if err != nil || fmt.Sprint(reg.Scopes) != "[sso:account:access]" {
		t.Fatalf("registration %+v, %v", reg, err)
	}
}

// A PKCE login never replaces the shared registration a device code login
// (or the AWS CLI) wrote, and the device code login goes on using it.
func TestPKCEKeepsDeviceRegistration(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
		t.Fatal(err)
	}
	shared, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sess.Login(context.Background(), pkceOptions(&browser{})); err != nil {
		t.Fatal(err)
	}
	after, err := e.sess.cache.ReadRegistration(sharedKey(e.srv.Region()))
	if err != nil || after.ClientID != shared.ClientID || after.GrantTypes != nil {
		t.Fatalf("shared registration now %+v, %v", after, err)
	}
	if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count("RegisterClient 200"); got != 2 {
		t.Errorf("RegisterClient calls = %d, want 2 (one device, one PKCE)", got)
	}
	// A shared file that can do PKCE (AWS CLI 2.22+ writes its PKCE
	// registration there) is used for PKCE.
	pk, err := e.sess.cache.ReadRegistration(pkceKey(e.srv.Region()))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.sess.cache.RemoveToken(testSession); err != nil {
		t.Fatal(err)
	}
	if err := e.sess.cache.WriteRegistration(sharedKey(e.srv.Region()), pk); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sess.Login(context.Background(), pkceOptions(&browser{})); err != nil {
		t.Fatal(err)
	}
	if got := e.calls.count("RegisterClient 200"); got != 2 {
		t.Errorf("RegisterClient calls = %d, want 2", got)
	}
}

// A callback with the wrong state gets an error page and the login keeps
// waiting for the right one.
func TestPKCEWrongState(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	b := &browser{}
	var wrong int
	o := pkceOptions(b)
	o.OpenBrowser = func(u string) error {
		pu, _ := url.Parse(u)
		cb := pu.Query().Get("redirect_uri") + "?code=stolen&state=forged"
		resp, err := http.Get(cb)
		if err != nil {
			return err
		}
		resp.Body.Close()
		wrong = resp.StatusCode
		return b.open(u)
	}
	if _, err := e.sess.Login(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if wrong != http.StatusBadRequest || b.lastStatus() != http.StatusOK {
		t.Errorf("wrong state page %d, right one %d", wrong, b.lastStatus())
	}
}

// The user denies on the consent page: error=access_denied ends the login
// with an AuthorizeError matching ErrDenied, and the browser is shown a
// failure page.
func TestPKCEDenied(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	var page string
	o := pkceOptions(nil)
	o.OpenBrowser = func(u string) error {
		pu, _ := url.Parse(u)
		form := pu.Query()
		form.Set("action", "deny")
		form.Set("scope", form.Get("scopes"))
		var err error
		page, err = readPage(http.PostForm(e.srv.URL+"/authorize", form))
		return err
	}
	_, err := e.sess.Login(context.Background(), o)
	var ae *AuthorizeError
	if !errors.Is(err, ErrDenied) || !errors.As(err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(page, "Sign-in failed") {
		t.Errorf("page %q", page)
	}
}

// No answer from the browser: ErrExpired at Options.Timeout; a cancelled
// context ends the wait at once.
func TestPKCETimeoutAndCancel(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	o := pkceOptions(nil)
	o.OpenBrowser = func(string) error { return errors.New("no browser here") }
	o.Timeout = 50 * time.Millisecond
	if _, err := e.sess.Login(context.Background(), o); !errors.Is(err, ErrExpired) {
		t.Fatalf("err = %v, want ErrExpired", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	o.Timeout = 0
	o.OpenBrowser = func(string) error { cancel(); return nil }
	if _, err := e.sess.Login(ctx, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// Paste mode: no listener, no browser; the user pastes the URL the
// browser was sent to. Other lines get a message and the reading goes on.
func TestPKCEPaste(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	pr, pw := io.Pipe()
	out := &syncBuffer{}
	o := Options{Paste: true, Stdin: pr, Stdout: out,
		OpenBrowser: func(string) error { t.Error("paste mode opened a browser"); return nil }}
	done := make(chan error, 1)
	var tok Token
	go func() {
		var err error
		tok, err = e.sess.Login(context.Background(), o)
		done <- err
	}()
	authorize := waitForURL(t, out, e.srv.URL+"/authorize?")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(authorize)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Host != "127.0.0.1" {
		t.Fatalf("redirect to %v (%v); want the registered port-less loopback URI", loc, err)
	}
	wrong := *loc
	q := wrong.Query()
	q.Set("state", "forged")
	wrong.RawQuery = q.Encode()
	fmt.Fprintf(pw, "not a url\n%s\n%s\n", wrong.String(), loc.String())
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, ok := e.srv.LookupAccessToken(tok.AccessToken); !ok {
		t.Fatal("unknown token")
	}
	if s := out.String(); !strings.Contains(s, "not the URL") || !strings.Contains(s, "state differs") {
		t.Errorf("printed %q", s)
	}
	if _, err := e.sess.Login(context.Background(), Options{Paste: true, Flow: FlowDeviceCode}); err == nil {
		t.Error("Paste with the device code flow was accepted")
	}
}

// A Client that wraps *ssooidc.Client (as a program's instrumented or lazy
// client does) still sends the browser to the client's endpoint.
func TestPKCEWrappedClientEndpoint(t *testing.T) {
	type wrapped struct{ *ssooidc.Client }
	e := newEnv(t, ssooidctest.Options{}, func(c *Config) { c.Client = wrapped{c.Client.(*ssooidc.Client)} })
	stop := errors.New("seen")
	var got string
	o := Options{Flow: FlowPKCE, Stdout: io.Discard, Prompt: func(_ context.Context, p Prompt) error {
		got = p.AuthorizeURL
		return stop
	}}
	if _, err := e.sess.Login(context.Background(), o); !errors.Is(err, stop) {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(got, e.srv.URL+"/authorize?") {
		t.Errorf("authorize URL %q, want the client's endpoint %s", got, e.srv.URL)
	}
}

// What the callback carries is shown escaped on the failure page.
func TestPKCEErrorPageEscaped(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	var page string
	o := pkceOptions(nil)
	o.OpenBrowser = func(u string) error {
		q := mustParse(t, u).Query()
		cb := q.Get("redirect_uri") + "?" + url.Values{"state": {q.Get("state")}, "error": {"server_error"},
			"error_description": {`<script>alert("x")</script>`}}.Encode()
		var err error
		page, err = readPage(http.Get(cb))
		return err
	}
	var ae *AuthorizeError
	if _, err := e.sess.Login(context.Background(), o); !errors.As(err, &ae) || ae.Code != "server_error" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(page, "Sign-in failed") || strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("page %q", page)
	}
}

func mustParse(t *testing.T, u string) *url.URL {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return pu
}

// readPage is the body of a page the browser got.
func readPage(resp *http.Response, err error) (string, error) {
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// error and error_description of a redirect, from the listener or pasted,
// reach the error string without control characters, bidi overrides or
// newlines.
func TestPKCEErrorEscaped(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	evil := url.Values{"error": {"server_error\x1b[5m"}, "error_description": {"\x1b]0;pwned\x07\x1b[2J \u202etxt.exe\nline two"}}
	const want = `login: the authorization server answered server_error\x1b[5m: \x1b]0;pwned\x07\x1b[2J \u202etxt.exe\x0aline two`
	check := func(err error) {
		t.Helper()
		if err == nil || err.Error() != want {
			t.Errorf("err = %q, want %q", err, want)
		}
	}
	o := pkceOptions(nil)
	o.OpenBrowser = func(u string) error {
		q := mustParse(t, u).Query()
		evil.Set("state", q.Get("state"))
		_, err := readPage(http.Get(q.Get("redirect_uri") + "?" + evil.Encode()))
		return err
	}
	_, err := e.sess.Login(context.Background(), o)
	check(err)

	pr, pw := io.Pipe()
	defer pw.Close()
	o = Options{Paste: true, Stdin: pr, Stdout: io.Discard, Prompt: func(_ context.Context, p Prompt) error {
		evil.Set("state", mustParse(t, p.AuthorizeURL).Query().Get("state"))
		go fmt.Fprintf(pw, "http://127.0.0.1/oauth/callback?%s\n", evil.Encode())
		return nil
	}}
	_, err = e.sess.Login(context.Background(), o)
	check(err)
}

// readTracker is a real pipe's read end that tells when a Read starts and
// how many are running. Its SetReadDeadline is the pipe's.
type readTracker struct {
	*os.File
	started chan struct{} // closed by the first Read
	once    sync.Once
	running atomic.Int32
}

func (r *readTracker) Read(p []byte) (int, error) {
	r.running.Add(1)
	defer r.running.Add(-1)
	r.once.Do(func() { close(r.started) })
	return r.File.Read(p)
}

// A paste login that ends (cancelled) does not leave a Read of Stdin
// behind: it returns once its reader has stopped, and the next line typed
// goes to the next reader of Stdin.
func TestPKCEPasteReaderEnds(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	in := &readTracker{File: pr, started: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-in.started; cancel() }()
	o := Options{Paste: true, Stdin: in, Stdout: io.Discard, Prompt: func(context.Context, Prompt) error { return nil }}
	if _, err := e.sess.Login(ctx, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := in.running.Load(); n != 0 {
		t.Fatalf("%d Reads of Stdin still running after the login ended", n)
	}
	// The deadline that ended the Read is gone: Stdin reads on.
	if _, err := io.WriteString(pw, "next\n"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	if n, err := pr.Read(buf); string(buf[:n]) != "next\n" {
		t.Errorf("the next read got %q, %v", buf[:n], err)
	}
}

// flood opens n connections to the listener of the redirect URI in the
// authorize URL u; every other one (odd i) first makes a request of its
// own and reads the answer, which must close the connection.
func flood(t *testing.T, u string, n int) []net.Conn {
	t.Helper()
	addr := mustParse(t, mustParse(t, u).Query().Get("redirect_uri")).Host
	var conns []net.Conn
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if i%2 == 0 {
			continue // idle: not a byte sent
		}
		if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !resp.Close && i == 1 {
			t.Error("the listener keeps a connection alive after its request")
		}
	}
	return conns
}

// Connections that sit idle on the listener, more than its cap, do not
// keep the browser's redirect out, and none outlives the login.
func TestPKCEIdleFlood(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	b := &browser{}
	o := pkceOptions(b)
	var conns []net.Conn
	o.OpenBrowser = func(u string) error {
		conns = flood(t, u, 3*maxWaiting) // half of them idle: more than the cap
		return b.open(u)
	}
	if _, err := e.sess.Login(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if b.lastStatus() != http.StatusOK {
		t.Fatalf("the browser got %d", b.lastStatus())
	}
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second)) // waited for only when the test fails
		if _, err := c.Read(make([]byte, 1)); errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("connection %d of %d still open after the login", i, len(conns))
		}
	}
}

// Even with a cap of one waiting connection, idle connections cannot keep
// the redirect out: the oldest is closed when another comes.
func TestPKCEIdleFloodLowCap(t *testing.T) {
	defer func(m int) { maxWaiting = m }(maxWaiting)
	maxWaiting = 1
	e := newEnv(t, ssooidctest.Options{AutoApprove: true})
	b := &browser{}
	o := pkceOptions(b)
	o.OpenBrowser = func(u string) error {
		flood(t, u, 50)
		return b.open(u)
	}
	if _, err := e.sess.Login(context.Background(), o); err != nil || b.lastStatus() != http.StatusOK {
		t.Fatalf("err = %v, browser got %d", err, b.lastStatus())
	}
}

// failingListener fails its first three Accepts with a temporary error,
// as accept does when the process is out of descriptors.
type failingListener struct {
	net.Listener
	failed atomic.Int32
}

type tempError struct{}

func (tempError) Error() string   { return "accept: too many open files" }
func (tempError) Timeout() bool   { return false }
func (tempError) Temporary() bool { return true }

func (l *failingListener) Accept() (net.Conn, error) {
	if l.failed.Add(1) <= 3 {
		return nil, tempError{}
	}
	return l.Listener.Accept()
}

// The listener's accept errors go to Logf, once, not to the standard
// logger (standard error).
func TestPKCEListenerErrorLog(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{})
	var std syncBuffer
	log.SetOutput(&std)
	defer log.SetOutput(os.Stderr)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cb := "http://" + ln.Addr().String() + callbackPath + "?state=st&code=c"
	code, err := e.sess.awaitCallback(context.Background(), &failingListener{Listener: ln}, "st", func() error {
		go readPage(http.Get(cb))
		return nil
	})
	if code != "c" || err != nil {
		t.Fatalf("awaitCallback = %q, %v", code, err)
	}
	if std.String() != "" {
		t.Errorf("the standard logger got %q", std.String())
	}
	if n := e.logs.count("Accept error", "too many open files"); n != 1 {
		t.Errorf("Logf got %d accept errors, want 1", n)
	}
}
