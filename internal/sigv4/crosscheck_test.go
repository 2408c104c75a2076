package sigv4

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/aws-http-auth/credentials"
	awssigv4 "github.com/aws/smithy-go/aws-http-auth/sigv4"
	v4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

// sameHeaderRules makes aws-http-auth sign the headers this package signs.
// Its default signs only host and x-amz-*.
type sameHeaderRules struct{}

func (sameHeaderRules) IsSigned(h string) bool {
	switch h {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
		"upgrade", "sec-websocket-key", "sec-websocket-protocol", "sec-websocket-version":
		return false
	}
	return true
}

func newReferenceSigner() *awssigv4.Signer {
	return awssigv4.New(func(o *v4.SignerOptions) { o.HeaderRules = sameHeaderRules{} })
}

// sdkRequest describes a request shaped like the SDK's calls.
type sdkRequest struct {
	region, path, query string
	headers             [][2]string
	body                []byte
	creds               Credentials
	t                   time.Time
}

func (r *sdkRequest) build() *http.Request {
	url := "https://oidc." + r.region + ".amazonaws.com" + r.path
	if r.query != "" {
		url += "?" + r.query
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		panic(err)
	}
	for _, h := range r.headers {
		req.Header.Add(h[0], h[1])
	}
	return req
}

func randString(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	base64Set  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
)

func randomSDKRequest(rng *rand.Rand) *sdkRequest {
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "eusc-de-east-1"}
	paths := []string{"/token", "/token", "/client/register", "/device_authorization"}
	queries := []string{"aws_iam=t", "aws_iam=t", "", "aws_iam=t&x=a%2Fb+c", "b=2&a=1&a=0", "k=%E1%88%B4&k=~"}
	r := &sdkRequest{
		region: regions[rng.IntN(len(regions))],
		path:   paths[rng.IntN(len(paths))],
		query:  queries[rng.IntN(len(queries))],
		creds: Credentials{
			AccessKeyID:     "ASIA" + randString(rng, upperAlnum, 16),
			SecretAccessKey: randString(rng, base64Set, 40),
		},
		t: time.Unix(rng.Int64N(2e9)+946684800, 0),
	}
	if rng.IntN(2) == 0 {
		r.creds.SessionToken = randString(rng, base64Set, 100+rng.IntN(900))
	}
	uuid := randString(rng, "0123456789abcdef", 32)
	r.headers = [][2]string{
		{"Content-Type", "application/json"},
		{"User-Agent", "ssooidc-go/0.1 os/linux lang/go#1.26 md/" + randString(rng, upperAlnum, 5)},
		{"Amz-Sdk-Invocation-Id", uuid[:8] + "-" + uuid[8:12] + "-" + uuid[12:16] + "-" + uuid[16:20] + "-" + uuid[20:]},
		{"Amz-Sdk-Request", fmt.Sprintf("attempt=%d; max=3", 1+rng.IntN(3))},
	}
	if rng.IntN(3) == 0 {
		// Surrounding blanks are trimmed by both signers.
		r.headers = append(r.headers, [2]string{"X-Amz-Meta-Test", "  v " + randString(rng, upperAlnum, 6) + " "})
	}
	if rng.IntN(4) == 0 {
		r.headers = append(r.headers, [2]string{"X-Amzn-Trace-Id", "Root=1-" + randString(rng, "0123456789abcdef", 8)})
	}
	r.body = []byte(`{"clientId":"` + randString(rng, upperAlnum, 10+rng.IntN(40)) +
		`","grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"` +
		randString(rng, base64Set, rng.IntN(600)) + `"}`)
	return r
}

// TestCrossCheckAWSHTTPAuth signs random SDK-shaped requests with this
// package and with aws-http-auth and requires identical signature headers.
func TestCrossCheckAWSHTTPAuth(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var ours Signer // one Signer throughout: exercises the key cache as keys change
	ref := newReferenceSigner()
	for i := range 1000 {
		r := randomSDKRequest(rng)
		if i%10 == 0 {
			// Repeat the previous day and region sometimes: cache hits.
			r.t = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			r.region = "us-east-1"
		}
		a, b := r.build(), r.build()
		if err := ours.SignHTTP(a, r.creds, PayloadHash(r.body), "sso-oauth", r.region, r.t); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(r.body)
		err := ref.SignRequest(&awssigv4.SignRequestInput{
			Request:     b,
			PayloadHash: sum[:],
			Credentials: credentials.Credentials{
				AccessKeyID:     r.creds.AccessKeyID,
				SecretAccessKey: r.creds.SecretAccessKey,
				SessionToken:    r.creds.SessionToken,
			},
			Service: "sso-oauth",
			Region:  r.region,
			Time:    r.t,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"} {
			if got, want := a.Header.Values(h), b.Header.Values(h); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("request %d (%s %s?%s): %s = %q, aws-http-auth %q", i, r.region, r.path, r.query, h, got, want)
			}
		}
		// Signing must not touch the body.
		if body, _ := io.ReadAll(a.Body); !bytes.Equal(body, r.body) {
			t.Fatalf("request %d: body changed", i)
		}
	}
}
