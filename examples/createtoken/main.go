// Command createtoken polls CreateToken for a device-code login the way a
// client must: wait while AuthorizationPending, slow down on SlowDown. It
// runs against the embedded SSO OIDC emulator, which approves the login
// after a moment.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run logs in and writes what a user may see to w. optFns adjust the
// client (the test watches the exchange through them).
func run(ctx context.Context, w io.Writer, optFns ...func(*ssooidc.Options)) error {
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 1500 * time.Millisecond})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)}, optFns...)

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("example-cli"), ClientType: ptr.String(ssooidc.ClientTypePublic), Scopes: []string{"sso:account:access"},
	})
	if err != nil {
		return err
	}
	dev, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start"),
	})
	if err != nil {
		return err
	}

	// The user code and the page are for the user; the device code is a
	// secret that stays in this program.
	fmt.Fprintf(w, "open %s and enter the code %s\n", ptr.ToString(dev.VerificationUri), ptr.ToString(dev.UserCode))

	interval := time.Duration(dev.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second // RFC 8628, section 3.2: the default
	}
	if dev.ExpiresIn > 0 {
		// Past this the device code is void: stop polling.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(dev.ExpiresIn)*time.Second)
		defer cancel()
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
		out, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     reg.ClientId,
			ClientSecret: reg.ClientSecret,
			GrantType:    ptr.String(ssooidc.GrantTypeDeviceCode),
			DeviceCode:   dev.DeviceCode,
		})
		var pending *types.AuthorizationPendingException
		var slow *types.SlowDownException
		switch {
		case errors.As(err, &pending):
			fmt.Fprintln(w, "waiting for the user to approve...")
		case errors.As(err, &slow):
			interval += 5 * time.Second // RFC 8628, section 3.5
		case err != nil:
			return err
		case out.AccessToken == nil:
			return errors.New("the service answered without an access token; try logging in again")
		default:
			// Never print the token itself.
			fmt.Fprintf(w, "got a %s token, valid for %s (request %s)\n",
				ptr.ToString(out.TokenType), time.Duration(out.ExpiresIn)*time.Second, out.ResultMetadata.RequestID)
			return nil
		}
	}
}
