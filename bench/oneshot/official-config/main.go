// Command official-config makes one CreateToken with the official AWS SDK
// for Go v2, configured by config.LoadDefaultConfig.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"), config.WithBaseEndpoint(os.Args[1]))
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
