// Command registerclient registers a public OAuth client, the first step of
// every login. It runs against the embedded SSO OIDC emulator; pass -live
// and -region to call IAM Identity Center instead.
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
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func main() {
	region := flag.String("region", "us-east-1", "AWS Region of the IAM Identity Center instance")
	live := flag.Bool("live", false, "call the real service instead of the embedded emulator")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *region, *live); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer, region string, live bool) error {
	opts := ssooidc.Options{Region: region}
	if !live {
		srv := ssooidctest.NewServer(ssooidctest.Options{})
		defer srv.Close()
		opts.BaseEndpoint = ptr.String(srv.URL)
	}
	svc := ssooidc.New(opts)
	out, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: ptr.String("example-cli"),
		ClientType: ptr.String(ssooidc.ClientTypePublic),
		Scopes:     []string{"sso:account:access"},
	})
	if err != nil {
		return err
	}
	// The secret prints as [REDACTED]; store it, never log it.
	fmt.Fprintf(w, "registered client %s, its secret expires %s\n", ptr.ToString(out.ClientId),
		time.Unix(out.ClientSecretExpiresAt, 0).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "%+v\n", out)
	return nil
}
