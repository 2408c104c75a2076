package ssooidc

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/types"
)

var opCreateTokenWithIAM = transport.Operation{Service: &service, Name: "CreateTokenWithIAM", Method: http.MethodPost, Path: "/token", Query: "aws_iam=t", Signed: true}

// CreateTokenWithIAM calls the CreateTokenWithIAM operation (POST /token?aws_iam=t, signed with SigV4).
//
// Creates and returns access and refresh tokens for authorized client
// applications that are authenticated using any IAM entity, such as a service
// role or user. These tokens might contain defined scopes that specify
// permissions such as read:profile or write:data. Through downscoping, you can
// use the scopes parameter to request tokens with reduced permissions compared
// to the original client application's permissions or, if applicable, the
// refresh token's scopes. The access token can be used to fetch short-lived
// credentials for the assigned Amazon Web Services accounts or to access
// application APIs using bearer authentication. This API is used with
// Signature Version 4. For more information, see Amazon Web Services Signature
// Version 4 for API Requests.
func (c *Client) CreateTokenWithIAM(ctx context.Context, in *CreateTokenWithIAMInput, optFns ...func(*Options)) (*CreateTokenWithIAMOutput, error) {
	if in == nil {
		in = &CreateTokenWithIAMInput{}
	}
	if err := in.validate(); err != nil {
		return nil, opCreateTokenWithIAM.Wrap(err)
	}
	req := (*serde.CreateTokenWithIAMRequest)(in)
	body := serde.AppendCreateTokenWithIAMRequest(make([]byte, 0, serde.SizeCreateTokenWithIAMRequest(req)), req)
	var res serde.CreateTokenWithIAMResponse
	meta, err := c.invoke(ctx, &opCreateTokenWithIAM, body, optFns, func(b []byte) error { return serde.UnmarshalCreateTokenWithIAMResponse(b, &res) })
	if err != nil {
		return nil, err
	}
	return &CreateTokenWithIAMOutput{
		AccessToken:          res.AccessToken,
		TokenType:            res.TokenType,
		ExpiresIn:            res.ExpiresIn,
		RefreshToken:         res.RefreshToken,
		IdToken:              res.IdToken,
		IssuedTokenType:      res.IssuedTokenType,
		Scope:                res.Scope,
		AwsAdditionalDetails: res.AwsAdditionalDetails,
		ResultMetadata:       meta,
	}, nil
}

