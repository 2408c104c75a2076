// Command official-new makes one CreateToken with the official AWS SDK for
// Go v2, configured by ssooidc.New alone (no config package).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
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
