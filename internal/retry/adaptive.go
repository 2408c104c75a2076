package retry

import (
	"context"
	"math"
	"sync"
	"time"
)

// RateLimiter is the client-side rate limiter of the "adaptive" retry mode:
// a token bucket whose fill rate follows the CUBIC congestion-control curve.
// It stays out of the way until the service throttles; then it cuts the
// send rate and grows it back as calls succeed.
type RateLimiter struct {
	mu  sync.Mutex
	now func() time.Time

	enabled       bool
	fillRate      float64 // tokens per second
	maxCapacity   float64
	tokens        float64
	lastRefill    time.Time
	lastMaxRate   float64
	lastThrottle  time.Time
	timeWindow    float64
	measuredRate  float64 // smoothed requests per second actually sent
	measureBucket float64 // the half-second bucket being counted
	requestCount  float64
}

// The constants of the algorithm, as in the AWS SDKs.
const (
	minFillRate   = 0.5
	minCapacity   = 1.0
	smoothing     = 0.8
	beta          = 0.7
	scaleConstant = 0.4
)

// NewRateLimiter returns a limiter that is off until the first throttle.
// now may be nil for time.Now.
func NewRateLimiter(now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{now: now, lastThrottle: now()}
}

// Acquire waits for a send token, or returns the context's error.
func (r *RateLimiter) Acquire(ctx context.Context) error {
	for {
		r.mu.Lock()
		if !r.enabled {
			r.mu.Unlock()
			return nil
		}
		r.refill()
		if r.tokens >= 1 {
			r.tokens--
			r.mu.Unlock()
			return nil
		}
		wait := time.Duration((1 - r.tokens) / r.fillRate * float64(time.Second))
		r.mu.Unlock()
		if err := Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Update feeds the limiter the outcome of one attempt.
func (r *RateLimiter) Update(throttled bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.measure(now)
	var rate float64
	if throttled {
		rateToUse := r.measuredRate
		if r.enabled {
			rateToUse = math.Min(r.measuredRate, r.fillRate)
		}
		r.lastMaxRate = rateToUse
		r.timeWindow = math.Cbrt(r.lastMaxRate * (1 - beta) / scaleConstant)
		r.lastThrottle = now
		rate = rateToUse * beta
		r.enabled = true
	} else {
		t := now.Sub(r.lastThrottle).Seconds()
		rate = scaleConstant*math.Pow(t-r.timeWindow, 3) + r.lastMaxRate
	}
	r.setRate(math.Min(rate, 2*r.measuredRate))
}

func (r *RateLimiter) refill() {
	now := r.now()
	if !r.lastRefill.IsZero() {
		r.tokens = math.Min(r.maxCapacity, r.tokens+now.Sub(r.lastRefill).Seconds()*r.fillRate)
	}
	r.lastRefill = now
}

func (r *RateLimiter) setRate(rate float64) {
	r.refill()
	r.fillRate = math.Max(rate, minFillRate)
	r.maxCapacity = math.Max(rate, minCapacity)
	r.tokens = math.Min(r.tokens, r.maxCapacity)
}

// measure keeps a smoothed count of requests per second, in half-second
// buckets.
func (r *RateLimiter) measure(now time.Time) {
	t := float64(now.UnixNano()) / 1e9
	bucket := math.Floor(t*2) / 2
	r.requestCount++
	if bucket > r.measureBucket {
		current := r.requestCount / (bucket - r.measureBucket)
		r.measuredRate = current*smoothing + r.measuredRate*(1-smoothing)
		r.requestCount = 0
		r.measureBucket = bucket
	}
}