// CreateTokenWithIAMInput is the input of CreateTokenWithIAM. Members marked required must be set;
// the call fails before sending anything otherwise.
type CreateTokenWithIAMInput struct {
	// The unique identifier string for the client or application. This value is an
	// application ARN that has OAuth grants configured. This member is required.
	ClientId *string

	// Supports the following OAuth grant types: Authorization Code, Refresh Token,
	// JWT Bearer, and Token Exchange. Specify one of the following values,
	// depending on the grant type that you want: * Authorization Code -
	// authorization_code * Refresh Token - refresh_token * JWT Bearer -
	// urn:ietf:params:oauth:grant-type:jwt-bearer * Token Exchange -
	// urn:ietf:params:oauth:grant-type:token-exchange This member is required.
	GrantType *string

	// Used only when calling this API for the Authorization Code grant type. This
	// short-lived code is used to identify this authorization request. The code is
	// obtained through a redirect from IAM Identity Center to a redirect URI
	// persisted in the Authorization Code GrantOptions for the application.
	Code *string `sensitive:"true"`

	// Used only when calling this API for the Refresh Token grant type. This token
	// is used to refresh short-lived tokens, such as the access token, that might
	// expire. For more information about the features and limitations of the
	// current IAM Identity Center OIDC implementation, see Considerations for
	// Using this Guide in the IAM Identity Center OIDC API Reference.
	RefreshToken *string `sensitive:"true"`

	// Used only when calling this API for the JWT Bearer grant type. This value
	// specifies the JSON Web Token (JWT) issued by a trusted token issuer. To
	// authorize a trusted token issuer, configure the JWT Bearer GrantOptions for
	// the application.
	Assertion *string `sensitive:"true"`

	// The list of scopes for which authorization is requested. The access token
	// that is issued is limited to the scopes that are granted. If the value is
	// not specified, IAM Identity Center authorizes all scopes configured for the
	// application, including the following default scopes: openid, aws,
	// sts:identity_context.
	Scope []string

	// Used only when calling this API for the Authorization Code grant type. This
	// value specifies the location of the client or application that has
	// registered to receive the authorization code.
	RedirectUri *string

	// Used only when calling this API for the Token Exchange grant type. This
	// value specifies the subject of the exchange. The value of the subject token
	// must be an access token issued by IAM Identity Center to a different client
	// or application. The access token must have authorized scopes that indicate
	// the requested application as a target audience.
	SubjectToken *string `sensitive:"true"`

	// Used only when calling this API for the Token Exchange grant type. This
	// value specifies the type of token that is passed as the subject of the
	// exchange. The following value is supported: * Access Token -
	// urn:ietf:params:oauth:token-type:access_token
	SubjectTokenType *string

	// Used only when calling this API for the Token Exchange grant type. This
	// value specifies the type of token that the requester can receive. The
	// following values are supported: * Access Token -
	// urn:ietf:params:oauth:token-type:access_token * Refresh Token -
	// urn:ietf:params:oauth:token-type:refresh_token
	RequestedTokenType *string

	// Used only when calling this API for the Authorization Code grant type. This
	// value is generated by the client and presented to validate the original code
	// challenge value the client passed at authorization time.
	CodeVerifier *string `sensitive:"true"`
}

// Format prints the input with every secret member redacted, for
// any verb.
func (v CreateTokenWithIAMInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// CreateTokenWithIAMOutput is the output of CreateTokenWithIAM.
type CreateTokenWithIAMOutput struct {
	// A bearer token to access Amazon Web Services accounts and applications
	// assigned to a user.
	AccessToken *string `sensitive:"true"`

	// Used to notify the requester that the returned token is an access token. The
	// supported token type is Bearer.
	TokenType *string

	// Indicates the time in seconds when an access token will expire.
	ExpiresIn int32

	// A token that, if present, can be used to refresh a previously issued access
	// token that might have expired. For more information about the features and
	// limitations of the current IAM Identity Center OIDC implementation, see
	// Considerations for Using this Guide in the IAM Identity Center OIDC API
	// Reference.
	RefreshToken *string `sensitive:"true"`

	// A JSON Web Token (JWT) that identifies the user associated with the issued
	// access token.
	IdToken *string `sensitive:"true"`

	// Indicates the type of tokens that are issued by IAM Identity Center. The
	// following values are supported: * Access Token -
	// urn:ietf:params:oauth:token-type:access_token * Refresh Token -
	// urn:ietf:params:oauth:token-type:refresh_token
	IssuedTokenType *string

	// The list of scopes for which authorization is granted. The access token that
	// is issued is limited to the scopes that are granted.
	Scope []string

	// A structure containing information from IAM Identity Center managed user and
	// group information.
	AwsAdditionalDetails *types.AwsAdditionalDetails

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata Metadata
}

// Format prints the output with every secret member redacted, for
// any verb.
func (v CreateTokenWithIAMOutput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

func (in *CreateTokenWithIAMInput) validate() error {
	if in.ClientId != nil && in.GrantType != nil {
		return nil
	}
	errs := smithy.InvalidParamsError{Context: "CreateTokenWithIAMInput"}
	if in.ClientId == nil {
		errs.Add(smithy.NewErrParamRequired("ClientId"))
	}
	if in.GrantType == nil {
		errs.Add(smithy.NewErrParamRequired("GrantType"))
	}
	return errs
}
