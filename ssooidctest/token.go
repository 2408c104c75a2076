package ssooidctest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"slices"
	"time"
)

type createTokenOutput struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int32  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken,omitempty"`
	IDToken      string `json:"idToken,omitempty"`
}

// createToken implements CreateToken: the device code, refresh token and
// authorization code grants of public clients.
func (e *Emulator) createToken(b *body, base string) (any, *apiError) {
	id := b.str("clientId")
	secret := b.str("clientSecret")
	grant := b.str("grantType")
	deviceCode := b.str("deviceCode")
	code := b.str("code")
	refreshToken := b.str("refreshToken")
	redirectURI := b.str("redirectUri")
	verifier := b.str("codeVerifier")
	_ = b.list("scope") // "has no effect", says the model; only its type is checked
	if b.err != nil {
		return nil, b.err
	}
	switch {
	case id == "":
		return nil, errInvalidRequest("clientId is required")
	case secret == "":
		return nil, errInvalidRequest("clientSecret is required")
	case grant == "":
		return nil, errInvalidRequest("grantType is required")
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	c, aerr := e.authClient(id, secret)
	if aerr != nil {
		return nil, aerr
	}
	switch grant {
	case grantDeviceCode, grantRefreshToken, grantAuthCode:
	default:
		return nil, errUnsupportedGrantType("grant type " + quote(grant) + " is not supported by CreateToken; use authorization_code, " + grantDeviceCode + " or refresh_token")
	}
	if !c.allows(grant) {
		return nil, errUnauthorizedClient("the client was not registered for the " + grant + " grant")
	}
	now := e.now()
	switch grant {
	case grantDeviceCode:
		return e.deviceCodeGrant(c, deviceCode, base, now)
	case grantRefreshToken:
		if refreshToken == "" {
			return nil, errInvalidRequest("refreshToken is required for the refresh_token grant")
		}
		g, aerr := e.checkRefreshToken(c.id, false, refreshToken, now)
		if aerr != nil {
			return nil, aerr
		}
		g.used = true
		return e.issuePublic(c, g.scopes, g.subject, g.session, base, now, nil), nil
	default:
		ac, aerr := e.checkCode(c.id, false, code, redirectURI, verifier, now)
		if aerr != nil {
			return nil, aerr
		}
		ac.used = true
		return e.issuePublic(c, ac.scopes, ac.subject, &session{}, base, now, ac), nil
	}
}

// deviceCodeGrant answers one poll of a device code (RFC 8628, section 3.5).
// The caller holds e.mu.
func (e *Emulator) deviceCodeGrant(c *client, deviceCode, base string, now time.Time) (any, *apiError) {
	if deviceCode == "" {
		return nil, errInvalidRequest("deviceCode is required for the " + grantDeviceCode + " grant")
	}
	d := e.devices[deviceCode]
	if d == nil || d.clientID != c.id {
		return nil, errInvalidGrant("invalid device code")
	}
	if d.state == stateConsumed {
		return nil, errInvalidGrant("the device code was already used to create a token")
	}
	e.settle(d, now)
	if !now.Before(d.expiresAt) {
		return nil, errExpiredToken("the device code expired; start a new device authorization")
	}
	if d.state == stateDenied {
		return nil, errAccessDenied("the user denied the authorization request")
	}
	if !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < d.interval {
		d.lastPoll = now
		d.interval += 5 * time.Second
		return nil, errSlowDown("polling too fast; wait the interval between polls, plus 5 seconds from now on")
	}
	d.lastPoll = now
	if d.state == statePending {
		return nil, errAuthorizationPending("the user has not approved the authorization request yet")
	}
	d.state = stateConsumed
	return e.issuePublic(c, d.scopes, d.subject, &session{}, base, now, nil), nil
}

// issuePublic issues the tokens of a CreateToken grant, in session s. The
// caller holds e.mu. Tokens issued from an authorization code are recorded
// in it, to be revoked if the code is replayed.
func (e *Emulator) issuePublic(c *client, scopes []string, subject string, s *session, base string, now time.Time, from *authCode) createTokenOutput {
	out := createTokenOutput{
		AccessToken: e.newAccessToken(c.id, false, scopes, subject, s, now),
		TokenType:   "Bearer",
		ExpiresIn:   seconds(e.opts.AccessTokenTTL),
		IDToken:     e.idToken(base, c.id, subject, now, nil),
	}
	if c.issuesRefresh() {
		out.RefreshToken = e.newRefreshToken(c.id, false, scopes, subject, s, now)
	}
	if from != nil {
		from.issued = append(from.issued, out.AccessToken, out.RefreshToken)
	}
	return out
}

func (e *Emulator) newAccessToken(clientID string, iam bool, scopes []string, subject string, s *session, now time.Time) string {
	t := randomToken(96)
	e.access[t] = &accessGrant{clientID: clientID, iam: iam, scopes: slices.Clone(scopes), subject: subject, session: s,
		expiresAt: now.Add(e.opts.AccessTokenTTL)}
	return t
}

func (e *Emulator) newRefreshToken(clientID string, iam bool, scopes []string, subject string, s *session, now time.Time) string {
	t := randomToken(96)
	e.refresh[t] = &refreshGrant{clientID: clientID, iam: iam, scopes: slices.Clone(scopes), subject: subject, session: s,
		expiresAt: now.Add(e.opts.RefreshTokenTTL)}
	return t
}

// checkRefreshToken checks a refresh token. Refresh tokens rotate: the
// caller marks it used when it issues new tokens. The caller holds e.mu.
func (e *Emulator) checkRefreshToken(clientID string, iam bool, token string, now time.Time) (*refreshGrant, *apiError) {
	g := e.refresh[token]
	switch {
	case g == nil || g.clientID != clientID || g.iam != iam:
		return nil, errInvalidGrant("invalid refresh token")
	case g.revoked:
		return nil, errInvalidGrant("the refresh token was revoked")
	case g.session.ended:
		return nil, errInvalidGrant("the session was logged out; sign in again")
	case g.used:
		return nil, errInvalidGrant("the refresh token was already used; use the one the last refresh returned")
	case !now.Before(g.expiresAt):
		return nil, errInvalidGrant("the refresh token expired; sign in again")
	}
	return g, nil
}

// checkCode checks an authorization code, its redirect URI and its PKCE
// verifier (RFC 6749 section 4.1.3, RFC 7636 section 4.6). Codes are good
// once: the caller marks it used when it issues tokens. The caller holds
// e.mu.
func (e *Emulator) checkCode(clientID string, iam bool, code, redirectURI, verifier string, now time.Time) (*authCode, *apiError) {
	if code == "" {
		return nil, errInvalidRequest("code is required for the authorization_code grant")
	}
	if redirectURI == "" {
		return nil, errInvalidRequest("redirectUri is required for the authorization_code grant")
	}
	ac := e.codes[code]
	if ac == nil || ac.clientID != clientID || ac.iam != iam {
		return nil, errInvalidGrant("invalid authorization code")
	}
	if ac.used {
		// A replayed code may be stolen: revoke what it gave (RFC 6749,
		// section 4.1.2).
		for _, t := range ac.issued {
			e.revoke(t)
		}
		return nil, errInvalidGrant("the authorization code was already used; the tokens issued from it are revoked")
	}
	if !now.Before(ac.expiresAt) {
		return nil, errInvalidGrant("the authorization code expired")
	}
	if redirectURI != ac.redirectURI {
		return nil, errInvalidGrant("redirectUri does not match the redirect_uri of the authorization request")
	}
	switch {
	case ac.challenge == "" && verifier != "":
		return nil, errInvalidGrant("codeVerifier was sent but the authorization request had no code challenge")
	case ac.challenge == "":
	case verifier == "":
		return nil, errInvalidGrant("codeVerifier is required: the authorization request had a code challenge")
	case !validVerifier(verifier):
		return nil, errInvalidGrant("codeVerifier must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~ (RFC 7636)")
	case subtle.ConstantTimeCompare([]byte(s256(verifier)), []byte(ac.challenge)) != 1:
		return nil, errInvalidGrant("codeVerifier does not match the code challenge")
	}
	return ac, nil
}

// s256 is the S256 code challenge of a verifier (RFC 7636, section 4.2).
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// validVerifier implements code-verifier = 43*128unreserved.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		ok := 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
		if !ok {
			return false
		}
	}
	return true
}

