package ssooidc

// Benchmarks of the client's own cost: the HTTP exchange is replaced by an
// in-memory HTTPClient, so the numbers count the work between the method call
// and the socket, and back. The "floor" is what a hand-written call with
// net/http and encoding/json costs on the same in-memory exchange. The
// bench/ module measures against real loopback servers and other SDKs.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/smithy-go/ptr"
)

const benchTokenResponse = `{"accessToken":"aoaAAAAAGV4YW1wbGUtYWNjZXNzLXRva2VuLWZvci1iZW5jaG1hcmtz","tokenType":"Bearer","expiresIn":28800,"refreshToken":"aorAAAAAGV4YW1wbGUtcmVmcmVzaC10b2tlbi1mb3ItYmVuY2htYXJrcw","idToken":"eyJraWQiOiJleGFtcGxlIn0.eyJzdWIiOiJleGFtcGxlIn0.c2ln"}`

// cannedDoer answers every request with the same status and body, reading
// and closing the request body as a transport would.
type cannedDoer struct {
	status int
	header http.Header
	body   string
}

func (d *cannedDoer) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: d.status, Header: d.header, Body: io.NopCloser(strings.NewReader(d.body)), ContentLength: int64(len(d.body))}, nil
}

func benchInput() *CreateTokenInput {
	return &CreateTokenInput{
		ClientId:     ptr.String("_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID"),
		ClientSecret: ptr.String("VERYLONGSECRETeyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0"),
		GrantType:    ptr.String("urn:ietf:params:oauth:grant-type:device_code"),
		DeviceCode:   ptr.String("yJraWQiOiJrZXktMTU2Njk2ODA4OCIsImFsZyI6IkhTMzIn0EXAMPLEDEVICECODE"),
	}
}

func BenchmarkCreateToken(b *testing.B) {
	doer := &cannedDoer{status: 200, header: http.Header{"X-Amzn-Requestid": {"r"}}, body: benchTokenResponse}
	c := New(Options{Region: "us-east-1", HTTPClient: doer})
	in := benchInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateToken(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateTokenWithIAM(b *testing.B) {
	doer := &cannedDoer{status: 200, header: http.Header{"X-Amzn-Requestid": {"r"}}, body: benchTokenResponse}
	c := New(Options{Region: "us-east-1", HTTPClient: doer, Credentials: NewStaticCredentialsProvider("AKID", "SECRET", "TOKEN")})
	in := &CreateTokenWithIAMInput{ClientId: ptr.String("arn:aws:sso::123456789012:application/ssoins-1/apl-1"), GrantType: ptr.String("refresh_token"), RefreshToken: ptr.String("aorAAAAAGV4YW1wbGUtcmVmcmVzaC10b2tlbi1mb3ItYmVuY2htYXJrcw")}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateTokenWithIAM(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateTokenPending(b *testing.B) {
	doer := &cannedDoer{status: 400, header: http.Header{"X-Amzn-Errortype": {"AuthorizationPendingException"}, "X-Amzn-Requestid": {"r"}},
		body: `{"error":"authorization_pending","error_description":"Authorization is still pending"}`}
	c := New(Options{Region: "us-east-1", HTTPClient: doer})
	in := benchInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.CreateToken(ctx, in); err == nil {
			b.Fatal("want an error")
		}
	}
}

// BenchmarkFloorCreateToken is the same call written by hand.
func BenchmarkFloorCreateToken(b *testing.B) {
	doer := &cannedDoer{status: 200, header: http.Header{"X-Amzn-Requestid": {"r"}}, body: benchTokenResponse}
	type request struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
		GrantType    string `json:"grantType"`
		DeviceCode   string `json:"deviceCode,omitempty"`
	}
	type response struct {
		AccessToken  string `json:"accessToken"`
		TokenType    string `json:"tokenType"`
		ExpiresIn    int32  `json:"expiresIn"`
		RefreshToken string `json:"refreshToken"`
		IDToken      string `json:"idToken"`
	}
	in := benchInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		body, err := json.Marshal(request{*in.ClientId, *in.ClientSecret, *in.GrantType, *in.DeviceCode})
		if err != nil {
			b.Fatal(err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://oidc.us-east-1.amazonaws.com/token", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := doer.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out response
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadConfig is LoadConfig with a small profile, and with
// AWS_CA_BUNDLE set to the system's bundle, which no call here uses.
func BenchmarkLoadConfig(b *testing.B) {
	const bundle = "/etc/ssl/certs/ca-certificates.crt"
	for _, ca := range []string{"", bundle} {
		b.Run("AWS_CA_BUNDLE="+ca, func(b *testing.B) {
			dir := b.TempDir()
			config := dir + "/config"
			if err := os.WriteFile(config, []byte("[default]\nregion = us-east-1\nsso_session = s\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"), 0o600); err != nil {
				b.Fatal(err)
			}
			b.Setenv("AWS_CONFIG_FILE", config)
			b.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
			b.Setenv("AWS_CA_BUNDLE", ca)
			if _, err := os.Stat(bundle); ca != "" && err != nil {
				b.Skip(err)
			}
			for b.Loop() {
				if _, err := LoadConfig(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
