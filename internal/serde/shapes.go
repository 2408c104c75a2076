// Package serde holds the restJson1 wire codec of SSO OIDC and of the IAM
// Identity Center portal (portal.go): one marshal or unmarshal function per
// modeled shape, written out by hand in the style of
// generated code so that no reflection sits on the per-call path.
//
// The request structs here are field-for-field identical to the public
// XxxInput types in package ssooidc, so the client converts a *XxxInput to a
// *XxxRequest at no cost (a pointer conversion). If the two drift apart, the
// conversion stops compiling.
package serde

import "github.com/ssooidc-go/ssooidc/types"

// RegisterClientRequest mirrors ssooidc.RegisterClientInput.
type RegisterClientRequest struct {
	ClientName             *string
	ClientType             *string
	Scopes                 []string
	RedirectUris           []string
	GrantTypes             []string
	IssuerUrl              *string
	EntitledApplicationArn *string
}

// RegisterClientResponse holds the modeled members of RegisterClientResponse.
type RegisterClientResponse struct {
	ClientId              *string
	ClientSecret          *string
	ClientIdIssuedAt      int64
	ClientSecretExpiresAt int64
	AuthorizationEndpoint *string
	TokenEndpoint         *string
}

// StartDeviceAuthorizationRequest mirrors ssooidc.StartDeviceAuthorizationInput.
type StartDeviceAuthorizationRequest struct {
	ClientId     *string
	ClientSecret *string
	StartUrl     *string
}

// StartDeviceAuthorizationResponse holds the modeled members of
// StartDeviceAuthorizationResponse.
type StartDeviceAuthorizationResponse struct {
	DeviceCode              *string
	UserCode                *string
	VerificationUri         *string
	VerificationUriComplete *string
	ExpiresIn               int32
	Interval                int32
}

// CreateTokenRequest mirrors ssooidc.CreateTokenInput.
type CreateTokenRequest struct {
	ClientId     *string
	ClientSecret *string
	GrantType    *string
	DeviceCode   *string
	Code         *string
	RefreshToken *string
	Scope        []string
	RedirectUri  *string
	CodeVerifier *string
}

// CreateTokenResponse holds the modeled members of CreateTokenResponse.
type CreateTokenResponse struct {
	AccessToken  *string
	TokenType    *string
	ExpiresIn    int32
	RefreshToken *string
	IdToken      *string
}

// CreateTokenWithIAMRequest mirrors ssooidc.CreateTokenWithIAMInput.
type CreateTokenWithIAMRequest struct {
	ClientId           *string
	GrantType          *string
	Code               *string
	RefreshToken       *string
	Assertion          *string
	Scope              []string
	RedirectUri        *string
	SubjectToken       *string
	SubjectTokenType   *string
	RequestedTokenType *string
	CodeVerifier       *string
}

// CreateTokenWithIAMResponse holds the modeled members of
// CreateTokenWithIAMResponse.
type CreateTokenWithIAMResponse struct {
	AccessToken          *string
	TokenType            *string
	ExpiresIn            int32
	RefreshToken         *string
	IdToken              *string
	IssuedTokenType      *string
	Scope                []string
	AwsAdditionalDetails *AwsAdditionalDetails
}

// AwsAdditionalDetails is the public type: decoded in place, it needs no
// copy.
type AwsAdditionalDetails = types.AwsAdditionalDetails

// ErrorBody is every member an SSO OIDC error body may carry. Code and Type
// are the protocol's `code` and `__type` members, used to find the error's
// shape when the x-amzn-errortype header is absent.
type ErrorBody struct {
	Code             *string // "code"
	Type             *string // "__type"
	Message          *string // "message" or "Message"
	Error            *string // "error"
	ErrorDescription *string // "error_description"
	Reason           *string // "reason"
	Endpoint         *string // "endpoint"
	Region           *string // "region"
}
