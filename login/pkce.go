package login

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/types"
)

// The redirect URI a PKCE client registers (RFC 8252 section 7.3: the
// service accepts any port for a loopback redirect URI) and its path.
const (
	registeredRedirectURI = "http://127.0.0.1/oauth/callback"
	callbackPath          = "/oauth/callback"
)

var errTimeout = errors.New("timeout")

// pkceLogin is the authorization code grant with PKCE. The caller holds
// the lock.
func (s *Session) pkceLogin(ctx context.Context, o Options, in instance) (*ssocache.Token, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, o.Timeout, errTimeout)
	defer cancel()
	base, err := s.authorizeEndpoint(in.region)
	if err != nil {
		return nil, err
	}
	reg, _, err := s.registration(ctx, in, true, false, registeredRedirectURI)
	if err != nil {
		return nil, err
	}
	verifier := randomString(48) // 64 characters (RFC 7636: 43 to 128)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	state := randomString(24)

	// Listen before the browser opens, on the loopback address only: no
	// other machine can send the callback.
	redirectURI := registeredRedirectURI
	var ln net.Listener
	if !o.Paste {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("login: listen for the browser's redirect on 127.0.0.1: %w; use the device code flow", err)
		}
		defer ln.Close()
		redirectURI = "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + callbackPath
	}
	// The parameters of the AWS CLI: its "scopes" (not OAuth's "scope")
	// and the challenge without padding.
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {reg.ClientID},
		"redirect_uri":          {redirectURI},
		"state":                 {state},
		"code_challenge_method": {"S256"},
		"scopes":                {strings.Join(s.pkceScopes(), " ")},
		"code_challenge":        {challenge},
	}
	authorizeURL := base + "/authorize?" + q.Encode()

	p := Prompt{Flow: FlowPKCE, AuthorizeURL: authorizeURL, Paste: o.Paste}
	p.ExpiresAt, _ = ctx.Deadline() // set: ctx has the login's timeout
	var code string
	if o.Paste {
		if err := o.Prompt(ctx, p); err != nil {
			return nil, fmt.Errorf("login: prompt: %w", err)
		}
		code, err = readPasted(ctx, o.Stdin, o.Stdout, state)
	} else {
		code, err = s.awaitCallback(ctx, ln, state, func() error { return o.Prompt(ctx, p) })
	}
	if err != nil {
		if context.Cause(ctx) == errTimeout {
			return nil, fmt.Errorf("login: %w: no answer from the browser within %s", ErrExpired, o.Timeout)
		}
		return nil, err
	}

	now := s.cfg.Now()
	out, err := s.cfg.Client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     &reg.ClientID,
		ClientSecret: &reg.ClientSecret,
		GrantType:    ptr.String(ssooidc.GrantTypeAuthorizationCode),
		Code:         &code,
		RedirectUri:  &redirectURI,
		CodeVerifier: &verifier,
	}, inRegion(in.region))
	var expired *types.ExpiredTokenException
	switch {
	case errors.As(err, &expired):
		return nil, fmt.Errorf("login: %w: %w; log in again", ErrExpired, err)
	case err != nil:
		return nil, fmt.Errorf("login: exchange the authorization code: %w", err)
	}
	if err := checkTokenOutput(out); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	return s.newToken(now, in.region, reg, out), nil
}

// authorizeEndpoint is the base URL of the /authorize page: the endpoint
// of the session's client in region, as the AWS CLI takes it. A client
// that does not say its options (a mock) gets the region's.
func (s *Session) authorizeEndpoint(region string) (string, error) {
	p := endpoints.Params{Region: region}
	if c, ok := s.cfg.Client.(interface{ Options() ssooidc.Options }); ok {
		o := c.Options()
		p = endpoints.Params{Region: region, UseFIPS: o.UseFIPS, UseDualStack: o.UseDualStack, Endpoint: ptr.ToString(o.BaseEndpoint)}
	}
	e, err := endpoints.OIDC.Resolve(p)
	if err != nil {
		return "", fmt.Errorf("login: the authorize endpoint: %w", err)
	}
	return strings.TrimRight(e, "/"), nil
}

