package ssooidc

import (
	"context"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/retry"
)

// Retryer decides whether and when a failed attempt of a call is tried
// again. The client asks it about every attempt; one Retryer serves all the
// calls of a client at once, so it must be safe for concurrent use.
//
// NewStandardRetryer and NewAdaptiveRetryer return the AWS retry modes;
// Options.RetryMode selects them without building one.
type Retryer interface {
	// MaxAttempts is the number of attempts of a call, the first included.
	MaxAttempts() int
	// AcquireAttempt is called before every attempt and may wait, for
	// client-side rate limiting. An error (the context's) ends the call.
	AcquireAttempt(ctx context.Context) error
	// RetryDelay is called after attempt number attempt failed with err,
	// and returns the wait before the next attempt, or false to stop.
	RetryDelay(attempt int, err error) (time.Duration, bool)
	// Succeeded is called after a successful attempt, with the error of
	// the attempt before it (nil if there was none).
	Succeeded(attempt int, previous error)
}

// NewStandardRetryer returns the "standard" retry mode: up to maxAttempts
// attempts (0 means 3), exponential backoff with full jitter capped at
// maxBackoff (0 means 20s), and a retry quota so that a failing service is
// not hammered. It retries throttling, 500, 502, 503, 504, transient errors
// and broken connections; never AuthorizationPending, SlowDown or another
// client error.
func NewStandardRetryer(maxAttempts int, maxBackoff time.Duration) Retryer {
	return &retry.Standard{Attempts: maxAttempts, MaxBackoff: maxBackoff, Quota: retry.NewQuota()}
}

// NewAdaptiveRetryer returns the "adaptive" retry mode: the standard mode,
// plus a client-side rate limiter that slows calls down while the service
// throttles.
func NewAdaptiveRetryer(maxAttempts int, maxBackoff time.Duration) Retryer {
	r := NewStandardRetryer(maxAttempts, maxBackoff).(*retry.Standard)
	r.Limiter = retry.NewRateLimiter(nil)
	return r
}
