// Command registerclient registers a public OAuth client, the first step of
// every login. It runs against a local fake of the service; pass -region and
// -live to call IAM Identity Center instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/examples/internal/fakeoidc"
)

func main() {
	region := flag.String("region", "us-east-1", "AWS Region of the IAM Identity Center instance")
	live := flag.Bool("live", false, "call the real service instead of the local fake")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *region, *live); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, region string, live bool) error {
	opts := ssooidc.Options{Region: region}
	if !live {
		srv := fakeoidc.Start()
		defer srv.Close()
		opts.BaseEndpoint = ptr.String(srv.URL)
	}
	svc := ssooidc.New(opts)
	out, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("example-cli"),
		ClientType: ptr.String("public"),
		Scopes:     []string{"sso:account:access"},
	})
	if err != nil {
		return err
	}
	// The secret is redacted when printed; store it, don't log it.
	fmt.Fprintf(w, "registered client %s, secret expires %s\n", *out.ClientId, time.Unix(out.ClientSecretExpiresAt, 0).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "%+v\n", out)
	return nil
}
