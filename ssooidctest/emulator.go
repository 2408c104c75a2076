package ssooidctest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/sigv4"
)

// The grant types of the service.
const (
	grantAuthCode      = "authorization_code"
	grantDeviceCode    = "urn:ietf:params:oauth:grant-type:device_code"
	grantRefreshToken  = "refresh_token"
	grantJWTBearer     = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	grantTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"

	tokenTypeAccess  = "urn:ietf:params:oauth:token-type:access_token"
	tokenTypeRefresh = "urn:ietf:params:oauth:token-type:refresh_token"
)

// maxBodyBytes bounds a request body: real requests are a few hundred bytes.
const maxBodyBytes = 64 << 10

// The operations, as named in logs and in the Operation of a Mock Call.
const (
	opRegisterClient           = "RegisterClient"
	opStartDeviceAuthorization = "StartDeviceAuthorization"
	opCreateToken              = "CreateToken"
	opCreateTokenWithIAM       = "CreateTokenWithIAM"
)

// Emulator is an in-memory SSO OIDC service, with the Portal API at the
// same base URL. It is an http.Handler: serve it with NewServer in tests,
// or with any http.Server (cmd/ssooidc-local). It is safe for concurrent
// use. Create one with New: the zero value is not usable.
//
// Besides the operations it serves the pages a user would see: the
// device verification page (GET and POST /device) and the authorization
// endpoint of the PKCE browser step (/authorize), and an index page (/).
type Emulator struct {
	opts   Options
	signer sigv4.Signer
	key    []byte // signs ID tokens and page tokens; random per emulator

	// done ends Latency waits when the server closes.
	done     chan struct{}
	stopOnce sync.Once

	mu        sync.Mutex
	clients   map[string]*client
	devices   map[string]*deviceAuth // by device code
	userCodes map[string]*deviceAuth // by normalized user code
	codes     map[string]*authCode
	refresh   map[string]*refreshGrant
	access    map[string]*accessGrant
	roleCreds map[string]RoleCredentialsInfo
	throttle  int // API calls left to throttle
	fail      int // API calls left to fail with a 500
	latency   time.Duration
	skew      time.Duration
}

// client is a client registered with RegisterClient.
type client struct {
	id, secret   string
	name         string
	scopes       []string
	grantTypes   []string // as registered; empty means device code and refresh
	redirectURIs []string
	expiresAt    time.Time
}

// allows reports whether the client may use grant. A client registered
// without grantTypes gets the device code and refresh token grants, which
// is what the AWS CLI's registrations rely on.
func (c *client) allows(grant string) bool {
	if len(c.grantTypes) == 0 {
		return grant == grantDeviceCode || grant == grantRefreshToken
	}
	return slices.Contains(c.grantTypes, grant)
}

// issuesRefresh reports whether the client's token responses carry a
// refresh token: as with the service, only clients registered with scopes
// get one.
func (c *client) issuesRefresh() bool {
	return len(c.scopes) > 0 && c.allows(grantRefreshToken)
}

// deviceState is where a device authorization is in its life.
type deviceState int

const (
	statePending deviceState = iota
	stateApproved
	stateDenied
	stateConsumed // tokens were issued
)

// deviceAuth is one StartDeviceAuthorization.
type deviceAuth struct {
	deviceCode string
	userCode   string
	clientID   string
	clientName string
	scopes     []string
	startURL   string
	createdAt  time.Time
	expiresAt  time.Time
	interval   time.Duration // grows by 5s with each slow_down
	lastPoll   time.Time
	state      deviceState
	subject    string
	seq        int // creation order
}

// authCode is a code issued by /authorize.
type authCode struct {
	clientID    string
	iam         bool // issued to an IAM Identity Center application
	redirectURI string
	challenge   string // S256 code challenge; may be empty for applications
	scopes      []string
	subject     string
	expiresAt   time.Time
	used        bool
	issued      []string // tokens issued from it, revoked if it is replayed
}

// session is one sign-in: the tokens a grant other than refresh_token
// issued, and those every refresh from them issued. Logout ends it.
type session struct{ ended bool }

