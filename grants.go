package ssooidc

// Grant types: the values of CreateTokenInput.GrantType,
// CreateTokenWithIAMInput.GrantType and RegisterClientInput.GrantTypes.
const (
	// GrantTypeDeviceCode is the device code grant (RFC 8628).
	GrantTypeDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
	// GrantTypeAuthorizationCode is the authorization code grant, used
	// with PKCE (RFC 7636).
	GrantTypeAuthorizationCode = "authorization_code"
	// GrantTypeRefreshToken trades a refresh token for a new access token.
	GrantTypeRefreshToken = "refresh_token"
	// GrantTypeJWTBearer trades a JWT assertion (CreateTokenWithIAM).
	GrantTypeJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// GrantTypeTokenExchange is token exchange (RFC 8693,
	// CreateTokenWithIAM).
	GrantTypeTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
)

// Token types of token exchange: CreateTokenWithIAMInput.SubjectTokenType
// and RequestedTokenType.
const (
	TokenTypeAccessToken  = "urn:ietf:params:oauth:token-type:access_token"
	TokenTypeRefreshToken = "urn:ietf:params:oauth:token-type:refresh_token"
	TokenTypeIDToken      = "urn:ietf:params:oauth:token-type:id_token"
)

// ClientTypePublic is the only client type RegisterClient accepts.
const ClientTypePublic = "public"
