// Command createtoken polls CreateToken for a device-code login the way a
// client must: wait for AuthorizationPending, slow down on SlowDown. It runs
// against a local fake of the service, which approves at once.
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
	"github.com/ssooidc-go/ssooidc/examples/internal/fakeoidc"
	"github.com/ssooidc-go/ssooidc/types"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := fakeoidc.Start()
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})

	interval := time.Second
	for {
		out, err := svc.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     ptr.String("client-id-from-RegisterClient"),
			ClientSecret: ptr.String("client-secret-from-RegisterClient"),
			GrantType:    ptr.String("urn:ietf:params:oauth:grant-type:device_code"),
			DeviceCode:   ptr.String("device-code-from-StartDeviceAuthorization"),
		})
		var pending *types.AuthorizationPendingException
		var slow *types.SlowDownException
		switch {
		case errors.As(err, &pending):
		case errors.As(err, &slow):
			interval += 5 * time.Second // RFC 8628, section 3.5
		case err != nil:
			return err
		default:
			// Never print the token itself.
			fmt.Fprintf(w, "got a %s token, valid for %s (request %s)\n",
				*out.TokenType, time.Duration(out.ExpiresIn)*time.Second, out.ResultMetadata.RequestID)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}
