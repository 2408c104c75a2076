// Package retry decides whether a failed attempt is tried again and how long
// to wait first: the AWS "standard" retry mode, with exponential backoff,
// full jitter and a retry quota shared by every call of a client.
package retry

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"syscall"
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

// Class is what a failed attempt means for retrying.
type Class struct {
	Retryable bool
	Timeout   bool // costs more of the retry quota
	Throttle  bool // slows the adaptive rate limiter down
}

// Classify says whether an attempt that failed with err is worth repeating.
// It reads err through interfaces, so it needs no SDK types: an HTTP status
// (HTTPStatusCode() int), an API error code (ErrorCode() string), a
// connection failure (ConnectionError() bool), and net.Error timeouts.
func Classify(err error) Class {
	var f facts
	f.gather(err)
	switch {
	case f.canceled:
		return Class{}
	case throttleCodes[f.code]:
		return Class{Retryable: true, Throttle: true}
	case transientCodes[f.code]:
		return Class{Retryable: true}
	case f.timeout:
		return Class{Retryable: true, Timeout: true}
	case f.broken:
		// The connection broke: refused, reset, or closed before the whole
		// response arrived. The request produced no usable answer, so
		// trying again is safe and useful.
		return Class{Retryable: true}
	}
	switch f.status {
	case 429:
		return Class{Retryable: true, Throttle: true}
	case 500, 502, 503, 504:
		return Class{Retryable: true}
	}
	return Class{}
}

// facts are what Classify needs to know of an error chain. They are
// gathered in one walk with type assertions: errors.As would allocate for
// each question on this per-call path.
type facts struct {
	canceled, timeout, broken bool
	status                    int
	code                      string
}

func (f *facts) gather(err error) {
	for err != nil {
		// A deadline inside the chain is a timeout of the transport (the
		// caller's own cancellation arrives as a CanceledError); it is
		// found below as a net.Error.
		switch err {
		case context.Canceled:
			f.canceled = true
		case io.ErrUnexpectedEOF, io.EOF:
			f.broken = true
		}
		switch e := err.(type) {
		case syscall.Errno:
			if e == syscall.ECONNRESET || e == syscall.ECONNREFUSED || e == syscall.EPIPE {
				f.broken = true
			}
		case interface{ CanceledError() bool }:
			f.canceled = f.canceled || e.CanceledError()
		}
		if e, ok := err.(net.Error); ok && e.Timeout() {
			f.timeout = true
		}
		if e, ok := err.(interface{ ConnectionError() bool }); ok && e.ConnectionError() {
			f.broken = true
		}
		if e, ok := err.(interface{ HTTPStatusCode() int }); ok && f.status == 0 {
			f.status = e.HTTPStatusCode()
		}
		if e, ok := err.(interface{ ErrorCode() string }); ok && f.code == "" {
			f.code = e.ErrorCode()
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				f.gather(inner)
			}
			return
		default:
			return
		}
	}
}

// Standard is the "standard" retry mode, and the "adaptive" one when
// Limiter is set. It is safe for concurrent use; the quota (required) and
// the limiter are shared by all calls of a client.
type Standard struct {
	Attempts   int // 0 or less: DefaultMaxAttempts
	MaxBackoff time.Duration
	Quota      *Quota
	Limiter    *RateLimiter // nil: no client-side rate limiting
}

// MaxAttempts returns the number of attempts per call.
func (s *Standard) MaxAttempts() int {
	if s.Attempts <= 0 {
		return DefaultMaxAttempts
	}
	return s.Attempts
}

// AcquireAttempt waits, in adaptive mode, until the rate limiter lets
// another attempt go.
func (s *Standard) AcquireAttempt(ctx context.Context) error {
	if s.Limiter == nil {
		return nil
	}
	return s.Limiter.Acquire(ctx)
}

// RetryDelay decides about attempt number attempt, which failed with err:
// retry after the returned wait, or (false) stop. A hint from the service
// (RetryAfter() time.Duration) lengthens the wait, within MaxBackoff.
func (s *Standard) RetryDelay(attempt int, err error) (time.Duration, bool) {
	c := Classify(err)
	if s.Limiter != nil {
		s.Limiter.Update(c.Throttle)
	}
	if !c.Retryable || attempt >= s.MaxAttempts() {
		return 0, false
	}
	if !s.Quota.Take(c.Timeout) {
		return 0, false
	}
	d := Backoff(attempt, s.MaxBackoff)
	if hinted, ok := err.(interface{ RetryAfter() time.Duration }); ok {
		max := s.MaxBackoff
		if max <= 0 {
			max = DefaultMaxBackoff
		}
		if h := min(hinted.RetryAfter(), max); h > d {
			d = h
		}
	}
	return d, true
}

// Succeeded records a successful attempt. previous is the error of the
// attempt before it, nil when the call succeeded at once: a success after a
// retry gives the retry's cost back to the quota.
func (s *Standard) Succeeded(attempt int, previous error) {
	if s.Limiter != nil {
		s.Limiter.Update(false)
	}
	cost := 0
	if previous != nil {
		cost = retryCost
		if Classify(previous).Timeout {
			cost = timeoutCost
		}
	}
	s.Quota.Refund(cost)
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
// tokens.
func (q *Quota) Take(timeout bool) bool {
	cost := retryCost
	if timeout {
		cost = timeoutCost
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.tokens < cost {
		return false
	}
	q.tokens -= cost
	return true
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

// Sleep waits for d or until ctx is done, whichever is first, and then
// returns the context's cause. The SDK and its credential sources share it.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
