// Package types holds the modeled shapes of the IAM Identity Center portal
// that are not operation inputs or outputs: AccountInfo, RoleInfo,
// RoleCredentials, and the service's error types.
package types

import (
	"fmt"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// AccountInfo is an AWS account assigned to the user.
type AccountInfo struct {
	// The identifier of the AWS account that is assigned to the user.
	AccountId *string

	// The display name of the AWS account that is assigned to the user.
	AccountName *string

	// The email address of the AWS account that is assigned to the user.
	EmailAddress *string
}

// RoleInfo is a role assigned to the user in an AWS account.
type RoleInfo struct {
	// The friendly name of the role that is assigned to the user.
	RoleName *string

	// The identifier of the AWS account assigned to the user.
	AccountId *string
}

// RoleCredentials are the short-term AWS credentials of a role assigned to
// the user. Printed with fmt, the secret access key and the session token
// are redacted.
type RoleCredentials struct {
	// The identifier used for the temporary security credentials.
	AccessKeyId *string

	// The key that is used to sign the request.
	SecretAccessKey *string `sensitive:"true"`

	// The token used for temporary credentials.
	SessionToken *string `sensitive:"true"`

	// When the credentials expire, in milliseconds (not seconds) since the
	// Unix epoch; ExpiresAt converts it. 0 when the service did not say.
	Expiration int64
}

// ExpiresAt returns Expiration as a time, or the zero time when it is 0.
func (v *RoleCredentials) ExpiresAt() time.Time {
	if v.Expiration == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v.Expiration)
}

// Format prints the credentials with the secret access key and the session
// token redacted, for any verb.
func (v RoleCredentials) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }
