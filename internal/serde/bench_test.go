package serde

import (
	"encoding/json"
	"strings"
	"testing"
)

// Benchmarks of each codec function against encoding/json on the same data.
// Run: go test -run='^$' -bench=. -benchmem ./internal/serde/

// Realistic sizes: client secrets and tokens are long base64/JWT strings.
var (
	benchSecret  = "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0." + strings.Repeat("eyJzZXJpYWxpemVkSW5mbyI6IjEyMzQ1Njc4OTAi", 20)
	benchRefresh = "aorAAAAAGl" + strings.Repeat("JxN1ZtcGxlLXJlZnJlc2gtdG9rZW4tdmFsdWUtMDEyMzQ1Njc4OWFi", 10)
	benchAccess  = "aoaAAAAAGl" + strings.Repeat("JxN0XkRqVhZWxtcGxlLWFjY2Vzcy10b2tlbi12YWx1ZS0wMTIzNDU2", 16)
)

type (
	jsonRegisterClientRequest struct {
		ClientName             *string  `json:"clientName,omitempty"`
		ClientType             *string  `json:"clientType,omitempty"`
		Scopes                 []string `json:"scopes,omitempty"`
		RedirectUris           []string `json:"redirectUris,omitempty"`
		GrantTypes             []string `json:"grantTypes,omitempty"`
		IssuerUrl              *string  `json:"issuerUrl,omitempty"`
		EntitledApplicationArn *string  `json:"entitledApplicationArn,omitempty"`
	}
	jsonStartDeviceAuthorizationRequest struct {
		ClientId     *string `json:"clientId,omitempty"`
		ClientSecret *string `json:"clientSecret,omitempty"`
		StartUrl     *string `json:"startUrl,omitempty"`
	}
	jsonCreateTokenWithIAMRequest struct {
		ClientId           *string  `json:"clientId,omitempty"`
		GrantType          *string  `json:"grantType,omitempty"`
		Code               *string  `json:"code,omitempty"`
		RefreshToken       *string  `json:"refreshToken,omitempty"`
		Assertion          *string  `json:"assertion,omitempty"`
		Scope              []string `json:"scope,omitempty"`
		RedirectUri        *string  `json:"redirectUri,omitempty"`
		SubjectToken       *string  `json:"subjectToken,omitempty"`
		SubjectTokenType   *string  `json:"subjectTokenType,omitempty"`
		RequestedTokenType *string  `json:"requestedTokenType,omitempty"`
		CodeVerifier       *string  `json:"codeVerifier,omitempty"`
	}
)

var (
	benchRegister = RegisterClientRequest{
		ClientName: ptr("botocore-client-my-cli"), ClientType: ptr("public"),
		Scopes: []string{"sso:account:access"}, GrantTypes: []string{"authorization_code", "refresh_token"},
		RedirectUris: []string{"http://127.0.0.1:43215/oauth/callback"},
		IssuerUrl:    ptr("https://identitycenter.amazonaws.com/ssoins-1234567890abcdef"),
	}
	benchStart = StartDeviceAuthorizationRequest{
		ClientId: ptr("_8sK9-bCxNjlMcMzA_gjZXUtY2VudHJhbC0x"), ClientSecret: ptr(benchSecret),
		StartUrl: ptr("https://d-1234567890.awsapps.com/start"),
	}
	benchCreate = CreateTokenRequest{
		ClientId: ptr("_8sK9-bCxNjlMcMzA_gjZXUtY2VudHJhbC0x"), ClientSecret: ptr(benchSecret),
		GrantType: ptr("refresh_token"), RefreshToken: ptr(benchRefresh), Scope: []string{"sso:account:access"},
	}
	benchIAM = CreateTokenWithIAMRequest{
		ClientId:  ptr("arn:aws:sso::123456789012:application/ssoins-1234567890abcdef/apl-1234567890abcdef"),
		GrantType: ptr("urn:ietf:params:oauth:grant-type:jwt-bearer"), Assertion: ptr(benchSecret),
		Scope: []string{"openid", "aws", "sts:identity_context"},
	}
)

func benchMarshal[T, J any](b *testing.B, v *T, appendFn func([]byte, *T) []byte, sizeFn func(*T) int, j *J) {
	b.Run("serde", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(sizeFn(v)))
		for b.Loop() {
			buf := make([]byte, 0, sizeFn(v))
			_ = appendFn(buf, v)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(sizeFn(v)))
		for b.Loop() {
			if _, err := json.Marshal(j); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMarshalRegisterClientRequest(b *testing.B) {
	j := jsonRegisterClientRequest(benchRegister)
	benchMarshal(b, &benchRegister, AppendRegisterClientRequest, SizeRegisterClientRequest, &j)
}

func BenchmarkMarshalStartDeviceAuthorizationRequest(b *testing.B) {
	j := jsonStartDeviceAuthorizationRequest(benchStart)
	benchMarshal(b, &benchStart, AppendStartDeviceAuthorizationRequest, SizeStartDeviceAuthorizationRequest, &j)
}

func BenchmarkMarshalCreateTokenRequest(b *testing.B) {
	j := jsonCreateTokenRequest(benchCreate)
	benchMarshal(b, &benchCreate, AppendCreateTokenRequest, SizeCreateTokenRequest, &j)
}

func BenchmarkMarshalCreateTokenWithIAMRequest(b *testing.B) {
	j := jsonCreateTokenWithIAMRequest(benchIAM)
	benchMarshal(b, &benchIAM, AppendCreateTokenWithIAMRequest, SizeCreateTokenWithIAMRequest, &j)
}

func benchUnmarshal[T, J any](b *testing.B, body string, fn func([]byte, *T) error) {
	data := []byte(body)
	b.Run("serde", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		var v T // outside the loop: its escape to the heap is not measured
		for b.Loop() {
			v = *new(T)
			if err := fn(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		var v J
		for b.Loop() {
			v = *new(J)
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUnmarshalRegisterClientResponse(b *testing.B) {
	body := `{"authorizationEndpoint":null,"clientId":"_8sK9-bCxNjlMcMzA_gjZXUtY2VudHJhbC0x","clientIdIssuedAt":1700000000,` +
		`"clientSecret":"` + benchSecret + `","clientSecretExpiresAt":1707776000,"tokenEndpoint":null}`
	benchUnmarshal[RegisterClientResponse, jsonRegisterClientResponse](b, body, UnmarshalRegisterClientResponse)
}

func BenchmarkUnmarshalStartDeviceAuthorizationResponse(b *testing.B) {
	body := `{"deviceCode":"Fd4kR1eS2x7mX9pQaZ3vB8nW0cY5uT6iO1lK2jH3gF4dS5aQ6wE7rT8yU9iO0pL","expiresIn":600,"interval":1,` +
		`"userCode":"ABCD-EFGH","verificationUri":"https://device.sso.us-east-1.amazonaws.com/",` +
		`"verificationUriComplete":"https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH"}`
	benchUnmarshal[StartDeviceAuthorizationResponse, jsonStartDeviceAuthorizationResponse](b, body, UnmarshalStartDeviceAuthorizationResponse)
}

func BenchmarkUnmarshalCreateTokenResponse(b *testing.B) {
	body := `{"accessToken":"` + benchAccess + `","expiresIn":28800,"idToken":null,"refreshToken":"` + benchRefresh + `","tokenType":"Bearer"}`
	benchUnmarshal[CreateTokenResponse, jsonCreateTokenResponse](b, body, UnmarshalCreateTokenResponse)
}

func BenchmarkUnmarshalCreateTokenWithIAMResponse(b *testing.B) {
	body := `{"accessToken":"` + benchAccess + `","tokenType":"Bearer","expiresIn":3600,"refreshToken":"` + benchRefresh + `",` +
		`"idToken":"` + idTok + `","issuedTokenType":"urn:ietf:params:oauth:token-type:refresh_token",` +
		`"scope":["openid","aws","sts:identity_context"],"awsAdditionalDetails":{"identityContext":"` + benchSecret[:200] + `"}}`
	benchUnmarshal[CreateTokenWithIAMResponse, jsonCreateTokenWithIAMResponse](b, body, UnmarshalCreateTokenWithIAMResponse)
}

func BenchmarkUnmarshalErrorBody(b *testing.B) {
	body := `{"error":"authorization_pending","error_description":"Authorization is still pending","message":null}`
	benchUnmarshal[ErrorBody, jsonErrorBody](b, body, UnmarshalErrorBody)
}
