// Command createtokenwithiam exchanges a token with an IAM-signed
// CreateTokenWithIAM call, the one operation that needs AWS credentials. It
// runs against a local fake of the service with example credentials.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/examples/internal/fakeoidc"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := fakeoidc.Start()
	defer srv.Close()
	svc := ssooidc.New(ssooidc.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL),
		Credentials:  ssooidc.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""),
	})
	out, err := svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{
		ClientId:           ptr.String("arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-1111111111111111"),
		GrantType:          ptr.String("urn:ietf:params:oauth:grant-type:jwt-bearer"),
		Assertion:          ptr.String("a JWT from your identity provider"),
		RequestedTokenType: ptr.String("urn:ietf:params:oauth:token-type:access_token"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "exchanged for a %s token valid for %ds\n", *out.TokenType, out.ExpiresIn)
	fmt.Fprintf(w, "%v\n", out)
	return nil
}
