// Package ssooidctest is a test kit for SSO OIDC (AWS IAM Identity Center
// OIDC) clients: an in-process emulator of the service and of the IAM
// Identity Center Portal API, and Mock, a fake of the ssooidc.API
// interface.
//
// # The emulator
//
//	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true})
//	defer srv.Close()
//	svc := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: &srv.URL})
//
// (or svc := srv.Client()). The emulator runs on 127.0.0.1, keeps its state
// in memory, and answers as the service does: the same paths, members, HTTP
// status per error (smithy.api#httpError), x-amzn-errortype with the bare
// shape name, x-amzn-requestid on every response, and error bodies with the
// OAuth error code the model documents ("error") and "error_description".
// It accepts any SDK's requests: any headers, members in any order, unknown
// members (ignored), and Content-Type application/json or
// application/x-amz-json-1.1. cmd/ssooidc-local serves the same emulator to
// tools in any language.
//
// # What it accepts
//
// RegisterClient: clientType must be "public". grantTypes may hold
// authorization_code, urn:ietf:params:oauth:grant-type:device_code and
// refresh_token (others: UnsupportedGrantTypeException); without grantTypes
// a client gets the device code and refresh token grants.
// authorization_code needs at least one redirect URI; every redirect URI
// must be http(s) on a loopback host (127.0.0.1, [::1], localhost) without
// a fragment (InvalidRedirectUriException). Scopes must be RFC 6749 scope
// tokens, and one of Options.Scopes when that is set (InvalidScopeException).
// Client ids and secrets are valid for Options.ClientTTL (90 days).
//
// StartDeviceAuthorization: the client must authenticate with its id and
// unexpired secret (InvalidClientException, HTTP 401) and be registered for
// the device code grant (UnauthorizedClientException); startUrl must be an
// absolute http(s) URL. The user code has the service's XXXX-XXXX form and
// is approved on the verification page (verificationUri is the emulator's
// /device), with Approve or Deny, or automatically (Options.AutoApprove).
//
// CreateToken, device code grant (RFC 8628): AuthorizationPendingException
// until approval, SlowDownException for a poll less than the interval after
// the previous one (the interval then grows by 5 seconds),
// AccessDeniedException after Deny, ExpiredTokenException after
// Options.DeviceCodeTTL, InvalidGrantException for an unknown or used
// device code. The tokens: an access token, an ID token, and a refresh
// token when the client registered scopes.
//
// CreateToken, refresh_token grant: refresh tokens rotate; a used, revoked
// (Revoke), logged-out (Logout, below), expired or foreign refresh token
// gets InvalidGrantException.
//
// CreateToken, authorization_code grant: the code comes from /authorize
// (below), is valid once for Options.AuthCodeTTL, and needs the same
// redirectUri as the authorization request and the codeVerifier whose S256
// challenge it carried (RFC 7636); any mismatch is InvalidGrantException. A
// replayed code also revokes the tokens issued from it.
//
// /authorize (GET, the browser step): response_type=code, client_id, a
// redirect_uri the client registered (any port on a loopback host, RFC 8252),
// a state, code_challenge with code_challenge_method=S256, and scopes (or
// scope) among those registered. It shows a consent page, or with
// AutoApprove redirects at once, to redirect_uri?code=...&state=...; an
// error is sent there as error=...&state=..., except a bad client or
// redirect URI, which get an error page (RFC 6749, section 4.1.2.1). An
// application ARN may also be the client_id, for CreateTokenWithIAM: it
// accepts any absolute http(s) redirect URI and makes PKCE optional.
//
// CreateTokenWithIAM (POST /token?aws_iam=t) must be signed with SigV4 for
// service sso-oauth, the emulator's region and one of Options.Credentials
// (default TestAccessKeyID and TestSecretAccessKey), within 5 minutes of the
// emulator's clock. The emulator signs the request again with the headers
// the client names in SignedHeaders and compares. Failures get the errors
// of the AWS front door: MissingAuthenticationTokenException (403),
// IncompleteSignatureException (400), UnrecognizedClientException (403,
// unknown access key or wrong session token) and InvalidSignatureException
// (403, wrong signature, scope or time). The clientId must be an
// application ARN (arn:aws:sso::ACCOUNT:application/ssoins-ID/apl-ID), or
// InvalidClientException. The grants:
//   - authorization_code: a code /authorize issued to that ARN, checked as
//     for CreateToken;
//   - refresh_token: a refresh token CreateTokenWithIAM issued to that ARN,
//     rotated as for CreateToken;
//   - urn:ietf:params:oauth:grant-type:jwt-bearer: any JWT-shaped assertion
//     (three base64url parts, a JSON header whose alg is not "none", a JSON
//     payload) whose exp and nbf, if present, hold; its signature is not
//     verified. Its "sub" becomes the user;
//   - urn:ietf:params:oauth:grant-type:token-exchange: subjectToken must be
//     an unexpired, unrevoked access token the emulator issued, with
//     subjectTokenType urn:ietf:params:oauth:token-type:access_token
//     (InvalidRequestException otherwise, as RFC 8693 says;
//     ExpiredTokenException once expired). requestedTokenType access_token
//     (the default) issues an access token only, refresh_token adds a
//     refresh token.
//
// Scopes default to openid, aws and sts:identity_context; a requested scope
// must be within the grant's scopes (InvalidScopeException). The answer
// carries issuedTokenType, the granted scope, an ID token when openid is
// granted, and awsAdditionalDetails.identityContext when
// sts:identity_context is granted.
//
// # The Portal API
//
// The same base URL serves the Portal API (the service "sso", which turns
// an access token into AWS credentials), so one URL serves both: point
// AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC at it. Its four
// operations take the access token in the x-amz-sso_bearer_token header.
// Their errors are restJson1 with a "message". The token is checked first:
// an unknown, expired, revoked or logged-out token gets
// UnauthorizedException (401, "Session token not found or invalid"). A
// missing required parameter or a bad max_result or next_token gets
// InvalidRequestException (400); throttling (ThrottleNext) is
// TooManyRequestsException (429).
//
// The user's assignments are Options.Accounts: by default one account,
// DefaultAccountID, with the roles ReadOnly and Admin. Every access token
// sees the same ones.
//
// GetRoleCredentials (GET /federation/credentials?account_id=&role_name=)
// issues credentials of the STS form (an ASIA access key id, a 40
// character secret, a long session token) valid for Options.RoleTTL; the
// expiration is in epoch milliseconds. A role or account not assigned gets
// HTTP 403 ForbiddenException "No access", as from the service, though the
// model does not list it. LookupRoleCredentials tells what issued
// credentials are for.
//
// ListAccounts (GET /assignment/accounts) and ListAccountRoles (GET
// /assignment/roles?account_id=) return at most Options.PageSize items a
// page, or max_result (1 to 100) when smaller, and a nextToken while more
// remain: opaque, the same for the same page, and valid only for the list
// it came from. ListAccountRoles of an account not assigned gets
// ResourceNotFoundException (404).
//
// Logout (POST /logout) answers an empty 200 and ends the token's session:
// every access and refresh token of the sign-in it came from, the first
// grant's and those of every refresh since. A later refresh gets
// InvalidGrantException. Role credentials already issued stay valid until
// they expire, as with the service.
//
// # Tokens
//
// Client secrets, codes and tokens are random and opaque; nothing logs
// them. ID tokens are JWTs (HS256 with a key of the emulator's own) that
// are not meant to be verified. LookupAccessToken tells what an access
// token grants, as a resource server would check it.
//
// # Tests
//
// Options.Now injects a clock, so tests of expiry need not sleep.
// ThrottleNext, FailNext, SetLatency and SetDateSkew inject faults.
// PendingUserCodes finds the user code of a login the code under test
// started.
package ssooidctest
