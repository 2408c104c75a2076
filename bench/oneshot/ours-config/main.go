// Command ours-config makes one CreateToken with this SDK, configured by
// ssooidc.LoadConfig (environment, shared files, AWS_CA_BUNDLE).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ssooidc-go/ssooidc"
)

func main() {
	ctx := context.Background()
	cfg, err := ssooidc.LoadConfig(ctx, ssooidc.WithRegion("us-east-1"), ssooidc.WithEndpoint(os.Args[1]))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := ssooidc.NewFromConfig(cfg)
	clientID, secret, grant, code := "client-id", "client-secret", "urn:ietf:params:oauth:grant-type:device_code", "device-code"
	out, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: &clientID, ClientSecret: &secret, GrantType: &grant, DeviceCode: &code})
	if err != nil || out.AccessToken == nil || *out.AccessToken == "" {
		fmt.Fprintln(os.Stderr, "CreateToken:", err)
		os.Exit(1)
	}
}
