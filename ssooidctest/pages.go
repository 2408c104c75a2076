package ssooidctest

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// The pages are plain HTML forms, no JavaScript: a person can use them in
// any browser, and a test with nothing but net/http. They are parsed on
// first use: a program that links the emulator but does not serve pages
// (ssooidc token) pays nothing at start-up.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("layout").Parse(`{{define "top"}}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} - ssooidctest</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}
input[type=text]{font-size:1.5em;letter-spacing:.1em;width:10em}button{font-size:1.1em;margin-right:.5em}
.error{color:#b00020}</style></head>
<body><h1>{{.Title}}</h1>{{end}}
{{define "bottom"}}<p><small>ssooidctest: a local emulator of the AWS IAM Identity Center OIDC service.</small></p></body></html>{{end}}

{{define "index"}}{{template "top" .}}
<p>This emulator serves RegisterClient, StartDeviceAuthorization, CreateToken and CreateTokenWithIAM
in region <b>{{.Region}}</b>, and the Portal API: GetRoleCredentials, ListAccounts, ListAccountRoles
and Logout.</p>
<ul><li><a href="/device">Authorize a device</a> with a user code.</li>
<li><code>/authorize</code>: the browser step of the authorization code grant with PKCE.</li></ul>
{{template "bottom" .}}{{end}}

{{define "device"}}{{template "top" .}}
{{if .Message}}<p class="error">{{.Message}}</p>{{end}}
{{if .ClientName}}<p><b>{{.ClientName}}</b> asks for access{{if .Scopes}} with the scopes
{{range $i, $s := .Scopes}}{{if $i}}, {{end}}<code>{{$s}}</code>{{end}}{{end}}.
Check that the code below is the one your device shows.</p>{{end}}
<form method="post" action="/device">
<p><label for="user_code">Code</label><br>
<input type="text" id="user_code" name="user_code" value="{{.UserCode}}" autocomplete="off" required></p>
<p><button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="deny">Deny</button></p>
</form>
{{template "bottom" .}}{{end}}

{{define "done"}}{{template "top" .}}
<p>{{.Message}}</p>
{{template "bottom" .}}{{end}}

{{define "consent"}}{{template "top" .}}
<p><b>{{.ClientName}}</b> asks for access{{if .Scopes}} with the scopes
{{range $i, $s := .Scopes}}{{if $i}}, {{end}}<code>{{$s}}</code>{{end}}{{end}}.
You will be sent back to <code>{{.RedirectURI}}</code>.</p>
<form method="post" action="/authorize">
{{range .Hidden}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p><button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="deny">Deny</button></p>
</form>
{{template "bottom" .}}{{end}}
`))
})

// pageData is what the templates show.
type pageData struct {
	Title       string
	Message     string
	Region      string
	UserCode    string
	ClientName  string
	Scopes      []string
	RedirectURI string
	Hidden      []hiddenField
}

type hiddenField struct{ Name, Value string }

func renderPage(w http.ResponseWriter, status int, name string, data pageData) {
	var b strings.Builder
	if err := pages().ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "render page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

func (e *Emulator) indexPage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, unknownOperation(r))
		return
	}
	renderPage(w, http.StatusOK, "index", pageData{Title: "SSO OIDC emulator", Region: e.opts.Region})
}

// devicePage is the verification page: GET shows the form (filled in from
// ?user_code=, the verificationUriComplete), POST approves or denies.
func (e *Emulator) devicePage(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		code := r.URL.Query().Get("user_code")
		data := pageData{Title: "Authorize request", UserCode: code}
		if code != "" {
			e.mu.Lock()
			d := e.userCodes[normalizeUserCode(code)]
			if d != nil {
				data.ClientName, data.Scopes = d.clientName, slices.Clone(d.scopes)
			}
			e.mu.Unlock()
			if d == nil {
				data.Message = "This code is not valid. Check the code your device shows."
			}
		}
		renderPage(w, http.StatusOK, "device", data)
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if err := r.ParseForm(); err != nil {
			renderPage(w, http.StatusBadRequest, "device", pageData{Title: "Authorize request", Message: "The form could not be read."})
			return
		}
		code := r.PostForm.Get("user_code")
		action := r.PostForm.Get("action")
		var err error
		switch action {
		case "approve":
			err = e.Approve(code)
		case "deny":
			err = e.Deny(code)
		default:
			renderPage(w, http.StatusBadRequest, "device", pageData{Title: "Authorize request", UserCode: code, Message: "Choose Approve or Deny."})
			return
		}
		switch {
		case errors.Is(err, ErrUnknownUserCode):
			renderPage(w, http.StatusBadRequest, "device", pageData{Title: "Authorize request", UserCode: code,
				Message: "This code is not valid. Check the code your device shows."})
		case errors.Is(err, ErrExpiredUserCode):
			renderPage(w, http.StatusBadRequest, "done", pageData{Title: "Code expired",
				Message: "This code expired. Start the sign-in again on your device."})
		case errors.Is(err, ErrAlreadyDecided):
			renderPage(w, http.StatusConflict, "done", pageData{Title: "Already done",
				Message: "This request was already approved or denied."})
		case action == "approve":
			renderPage(w, http.StatusOK, "done", pageData{Title: "Request approved",
				Message: "You can close this window and return to your device."})
		default:
			renderPage(w, http.StatusOK, "done", pageData{Title: "Request denied",
				Message: "The device will not get access. You can close this window."})
		}
	default:
		writeError(w, unknownOperation(r))
	}
}

// authRequest is the query of an authorization request (RFC 6749 section
// 4.1.1, RFC 7636 section 4.3).
type authRequest struct {
	responseType string
	clientID     string
	redirectURI  string
	state        string
	challenge    string
	method       string
	scopes       []string
}

func parseAuthRequest(q url.Values) authRequest {
	ar := authRequest{
		responseType: q.Get("response_type"),
		clientID:     q.Get("client_id"),
		redirectURI:  q.Get("redirect_uri"),
		state:        q.Get("state"),
		challenge:    q.Get("code_challenge"),
		method:       q.Get("code_challenge_method"),
	}
	// OAuth names it scope; AWS tools send scopes. Both are space-separated.
	for _, v := range append(q["scopes"], q["scope"]...) {
		for _, s := range strings.Fields(v) {
			if !slices.Contains(ar.scopes, s) {
				ar.scopes = append(ar.scopes, s)
			}
		}
	}
	return ar
}

// hidden is the request as form fields of the consent page.
func (ar authRequest) hidden() []hiddenField {
	return []hiddenField{
		{"response_type", ar.responseType},
		{"client_id", ar.clientID},
		{"redirect_uri", ar.redirectURI},
		{"state", ar.state},
		{"code_challenge", ar.challenge},
		{"code_challenge_method", ar.method},
		{"scope", strings.Join(ar.scopes, " ")},
	}
}

// authorize is the authorization endpoint. GET checks the request and shows
// the consent page (or, with AutoApprove, redirects with a code at once);
// POST is the consent page's answer. As RFC 6749 (section 4.1.2.1) asks,
// an unknown client or redirect URI gets an error page, never a redirect;
// every other error is sent to the redirect URI.
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request) {
	var q url.Values
	action := ""
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		q = r.URL.Query()
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		if err := r.ParseForm(); err != nil {
			renderPage(w, http.StatusBadRequest, "done", pageData{Title: "Bad request", Message: "The form could not be read."})
			return
		}
		q = r.PostForm
		action = q.Get("action")
	default:
		writeError(w, unknownOperation(r))
		return
	}
	redirect, page := e.authorizeOutcome(parseAuthRequest(q), action)
	if redirect != "" {
		http.Redirect(w, r, redirect, http.StatusFound)
		return
	}
	status := http.StatusOK
	if page.Message != "" {
		status = http.StatusBadRequest
	}
	name := "consent"
	if page.Hidden == nil {
		name = "done"
	}
	renderPage(w, status, name, page)
}

// authorizeOutcome decides an authorization request: it returns either the
// URI to redirect to, or the page to show (the consent page, or an error
// page with a Message).
func (e *Emulator) authorizeOutcome(ar authRequest, action string) (redirect string, page pageData) {
	e.mu.Lock()
	defer e.mu.Unlock()
	name, registered, iam, msg := e.authorizeClient(ar)
	if msg != "" {
		return "", pageData{Title: "Bad authorization request", Message: msg}
	}
	fail := func(code, description string) (string, pageData) {
		return withQuery(ar.redirectURI, "error", code, "error_description", description, "state", ar.state), pageData{}
	}
	switch {
	case ar.responseType != "code":
		return fail("unsupported_response_type", "response_type must be code")
	case !iam && !registered.allows(grantAuthCode):
		return fail("unauthorized_client", "the client was not registered for the authorization_code grant")
	case ar.state == "":
		return fail("invalid_request", "state is required")
	case ar.challenge == "" && !iam:
		return fail("invalid_request", "code_challenge is required: public clients must use PKCE (RFC 7636)")
	case ar.challenge != "" && ar.method != "S256":
		return fail("invalid_request", "code_challenge_method must be S256")
	case ar.challenge != "" && !validChallenge(ar.challenge):
		return fail("invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the code verifier")
	}
	scopes := ar.scopes
	if iam {
		if aerr := e.checkScopes(scopes); aerr != nil {
			return fail("invalid_scope", aerr.description)
		}
	} else {
		for _, s := range scopes {
			if !slices.Contains(registered.scopes, s) {
				return fail("invalid_scope", "scope "+quote(s)+" was not registered for this client")
			}
		}
		if len(scopes) == 0 {
			scopes = registered.scopes
		}
	}

	switch {
	case action == "deny":
		return fail("access_denied", "the user denied the authorization request")
	case action == "approve" || e.opts.AutoApprove:
		code := randomToken(48)
		e.codes[code] = &authCode{
			clientID:    ar.clientID,
			iam:         iam,
			redirectURI: ar.redirectURI,
			challenge:   ar.challenge,
			scopes:      slices.Clone(scopes),
			subject:     e.opts.Subject,
			expiresAt:   e.now().Add(e.opts.AuthCodeTTL),
		}
		return withQuery(ar.redirectURI, "code", code, "state", ar.state), pageData{}
	}
	return "", pageData{Title: "Allow access?", ClientName: name, Scopes: scopes, RedirectURI: ar.redirectURI, Hidden: ar.hidden()}
}

// authorizeClient checks the client and redirect URI of an authorization
// request. A public client's redirect URI must be one it registered (any
// port); an application ARN's, whose redirect URIs are configured in IAM
// Identity Center and unknown here, any absolute http or https URI. It
// returns a message for the error page when either is wrong. The caller
// holds e.mu.
func (e *Emulator) authorizeClient(ar authRequest) (name string, c *client, iam bool, msg string) {
	switch {
	case ar.clientID == "":
		return "", nil, false, "client_id is required."
	case ar.redirectURI == "":
		return "", nil, false, "redirect_uri is required."
	case isApplicationARN(ar.clientID):
		u, err := url.Parse(ar.redirectURI)
		if err != nil || !isHTTPURL(ar.redirectURI) || u.Fragment != "" {
			return "", nil, true, "redirect_uri must be an absolute http or https URI without a fragment."
		}
		return ar.clientID, nil, true, ""
	}
	c = e.clients[ar.clientID]
	switch {
	case c == nil:
		return "", nil, false, "Unknown client_id: register the client with RegisterClient first."
	case !e.now().Before(c.expiresAt):
		return "", nil, false, "The client registration expired."
	case checkLoopbackRedirect(ar.redirectURI) != nil || !redirectMatches(c.redirectURIs, ar.redirectURI):
		return "", nil, false, "redirect_uri is not one of the client's registered redirect URIs."
	}
	return c.name, c, false, ""
}

// withQuery adds parameters to the query of a redirect URI.
func withQuery(uri string, kv ...string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri // checked before; cannot happen
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" || kv[i] != "state" {
			q.Set(kv[i], kv[i+1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
