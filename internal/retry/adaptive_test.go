package retry

import (
	"context"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

// fillRateNow is the send rate limit; 0 when the limiter is off.
func (r *RateLimiter) fillRateNow() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.enabled {
		return 0
	}
	return r.fillRate
}

func (c *fakeClock) now() time.Time { return c.t }

func TestRateLimiterOffUntilThrottled(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	r := NewRateLimiter(clk.now)
	for i := 0; i < 100; i++ {
		if err := r.Acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
		r.Update(false)
	}
	if r.fillRateNow() != 0 {
		t.Errorf("limiter on without any throttle: %v", r.fillRateNow())
	}
}

func TestRateLimiterCutsAndRecovers(t *testing.T) {
	clk := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	r := NewRateLimiter(clk.now)
	// Send 10 requests per second for a few seconds to build a measured rate.
	for i := 0; i < 40; i++ {
		clk.t = clk.t.Add(100 * time.Millisecond)
		r.Update(false)
	}
	r.Update(true)
	cut := r.fillRateNow()
	if cut <= 0 || cut >= 10 {
		t.Fatalf("after a throttle at ~10 rps the rate is %v, want below 10", cut)
	}
	for i := 0; i < 100; i++ {
		clk.t = clk.t.Add(100 * time.Millisecond)
		r.Update(false)
	}
	if got := r.fillRateNow(); got <= cut {
		t.Errorf("rate did not grow back after successes: %v <= %v", got, cut)
	}
}

func TestRateLimiterAcquireHonoursContext(t *testing.T) {
	r := NewRateLimiter(nil)
	r.Update(true) // enabled with the minimum rate and an empty bucket
	r.mu.Lock()
	r.tokens = 0
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	// At the minimum rate a token takes 2s; the context ends first, so a
	// limiter that honours it fails rather than handing out the token.
	if err := r.Acquire(ctx); err != context.DeadlineExceeded {
		t.Fatalf("Acquire = %v, want the context's deadline error", err)
	}
}
