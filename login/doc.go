// Package login logs a user in to AWS IAM Identity Center and keeps them
// logged in: it gets an access token with the authorization code grant and
// PKCE in a browser, or with the device code grant, stores it in the AWS
// CLI's cache (~/.aws/sso/cache) so that the AWS CLI, botocore, aws-sdk-go-v2
// and this SDK share one login, and refreshes it before it expires.
//
// A program gets a Session for a profile, asks it for a token, and logs in
// when there is none:
//
//	cfg, err := ssooidc.LoadConfig(ctx, ssooidc.WithProfile("dev"))
//	sess, err := login.NewSession(cfg)
//	tok, err := sess.Token(ctx)
//	if errors.Is(err, login.ErrLoginRequired) {
//		tok, err = sess.Login(ctx, login.Options{})
//	}
//
// Session implements smithy-go's auth/bearer.TokenProvider, so any client
// that takes a bearer token provider can use it directly.
//
// # Which flow
//
// Login uses the authorization code grant with PKCE (RFC 7636, RFC 8252) by
// default, as AWS CLI 2.22 and later do: it listens on 127.0.0.1 only,
// opens the browser and waits for the redirect. It uses the device code
// grant (RFC 8628) when asked (FlowDeviceCode), when the profile is a
// legacy one without an sso-session (as the AWS CLI does), and when there
// is no display or the program runs over SSH. Options.Paste is PKCE for
// machines where the browser runs elsewhere: the user pastes the URL the
// browser was sent to.
//
// # Vanity start URLs
//
// A start URL on the customer's own domain (https://sso.example.com/start)
// is resolved as AWS CLI 2.35.13 does, once per Login and never by Token:
// one HEAD request (a GET when HEAD is refused) reads where it redirects,
// which must be an https AWS access portal URL; the login sends the service
// that URL, and goes to the Region its host names, else to sso_region,
// which such a session may leave out. The token file keeps that Region,
// which refreshes use.
//
// # Cache and other processes
//
// The token file is named after the sso-session name, or for legacy
// profiles after sso_start_url exactly as configured. Registrations are
// reused while they have more than 15 minutes left; PKCE registrations are
// stored under their own name, so the shared registration that older AWS
// CLIs reuse for the device code grant is never replaced by one that cannot
// do it. Refreshes and logins hold an OS file lock beside the token file,
// and read the file again once they hold it: processes of this SDK that
// need a refresh at the same time make one refresh call, and processes that
// need a login join one login.
//
// # Refresh
//
// Token refreshes with the refresh token grant once the token is inside
// the refresh window (Config.RefreshWindow, default 5 minutes before
// expiry; the AWS CLI and botocore use 15 minutes), at most once every 30
// seconds, while the client registration is valid. When a refresh fails
// and the cached token is still valid, Token returns the cached token; when
// it has expired, an error matching ErrLoginRequired that says why.
//
// A fresh token costs an atomic load and a clock read: no file read, no
// allocation.
package login
