package retry

import (
	"context"
	"errors"
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

func TestClassify(t *testing.T) {
	cases := []struct {
		name             string
		status           int
		code             string
		err              error
		retry, isTimeout bool
	}{
		{"connection reset", 0, "", &net.OpError{Op: "read", Err: syscall.ECONNRESET}, true, false},
		{"connection refused", 0, "", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true, false},
		{"EOF", 0, "", io.ErrUnexpectedEOF, true, false},
		{"timeout", 0, "", timeoutErr{}, true, true},
		{"canceled", 0, "", context.Canceled, false, false},
		{"deadline", 0, "", context.DeadlineExceeded, false, false},
		{"500", 500, "", nil, true, false},
		{"502", 502, "", nil, true, false},
		{"503", 503, "", nil, true, false},
		{"504", 504, "", nil, true, false},
		{"429", 429, "", nil, true, false},
		{"throttling code on 400", 400, "ThrottlingException", nil, true, false},
		{"InternalServerException", 500, "InternalServerException", nil, true, false},
		{"AuthorizationPending", 400, "AuthorizationPendingException", nil, false, false},
		{"SlowDown", 400, "SlowDownException", nil, false, false},
		{"400", 400, "InvalidGrantException", nil, false, false},
		{"501", 501, "", nil, false, false},
	}
	for _, tc := range cases {
		r, to := Classify(tc.status, tc.code, tc.err)
		if r != tc.retry || to != tc.isTimeout {
			t.Errorf("%s: Classify = %v, %v; want %v, %v", tc.name, r, to, tc.retry, tc.isTimeout)
		}
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
		if _, ok := q.Take(false); !ok {
			break
		}
		n++
	}
	if n != quotaCapacity/retryCost {
		t.Errorf("took %d retries from a full bucket, want %d", n, quotaCapacity/retryCost)
	}
	q.Refund(retryCost)
	if _, ok := q.Take(true); ok {
		t.Error("a timeout retry costs more than one refund")
	}
	if _, ok := q.Take(false); !ok {
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
	if time.Since(start) > time.Second {
		t.Error("Sleep ignored the cancelled context")
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
}
