// Package workload holds the values every benchmarked client sends and the
// fake answers: realistic sizes (client secrets, tokens and assertions of
// about 1 KB, an STS session token), generated deterministically so that
// every process of a run sees the same bytes.
package workload

import (
	"math/rand/v2"
	"strings"
)

// The service's fixed values.
const (
	Region = "us-east-1"

	ClientName = "ssooidc-bench-cli"
	ClientType = "public"
	Scope      = "sso:account:access"
	StartURL   = "https://d-1234567890.awsapps.com/start"

	DeviceGrant     = "urn:ietf:params:oauth:grant-type:device_code"
	JWTBearerGrant  = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	RefreshGrant    = "refresh_token"
	AppARN          = "arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-2222222222222222"
	IssuedTokenType = "urn:ietf:params:oauth:token-type:refresh_token"

	UserCode                = "MAKD-FSK8"
	VerificationURI         = "https://device.sso.us-east-1.amazonaws.com/"
	VerificationURIComplete = "https://device.sso.us-east-1.amazonaws.com/?user_code=MAKD-FSK8"

	ClientIDIssuedAt      = int64(1767225600)
	ClientSecretExpiresAt = int64(1775001600)
	DeviceExpiresIn       = int32(600)
	DeviceInterval        = int32(1)
	TokenExpiresIn        = int32(28800)
	IAMTokenExpiresIn     = int32(3600)

	AccessKeyID     = "ASIAIOSFODNN7EXAMPLE"
	SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

	// PendingMarker, anywhere in a CreateToken body, makes the fake answer
	// AuthorizationPendingException; PendingDeviceCode carries it.
	PendingMarker = "PENDING-"

	PendingError       = "authorization_pending"
	PendingDescription = "Authorization is still pending"
)

// Generated values.
var (
	ClientID          = "_" + token(1, 63)
	ClientSecret      = jwt(2, 1100)
	DeviceCode        = token(3, 512)
	PendingDeviceCode = PendingMarker + token(4, 504)
	AccessToken       = "aoa" + token(5, 1021)
	RefreshToken      = "aor" + token(6, 1021)
	IDToken           = jwt(7, 1024)
	Assertion         = jwt(8, 1024)
	IdentityContext   = token(9, 200)
	SessionToken      = "IQoJb3JpZ2luX2VjE" + token(10, 700)

	IAMScopes = []string{"openid", "aws", "sts:identity_context"}
)

const b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// token returns n pseudo-random base64url characters.
func token(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(b64url[r.IntN(len(b64url))])
	}
	return b.String()
}

// jwt returns a JWT-shaped string (header.payload.signature) of n bytes.
func jwt(seed uint64, n int) string {
	head := "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IlJTMjU2In0"
	sig := token(seed+100, 342)
	return head + "." + token(seed, n-len(head)-len(sig)-2) + "." + sig
}