// callbackResult is what the one accepted callback carried.
type callbackResult struct {
	code string
	err  error
}

// awaitCallback serves ln until one callback with the expected state
// arrives, calling prompt once the server runs. A callback with another
// state gets an error page and the wait goes on; error= ends the login.
func (s *Session) awaitCallback(ctx context.Context, ln net.Listener, state string, prompt func() error) (string, error) {
	results := make(chan callbackResult, 1)
	mux := http.NewServeMux()
	mux.HandleFunc(callbackPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			showPage(w, http.StatusBadRequest, "Sign-in link not recognised",
				"This page was not opened by the sign-in in progress. Close it and use the link the program showed.")
			return
		}
		res := callbackResult{code: q.Get("code")}
		if q.Get("error") != "" {
			res = callbackResult{err: authorizeError(q)}
		} else if res.code == "" {
			res = callbackResult{err: errors.New("login: the browser's redirect carried neither code nor error")}
		}
		select {
		case results <- res:
		default:
			showPage(w, http.StatusConflict, "Already signed in", "This sign-in is already done. You can close this window.")
			return
		}
		if res.err != nil {
			showPage(w, http.StatusOK, "Sign-in failed", "The sign-in did not succeed: "+res.err.Error()+". You can close this window and try again.")
			return
		}
		showPage(w, http.StatusOK, "Signed in", "You are signed in. You can close this window and return to the program.")
	})
	waiting := &waitingConns{max: maxWaiting}
	srv := &http.Server{
		Handler: mux,
		// The browser sends its request at once.
		ReadTimeout: 5 * time.Second,
		ConnState:   waiting.track,
		// Not the standard logger (stderr): accept errors repeat every
		// second while they last. The first says why a redirect is lost.
		ErrorLog: log.New(&firstLine{logf: s.logf}, "", 0),
	}
	// One request a connection: none stays open, idle, after its page.
	srv.SetKeepAlivesEnabled(false)
	go srv.Serve(ln)
	defer func() {
		// Let the page that ended the wait reach the browser; close the
		// rest now, and after 2 seconds everything.
		waiting.closeAll()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		_ = srv.Close()
	}()
	if err := prompt(); err != nil {
		return "", fmt.Errorf("login: prompt: %w", err)
	}
	select {
	case res := <-results:
		return res.code, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// maxWaiting is how many connections may wait for their request at once.
// Small enough to spare descriptors; large enough that, under a flood of
// new connections, the browser's is rarely closed before its request is
// read (with 16, a flood of thousands a second closed it 6 times in 8).
var maxWaiting = 128

// waitingConns tracks the listener's connections that have not sent a whole
// request, and closes the oldest when more than max wait: connections held
// open by others, however many, cannot keep the browser's redirect out nor
// use up the process's descriptors. (A cap that queues new connections, as
// netutil.LimitListener does, would keep the redirect waiting behind them.)
type waitingConns struct {
	max   int
	mu    sync.Mutex
	conns []net.Conn // oldest first
	done  bool
}

// track is the server's ConnState hook. The server calls it with
// StateNew before it accepts the next connection.
func (w *waitingConns) track(c net.Conn, st http.ConnState) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if st != http.StateNew { // its request is read, or it is closed
		if i := slices.Index(w.conns, c); i >= 0 {
			w.conns = slices.Delete(w.conns, i, i+1)
		}
		return
	}
	if w.done {
		c.Close()
		return
	}
	w.conns = append(w.conns, c)
	if len(w.conns) > w.max {
		w.conns[0].Close()
		w.conns = slices.Delete(w.conns, 0, 1)
	}
}

// closeAll closes the waiting connections, and those that come after.
func (w *waitingConns) closeAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
	for _, c := range w.conns {
		c.Close()
	}
	w.conns = nil
}

// firstLine passes the first line a log.Logger writes to logf and drops
// the rest.
type firstLine struct {
	once sync.Once
	logf func(format string, args ...any)
}

func (w *firstLine) Write(p []byte) (int, error) {
	w.once.Do(func() { w.logf("login: the redirect listener: %s", strings.TrimSuffix(string(p), "\n")) })
	return len(p), nil
}

