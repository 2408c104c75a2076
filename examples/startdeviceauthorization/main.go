// Command startdeviceauthorization starts a device-code login and prints
// what the user must do, as the AWS CLI does. It runs against the embedded
// SSO OIDC emulator.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})

	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: ptr.String("example-cli"), ClientType: ptr.String(ssooidc.ClientTypePublic)})
	if err != nil {
		return err
	}
	out, err := svc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     reg.ClientId,
		ClientSecret: reg.ClientSecret,
		StartUrl:     ptr.String("https://d-1234567890.awsapps.com/start"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Open %s\nand confirm the code %s\n", ptr.ToString(out.VerificationUriComplete), ptr.ToString(out.UserCode))
	fmt.Fprintf(w, "the code expires in %ds; poll CreateToken every %ds\n", out.ExpiresIn, out.Interval)
	return nil
}
