// Command ours-new makes one CreateToken with this SDK, configured by
// ssooidc.New alone.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ssooidc-go/ssooidc"
)

func main() {
	ctx := context.Background()
	endpoint := os.Args[1]
	c := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: &endpoint})
	clientID, secret, grant, code := "client-id", "client-secret", "urn:ietf:params:oauth:grant-type:device_code", "device-code"
	out, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: &clientID, ClientSecret: &secret, GrantType: &grant, DeviceCode: &code})
	if err != nil || out.AccessToken == nil || *out.AccessToken == "" {
		fmt.Fprintln(os.Stderr, "CreateToken:", err)
		os.Exit(1)
	}
}