// refreshGrant is a refresh token.
type refreshGrant struct {
	clientID  string
	iam       bool
	scopes    []string
	subject   string
	session   *session
	expiresAt time.Time
	used      bool
	revoked   bool
}

// accessGrant is an access token.
type accessGrant struct {
	clientID  string
	iam       bool
	scopes    []string
	subject   string
	session   *session
	expiresAt time.Time
	revoked   bool
}

// live reports whether the access token is still good at now.
func (g *accessGrant) live(now time.Time) bool {
	return !g.revoked && !g.session.ended && now.Before(g.expiresAt)
}

// New returns an emulator configured by opts. It serves nothing until it is
// given to an http.Server; NewServer does both.
func New(opts Options) *Emulator {
	opts = opts.withDefaults()
	return &Emulator{
		opts:      opts,
		key:       randomBytes(32),
		done:      make(chan struct{}),
		clients:   map[string]*client{},
		devices:   map[string]*deviceAuth{},
		userCodes: map[string]*deviceAuth{},
		codes:     map[string]*authCode{},
		refresh:   map[string]*refreshGrant{},
		access:    map[string]*accessGrant{},
		roleCreds: map[string]RoleCredentialsInfo{},
		latency:   opts.Latency,
		skew:      opts.DateSkew,
	}
}

// Handler returns the emulator as an http.Handler.
func (e *Emulator) Handler() http.Handler { return e }

// Region returns the region the emulator serves.
func (e *Emulator) Region() string { return e.opts.Region }

// ThrottleNext makes the next n API calls fail with HTTP 429 and the error
// code ThrottlingException, as the AWS front door throttles, or for the
// Portal API TooManyRequestsException, as its model says.
func (e *Emulator) ThrottleNext(n int) {
	e.mu.Lock()
	e.throttle = max(n, 0)
	e.mu.Unlock()
}

// FailNext makes the next n API calls fail with HTTP 500
// InternalServerException. Throttling, if also set, comes first.
func (e *Emulator) FailNext(n int) {
	e.mu.Lock()
	e.fail = max(n, 0)
	e.mu.Unlock()
}

// SetLatency delays every later API response by d (0 turns it off). A
// delayed request ends early when its client goes away or the server closes.
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	e.latency = max(d, 0)
	e.mu.Unlock()
}

// SetDateSkew moves the Date header of every later response by d from the
// emulator's clock, to test a client's clock skew handling.
func (e *Emulator) SetDateSkew(d time.Duration) {
	e.mu.Lock()
	e.skew = d
	e.mu.Unlock()
}

// stop ends Latency waits; the server's Close calls it.
func (e *Emulator) stop() { e.stopOnce.Do(func() { close(e.done) }) }

func (e *Emulator) now() time.Time { return e.opts.Now() }

// ServeHTTP routes a request to an operation or a page. Every response
// carries x-amzn-requestid and a Date from the emulator's clock.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID := newRequestID()
	e.mu.Lock()
	skew := e.skew
	e.mu.Unlock()
	h := w.Header()
	h.Set("X-Amzn-Requestid", requestID)
	h.Set("Date", e.now().Add(skew).UTC().Format(http.TimeFormat))

	switch r.URL.Path {
	case "/client/register":
		e.api(w, r, requestID, opRegisterClient, http.MethodPost)
	case "/device_authorization":
		e.api(w, r, requestID, opStartDeviceAuthorization, http.MethodPost)
	case "/token":
		// The model routes on the literal query aws_iam=t.
		if r.URL.Query().Get("aws_iam") == "t" {
			e.api(w, r, requestID, opCreateTokenWithIAM, http.MethodPost)
		} else {
			e.api(w, r, requestID, opCreateToken, http.MethodPost)
		}
	case "/federation/credentials":
		e.api(w, r, requestID, opGetRoleCredentials, http.MethodGet)
	case "/assignment/accounts":
		e.api(w, r, requestID, opListAccounts, http.MethodGet)
	case "/assignment/roles":
		e.api(w, r, requestID, opListAccountRoles, http.MethodGet)
	case "/logout":
		e.api(w, r, requestID, opLogout, http.MethodPost)
	case "/device":
		e.devicePage(w, r)
	case "/authorize":
		e.authorize(w, r)
	case "/":
		e.indexPage(w, r)
	default:
		writeError(w, unknownOperation(r))
	}
}

