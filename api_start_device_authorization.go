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

var opStartDeviceAuthorization = transport.Operation{Service: &service, Name: "StartDeviceAuthorization", Method: http.MethodPost, Path: "/device_authorization"}

// StartDeviceAuthorization calls the StartDeviceAuthorization operation (POST /device_authorization, unauthenticated).
//
// Initiates device authorization by requesting a pair of verification codes
// from the authorization service.
func (c *Client) StartDeviceAuthorization(ctx context.Context, in *StartDeviceAuthorizationInput, optFns ...func(*Options)) (*StartDeviceAuthorizationOutput, error) {
	if in == nil {
		in = &StartDeviceAuthorizationInput{}
	}
	if err := in.validate(); err != nil {
		return nil, opStartDeviceAuthorization.Wrap(err)
	}
	req := (*serde.StartDeviceAuthorizationRequest)(in)
	body := serde.AppendStartDeviceAuthorizationRequest(make([]byte, 0, serde.SizeStartDeviceAuthorizationRequest(req)), req)
	var res serde.StartDeviceAuthorizationResponse
	meta, err := c.invoke(ctx, &opStartDeviceAuthorization, body, optFns, func(b []byte) error { return serde.UnmarshalStartDeviceAuthorizationResponse(b, &res) })
	if err != nil {
		return nil, err
	}
	return &StartDeviceAuthorizationOutput{
		DeviceCode:              res.DeviceCode,
		UserCode:                res.UserCode,
		VerificationUri:         res.VerificationUri,
		VerificationUriComplete: res.VerificationUriComplete,
		ExpiresIn:               res.ExpiresIn,
		Interval:                res.Interval,
		ResultMetadata:          meta,
	}, nil
}

// StartDeviceAuthorizationInput is the input of StartDeviceAuthorization. Members marked required must be set;
// the call fails before sending anything otherwise.
type StartDeviceAuthorizationInput struct {
	// The unique identifier string for the client that is registered with IAM
	// Identity Center. This value should come from the persisted result of the
	// RegisterClient API operation. This member is required.
	ClientId *string

	// A secret string that is generated for the client. This value should come
	// from the persisted result of the RegisterClient API operation. This member
	// is required.
	ClientSecret *string `sensitive:"true"`

	// The URL for the Amazon Web Services access portal. For more information, see
	// Using the Amazon Web Services access portal in the IAM Identity Center User
	// Guide. This member is required.
	StartUrl *string
}

// Format prints the input with every secret member redacted, for
// any verb.
func (v StartDeviceAuthorizationInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// StartDeviceAuthorizationOutput is the output of StartDeviceAuthorization.
type StartDeviceAuthorizationOutput struct {
	// The short-lived code that is used by the device when polling for a session
	// token. Whoever holds it can collect the user's tokens once the user
	// approves (RFC 8628, section 5.2), so it is redacted; the user code is
	// meant to be shown and is not.
	DeviceCode *string `sensitive:"true"`

	// A one-time user verification code. This is needed to authorize an in-use
	// device.
	UserCode *string

	// The URI of the verification page that takes the userCode to authorize the
	// device.
	VerificationUri *string

	// An alternate URL that the client can use to automatically launch a browser.
	// This process skips the manual step in which the user visits the verification
	// page and enters their code.
	VerificationUriComplete *string

	// Indicates the number of seconds in which the verification code will become
	// invalid.
	ExpiresIn int32

	// Indicates the number of seconds the client must wait between attempts when
	// polling for a session.
	Interval int32

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata Metadata
}

// Format prints the output with every secret member redacted, for
// any verb.
func (v StartDeviceAuthorizationOutput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

func (in *StartDeviceAuthorizationInput) validate() error {
	if in.ClientId != nil && in.ClientSecret != nil && in.StartUrl != nil {
		return nil
	}
	errs := smithy.InvalidParamsError{Context: "StartDeviceAuthorizationInput"}
	if in.ClientId == nil {
		errs.Add(smithy.NewErrParamRequired("ClientId"))
	}
	if in.ClientSecret == nil {
		errs.Add(smithy.NewErrParamRequired("ClientSecret"))
	}
	if in.StartUrl == nil {
		errs.Add(smithy.NewErrParamRequired("StartUrl"))
	}
	return errs
}
