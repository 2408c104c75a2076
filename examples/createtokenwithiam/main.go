// Command createtokenwithiam exchanges a JWT from a trusted identity
// provider for an IAM Identity Center token with CreateTokenWithIAM, the
// one operation signed with AWS credentials. It runs against the embedded
// SSO OIDC emulator with its test credentials.
package main

import (
	"context"
	"encoding/base64"
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
	svc := ssooidc.New(ssooidc.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL),
		Credentials:  ssooidc.NewStaticCredentialsProvider(ssooidctest.TestAccessKeyID, ssooidctest.TestSecretAccessKey, ""),
	})
	// A JWT as an identity provider would issue it (the emulator does not
	// check its signature).
	enc := base64.RawURLEncoding.EncodeToString
	assertion := enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(`{"sub":"jane@example.com"}`)) + "." + enc([]byte("signature"))

	out, err := svc.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{
		ClientId:  ptr.String("arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-1111111111111111"),
		GrantType: ptr.String(ssooidc.GrantTypeJWTBearer),
		Assertion: ptr.String(assertion),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "exchanged for a %s token valid for %ds, scopes %v\n", ptr.ToString(out.TokenType), out.ExpiresIn, out.Scope)
	fmt.Fprintf(w, "%v\n", out)
	return nil
}
