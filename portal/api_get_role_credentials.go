package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

var opGetRoleCredentials = transport.Operation{Service: &service, Name: "GetRoleCredentials", Method: http.MethodGet, Path: "/federation/credentials"}

// GetRoleCredentials calls the GetRoleCredentials operation (GET
// /federation/credentials, unsigned).
//
// Returns the STS short-term credentials for a given role name that is
// assigned to the user. For a role that is not assigned to the user, the
// service answers HTTP 403: the error is a *types.ForbiddenException that
// names the account and the role.
func (c *Client) GetRoleCredentials(ctx context.Context, in *GetRoleCredentialsInput, optFns ...func(*Options)) (*GetRoleCredentialsOutput, error) {
	if in == nil {
		in = &GetRoleCredentialsInput{}
	}
	if err := validate("GetRoleCredentialsInput", in.AccessToken, required{"RoleName", in.RoleName}, required{"AccountId", in.AccountId}); err != nil {
		return nil, opGetRoleCredentials.Wrap(err)
	}
	req := transport.Request{
		Query:       url.Values{"role_name": {*in.RoleName}, "account_id": {*in.AccountId}}.Encode(),
		BearerToken: *in.AccessToken,
	}
	var res serde.GetRoleCredentialsResponse
	meta, err := c.calls.Call(ctx, &opGetRoleCredentials, &req, optFns, func(b []byte) error { return serde.UnmarshalGetRoleCredentialsResponse(b, &res) })
	if err != nil {
		return nil, forbidden(err, in.AccountId, in.RoleName)
	}
	return &GetRoleCredentialsOutput{RoleCredentials: res.RoleCredentials, ResultMetadata: meta}, nil
}

// GetRoleCredentialsInput is the input of GetRoleCredentials. Members marked
// required must be set; the call fails before sending anything otherwise.
type GetRoleCredentialsInput struct {
	// The friendly name of the role that is assigned to the user. This
	// member is required.
	RoleName *string

	// The identifier for the AWS account that is assigned to the user. This
	// member is required.
	AccountId *string

	// The token issued by the CreateToken API call. This member is required.
	AccessToken *string `sensitive:"true"`
}

// Format prints the input with the access token redacted, for any verb.
func (v GetRoleCredentialsInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// GetRoleCredentialsOutput is the output of GetRoleCredentials.
type GetRoleCredentialsOutput struct {
	// The credentials for the role that is assigned to the user.
	RoleCredentials *types.RoleCredentials

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata ssooidc.Metadata
}

// Format prints the output with the secret access key and the session
// token redacted, for any verb.
func (v GetRoleCredentialsOutput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }
