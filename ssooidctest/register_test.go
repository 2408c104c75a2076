package ssooidctest_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func TestRegisterClient(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{})
	tests := []struct {
		name          string
		in            ssooidc.RegisterClientInput
		wantEndpoints bool
	}{
		{name: "minimal, as the AWS CLI's legacy flow", in: ssooidc.RegisterClientInput{}},
		{name: "scopes", in: ssooidc.RegisterClientInput{Scopes: []string{"sso:account:access", "codewhisperer:completions"}}},
		{name: "device code and refresh", in: ssooidc.RegisterClientInput{GrantTypes: []string{deviceGrant, "refresh_token"}}},
		{
			name: "authorization code on loopback hosts",
			in: ssooidc.RegisterClientInput{
				GrantTypes:   []string{"authorization_code", "refresh_token"},
				RedirectUris: []string{"http://127.0.0.1/oauth/callback", "http://[::1]:8080/cb", "http://localhost:1234/x?y=z"},
				Scopes:       []string{"sso:account:access"},
			},
			wantEndpoints: true,
		},
		{
			name: "issuer and application",
			in: ssooidc.RegisterClientInput{
				IssuerUrl:              ptr.String("https://identitycenter.amazonaws.com/ssoins-1111111111111111"),
				EntitledApplicationArn: ptr.String("arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-1111111111111111"),
			},
		},
	}
	ids := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := register(t, svc, &tc.in)
			if out.ClientId == nil || *out.ClientId == "" || out.ClientSecret == nil || len(*out.ClientSecret) < 32 {
				t.Fatalf("no client id or a short secret: %v", out)
			}
			if ids[*out.ClientId] {
				t.Errorf("client id issued twice")
			}
			ids[*out.ClientId] = true
			if out.ClientIdIssuedAt != clk.Now().Unix() {
				t.Errorf("clientIdIssuedAt = %d, want %d", out.ClientIdIssuedAt, clk.Now().Unix())
			}
			if got, want := out.ClientSecretExpiresAt-out.ClientIdIssuedAt, int64(90*24*3600); got != want {
				t.Errorf("secret lives %ds, want %ds (90 days)", got, want)
			}
			if tc.wantEndpoints {
				if out.AuthorizationEndpoint == nil || *out.AuthorizationEndpoint != srv.URL+"/authorize" ||
					out.TokenEndpoint == nil || *out.TokenEndpoint != srv.URL+"/token" {
					t.Errorf("endpoints = %v, %v", out.AuthorizationEndpoint, out.TokenEndpoint)
				}
			} else if out.AuthorizationEndpoint != nil || out.TokenEndpoint != nil {
				t.Errorf("endpoints for a client without the authorization_code grant")
			}
			if out.ResultMetadata.RequestID == "" {
				t.Error("no request id")
			}
		})
	}
}

func TestRegisterClientErrors(t *testing.T) {
	_, svc := start(t, ssooidctest.Options{})
	_, restricted := start(t, ssooidctest.Options{Scopes: []string{"sso:account:access"}})
	tests := []struct {
		name  string
		svc   *ssooidc.Client
		in    ssooidc.RegisterClientInput
		code  string
		oauth string
	}{
		{"confidential client", svc, ssooidc.RegisterClientInput{ClientType: ptr.String("confidential")}, "InvalidClientMetadataException", "invalid_client_metadata"},
		{"empty client name", svc, ssooidc.RegisterClientInput{ClientName: ptr.String("")}, "InvalidRequestException", "invalid_request"},
		{"long client name", svc, ssooidc.RegisterClientInput{ClientName: ptr.String(strings.Repeat("n", 2000))}, "InvalidClientMetadataException", "invalid_client_metadata"},
		{"client credentials grant", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"client_credentials"}}, "UnsupportedGrantTypeException", "unsupported_grant_type"},
		{"jwt bearer grant", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"urn:ietf:params:oauth:grant-type:jwt-bearer"}}, "UnsupportedGrantTypeException", "unsupported_grant_type"},
		{"refresh token alone", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"refresh_token"}}, "InvalidClientMetadataException", "invalid_client_metadata"},
		{"authorization code without redirect URI", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}}, "InvalidClientMetadataException", "invalid_client_metadata"},
		{"remote redirect URI", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"https://example.com/callback"}}, "InvalidRedirectUriException", "invalid_redirect_uri"},
		{"redirect URI without scheme", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"127.0.0.1:PORT/oauth/callback"}}, "InvalidRedirectUriException", "invalid_redirect_uri"},
		{"redirect URI with fragment", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"http://127.0.0.1/cb#frag"}}, "InvalidRedirectUriException", "invalid_redirect_uri"},
		{"custom scheme redirect URI", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"myapp://callback"}}, "InvalidRedirectUriException", "invalid_redirect_uri"},
		{"relative redirect URI", svc, ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"/callback"}}, "InvalidRedirectUriException", "invalid_redirect_uri"},
		{"scope with a space", svc, ssooidc.RegisterClientInput{Scopes: []string{"sso:account access"}}, "InvalidScopeException", "invalid_scope"},
		{"empty scope", svc, ssooidc.RegisterClientInput{Scopes: []string{""}}, "InvalidScopeException", "invalid_scope"},
		{"scope not offered", restricted, ssooidc.RegisterClientInput{Scopes: []string{"codewhisperer:completions"}}, "InvalidScopeException", "invalid_scope"},
		{"issuer not a URL", svc, ssooidc.RegisterClientInput{IssuerUrl: ptr.String("not a url")}, "InvalidClientMetadataException", "invalid_client_metadata"},
		{"application not an ARN", svc, ssooidc.RegisterClientInput{EntitledApplicationArn: ptr.String("apl-1111")}, "InvalidClientMetadataException", "invalid_client_metadata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in.ClientName == nil {
				in.ClientName = ptr.String("test-client")
			}
			if in.ClientType == nil {
				in.ClientType = ptr.String("public")
			}
			_, err := tc.svc.RegisterClient(t.Context(), &in)
			wantAPIError(t, err, tc.code, http.StatusBadRequest, tc.oauth)
		})
	}
	// The restricted emulator still takes the scopes it offers.
	register(t, restricted, &ssooidc.RegisterClientInput{Scopes: []string{"sso:account:access"}})
}

// The members the SDK requires are checked by the service too, for clients
// that do not validate.
func TestRegisterClientRequiredMembers(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{})
	for _, body := range []string{`{}`, `{"clientType":"public"}`, `{"clientName":"x"}`, `{"clientName":null,"clientType":"public"}`, ``} {
		r := rawPost(t, srv, "/client/register", body)
		if r.status != http.StatusBadRequest || r.header.Get("X-Amzn-Errortype") != "InvalidRequestException" || r.body["error"] != "invalid_request" {
			t.Errorf("%s: got %d %s %v", body, r.status, r.header.Get("X-Amzn-Errortype"), r.body)
		}
	}
}

func TestStartDeviceAuthorization(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{Interval: 3500 * time.Millisecond, DeviceCodeTTL: 5 * time.Minute})
	_, dev := startDevice(t, svc, nil)
	if !regexp.MustCompile(`^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$`).MatchString(*dev.UserCode) {
		t.Errorf("user code %q is not of the form XXXX-XXXX", *dev.UserCode)
	}
	if *dev.VerificationUri != srv.URL+"/device" {
		t.Errorf("verificationUri = %s", *dev.VerificationUri)
	}
	if *dev.VerificationUriComplete != srv.URL+"/device?user_code="+*dev.UserCode {
		t.Errorf("verificationUriComplete = %s", *dev.VerificationUriComplete)
	}
	if dev.ExpiresIn != 300 || dev.Interval != 4 {
		t.Errorf("expiresIn, interval = %d, %d; want 300, 4 (3.5s rounded up)", dev.ExpiresIn, dev.Interval)
	}
	if len(*dev.DeviceCode) < 32 {
		t.Errorf("short device code")
	}
	_, dev2 := startDevice(t, svc, nil)
	if *dev2.UserCode == *dev.UserCode || *dev2.DeviceCode == *dev.DeviceCode {
		t.Error("codes repeat")
	}
}

func TestStartDeviceAuthorizationErrors(t *testing.T) {
	_, svc, clk := startClock(t, ssooidctest.Options{})
	good := register(t, svc, &ssooidc.RegisterClientInput{})
	authCodeOnly := register(t, svc, &ssooidc.RegisterClientInput{GrantTypes: []string{"authorization_code"}, RedirectUris: []string{"http://127.0.0.1/cb"}})
	expiring := register(t, svc, &ssooidc.RegisterClientInput{})
	startURL := ptr.String("https://d-1234567890.awsapps.com/start")
	tests := []struct {
		name     string
		in       ssooidc.StartDeviceAuthorizationInput
		advance  time.Duration
		code     string
		status   int
		oauthErr string
	}{
		{"unknown client", ssooidc.StartDeviceAuthorizationInput{ClientId: ptr.String("nope"), ClientSecret: good.ClientSecret, StartUrl: startURL}, 0, "InvalidClientException", 401, "invalid_client"},
		{"wrong secret", ssooidc.StartDeviceAuthorizationInput{ClientId: good.ClientId, ClientSecret: ptr.String("wrong"), StartUrl: startURL}, 0, "InvalidClientException", 401, "invalid_client"},
		{"client without the device grant", ssooidc.StartDeviceAuthorizationInput{ClientId: authCodeOnly.ClientId, ClientSecret: authCodeOnly.ClientSecret, StartUrl: startURL}, 0, "UnauthorizedClientException", 400, "unauthorized_client"},
		{"start URL not a URL", ssooidc.StartDeviceAuthorizationInput{ClientId: good.ClientId, ClientSecret: good.ClientSecret, StartUrl: ptr.String("d-1234567890")}, 0, "InvalidRequestException", 400, "invalid_request"},
		{"empty start URL", ssooidc.StartDeviceAuthorizationInput{ClientId: good.ClientId, ClientSecret: good.ClientSecret, StartUrl: ptr.String("")}, 0, "InvalidRequestException", 400, "invalid_request"},
		// Last: it moves the clock past the 90 days of every client.
		{"expired client", ssooidc.StartDeviceAuthorizationInput{ClientId: expiring.ClientId, ClientSecret: expiring.ClientSecret, StartUrl: startURL}, 90*24*time.Hour + time.Second, "InvalidClientException", 401, "invalid_client"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk.Advance(tc.advance)
			_, err := svc.StartDeviceAuthorization(t.Context(), &tc.in)
			wantAPIError(t, err, tc.code, tc.status, tc.oauthErr)
		})
	}
}
