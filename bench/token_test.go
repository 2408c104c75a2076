package bench

import (
	"context"
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	official "github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/smithy-go/auth/bearer"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// The token benchmarks compare the token provider of a program that is
// logged in: this SDK's login.Session with what aws-sdk-go-v2's
// config.LoadDefaultConfig builds for an sso-session, a bearer.TokenCache
// (refreshing 5 minutes early) around ssocreds.SSOTokenProvider, both on
// one token file.

const (
	tokenSession  = "my-sso"
	tokenStartURL = "https://my-sso-portal.awsapps.com/start"
)

// officialTokenCache is the provider LoadDefaultConfig makes, with its
// options.
func officialTokenCache(c ssocreds.CreateTokenAPIClient, path string) *bearer.TokenCache {
	return bearer.NewTokenCache(ssocreds.NewSSOTokenProvider(c, path), func(o *bearer.TokenCacheOptions) {
		o.RefreshBeforeExpires = 5 * time.Minute
		o.RetrieveBearerTokenTimeout = 30 * time.Second
	})
}

// BenchmarkToken asks for the token of a fresh cached token (an hour
// left), as every call of a logged-in program does. Nothing is sent.
func BenchmarkToken(b *testing.B) {
	dir := b.TempDir()
	sess, err := login.New(login.Config{SessionName: tokenSession, StartURL: tokenStartURL, Region: "us-east-1", CacheDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	// The file as the AWS CLI writes it.
	exp := time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z")
	file := `{"startUrl": "` + tokenStartURL + `", "region": "us-east-1", "accessToken": "aoaAAAAAGc-token", "expiresAt": "` + exp +
		`", "clientId": "client-id", "clientSecret": "client-secret", "registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "aorAAAAAGc-refresh"}`
	if err := os.WriteFile(sess.CacheFile(), []byte(file), 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	impls := []struct {
		name string
		get  func(context.Context) (string, error)
	}{
		{"ours", func(ctx context.Context) (string, error) { t, err := sess.Token(ctx); return t.AccessToken, err }},
		{"ours-bearer", func(ctx context.Context) (string, error) {
			t, err := sess.RetrieveBearerToken(ctx)
			return t.Value, err
		}},
		{"official", func() func(context.Context) (string, error) {
			// No call is made: the client is never used.
			p := officialTokenCache(official.New(official.Options{Region: "us-east-1"}), sess.CacheFile())
			return func(ctx context.Context) (string, error) { t, err := p.RetrieveBearerToken(ctx); return t.Value, err }
		}()},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			// The first call reads the file; the loop measures the ones after.
			if tok, err := impl.get(ctx); err != nil || tok != "aoaAAAAAGc-token" {
				b.Fatalf("token %q, %v", tok, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := impl.get(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchClock is a test clock that the refresh benchmark moves forward.
type benchClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *benchClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *benchClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *benchClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// expiredAtOnce is go-v2's client, but the token it returns is an hour
// past expiry, so that SSOTokenProvider, which refreshes only an expired
// token on the real clock, refreshes on every call.
type expiredAtOnce struct{ *official.Client }

func (c expiredAtOnce) CreateToken(ctx context.Context, in *official.CreateTokenInput, optFns ...func(*official.Options)) (*official.CreateTokenOutput, error) {
	out, err := c.Client.CreateToken(ctx, in, optFns...)
	if err == nil {
		out.ExpiresIn = -3600
	}
	return out, err
}

// BenchmarkTokenRefresh asks for a token that must be refreshed: read the
// file, CreateToken with the refresh_token grant over loopback HTTP to the
// emulator (in this process, so its work is in every number), write the
// file. "call" is the CreateToken call alone with this SDK's client.
func BenchmarkTokenRefresh(b *testing.B) {
	clk := &benchClock{t: time.Now()}
	// Tokens live 4 minutes, always inside the 5-minute refresh window.
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, AccessTokenTTL: 4 * time.Minute, Now: clk.Now})
	defer srv.Close()
	ctx := context.Background()
	ourClient := ssooidc.New(ssooidc.Options{Region: srv.Region(), BaseEndpoint: &srv.URL, HTTPClient: newHTTPClient(nil)})
	v2Client := official.New(official.Options{Region: srv.Region(), BaseEndpoint: aws.String(srv.URL), HTTPClient: newHTTPClient(nil)})

	// login logs a new session in (device code, approved at once) in a
	// cache of its own.
	login1 := func(b *testing.B) *login.Session {
		sess, err := login.New(login.Config{SessionName: tokenSession, StartURL: tokenStartURL, Region: srv.Region(),
			Scopes: []string{"sso:account:access"}, Client: ourClient, CacheDir: b.TempDir(), Now: clk.Now})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sess.Login(ctx, login.Options{Flow: login.FlowDeviceCode, Prompt: func(context.Context, login.Prompt) error { return nil }}); err != nil {
			b.Fatal(err)
		}
		return sess
	}

	b.Run("impl=call", func(b *testing.B) {
		sess := login1(b)
		t, err := readCached(sess)
		if err != nil {
			b.Fatal(err)
		}
		in := &ssooidc.CreateTokenInput{ClientId: &t.ClientID, ClientSecret: &t.ClientSecret,
			GrantType: aws.String(ssooidc.GrantTypeRefreshToken), RefreshToken: &t.RefreshToken}
		b.ReportAllocs()
		for b.Loop() {
			out, err := ourClient.CreateToken(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			in.RefreshToken = out.RefreshToken // they rotate
		}
	})
	b.Run("impl=ours", func(b *testing.B) {
		sess := login1(b)
		prev := ""
		b.ReportAllocs()
		for b.Loop() {
			// Past the 30 s between two refresh attempts.
			clk.Advance(31 * time.Second)
			tok, err := sess.Token(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if tok.AccessToken == prev {
				b.Fatal("Token did not refresh")
			}
			prev = tok.AccessToken
		}
	})
	b.Run("impl=official", func(b *testing.B) {
		// go-v2 reads the real clock: log in an hour ago, so that the
		// first call refreshes too.
		clk.Set(time.Now().Add(-time.Hour))
		sess := login1(b)
		p := officialTokenCache(expiredAtOnce{v2Client}, sess.CacheFile())
		prev := ""
		b.ReportAllocs()
		for b.Loop() {
			tok, err := p.RetrieveBearerToken(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if tok.Value == prev {
				b.Fatal("RetrieveBearerToken did not refresh")
			}
			prev = tok.Value
		}
	})
}

// cachedToken is what the refresh call needs from the token file.
type cachedToken struct{ ClientID, ClientSecret, RefreshToken string }

func readCached(sess *login.Session) (cachedToken, error) {
	var t cachedToken
	b, err := os.ReadFile(sess.CacheFile())
	if err != nil {
		return t, err
	}
	return t, json.Unmarshal(b, &t) // encoding/json matches clientId to ClientID
}
