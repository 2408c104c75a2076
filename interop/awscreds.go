// Package interop connects this SDK to aws-sdk-go-v2 (its tests point the
// official SDK at the ssooidctest emulator). It is a module of its own so
// that the main module does not depend on the official SDK.
package interop

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ssooidc-go/ssooidc/login"
)

// AWSCredentials gives aws-sdk-go-v2 the credentials of an IAM Identity
// Center role: set aws.Config.Credentials to
// aws.NewCredentialsCache(interop.AWSCredentials{Session: sess, Role: role}).
// The role credentials are shared with the AWS CLI's cache and fetched
// under this SDK's lock.
type AWSCredentials struct {
	Session *login.Session
	Role    login.Role
}

// Retrieve returns the role's credentials; see login.Session.RoleCredentials.
func (p AWSCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := p.Session.RoleCredentials(ctx, p.Role)
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken,
		Source: "ssooidc", CanExpire: err == nil, Expires: c.Expiration, AccountID: c.AccountID}, err
}
