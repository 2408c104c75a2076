package ssooidctest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/ssooidc-go/ssooidc/types"
)

var minimal = &ssooidc.RegisterClientInput{ClientName: ptr.String("c"), ClientType: ptr.String("public")}

func TestThrottleNext(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{})
	srv.ThrottleNext(1)
	_, err := svc.RegisterClient(t.Context(), minimal)
	wantAPIError(t, err, "ThrottlingException", http.StatusTooManyRequests, "")
	if _, err := svc.RegisterClient(t.Context(), minimal); err != nil {
		t.Fatalf("after the throttled call: %v", err)
	}

	// The SDK retries throttling: two throttled attempts, then success.
	retrying := srv.Client(func(o *ssooidc.Options) { o.RetryMaxAttempts = 3; o.RetryMaxBackoff = time.Millisecond })
	srv.ThrottleNext(2)
	out, err := retrying.RegisterClient(t.Context(), minimal)
	if err != nil {
		t.Fatal(err)
	}
	if out.ResultMetadata.Attempts != 3 {
		t.Errorf("attempts = %d, want 3", out.ResultMetadata.Attempts)
	}
}

func TestFailNext(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{})
	srv.FailNext(2)
	for range 2 {
		_, err := svc.RegisterClient(t.Context(), minimal)
		wantAPIError(t, err, "InternalServerException", http.StatusInternalServerError, "server_error")
		var ise *types.InternalServerException
		if !errors.As(err, &ise) {
			t.Fatalf("not a *types.InternalServerException: %T", err)
		}
	}
	if _, err := svc.RegisterClient(t.Context(), minimal); err != nil {
		t.Fatal(err)
	}
	// Throttling comes first when both are set; FailNext(0) clears.
	srv.FailNext(1)
	srv.ThrottleNext(1)
	_, err := svc.RegisterClient(t.Context(), minimal)
	wantAPIError(t, err, "ThrottlingException", 429, "")
	srv.FailNext(0)
	if _, err := svc.RegisterClient(t.Context(), minimal); err != nil {
		t.Fatal(err)
	}
}

// Server.Client retries as the SDK does, with a backoff short enough that
// tests of FailNext do not wait for it.
func TestClientBackoff(t *testing.T) {
	srv := ssooidctest.NewServer(ssooidctest.Options{})
	defer srv.Close()
	svc := srv.Client()
	if got := svc.Options().RetryMaxBackoff; got != time.Millisecond {
		t.Errorf("RetryMaxBackoff = %v, want 1ms", got)
	}
	srv.FailNext(2)
	out, err := svc.RegisterClient(t.Context(), minimal)
	if err != nil {
		t.Fatal(err)
	}
	if out.ResultMetadata.Attempts != 3 {
		t.Errorf("attempts = %d, want 3", out.ResultMetadata.Attempts)
	}
	// optFns still override it.
	if got := srv.Client(func(o *ssooidc.Options) { o.RetryMaxBackoff = time.Second }).Options().RetryMaxBackoff; got != time.Second {
		t.Errorf("RetryMaxBackoff with an option = %v", got)
	}
}

func TestLatency(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{Latency: 100 * time.Millisecond})
	began := time.Now()
	if _, err := svc.RegisterClient(t.Context(), minimal); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d < 100*time.Millisecond {
		t.Errorf("answered in %v despite 100ms of latency", d)
	}

	// A caller's deadline ends the wait.
	srv.SetLatency(time.Hour)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := svc.RegisterClient(ctx, minimal)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a deadline error", err)
	}
	srv.SetLatency(0)
	if _, err := svc.RegisterClient(t.Context(), minimal); err != nil {
		t.Fatal(err)
	}
}

// Close does not wait out a long latency.
func TestLatencyEndsOnClose(t *testing.T) {
	srv := ssooidctest.NewServer(ssooidctest.Options{Latency: time.Hour})
	svc := srv.Client(func(o *ssooidc.Options) { o.RetryMaxAttempts = 1 })
	done := make(chan error, 1)
	go func() {
		_, err := svc.RegisterClient(context.Background(), minimal)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close blocked on a delayed request")
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the delayed request never ended")
	}
}

func TestDateSkew(t *testing.T) {
	srv, _, clk := startClock(t, ssooidctest.Options{DateSkew: -10 * time.Minute})
	r := get(t, srv.URL+"/")
	if got, want := r.header.Get("Date"), clk.Now().Add(-10*time.Minute).UTC().Format(http.TimeFormat); got != want {
		t.Errorf("Date = %s, want %s", got, want)
	}
	srv.SetDateSkew(time.Hour)
	r = rawPost(t, srv, "/client/register", `{}`)
	if got, want := r.header.Get("Date"), clk.Now().Add(time.Hour).UTC().Format(http.TimeFormat); got != want {
		t.Errorf("Date = %s, want %s", got, want)
	}
}