// showPage answers the browser with a page of title and message, both
// escaped (message may hold the service's error text).
func showPage(w http.ResponseWriter, status int, title, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	title, message = html.EscapeString(title), html.EscapeString(message)
	fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%s</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style></head>
<body><h1>%s</h1><p>%s</p></body></html>
`, title, title, message)
}

// readPasted reads lines from in until one is a redirect URL of this login
// (its state matches): its code, or its error=. Other lines get a message
// on out and the reading goes on.
//
// When the login ends first, a read deadline ends the Read in progress and
// readPasted returns once it has: the next line typed goes to the next
// reader of in. That works for readers that take a deadline (a pipe of
// os.Pipe, a net.Conn) and, on Linux, for a pipe or terminal that does not
// (os.Stdin, unless it was non-blocking), through a new descriptor of it.
// Elsewhere such a Read goes on until the next line or EOF, which it takes.
func readPasted(ctx context.Context, in io.Reader, out io.Writer, state string) (string, error) {
	var r io.Reader = in
	d, release := interruptible(in)
	if d != nil {
		r = d
	}
	lines := make(chan string)
	readErr := make(chan error, 1)
	stop := make(chan struct{})
	var reader sync.WaitGroup
	defer func() {
		close(stop)
		if d != nil {
			_ = d.SetReadDeadline(time.Unix(1, 0)) // the past: a Read returns now
			reader.Wait()
			release()
		}
	}()
	reader.Add(1)
	go func() {
		defer reader.Done()
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 4096), 64<<10)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-stop:
				return
			}
		}
		err := sc.Err()
		if err == nil {
			err = io.EOF
		}
		readErr <- err
	}()
	for {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case err := <-readErr:
			return "", fmt.Errorf("login: read the pasted URL: %w", err)
		case line := <-lines:
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			u, err := url.Parse(line)
			if err != nil || u.RawQuery == "" {
				fmt.Fprintln(out, "That is not the URL the browser was sent to (it should contain code= and state=). Paste it again:")
				continue
			}
			q := u.Query()
			if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
				fmt.Fprintln(out, "That URL is not from this sign-in (its state differs). Paste the URL of this sign-in:")
				continue
			}
			if q.Get("error") != "" {
				return "", authorizeError(q)
			}
			if c := q.Get("code"); c != "" {
				return c, nil
			}
			fmt.Fprintln(out, "That URL has no code. Paste the URL the browser was sent to after you approved:")
		}
	}
}

// authorizeError is the error= of a redirect.
func authorizeError(q url.Values) *AuthorizeError {
	return &AuthorizeError{Code: q.Get("error"), Description: q.Get("error_description"), URI: q.Get("error_uri")}
}

// deadlineReader is a reader whose blocked Read a deadline ends.
type deadlineReader interface {
	io.Reader
	SetReadDeadline(time.Time) error
}

// interruptible returns in as a reader whose Read a deadline ends, and
// what to call once it is no longer read; or nil. It is in itself when in
// takes a deadline, else, for an *os.File that is a pipe or terminal, a new
// descriptor of it that the runtime polls (reopen). Regular files need
// none: their reads end by themselves.
func interruptible(in io.Reader) (deadlineReader, func()) {
	if d, ok := in.(deadlineReader); ok && d.SetReadDeadline(time.Time{}) == nil {
		return d, func() { _ = d.SetReadDeadline(time.Time{}) } // in reads on after the login
	}
	f, ok := in.(*os.File)
	if !ok {
		return nil, nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) == 0 {
		return nil, nil
	}
	g, err := reopen(f)
	if err != nil {
		return nil, nil
	}
	if g.SetReadDeadline(time.Time{}) != nil { // a device the poller does not take
		g.Close()
		return nil, nil
	}
	return g, func() { g.Close() }
}

// randomString is n random bytes of crypto/rand, base64url without
// padding: characters RFC 7636 allows in a code verifier.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand documents it)
	return base64.RawURLEncoding.EncodeToString(b)
}
