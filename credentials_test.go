package ssooidc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingProvider returns credentials expiring an hour after its clock,
// after waiting for release, and counts its calls.
type countingProvider struct {
	calls   atomic.Int32
	release chan struct{}
	now     func() time.Time
	fail    atomic.Bool
}

func (p *countingProvider) Retrieve(ctx context.Context) (Credentials, error) {
	n := p.calls.Add(1)
	if p.release != nil {
		// Like a real source, give up when the context ends.
		select {
		case <-p.release:
		case <-ctx.Done():
			return Credentials{}, ctx.Err()
		}
	}
	if p.fail.Load() {
		return Credentials{}, errors.New("source down")
	}
	return Credentials{AccessKeyID: fmt.Sprintf("AKID%d", n), SecretAccessKey: "s", CanExpire: true, Expires: p.now().Add(time.Hour)}, nil
}

func TestCredentialsCacheOneRefreshInFlight(t *testing.T) {
	clock := time.Unix(1_800_000_000, 0)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	p := &countingProvider{release: make(chan struct{}), now: now}
	c := NewCredentialsCache(p, 5*time.Minute)
	c.now = now

	var wg sync.WaitGroup
	results := make(chan string, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			creds, err := c.Retrieve(context.Background())
			if err != nil {
				results <- err.Error()
				return
			}
			results <- creds.AccessKeyID
		}()
	}
	// Let every goroutine queue up behind the one refresh, then finish it.
	require.Eventually(t, func() bool { return p.calls.Load() == 1 }, 5*time.Second, time.Millisecond)
	close(p.release)
	wg.Wait()
	close(results)
	for r := range results {
		assert.Equal(t, "AKID1", r)
	}
	assert.EqualValues(t, 1, p.calls.Load(), "one refresh for 100 callers")

	// Cached until the expiry window: no call.
	mu.Lock()
	clock = clock.Add(54 * time.Minute)
	mu.Unlock()
	creds, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKID1", creds.AccessKeyID)

	// Inside the window (5 minutes before expiry): refreshed.
	mu.Lock()
	clock = clock.Add(2 * time.Minute)
	mu.Unlock()
	creds, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKID2", creds.AccessKeyID)

	// A failed refresh is reported, and the next call tries again.
	c.Invalidate()
	p.fail.Store(true)
	_, err = c.Retrieve(context.Background())
	require.EqualError(t, err, "source down")
	p.fail.Store(false)
	creds, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKID4", creds.AccessKeyID)
}

// TestCredentialsCacheCallerCancellation: the caller that started a refresh
// gives up; the refresh is not cancelled with it and serves the callers
// waiting on it.
func TestCredentialsCacheCallerCancellation(t *testing.T) {
	p := &countingProvider{release: make(chan struct{}), now: time.Now}
	c := NewCredentialsCache(p, 0)
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := c.Retrieve(ctx); first <- err }()
	require.Eventually(t, func() bool { return p.calls.Load() == 1 }, 5*time.Second, time.Millisecond)

	second := make(chan Credentials, 1)
	go func() { creds, _ := c.Retrieve(context.Background()); second <- creds }()
	cancel()
	assert.ErrorIs(t, <-first, context.Canceled, "a cancelled caller returns at once")
	close(p.release)
	assert.Equal(t, "AKID1", (<-second).AccessKeyID, "the refresh went on for the waiting caller")
	assert.EqualValues(t, 1, p.calls.Load())
	creds, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKID1", creds.AccessKeyID, "and its result is cached")
}

func TestStaticAndAnonymousProviders(t *testing.T) {
	creds, err := NewStaticCredentialsProvider("AKID", "SECRET", "TOKEN").Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "StaticCredentials", creds.Source)
	assert.False(t, creds.Expired(time.Now()))
	_, err = AnonymousCredentials{}.Retrieve(context.Background())
	assert.ErrorIs(t, err, ErrAnonymousCredentials)
}

// TestChainProvidersCanBeInvalidated: the fetched sources of the default
// chain keep Invalidate, so a rejected key is dropped within the call.
func TestChainProvidersCanBeInvalidated(t *testing.T) {
	cleanHome(t, "", "")
	cfg, err := LoadConfig(context.Background())
	require.NoError(t, err)
	_, ok := cfg.Credentials.(interface{ Invalidate() })
	assert.True(t, ok, "instance metadata: %T", cfg.Credentials)

	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds")
	cfg, err = LoadConfig(context.Background())
	require.NoError(t, err)
	_, ok = cfg.Credentials.(interface{ Invalidate() })
	assert.True(t, ok, "container: %T", cfg.Credentials)

	p, err := NewProcessCredentialsProvider("helper --flag")
	require.NoError(t, err)
	var _ interface{ Invalidate() } = p
}
