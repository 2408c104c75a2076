package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

var _ net.Error = timeoutErr{}

// respErr is a response error as the SDK builds them.
type respErr struct {
	status int
	code   string
}

func (e respErr) Error() string       { return e.code }
func (e respErr) HTTPStatusCode() int { return e.status }
func (e respErr) ErrorCode() string   { return e.code }

type canceledErr struct{}

func (canceledErr) Error() string       { return "canceled" }
func (canceledErr) CanceledError() bool { return true }

type hinted struct {
	respErr
	after time.Duration
}

func (h hinted) RetryAfter() time.Duration { return h.after }

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Class
	}{
		{"connection reset", &net.OpError{Op: "read", Err: syscall.ECONNRESET}, Class{Retryable: true}},
		{"connection refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, Class{Retryable: true}},
		{"unexpected EOF", fmt.Errorf("read body: %w", io.ErrUnexpectedEOF), Class{Retryable: true}},
		{"timeout", timeoutErr{}, Class{Retryable: true, Timeout: true}},
		{"canceled", context.Canceled, Class{}},
		{"transport deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), Class{Retryable: true, Timeout: true}},
		{"caller cancellation", canceledErr{}, Class{}},
		{"500", respErr{500, ""}, Class{Retryable: true}},
		{"502", respErr{502, ""}, Class{Retryable: true}},
		{"503", respErr{503, ""}, Class{Retryable: true}},
		{"504", respErr{504, ""}, Class{Retryable: true}},
		{"429", respErr{429, ""}, Class{Retryable: true, Throttle: true}},
		{"throttling code on 400", respErr{400, "ThrottlingException"}, Class{Retryable: true, Throttle: true}},
		{"InternalServerException", respErr{500, "InternalServerException"}, Class{Retryable: true}},
		{"AuthorizationPending", respErr{400, "AuthorizationPendingException"}, Class{}},
		{"SlowDown", respErr{400, "SlowDownException"}, Class{}},
		{"400", respErr{400, "InvalidGrantException"}, Class{}},
		{"501", respErr{501, ""}, Class{}},
		{"plain error", errors.New("x"), Class{}},
	}
	for _, tc := range cases {
		if got := Classify(tc.err); got != tc.want {
			t.Errorf("%s: Classify = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestStandardRetryDelay(t *testing.T) {
	s := &Standard{Attempts: 3, MaxBackoff: time.Second, Quota: NewQuota()}
	if d, ok := s.RetryDelay(1, respErr{503, ""}); !ok || d >= time.Second {
		t.Errorf("503 attempt 1: %v %v", d, ok)
	}
	if _, ok := s.RetryDelay(3, respErr{503, ""}); ok {
		t.Error("retried past MaxAttempts")
	}
	if _, ok := s.RetryDelay(1, respErr{400, "AuthorizationPendingException"}); ok {
		t.Error("retried AuthorizationPending")
	}
	if d, _ := s.RetryDelay(1, hinted{respErr{429, ""}, 300 * time.Millisecond}); d < 300*time.Millisecond || d >= time.Second {
		t.Errorf("Retry-After hint ignored: %v", d)
	}
	if d, _ := s.RetryDelay(1, hinted{respErr{429, ""}, time.Hour}); d != time.Second {
		t.Errorf("hint not capped by MaxBackoff: %v", d)
	}
	before := s.Quota.tokens
	s.Succeeded(2, respErr{503, ""})
	if s.Quota.tokens != min(before+retryCost, quotaCapacity) {
		t.Errorf("quota refund: %d -> %d", before, s.Quota.tokens)
	}
}

// TestStandardDefaultAttempts: Attempts 0 or less means DefaultMaxAttempts,
// for MaxAttempts and for when RetryDelay stops.
func TestStandardDefaultAttempts(t *testing.T) {
	for _, n := range []int{0, -1} {
		s := &Standard{Attempts: n, Quota: NewQuota()}
		if got := s.MaxAttempts(); got != DefaultMaxAttempts {
			t.Errorf("Attempts %d: MaxAttempts %d, want %d", n, got, DefaultMaxAttempts)
		}
		if _, ok := s.RetryDelay(DefaultMaxAttempts-1, respErr{503, ""}); !ok {
			t.Errorf("Attempts %d: no retry after attempt %d", n, DefaultMaxAttempts-1)
		}
		if _, ok := s.RetryDelay(DefaultMaxAttempts, respErr{503, ""}); ok {
			t.Errorf("Attempts %d: retried past DefaultMaxAttempts", n)
		}
	}
}

// TestQuotaStopsRetries: once the bucket is empty a dead service is not
// retried any more.
func TestQuotaStopsRetries(t *testing.T) {
	s := &Standard{Attempts: 3, Quota: NewQuota()}
	n := 0
	for {
		if _, ok := s.RetryDelay(1, respErr{503, ""}); !ok {
			break
		}
		n++
	}
	if n != quotaCapacity/retryCost {
		t.Errorf("%d retries before the quota ran out", n)
	}
}

func TestBackoffBounds(t *testing.T) {
	for attempt := 1; attempt < 40; attempt++ {
		ceil := DefaultMaxBackoff
		if attempt < 6 {
			ceil = time.Second << (attempt - 1)
		}
		for i := 0; i < 200; i++ {
			d := Backoff(attempt, 0)
			if d < 0 || d >= ceil {
				t.Fatalf("attempt %d: %v outside [0, %v)", attempt, d, ceil)
			}
		}
	}
	if d := Backoff(3, time.Millisecond); d >= time.Millisecond {
		t.Errorf("cap ignored: %v", d)
	}
}

func TestQuota(t *testing.T) {
	q := NewQuota()
	n := 0
	for {
		if !q.Take(false) {
			break
		}
		n++
	}
	if n != quotaCapacity/retryCost {
		t.Errorf("took %d retries from a full bucket, want %d", n, quotaCapacity/retryCost)
	}
	q.Refund(retryCost)
	if q.Take(true) {
		t.Error("a timeout retry costs more than one refund")
	}
	if !q.Take(false) {
		t.Error("a refund did not allow a retry")
	}
	for i := 0; i < 1000; i++ {
		q.Refund(0)
	}
	if q.tokens != quotaCapacity {
		t.Errorf("tokens %d above capacity", q.tokens)
	}
}

func TestSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Error("Sleep ignored the cancelled context")
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
}

func TestSleepZero(t *testing.T) {
	if err := Sleep(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(cancelled, 0) = %v", err)
	}
}
