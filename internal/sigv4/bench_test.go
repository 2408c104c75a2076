package sigv4

import (
	"bytes"
	"crypto/sha256"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	awssigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
)

// benchBody is a 300-byte CreateTokenWithIAM JSON body.
var benchBody = func() []byte {
	b := []byte(`{"clientId":"arn:aws:sso::123456789012:application/ssoins-1111111111111111/apl-2222222222222222",` +
		`"grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"`)
	b = append(b, strings.Repeat("x", 300-len(b)-2)...)
	return append(b, `"}`...)
}()

var benchCreds = Credentials{
	AccessKeyID:     "ASIAIOSFODNN7EXAMPLE",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	// Real STS session tokens are several hundred bytes.
	SessionToken: "IQoJb3JpZ2luX2VjEXAMPLE" + strings.Repeat("A0b1C2d3E4f5G6h7", 40),
}

var benchTime = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// newBenchRequest builds a CreateTokenWithIAM-shaped request.
func newBenchRequest(tb testing.TB) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://oidc.us-east-1.amazonaws.com/token?aws_iam=t", bytes.NewReader(benchBody))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ssooidc-go/0.1.0 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64")
	req.Header.Set("Amz-Sdk-Invocation-Id", "3f1b0a4e-5c2d-4e6f-8a9b-0c1d2e3f4a5b")
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	return req
}

// BenchmarkSignHTTP signs the same request repeatedly (as a retry would),
// with the payload hash computed once outside the loop for both signers.
func BenchmarkSignHTTP(b *testing.B) {
	hash := PayloadHash(benchBody)
	b.Run("ours", func(b *testing.B) {
		var s Signer
		req := newBenchRequest(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := s.SignHTTP(req, benchCreds, hash, "sso-oauth", "us-east-1", benchTime); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ours-uncached-key", func(b *testing.B) {
		// A fresh Signer per call: the signing key is derived every time.
		req := newBenchRequest(b)
		b.ReportAllocs()
		for b.Loop() {
			var s Signer
			if err := s.SignHTTP(req, benchCreds, hash, "sso-oauth", "us-east-1", benchTime); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("aws-http-auth", func(b *testing.B) {
		ref := newReferenceSigner()
		req := newBenchRequest(b)
		sum := sha256.Sum256(benchBody)
		in := &awssigv4.SignRequestInput{
			Request:     req,
			PayloadHash: sum[:],
			Credentials: credentials.Credentials{
				AccessKeyID:     benchCreds.AccessKeyID,
				SecretAccessKey: benchCreds.SecretAccessKey,
				SessionToken:    benchCreds.SessionToken,
			},
			Service: "sso-oauth",
			Region:  "us-east-1",
			Time:    benchTime,
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := ref.SignRequest(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSignHTTPParallel signs from all Ps with one shared Signer.
func BenchmarkSignHTTPParallel(b *testing.B) {
	hash := PayloadHash(benchBody)
	var s Signer
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := newBenchRequest(b)
		for pb.Next() {
			if err := s.SignHTTP(req, benchCreds, hash, "sso-oauth", "us-east-1", benchTime); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkPayloadHash(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		_ = PayloadHash(benchBody)
	}
}