func unknownOperation(r *http.Request) *apiError {
	return frontDoor(http.StatusNotFound, "UnknownOperationException", "no operation at "+r.Method+" "+r.URL.Path)
}

// api serves one operation, which method routes to, and logs its outcome.
func (e *Emulator) api(w http.ResponseWriter, r *http.Request, requestID, op, method string) {
	if r.Method != method {
		e.logf(op, requestID, http.StatusNotFound, "UnknownOperationException", "")
		writeError(w, unknownOperation(r))
		return
	}
	var (
		out   any
		grant string
		aerr  *apiError
	)
	switch op {
	case opGetRoleCredentials, opListAccounts, opListAccountRoles, opLogout:
		out, aerr = e.portal(r, op)
	default:
		out, grant, aerr = e.call(w, r, op)
	}
	if aerr != nil {
		e.logf(op, requestID, aerr.status, aerr.code, grant)
		writeError(w, aerr)
		return
	}
	e.logf(op, requestID, http.StatusOK, "", grant)
	if out == nil { // Logout: an empty 200
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// call runs the faults, reads the body and runs the operation. For the two
// token operations it also returns the request's grant type for the log
// (logGrant), "" when the body was not read.
func (e *Emulator) call(w http.ResponseWriter, r *http.Request, op string) (any, string, *apiError) {
	if aerr := e.faults(r.Context(), false); aerr != nil {
		return nil, "", aerr
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, "", errInvalidRequest("the request body is larger than 64 KiB")
		}
		return nil, "", errInvalidRequest("the request body could not be read")
	}
	if op == opCreateTokenWithIAM {
		// Authentication comes before the body is looked at.
		if aerr := e.verifySignature(r, raw); aerr != nil {
			return nil, "", aerr
		}
	}
	if aerr := checkContentType(r.Header.Get("Content-Type")); aerr != nil {
		return nil, "", aerr
	}
	b, aerr := parseBody(raw)
	if aerr != nil {
		return nil, "", aerr
	}
	base := e.baseURL(r)
	switch op {
	case opRegisterClient:
		out, aerr := e.registerClient(b, base)
		return out, "", aerr
	case opStartDeviceAuthorization:
		out, aerr := e.startDeviceAuthorization(b, base)
		return out, "", aerr
	case opCreateToken:
		out, aerr := e.createToken(b, base)
		return out, logGrant(b), aerr
	default:
		out, aerr := e.createTokenWithIAM(b, base)
		return out, logGrant(b), aerr
	}
}

// logGrant names the grant type of a token request for the log: a grant the
// emulator knows, or "other", so a client-chosen string never reaches it.
func logGrant(b *body) string {
	var g string
	if v, ok := b.m["grantType"]; ok {
		_ = json.Unmarshal(v, &g)
	}
	switch g {
	case grantAuthCode, grantDeviceCode, grantRefreshToken, grantJWTBearer, grantTokenExchange:
		return g
	case "":
		return "none"
	}
	return "other"
}

// faults applies the latency, throttling and failure knobs, with the
// errors of the SSO OIDC or, when portal is set, of the Portal API.
func (e *Emulator) faults(ctx context.Context, portal bool) *apiError {
	e.mu.Lock()
	latency := e.latency
	e.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		case <-e.done:
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.throttle > 0 {
		e.throttle--
		if portal {
			return errTooManyRequests()
		}
		return frontDoor(http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded")
	}
	if e.fail > 0 {
		e.fail--
		if portal {
			// The Portal API models no server error: a message, as the front door's.
			return frontDoor(http.StatusInternalServerError, "InternalServerException", "injected failure (FailNext)")
		}
		return errInternal("injected failure (FailNext)")
	}
	return nil
}

// checkContentType accepts what SDKs send: application/json (restJson1),
// the awsJson media types, and no Content-Type at all (an empty body).
// Anything else gets 415, as a Smithy server answers.
func checkContentType(ct string) *apiError {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		switch mt {
		case "application/json", "application/x-amz-json-1.1", "application/x-amz-json-1.0":
			return nil
		}
	}
	return frontDoor(http.StatusUnsupportedMediaType, "UnsupportedMediaTypeException", "unsupported Content-Type "+ct+"; send application/json")
}

// baseURL is the URL the emulator's pages are reached at.
func (e *Emulator) baseURL(r *http.Request) string {
	if e.opts.BaseURL != "" {
		return strings.TrimSuffix(e.opts.BaseURL, "/")
	}
	return "http://" + r.Host
}

func (e *Emulator) logf(op, requestID string, status int, code, grant string) {
	if e.opts.Logf == nil {
		return
	}
	if code == "" {
		code = "OK"
	}
	if grant != "" {
		e.opts.Logf("ssooidctest: %s %d %s grant=%s (request %s)", op, status, code, grant, requestID)
		return
	}
	e.opts.Logf("ssooidctest: %s %d %s (request %s)", op, status, code, requestID)
}

// writeError sends err as the service does.
func writeError(w http.ResponseWriter, err *apiError) {
	w.Header().Set("X-Amzn-Errortype", err.code)
	writeJSON(w, err.status, err.body())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only the emulator's own types are marshaled; this cannot happen.
		status, b = http.StatusInternalServerError, []byte(`{"error":"server_error","error_description":"marshal response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// body holds the members of a JSON request body. Lookups are exact
// (case-sensitive) like the service's, unknown members are ignored, and
// null is the same as absent.
type body struct {
	m   map[string]json.RawMessage
	err *apiError
}

func parseBody(raw []byte) (*body, *apiError) {
	b := &body{m: map[string]json.RawMessage{}}
	if len(strings.TrimSpace(string(raw))) == 0 {
		return b, nil // an operation with no members set may send no body
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errInvalidRequest("the request body is not a JSON object")
	}
	if m != nil {
		b.m = m
	}
	return b, nil
}

// str returns the string member name, "" when absent or null. A member of
// another JSON type sets b.err.
func (b *body) str(name string) string {
	v, ok := b.m[name]
	if !ok || string(v) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		if b.err == nil {
			b.err = errInvalidRequest(name + " must be a string")
		}
		return ""
	}
	return s
}

// list returns the list-of-strings member name, nil when absent or null.
func (b *body) list(name string) []string {
	v, ok := b.m[name]
	if !ok || string(v) == "null" {
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(v, &raw); err != nil {
		if b.err == nil {
			b.err = errInvalidRequest(name + " must be a list of strings")
		}
		return nil
	}
	l := make([]string, 0, len(raw))
	for _, item := range raw {
		var s string
		if err := json.Unmarshal(item, &s); err != nil {
			if b.err == nil {
				b.err = errInvalidRequest(name + " must be a list of strings")
			}
			return nil
		}
		l = append(l, s)
	}
	return l
}

// randomToken returns n random bytes, base64url encoded: the emulator's
// client ids, secrets, codes and tokens are opaque random strings.
func randomToken(n int) string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(n))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return b
}

// newRequestID returns a random (version 4) UUID, the form of AWS request IDs.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// idToken returns a JWT naming the user, signed with HS256 and a key only
// the emulator knows: it has the shape of the service's ID tokens, but is
// not meant to be verified.
func (e *Emulator) idToken(issuer, audience, subject string, now time.Time, extra map[string]any) string {
	claims := map[string]any{
		"iss":       issuer,
		"sub":       subject,
		"aud":       audience,
		"iat":       now.Unix(),
		"auth_time": now.Unix(),
		"exp":       now.Add(e.opts.AccessTokenTTL).Unix(),
	}
	for k, v := range extra {
		claims[k] = v
	}
	payload, _ := json.Marshal(claims) // strings and numbers only
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, e.key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}
