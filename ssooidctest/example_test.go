package ssooidctest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

// tokenFor is application code under test: it depends on ssooidc.API, not
// on *ssooidc.Client, so a test can hand it a Mock.
func tokenFor(ctx context.Context, api ssooidc.API, clientID, secret, deviceCode string) (string, error) {
	for {
		out, err := api.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     &clientID,
			ClientSecret: &secret,
			GrantType:    ptr.String("urn:ietf:params:oauth:grant-type:device_code"),
			DeviceCode:   &deviceCode,
		})
		var pending *types.AuthorizationPendingException
		if errors.As(err, &pending) {
			continue // a real poller waits the interval; the test needs no wait
		}
		if err != nil {
			return "", fmt.Errorf("login: %w", err)
		}
		return *out.AccessToken, nil
	}
}

// A Mock stands in for the service in a unit test: stub the operations the
// code calls, then check the result and the recorded calls.
func ExampleMock() {
	polls := 0
	mock := &ssooidctest.Mock{
		CreateTokenFunc: func(ctx context.Context, in *ssooidc.CreateTokenInput, _ ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
			polls++
			if polls < 3 {
				return nil, &types.AuthorizationPendingException{Error_: ptr.String("authorization_pending")}
			}
			return &ssooidc.CreateTokenOutput{AccessToken: ptr.String("token"), ExpiresIn: 3600}, nil
		},
	}

	token, err := tokenFor(context.Background(), mock, "client", "secret", "device-code")
	fmt.Println(token, err)
	fmt.Println(mock.CallCount("CreateToken"), "polls")
	in := mock.Calls()[0].Input.(*ssooidc.CreateTokenInput)
	fmt.Println(*in.GrantType)

	// An operation the test did not stub fails clearly.
	_, err = mock.RegisterClient(context.Background(), &ssooidc.RegisterClientInput{})
	fmt.Println(errors.Is(err, ssooidctest.ErrNotStubbed))
	// Output:
	// token <nil>
	// 3 polls
	// urn:ietf:params:oauth:grant-type:device_code
	// true
}

// The emulator runs a whole device login with the real client.
func ExampleNewServer() {
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: &srv.URL})
	ctx := context.Background()

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("example"), ClientType: ptr.String("public"), Scopes: []string{"sso:account:access"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, DeviceCode: dev.DeviceCode,
		GrantType: ptr.String("urn:ietf:params:oauth:grant-type:device_code"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*tok.TokenType, time.Duration(tok.ExpiresIn)*time.Second, tok.RefreshToken != nil)
	// Output: Bearer 1h0m0s true
}
