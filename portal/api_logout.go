package portal

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/transport"
)

var opLogout = transport.Operation{Service: &service, Name: "Logout", Method: http.MethodPost, Path: "/logout"}

// Logout calls the Logout operation (POST /logout, unsigned).
//
// Invalidates the user's IAM Identity Center sign-in session, and so the
// access token. Role credentials already got with it keep working until
// they expire. It does not remove the tokens a login keeps in its cache.
func (c *Client) Logout(ctx context.Context, in *LogoutInput, optFns ...func(*Options)) (*LogoutOutput, error) {
	if in == nil {
		in = &LogoutInput{}
	}
	if err := validate("LogoutInput", in.AccessToken); err != nil {
		return nil, opLogout.Wrap(err)
	}
	meta, err := c.calls.Call(ctx, &opLogout, &transport.Request{BearerToken: *in.AccessToken}, optFns, nil)
	if err != nil {
		return nil, err
	}
	return &LogoutOutput{ResultMetadata: meta}, nil
}

// LogoutInput is the input of Logout. Members marked required must be set;
// the call fails before sending anything otherwise.
type LogoutInput struct {
	// The token issued by the CreateToken API call. This member is required.
	AccessToken *string `sensitive:"true"`
}

// Format prints the input with the access token redacted, for any verb.
func (v LogoutInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// LogoutOutput is the output of Logout.
type LogoutOutput struct {
	// ResultMetadata describes the HTTP exchange.
	ResultMetadata ssooidc.Metadata
}