// validChallenge accepts an S256 challenge: 43 base64url characters.
func validChallenge(c string) bool {
	if len(c) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil
}

func equalSecret(want, got string) bool {
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// revoke revokes an access or refresh token. The caller holds e.mu.
func (e *Emulator) revoke(token string) bool {
	if g := e.access[token]; g != nil {
		g.revoked = true
		return true
	}
	if g := e.refresh[token]; g != nil {
		g.revoked = true
		return true
	}
	return false
}

// Revoke revokes an access or refresh token the emulator issued, as an
// administrator ending a session would: a revoked refresh token gets
// InvalidGrantException, a revoked access token is no longer valid for
// LookupAccessToken or token exchange. It reports whether the token was
// known.
func (e *Emulator) Revoke(token string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.revoke(token)
}

// TokenInfo describes an access token the emulator issued.
type TokenInfo struct {
	// ClientID is the public client's id, or the application ARN for
	// tokens of CreateTokenWithIAM.
	ClientID  string
	Scopes    []string
	Subject   string
	ExpiresAt time.Time
}

// LookupAccessToken returns what an access token the emulator issued
// grants, the way a resource server would check a bearer token. It reports
// false for a token that is unknown, expired, revoked or logged out.
func (e *Emulator) LookupAccessToken(token string) (TokenInfo, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.access[token]
	if g == nil || !g.live(e.now()) {
		return TokenInfo{}, false
	}
	return TokenInfo{ClientID: g.clientID, Scopes: slices.Clone(g.scopes), Subject: g.subject, ExpiresAt: g.expiresAt}, true
}
