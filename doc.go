// Package ssooidc is a client for the AWS IAM Identity Center OIDC service
// (SSO OIDC), the service behind "aws sso login": it registers OAuth
// clients, starts device code logins, creates and refreshes access tokens,
// and exchanges tokens with IAM-signed requests (CreateTokenWithIAM).
//
// To log a user in and keep them logged in, use the login package
// (github.com/ssooidc-go/ssooidc/login) instead of these operations: it runs
// the browser or device code login, caches the token where the AWS CLI and
// the SDKs find it, and refreshes it. The ssooidctest package is an
// emulator of the service for tests.
//
// A client for a profile of the shared configuration (~/.aws/config), read
// as the AWS CLI reads it:
//
//	cfg, err := ssooidc.LoadConfig(ctx, ssooidc.WithProfile("dev"))
//	if err != nil {
//		return err
//	}
//	// A login's calls go to the sso_region, not the profile's region.
//	svc := ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.Region = cfg.SSO.Region })
//	reg, err := svc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
//		ClientName: ptr.String("my-tool"), // ptr is github.com/aws/smithy-go/ptr
//		ClientType: ptr.String(ssooidc.ClientTypePublic),
//	})
//
// or, without configuration files, ssooidc.New(ssooidc.Options{Region:
// "us-east-1"}). The service's errors are types in package types: use
// errors.As, for example with *types.AuthorizationPendingException while a
// device code login waits for the user.
package ssooidc
