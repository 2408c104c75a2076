// Package types holds the modeled shapes of SSO OIDC that are not operation
// inputs or outputs: the service's error types, its enums and
// AwsAdditionalDetails.
package types

// AwsAdditionalDetails carries the AWS-specific extensions CreateTokenWithIAM
// returns alongside a token.
type AwsAdditionalDetails struct {
	// IdentityContext is the STS-signed and encrypted trusted context
	// assertion; it gives access to the sts:identity_context claim of the
	// idToken without parsing the JWT.
	IdentityContext *string
}

// AccessDeniedExceptionReason says why an AccessDeniedException happened.
type AccessDeniedExceptionReason string

// The values of AccessDeniedExceptionReason.
const (
	AccessDeniedExceptionReasonKmsAccessDenied AccessDeniedExceptionReason = "KMS_AccessDeniedException"
)

// Values returns every modeled value of AccessDeniedExceptionReason. The
// service may send others: the type is open.
func (AccessDeniedExceptionReason) Values() []AccessDeniedExceptionReason {
	return []AccessDeniedExceptionReason{
		AccessDeniedExceptionReasonKmsAccessDenied,
	}
}

// InvalidRequestExceptionReason says why an InvalidRequestException happened.
type InvalidRequestExceptionReason string

// The values of InvalidRequestExceptionReason.
const (
	InvalidRequestExceptionReasonKmsKeyNotFound     InvalidRequestExceptionReason = "KMS_NotFoundException"
	InvalidRequestExceptionReasonKmsInvalidKeyUsage InvalidRequestExceptionReason = "KMS_InvalidKeyUsageException"
	InvalidRequestExceptionReasonKmsInvalidState    InvalidRequestExceptionReason = "KMS_InvalidStateException"
	InvalidRequestExceptionReasonKmsDisabledKey     InvalidRequestExceptionReason = "KMS_DisabledException"
)

// Values returns every modeled value of InvalidRequestExceptionReason. The
// service may send others: the type is open.
func (InvalidRequestExceptionReason) Values() []InvalidRequestExceptionReason {
	return []InvalidRequestExceptionReason{
		InvalidRequestExceptionReasonKmsKeyNotFound,
		InvalidRequestExceptionReasonKmsInvalidKeyUsage,
		InvalidRequestExceptionReasonKmsInvalidState,
		InvalidRequestExceptionReasonKmsDisabledKey,
	}
}
