package ssooidctest

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/sigv4"
)

// signingName is the model's aws.auth#sigv4 name.
const signingName = "sso-oauth"

// defaultIAMScopes are the scopes CreateTokenWithIAM grants when none are
// requested, as its documentation says.
var defaultIAMScopes = []string{"openid", "aws", "sts:identity_context"}

type awsAdditionalDetails struct {
	IdentityContext string `json:"identityContext,omitempty"`
}

type createTokenWithIAMOutput struct {
	AccessToken          string                `json:"accessToken"`
	TokenType            string                `json:"tokenType"`
	ExpiresIn            int32                 `json:"expiresIn"`
	RefreshToken         string                `json:"refreshToken,omitempty"`
	IDToken              string                `json:"idToken,omitempty"`
	IssuedTokenType      string                `json:"issuedTokenType"`
	Scope                []string              `json:"scope,omitempty"`
	AwsAdditionalDetails *awsAdditionalDetails `json:"awsAdditionalDetails,omitempty"`
}

// createTokenWithIAM implements CreateTokenWithIAM, once verifySignature has
// passed. The clientId is an application ARN; see the package documentation
// for what each grant accepts.
func (e *Emulator) createTokenWithIAM(b *body, base string) (any, *apiError) {
	id := b.str("clientId")
	grant := b.str("grantType")
	code := b.str("code")
	refreshToken := b.str("refreshToken")
	assertion := b.str("assertion")
	scopes := b.list("scope")
	redirectURI := b.str("redirectUri")
	subjectToken := b.str("subjectToken")
	subjectTokenType := b.str("subjectTokenType")
	requestedTokenType := b.str("requestedTokenType")
	verifier := b.str("codeVerifier")
	if b.err != nil {
		return nil, b.err
	}
	switch {
	case id == "":
		return nil, errInvalidRequest("clientId is required")
	case grant == "":
		return nil, errInvalidRequest("grantType is required")
	case !isApplicationARN(id):
		return nil, errInvalidClient("clientId must be the ARN of an IAM Identity Center application (arn:aws:sso::ACCOUNT:application/ssoins-ID/apl-ID)")
	}
	if aerr := e.checkScopes(scopes); aerr != nil {
		return nil, aerr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	var (
		available   []string // nil: any scope may be requested
		subject     string
		withRefresh = true
		from        *authCode     // marked used once tokens are issued
		rotated     *refreshGrant // likewise
		sess        = &session{}  // a refresh continues its token's session
	)
	switch grant {
	case grantAuthCode:
		ac, aerr := e.checkCode(id, true, code, redirectURI, verifier, now)
		if aerr != nil {
			return nil, aerr
		}
		from, subject, available = ac, ac.subject, ac.scopes
		if len(available) == 0 {
			available = defaultIAMScopes
		}
	case grantRefreshToken:
		if refreshToken == "" {
			return nil, errInvalidRequest("refreshToken is required for the refresh_token grant")
		}
		g, aerr := e.checkRefreshToken(id, true, refreshToken, now)
		if aerr != nil {
			return nil, aerr
		}
		rotated, subject, available, sess = g, g.subject, g.scopes, g.session
	case grantJWTBearer:
		if assertion == "" {
			return nil, errInvalidRequest("assertion is required for the " + grantJWTBearer + " grant")
		}
		sub, aerr := e.checkAssertion(assertion, now)
		if aerr != nil {
			return nil, aerr
		}
		subject = sub
	case grantTokenExchange:
		switch {
		case subjectToken == "":
			return nil, errInvalidRequest("subjectToken is required for the " + grantTokenExchange + " grant")
		case subjectTokenType != tokenTypeAccess:
			return nil, errInvalidRequest("subjectTokenType must be " + tokenTypeAccess)
		}
		switch requestedTokenType {
		case "", tokenTypeAccess:
			withRefresh = false
		case tokenTypeRefresh:
		default:
			return nil, errInvalidRequest("requestedTokenType must be " + tokenTypeAccess + " or " + tokenTypeRefresh)
		}
		g := e.access[subjectToken]
		switch {
		case g == nil || g.revoked || g.session.ended:
			// RFC 8693, section 2.2.2: an unacceptable subject token is
			// invalid_request.
			return nil, errInvalidRequest("subjectToken is not an access token issued by this IAM Identity Center instance")
		case !now.Before(g.expiresAt):
			return nil, errExpiredToken("the subject token expired")
		}
		subject = g.subject
	default:
		return nil, errUnsupportedGrantType("grant type " + quote(grant) + " is not supported by CreateTokenWithIAM; use authorization_code, refresh_token, " + grantJWTBearer + " or " + grantTokenExchange)
	}

	granted := scopes
	switch {
	case len(scopes) == 0 && available != nil:
		granted = available
	case len(scopes) == 0:
		granted = defaultIAMScopes
	case available != nil:
		// Downscoping only: a token cannot gain scopes.
		for _, s := range scopes {
			if !slices.Contains(available, s) {
				return nil, errInvalidScope("scope " + quote(s) + " exceeds the scopes of the grant")
			}
		}
	}

	out := createTokenWithIAMOutput{
		AccessToken:     e.newAccessToken(id, true, granted, subject, sess, now),
		TokenType:       "Bearer",
		ExpiresIn:       seconds(e.opts.AccessTokenTTL),
		IssuedTokenType: tokenTypeAccess,
		Scope:           slices.Clone(granted),
	}
	if withRefresh {
		out.RefreshToken = e.newRefreshToken(id, true, granted, subject, sess, now)
		out.IssuedTokenType = tokenTypeRefresh
	}
	var extra map[string]any
	if slices.Contains(granted, "sts:identity_context") {
		identityContext := randomToken(48)
		out.AwsAdditionalDetails = &awsAdditionalDetails{IdentityContext: identityContext}
		extra = map[string]any{"sts:identity_context": identityContext}
	}
	if slices.Contains(granted, "openid") {
		out.IDToken = e.idToken(base, id, subject, now, extra)
	}
	if from != nil {
		from.used = true
		from.issued = append(from.issued, out.AccessToken, out.RefreshToken)
	}
	if rotated != nil {
		rotated.used = true
	}
	return out, nil
}

// checkAssertion accepts a JWT-shaped assertion: three base64url parts, a
// header with a signing algorithm other than "none", a JSON object payload,
// and exp and nbf (when present) that hold at now. The signature is not
// verified: the emulator has no trusted token issuer to verify it with. It
// returns the assertion's "sub", or the emulator's Subject when it has none.
func (e *Emulator) checkAssertion(assertion string, now time.Time) (string, *apiError) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 || parts[2] == "" {
		return "", errInvalidGrant("the assertion is not a signed JWT (header.payload.signature)")
	}
	var header, claims map[string]json.RawMessage
	if !decodeSegment(parts[0], &header) || !decodeSegment(parts[1], &claims) {
		return "", errInvalidGrant("the assertion's header and payload must be base64url-encoded JSON objects")
	}
	if _, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "=")); err != nil {
		return "", errInvalidGrant("the assertion's signature is not base64url")
	}
	var alg string
	if err := json.Unmarshal(header["alg"], &alg); err != nil || alg == "" || strings.EqualFold(alg, "none") {
		return "", errInvalidGrant("the assertion must be signed: its header needs an alg other than none")
	}
	if raw, ok := claims["exp"]; ok {
		var exp float64
		if err := json.Unmarshal(raw, &exp); err != nil {
			return "", errInvalidGrant("the assertion's exp must be a number")
		}
		if float64(now.Unix()) >= exp {
			return "", errInvalidGrant("the assertion expired")
		}
	}
	if raw, ok := claims["nbf"]; ok {
		var nbf float64
		if err := json.Unmarshal(raw, &nbf); err != nil {
			return "", errInvalidGrant("the assertion's nbf must be a number")
		}
		if float64(now.Add(SignatureTolerance).Unix()) < nbf {
			return "", errInvalidGrant("the assertion is not valid yet")
		}
	}
	var sub string
	if raw, ok := claims["sub"]; ok && json.Unmarshal(raw, &sub) == nil && sub != "" {
		return sub, nil
	}
	return e.opts.Subject, nil
}

