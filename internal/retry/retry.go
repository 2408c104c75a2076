// Package retry decides whether a failed attempt is tried again and how long
// to wait first: the AWS "standard" retry mode, with exponential backoff,
// full jitter and a retry quota shared by every call of a client.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// Defaults of the standard mode, as in every AWS SDK.
const (
	DefaultMaxAttempts = 3
	DefaultMaxBackoff  = 20 * time.Second
	baseBackoff        = time.Second

	quotaCapacity   = 500
	retryCost       = 5
	timeoutCost     = 10
	noRetryIncrease = 1
)

// throttleCodes are the error codes AWS services use for throttling.
var throttleCodes = map[string]bool{
	"Throttling":                             true,
	"ThrottlingException":                    true,
	"ThrottledException":                     true,
	"RequestThrottledException":              true,
	"TooManyRequestsException":               true,
	"ProvisionedThroughputExceededException": true,
	"TransactionInProgressException":         true,
	"RequestLimitExceeded":                   true,
	"BandwidthLimitExceeded":                 true,
	"LimitExceededException":                 true,
	"RequestThrottled":                       true,
	"PriorRequestNotComplete":                true,
	"EC2ThrottledException":                  true,
}

// transientCodes are server-side error codes worth another attempt.
var transientCodes = map[string]bool{
	"InternalServerException": true,
	"RequestTimeout":          true,
	"RequestTimeoutException": true,
}

// Classify says whether an attempt that failed is worth repeating, and
// whether it timed out (timeouts cost more of the retry quota).
//
// statusCode is 0 when no response arrived (sendErr is then the transport
// error); code is the API error code when the service sent one.
func Classify(statusCode int, code string, sendErr error) (retryable, timeout bool) {
	if sendErr != nil {
		if errors.Is(sendErr, context.Canceled) || errors.Is(sendErr, context.DeadlineExceeded) {
			return false, false
		}
		var ne net.Error
		if errors.As(sendErr, &ne) && ne.Timeout() {
			return true, true
		}
		// Connection refused, reset, EOF before a response: the request
		// never produced an answer, so trying again is safe and useful.
		return true, false
	}
	if throttleCodes[code] || transientCodes[code] {
		return true, false
	}
	switch statusCode {
	case 429, 500, 502, 503, 504:
		return true, false
	}
	return false, false
}

// Quota is the retry token bucket: each retry takes tokens and each success
// gives some back, so a client talking to a dead service stops retrying
// instead of multiplying its load. The zero value is not usable; use
// NewQuota.
type Quota struct {
	mu     sync.Mutex
	tokens int
}

// NewQuota returns a full bucket.
func NewQuota() *Quota { return &Quota{tokens: quotaCapacity} }

// Take removes the cost of one retry and reports whether there were enough
// tokens. The returned cost is what a success after the retry refunds.
func (q *Quota) Take(timeout bool) (cost int, ok bool) {
	cost = retryCost
	if timeout {
		cost = timeoutCost
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.tokens < cost {
		return 0, false
	}
	q.tokens -= cost
	return cost, true
}

// Refund gives tokens back after a successful attempt: the cost of the retry
// that succeeded, or a small amount when the call succeeded at once.
func (q *Quota) Refund(cost int) {
	if cost == 0 {
		cost = noRetryIncrease
	}
	q.mu.Lock()
	q.tokens = min(q.tokens+cost, quotaCapacity)
	q.mu.Unlock()
}

// Backoff returns the wait before retry number attempt (1 for the first
// retry): a random duration in [0, min(max, 1s * 2^(attempt-1))), which is
// "full jitter" exponential backoff.
func Backoff(attempt int, max time.Duration) time.Duration {
	if max <= 0 {
		max = DefaultMaxBackoff
	}
	ceil := max
	if attempt < 30 {
		if d := baseBackoff << (attempt - 1); d < max {
			ceil = d
		}
	}
	return time.Duration(rand.Int64N(int64(ceil)))
}

// Sleep waits for d or until ctx is done, whichever is first.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
