package login

import (
	"context"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/ssocache"
)

// Token of a fresh token: an atomic load and a clock read, no allocation.
func BenchmarkToken(b *testing.B) {
	s, err := New(Config{SessionName: testSession, StartURL: testStartURL, Region: "us-east-1", CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.cache.WriteToken(testSession, &ssocache.Token{StartURL: testStartURL, Region: "us-east-1",
		AccessToken: "token", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Token(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