// decodeSegment decodes one base64url JWT segment holding a JSON object.
func decodeSegment(seg string, v *map[string]json.RawMessage) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	return json.Unmarshal(raw, v) == nil && *v != nil
}

// authorization is a parsed SigV4 Authorization header.
type authorization struct {
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
}

// parseAuthorization splits "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
func parseAuthorization(h string) (authorization, bool) {
	var a authorization
	alg, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok {
		return a, false
	}
	a.algorithm = alg
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch k {
		case "Credential":
			a.credential = v
		case "SignedHeaders":
			a.signedHeaders = v
		case "Signature":
			a.signature = v
		}
	}
	return a, a.credential != "" && a.signedHeaders != "" && a.signature != ""
}

// verifySignature checks the SigV4 signature of a CreateTokenWithIAM
// request: it rebuilds the request from the headers the client says it
// signed, signs it again with internal/sigv4 and the secret of the access
// key, and compares. Errors are those of the AWS front door.
func (e *Emulator) verifySignature(r *http.Request, payload []byte) *apiError {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return errMissingAuthentication()
	}
	if len(values) > 1 {
		return errIncompleteSignature("the request has more than one Authorization header")
	}
	auth, ok := parseAuthorization(values[0])
	if !ok {
		return errIncompleteSignature("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.")
	}
	if auth.algorithm != "AWS4-HMAC-SHA256" {
		return errIncompleteSignature("Unsupported AWS 'algorithm': " + quote(auth.algorithm) + "; use AWS4-HMAC-SHA256.")
	}
	scope := strings.Split(auth.credential, "/")
	if len(scope) != 5 {
		return errIncompleteSignature("Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request.")
	}
	keyID, day, region, service, terminator := scope[0], scope[1], scope[2], scope[3], scope[4]

	amzDate := r.Header.Get("X-Amz-Date")
	if amzDate == "" {
		return errIncompleteSignature("Authorization header requires existence of a 'X-Amz-Date' header.")
	}
	signedAt, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil {
		return errIncompleteSignature("X-Amz-Date must have the form YYYYMMDD'T'HHMMSS'Z'.")
	}
	now := e.now().UTC()
	switch {
	case day != amzDate[:8]:
		return errInvalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + day + "' != '" + amzDate[:8] + "'.")
	case signedAt.Before(now.Add(-SignatureTolerance)):
		return errInvalidSignature("Signature expired: " + amzDate + " is now earlier than " +
			now.Add(-SignatureTolerance).Format("20060102T150405Z") + " (" + now.Format("20060102T150405Z") + " - 5 min.)")
	case signedAt.After(now.Add(SignatureTolerance)):
		return errInvalidSignature("Signature not yet current: " + amzDate + " is still later than " +
			now.Add(SignatureTolerance).Format("20060102T150405Z") + " (" + now.Format("20060102T150405Z") + " + 5 min.)")
	}

	var creds *Credentials
	for i := range e.opts.Credentials {
		if e.opts.Credentials[i].AccessKeyID == keyID {
			creds = &e.opts.Credentials[i]
			break
		}
	}
	if creds == nil {
		return errUnrecognizedClient()
	}
	if r.Header.Get("X-Amz-Security-Token") != creds.SessionToken {
		return errUnrecognizedClient()
	}
	switch {
	case region != e.opts.Region:
		return errInvalidSignature("Credential should be scoped to a valid region, not " + quote(region) + ". This emulator serves " + e.opts.Region + ".")
	case service != signingName:
		return errInvalidSignature("Credential should be scoped to correct service: '" + signingName + "'.")
	case terminator != "aws4_request":
		return errInvalidSignature("Credential should be scoped with a valid terminator: 'aws4_request', not " + quote(terminator) + ".")
	}

	payloadHash := sigv4.PayloadHash(payload)
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" && h != payloadHash {
		if h != sigv4.UnsignedPayload {
			return errInvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.")
		}
		payloadHash = h
	}

	// The request as the client signed it: only the headers it names.
	// Host, X-Amz-Date and X-Amz-Security-Token come from the signer's
	// own arguments.
	header := http.Header{}
	names := strings.Split(auth.signedHeaders, ";")
	if !slices.Contains(names, "host") {
		return errInvalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
	}
	for _, name := range names {
		switch name {
		case "host", "x-amz-date", "x-amz-security-token":
			continue
		}
		if v := r.Header.Values(name); len(v) > 0 {
			header[http.CanonicalHeaderKey(name)] = v
		}
	}
	req := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   r.Host,
		Header: header,
	}
	err = e.signer.SignHTTP(req, sigv4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		SessionToken: creds.SessionToken}, payloadHash, signingName, region, signedAt)
	if err != nil {
		return errIncompleteSignature("the request cannot be signed: " + err.Error())
	}
	want, _ := parseAuthorization(req.Header.Get("Authorization"))
	if want.signedHeaders != auth.signedHeaders || !hmac.Equal([]byte(want.signature), []byte(auth.signature)) {
		return errInvalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return nil
}
