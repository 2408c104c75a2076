package ssooidctest

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// maxClientNameBytes bounds what a registration stores.
const maxClientNameBytes = 1024

type registerClientOutput struct {
	ClientID              string `json:"clientId"`
	ClientSecret          string `json:"clientSecret"`
	ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
	ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
	AuthorizationEndpoint string `json:"authorizationEndpoint,omitempty"`
	TokenEndpoint         string `json:"tokenEndpoint,omitempty"`
}

// registerClient implements RegisterClient.
func (e *Emulator) registerClient(b *body, base string) (any, *apiError) {
	name := b.str("clientName")
	clientType := b.str("clientType")
	scopes := b.list("scopes")
	redirects := b.list("redirectUris")
	grants := b.list("grantTypes")
	issuer := b.str("issuerUrl")
	appARN := b.str("entitledApplicationArn")
	if b.err != nil {
		return nil, b.err
	}
	switch {
	case name == "":
		return nil, errInvalidRequest("clientName is required")
	case clientType == "":
		return nil, errInvalidRequest("clientType is required")
	case clientType != "public":
		return nil, errInvalidClientMetadata("clientType must be public: the service registers only public clients")
	case len(name) > maxClientNameBytes:
		return nil, errInvalidClientMetadata("clientName is longer than " + strconv.Itoa(maxClientNameBytes) + " bytes")
	}
	for _, g := range grants {
		if g != grantAuthCode && g != grantDeviceCode && g != grantRefreshToken {
			return nil, errUnsupportedGrantType(fmt.Sprintf("grant type %s is not supported for public clients; use authorization_code, %s or refresh_token", quote(g), grantDeviceCode))
		}
	}
	if len(grants) > 0 && !slices.Contains(grants, grantAuthCode) && !slices.Contains(grants, grantDeviceCode) {
		return nil, errInvalidClientMetadata("grantTypes needs authorization_code or " + grantDeviceCode + " next to refresh_token")
	}
	if aerr := e.checkScopes(scopes); aerr != nil {
		return nil, aerr
	}
	for _, r := range redirects {
		if aerr := checkLoopbackRedirect(r); aerr != nil {
			return nil, aerr
		}
	}
	if slices.Contains(grants, grantAuthCode) && len(redirects) == 0 {
		return nil, errInvalidClientMetadata("the authorization_code grant needs at least one redirect URI")
	}
	if issuer != "" && !isHTTPURL(issuer) {
		return nil, errInvalidClientMetadata("issuerUrl must be an absolute https URL")
	}
	if appARN != "" && !isApplicationARN(appARN) {
		return nil, errInvalidClientMetadata("entitledApplicationArn must be the ARN of an IAM Identity Center application")
	}

	now := e.now()
	c := &client{
		id:           randomToken(24),
		secret:       randomToken(64),
		name:         name,
		scopes:       slices.Clone(scopes),
		grantTypes:   slices.Clone(grants),
		redirectURIs: slices.Clone(redirects),
		expiresAt:    now.Add(e.opts.ClientTTL),
	}
	e.mu.Lock()
	e.clients[c.id] = c
	e.mu.Unlock()

	out := registerClientOutput{
		ClientID:              c.id,
		ClientSecret:          c.secret,
		ClientIDIssuedAt:      now.Unix(),
		ClientSecretExpiresAt: c.expiresAt.Unix(),
	}
	if c.allows(grantAuthCode) {
		out.AuthorizationEndpoint = base + "/authorize"
		out.TokenEndpoint = base + "/token"
	}
	return out, nil
}

// authClient authenticates a public client by id and secret. The caller
// holds e.mu.
func (e *Emulator) authClient(id, secret string) (*client, *apiError) {
	c := e.clients[id]
	if c == nil {
		return nil, errInvalidClient("unknown clientId: register the client with RegisterClient first")
	}
	if !equalSecret(c.secret, secret) {
		return nil, errInvalidClient("the clientSecret does not match the clientId")
	}
	if !e.now().Before(c.expiresAt) {
		return nil, errInvalidClient("the client registration expired; register the client again")
	}
	return c, nil
}

// checkScopes accepts scope tokens of RFC 6749 (section 3.3) and, when
// Options.Scopes is set, only those scopes.
func (e *Emulator) checkScopes(scopes []string) *apiError {
	for _, s := range scopes {
		if !validScopeToken(s) {
			return errInvalidScope(quote(s) + " is not a valid scope")
		}
		if e.opts.Scopes != nil && !slices.Contains(e.opts.Scopes, s) {
			return errInvalidScope("scope " + quote(s) + " is not supported by this IAM Identity Center instance")
		}
	}
	return nil
}

// validScopeToken implements scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
func validScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c == 0x22 || c == 0x5c || c > 0x7e {
			return false
		}
	}
	return true
}

// checkLoopbackRedirect accepts the redirect URIs of native apps (RFC 8252,
// section 7.3): http or https on a loopback address, no fragment.
func checkLoopbackRedirect(s string) *apiError {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "" {
		return errInvalidRedirectURI(quote(s) + " is not an absolute URI")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errInvalidRedirectURI(quote(s) + " must use http")
	}
	if u.Fragment != "" || u.RawFragment != "" || u.User != nil {
		return errInvalidRedirectURI(quote(s) + " must not have a fragment or user info")
	}
	if !isLoopbackHost(u.Hostname()) {
		return errInvalidRedirectURI(quote(s) + " must point at a loopback address (127.0.0.1, [::1] or localhost)")
	}
	return nil
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// redirectMatches reports whether got is one of the registered loopback
// URIs. The port may differ: a native app picks a free port at each login
// (RFC 8252, section 7.3).
func redirectMatches(registered []string, got string) bool {
	gu, err := url.Parse(got)
	if err != nil || gu.Fragment != "" || gu.User != nil {
		return false
	}
	for _, r := range registered {
		ru, err := url.Parse(r)
		if err != nil {
			continue
		}
		if ru.Scheme == gu.Scheme && ru.Hostname() == gu.Hostname() &&
			pathOrSlash(ru.EscapedPath()) == pathOrSlash(gu.EscapedPath()) && ru.RawQuery == gu.RawQuery {
			return true
		}
	}
	return false
}

func pathOrSlash(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// applicationARN is the form of IAM Identity Center application ARNs, the
// clientId of CreateTokenWithIAM.
var applicationARN = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`^arn:aws(-[a-z]+)*:sso::[0-9]{12}:application/ssoins-[0-9A-Za-z]{1,64}/apl-[0-9A-Za-z]{1,64}$`)
})

func isApplicationARN(s string) bool { return applicationARN().MatchString(s) }

// quote quotes a value for an error description, cut to a readable length.
// Only non-secret members (scopes, URIs, grant types) are ever quoted.
func quote(s string) string {
	const limit = 100
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return strconv.Quote(s)
}
