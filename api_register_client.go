package ssooidc

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
)

var opRegisterClient = transport.Operation{Service: &service, Name: "RegisterClient", Method: http.MethodPost, Path: "/client/register"}

// RegisterClient calls the RegisterClient operation (POST /client/register, unauthenticated).
//
// Registers a public client with IAM Identity Center. This allows clients to
// perform authorization using the authorization code grant with Proof Key for
// Code Exchange (PKCE) or the device code grant.
func (c *Client) RegisterClient(ctx context.Context, in *RegisterClientInput, optFns ...func(*Options)) (*RegisterClientOutput, error) {
	if in == nil {
		in = &RegisterClientInput{}
	}
	if err := in.validate(); err != nil {
		return nil, opRegisterClient.Wrap(err)
	}
	req := (*serde.RegisterClientRequest)(in)
	body := serde.AppendRegisterClientRequest(make([]byte, 0, serde.SizeRegisterClientRequest(req)), req)
	var res serde.RegisterClientResponse
	meta, err := c.invoke(ctx, &opRegisterClient, body, optFns, func(b []byte) error { return serde.UnmarshalRegisterClientResponse(b, &res) })
	if err != nil {
		return nil, err
	}
	return &RegisterClientOutput{
		ClientId:              res.ClientId,
		ClientSecret:          res.ClientSecret,
		ClientIdIssuedAt:      res.ClientIdIssuedAt,
		ClientSecretExpiresAt: res.ClientSecretExpiresAt,
		AuthorizationEndpoint: res.AuthorizationEndpoint,
		TokenEndpoint:         res.TokenEndpoint,
		ResultMetadata:        meta,
	}, nil
}

// RegisterClientInput is the input of RegisterClient. Members marked required must be set;
// the call fails before sending anything otherwise.
type RegisterClientInput struct {
	// The friendly name of the client. This member is required.
	ClientName *string

	// The type of client. The service supports only public as a client type.
	// Anything other than public will be rejected by the service. This member is
	// required.
	ClientType *string

	// The list of scopes that are defined by the client. Upon authorization, this
	// list is used to restrict permissions when granting an access token.
	Scopes []string

	// The list of redirect URI that are defined by the client. At completion of
	// authorization, this list is used to restrict what locations the user agent
	// can be redirected back to.
	RedirectUris []string

	// The list of OAuth 2.0 grant types that are defined by the client. This list
	// is used to restrict the token granting flows available to the client.
	// Supports the following OAuth 2.0 grant types: Authorization Code, Device
	// Code, and Refresh Token. * Authorization Code - authorization_code * Device
	// Code - urn:ietf:params:oauth:grant-type:device_code * Refresh Token -
	// refresh_token
	GrantTypes []string

	// The IAM Identity Center Issuer URL associated with an instance of IAM
	// Identity Center. This value is needed for user access to resources through
	// the client.
	IssuerUrl *string

	// This IAM Identity Center application ARN is used to define administrator-
	// managed configuration for public client access to resources. At
	// authorization, the scopes, grants, and redirect URI available to this client
	// will be restricted by this application resource.
	EntitledApplicationArn *string
}

// Format prints the input with every secret member redacted, for
// any verb.
func (v RegisterClientInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// RegisterClientOutput is the output of RegisterClient.
type RegisterClientOutput struct {
	// The unique identifier string for each client. This client uses this
	// identifier to get authenticated by the service in subsequent calls.
	ClientId *string

	// A secret string generated for the client. The client will use this string to
	// get authenticated by the service in subsequent calls.
	ClientSecret *string `sensitive:"true"`

	// Indicates the time at which the clientId and clientSecret were issued.
	ClientIdIssuedAt int64

	// Indicates the time at which the clientId and clientSecret will become
	// invalid.
	ClientSecretExpiresAt int64

	// An endpoint that the client can use to request authorization.
	AuthorizationEndpoint *string

	// An endpoint that the client can use to create tokens.
	TokenEndpoint *string

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata Metadata
}

// Format prints the output with every secret member redacted, for
// any verb.
func (v RegisterClientOutput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

func (in *RegisterClientInput) validate() error {
	if in.ClientName != nil && in.ClientType != nil {
		return nil
	}
	errs := smithy.InvalidParamsError{Context: "RegisterClientInput"}
	if in.ClientName == nil {
		errs.Add(smithy.NewErrParamRequired("ClientName"))
	}
	if in.ClientType == nil {
		errs.Add(smithy.NewErrParamRequired("ClientType"))
	}
	return errs
}
