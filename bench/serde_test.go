package bench

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/ssooidc-go/ssooidc"
	w "github.com/ssooidc-go/ssooidc/bench/internal/workload"
)

// BenchmarkSerdeCall makes each operation of this SDK over an in-memory
// HTTPClient with the workload's realistic sizes (secrets and tokens of
// about 1 KB), so that the request and response codec is a visible share of
// the call. It is how the internal/serde optimisations are judged (issue
// 11): the same benchmark, built from the code with and without each one.
func BenchmarkSerdeCall(b *testing.B) {
	answer := func(v any) ssooidc.HTTPClient {
		body, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		return memDoer(body)
	}
	ops := []struct {
		name string
		doer ssooidc.HTTPClient
		call func(ctx context.Context, c *ssooidc.Client) error
	}{
		{"RegisterClient", answer(map[string]any{
			"clientId": w.ClientID, "clientSecret": w.ClientSecret,
			"clientIdIssuedAt": w.ClientIDIssuedAt, "clientSecretExpiresAt": w.ClientSecretExpiresAt}),
			func(ctx context.Context, c *ssooidc.Client) error {
				_, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String(w.ClientName), ClientType: aws.String(w.ClientType), Scopes: []string{w.Scope}})
				return err
			}},
		{"StartDeviceAuthorization", answer(map[string]any{
			"deviceCode": w.DeviceCode, "userCode": w.UserCode, "verificationUri": w.VerificationURI,
			"verificationUriComplete": w.VerificationURIComplete, "expiresIn": w.DeviceExpiresIn, "interval": w.DeviceInterval}),
			func(ctx context.Context, c *ssooidc.Client) error {
				_, err := c.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), StartUrl: aws.String(w.StartURL)})
				return err
			}},
		{"CreateToken", answer(map[string]any{
			"accessToken": w.AccessToken, "tokenType": "Bearer", "expiresIn": w.TokenExpiresIn,
			"refreshToken": w.RefreshToken, "idToken": w.IDToken}),
			func(ctx context.Context, c *ssooidc.Client) error {
				_, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: aws.String(w.ClientID), ClientSecret: aws.String(w.ClientSecret), GrantType: aws.String(w.DeviceGrant), DeviceCode: aws.String(w.DeviceCode)})
				return err
			}},
		{"CreateTokenWithIAM", answer(map[string]any{
			"accessToken": w.AccessToken, "tokenType": "Bearer", "expiresIn": w.IAMTokenExpiresIn,
			"refreshToken": w.RefreshToken, "idToken": w.IDToken, "issuedTokenType": w.IssuedTokenType,
			"scope": w.IAMScopes, "awsAdditionalDetails": map[string]string{"identityContext": w.IdentityContext}}),
			func(ctx context.Context, c *ssooidc.Client) error {
				_, err := c.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.JWTBearerGrant), Assertion: aws.String(w.Assertion)})
				return err
			}},
	}
	for _, op := range ops {
		b.Run("op="+op.name, func(b *testing.B) {
			c := ssooidc.New(ssooidc.Options{
				Region: w.Region, RetryMaxAttempts: 1, HTTPClient: op.doer,
				Credentials: ssooidc.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken),
			})
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := op.call(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// memDoer answers every request with 200 and its body, after reading the
// request body as a transport would.
type memDoer []byte

func (d memDoer) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"X-Amzn-Requestid": {"r"}},
		Body: io.NopCloser(strings.NewReader(string(d))), ContentLength: int64(len(d))}, nil
}
