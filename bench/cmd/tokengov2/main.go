// Command tokengov2 prints the cached SSO token of the profile named by its
// argument, else AWS_PROFILE, the way aws-sdk-go-v2 gets it:
// LoadDefaultConfig, the profile's sso-session, and
// ssocreds.SSOTokenProvider (which refreshes once the token expired) on that
// session's cache file. The token cold-start
// benchmark (token-coldstart.sh) runs it beside ssooidc token.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	var opts []func(*config.LoadOptions) error
	if len(os.Args) > 1 {
		opts = append(opts, config.WithSharedConfigProfile(os.Args[1]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return err
	}
	var session string
	for _, src := range cfg.ConfigSources {
		if sc, ok := src.(config.SharedConfig); ok && sc.SSOSession != nil {
			session = sc.SSOSession.Name
			cfg.Region = sc.SSOSession.SSORegion
		}
	}
	if session == "" {
		return fmt.Errorf("the profile has no sso_session")
	}
	path, err := ssocreds.StandardCachedTokenFilepath(session)
	if err != nil {
		return err
	}
	tok, err := ssocreds.NewSSOTokenProvider(ssooidc.NewFromConfig(cfg), path).RetrieveBearerToken(ctx)
	if err != nil {
		return err
	}
	fmt.Println(tok.Value)
	return nil
}
