package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	official "github.com/aws/aws-sdk-go-v2/service/ssooidc"
	ahacreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	ahasigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	ahav4 "github.com/aws/smithy-go/aws-http-auth/v4"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/bench/internal/floor"
	w "github.com/ssooidc-go/ssooidc/bench/internal/workload"
)

// The request of BenchmarkSignHTTP in the main module's internal/sigv4
// (which benchmarks this SDK's signer, unexported, against aws-http-auth):
// the same body, credentials, time and headers, so that run.sh can join
// the two runs through the aws-http-auth figure both measure.
var (
	signBody = func() []byte {
		b := []byte(`{"clientId":"arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-2222222222222222",` +
			`"grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"`)
		b = append(b, strings.Repeat("x", 300-len(b)-2)...)
		return append(b, `"}`...)
	}()
	signAKID    = "ASIAIOSFODNN7EXAMPLE"
	signSecret  = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	signToken   = "IQoJb3JpZ2luX2VjEXAMPLE" + strings.Repeat("A0b1C2d3E4f5G6h7", 40)
	signTime    = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	signHash    = sha256.Sum256(signBody)
	signHashHex = hex.EncodeToString(signHash[:])
)

func newSignRequest(tb testing.TB) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://oidc.us-east-1.amazonaws.com/token?aws_iam=t", bytes.NewReader(signBody))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ssooidc-go/0.1.0 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64")
	req.Header.Set("Amz-Sdk-Invocation-Id", "3f1b0a4e-5c2d-4e6f-8a9b-0c1d2e3f4a5b")
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	return req
}

// sameHeaderRules makes aws-http-auth sign every header but the ones the
// other signers leave out, as internal/sigv4's reference signer does; its
// default signs only host and x-amz-*.
type sameHeaderRules struct{}

func (sameHeaderRules) IsSigned(h string) bool {
	switch h {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
		"upgrade", "sec-websocket-key", "sec-websocket-protocol", "sec-websocket-version":
		return false
	}
	return true
}

// BenchmarkSign signs one CreateTokenWithIAM-shaped request repeatedly with
// the official SDK's signer and with aws-http-auth's; this SDK's signer is
// measured on the same request by internal/sigv4's BenchmarkSignHTTP.
func BenchmarkSign(b *testing.B) {
	b.Run("impl=official", func(b *testing.B) {
		s := v4.NewSigner()
		creds := aws.Credentials{AccessKeyID: signAKID, SecretAccessKey: signSecret, SessionToken: signToken}
		req := newSignRequest(b)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if err := s.SignHTTP(ctx, creds, req, signHashHex, "sso-oauth", "us-east-1", signTime); err != nil {
				b.Fatal(err)
			}
		}
	})
	aha := func(s *ahasigv4.Signer) func(*testing.B) {
		return func(b *testing.B) {
			req := newSignRequest(b)
			in := &ahasigv4.SignRequestInput{
				Request:     req,
				PayloadHash: signHash[:],
				Credentials: ahacreds.Credentials{AccessKeyID: signAKID, SecretAccessKey: signSecret, SessionToken: signToken},
				Service:     "sso-oauth",
				Region:      "us-east-1",
				Time:        signTime,
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.SignRequest(in); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("impl=aws-http-auth", aha(ahasigv4.New()))
	b.Run("impl=aws-http-auth-same-headers", aha(ahasigv4.New(func(o *ahav4.SignerOptions) { o.HeaderRules = sameHeaderRules{} })))
}

// memTransport answers every request in memory with the same token
// response, reading the request body as a transport would.
type memTransport struct{ body []byte }

func (m *memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"b3f5b8a4-0c2e-4c1e-9a57-0d8f6d2b1e11"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       r,
	}, nil
}

// memTokenResponse is a valid answer to both CreateToken and
// CreateTokenWithIAM.
var memTokenResponse = []byte(`{"accessToken":"` + w.AccessToken + `","tokenType":"Bearer","expiresIn":3600,"refreshToken":"` + w.RefreshToken + `"}`)

// BenchmarkSignOverhead measures what signing adds to a call, end to end:
// the same refresh-token request as CreateToken (unsigned, with an empty
// client secret so the bodies differ by 17 bytes) and as
// CreateTokenWithIAM (signed: credentials, payload hash, SigV4), over an
// in-memory transport. The difference of the two is the signing overhead
// of each client.
func BenchmarkSignOverhead(b *testing.B) {
	const endpoint = "https://oidc.us-east-1.amazonaws.com"
	ctx := context.Background()
	calls := map[string]map[string]func() error{}

	{
		c := floor.New(newHTTPClient(&memTransport{memTokenResponse}), endpoint, w.Region,
			ahacreds.Credentials{AccessKeyID: w.AccessKeyID, SecretAccessKey: w.SecretAccessKey, SessionToken: w.SessionToken})
		tok := &floor.CreateTokenInput{ClientID: w.AppARN, ClientSecret: "", GrantType: w.RefreshGrant, RefreshToken: w.RefreshToken}
		iam := &floor.CreateTokenWithIAMInput{ClientID: w.AppARN, GrantType: w.RefreshGrant, RefreshToken: w.RefreshToken}
		calls["floor"] = map[string]func() error{
			"CreateToken":        func() error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM": func() error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
		}
	}
	{
		c := ssooidc.New(ssooidc.Options{Region: w.Region, HTTPClient: newHTTPClient(&memTransport{memTokenResponse}),
			Credentials: ssooidc.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken)})
		tok := &ssooidc.CreateTokenInput{ClientId: aws.String(w.AppARN), ClientSecret: aws.String(""), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)}
		iam := &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)}
		calls["ours"] = map[string]func() error{
			"CreateToken":        func() error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM": func() error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
		}
	}
	{
		c := official.New(official.Options{Region: w.Region, HTTPClient: newHTTPClient(&memTransport{memTokenResponse}),
			Credentials: credentials.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken)})
		tok := &official.CreateTokenInput{ClientId: aws.String(w.AppARN), ClientSecret: aws.String(""), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)}
		iam := &official.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)}
		calls["official"] = map[string]func() error{
			"CreateToken":        func() error { _, err := c.CreateToken(ctx, tok); return err },
			"CreateTokenWithIAM": func() error { _, err := c.CreateTokenWithIAM(ctx, iam); return err },
		}
	}

	for _, op := range []string{"CreateToken", "CreateTokenWithIAM"} {
		for _, name := range implNames {
			b.Run("op="+op+"/impl="+name, func(b *testing.B) {
				call := calls[name][op]
				if err := call(); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if err := call(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestSignOverheadCalls checks that the in-memory calls succeed and that
// the signed one is signed.
func TestSignOverheadCalls(t *testing.T) {
	var signed bool
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		signed = strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
		return (&memTransport{memTokenResponse}).RoundTrip(r)
	})
	c := ssooidc.New(ssooidc.Options{Region: w.Region, HTTPClient: newHTTPClient(rt),
		Credentials: ssooidc.NewStaticCredentialsProvider(w.AccessKeyID, w.SecretAccessKey, w.SessionToken)})
	out, err := c.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{ClientId: aws.String(w.AppARN), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)})
	if err != nil || !signed || *out.AccessToken != w.AccessToken {
		t.Fatalf("signed=%v err=%v", signed, err)
	}
	if _, err := c.CreateToken(context.Background(), &ssooidc.CreateTokenInput{ClientId: aws.String(w.AppARN), ClientSecret: aws.String(""), GrantType: aws.String(w.RefreshGrant), RefreshToken: aws.String(w.RefreshToken)}); err != nil || signed {
		t.Fatalf("signed=%v err=%v", signed, err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
