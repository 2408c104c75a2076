package ssooidc

// Fault injection: each case breaks the exchange in one way and checks the
// outcome, the number of attempts, that every response body was closed, and
// that no goroutine is left behind.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawServer answers each connection with handle, on 127.0.0.1. It gives
// full control of the bytes, so it can cut a response anywhere.
func rawServer(t *testing.T, handle func(n int, conn net.Conn, req *http.Request)) (url string, attempts *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	attempts = new(atomic.Int32)
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					n := int(attempts.Add(1))
					handle(n, conn, req)
					select {
					case <-done:
						return
					default:
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
		wg.Wait()
	})
	return "http://" + ln.Addr().String(), attempts
}

func writeResponse(conn net.Conn, status int, headers map[string]string, body string) {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nContent-Length: %d\r\n", status, http.StatusText(status), len(body))
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n" + body)
	conn.Write([]byte(b.String()))
}

// closeTracker wraps a transport and counts response bodies opened and
// closed.
type closeTracker struct {
	rt             http.RoundTripper
	opened, closed atomic.Int32
}

func (c *closeTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	c.opened.Add(1)
	resp.Body = &trackedBody{ReadCloser: resp.Body, closed: &c.closed}
	return resp, nil
}

type trackedBody struct {
	io.ReadCloser
	closed *atomic.Int32
	once   sync.Once
}

func (b *trackedBody) Close() error {
	b.once.Do(func() { b.closed.Add(1) })
	return b.ReadCloser.Close()
}

// checkGoroutines fails the test if goroutines started during it are still
// running when it ends.
func checkGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines left behind:\n%s", n-before, buf[:runtime.Stack(buf, true)])
		}
	})
}

func TestFaults(t *testing.T) {
	okBody := `{"accessToken":"a","expiresIn":60}`
	cases := []struct {
		name         string
		handle       func(n int, conn net.Conn, req *http.Request)
		timeout      time.Duration // http.Client timeout per attempt
		maxBackoff   time.Duration // default 1ms
		wantAttempts int32
		check        func(t *testing.T, out *CreateTokenOutput, err error)
	}{
		{
			name: "connection reset mid-response, then success",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				if n == 1 {
					conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"accessTo"))
					conn.(*net.TCPConn).SetLinger(0) // RST, not FIN
					conn.Close()
					return
				}
				writeResponse(conn, 200, nil, okBody)
			},
			wantAttempts: 2,
			check: func(t *testing.T, out *CreateTokenOutput, err error) {
				require.NoError(t, err)
				assert.Equal(t, 2, out.ResultMetadata.Attempts)
			},
		},
		{
			name: "truncated body every time",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"accessTo"))
				conn.Close()
			},
			wantAttempts: 3,
			check: func(t *testing.T, _ *CreateTokenOutput, err error) {
				var de *smithy.DeserializationError
				require.ErrorAs(t, err, &de)
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			},
		},
		{
			name: "connection closed before any response, then success",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				if n == 1 {
					conn.Close()
					return
				}
				writeResponse(conn, 200, nil, okBody)
			},
			wantAttempts: 2,
			check:        func(t *testing.T, _ *CreateTokenOutput, err error) { require.NoError(t, err) },
		},
		{
			name: "stalled server times out each attempt",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				time.Sleep(300 * time.Millisecond)
			},
			timeout:      50 * time.Millisecond,
			wantAttempts: 3,
			check: func(t *testing.T, _ *CreateTokenOutput, err error) {
				var se *RequestSendError
				require.ErrorAs(t, err, &se)
				var ne net.Error
				require.ErrorAs(t, err, &ne)
				assert.True(t, ne.Timeout())
			},
		},
		{
			name: "503 then 200",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				if n == 1 {
					writeResponse(conn, 503, nil, "")
					return
				}
				writeResponse(conn, 200, nil, okBody)
			},
			wantAttempts: 2,
			check:        func(t *testing.T, _ *CreateTokenOutput, err error) { require.NoError(t, err) },
		},
		{
			name: "429 without hint, then 200",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				if n == 1 {
					writeResponse(conn, 429, map[string]string{"X-Amzn-Errortype": "ThrottlingException"}, `{"message":"slow down"}`)
					return
				}
				writeResponse(conn, 200, nil, okBody)
			},
			wantAttempts: 2,
			check:        func(t *testing.T, _ *CreateTokenOutput, err error) { require.NoError(t, err) },
		},
		{
			name:       "429 with Retry-After hint is honoured",
			maxBackoff: 2 * time.Second,
			handle: func(n int, conn net.Conn, _ *http.Request) {
				if n == 1 {
					writeResponse(conn, 429, map[string]string{"Retry-After": "1"}, ``)
					return
				}
				writeResponse(conn, 200, nil, okBody)
			},
			wantAttempts: 2,
			check:        func(t *testing.T, _ *CreateTokenOutput, err error) { require.NoError(t, err) },
		},
		{
			name: "garbage body with 200 is not retried",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				writeResponse(conn, 200, nil, `<html>surprise</html>`)
			},
			wantAttempts: 1,
			check: func(t *testing.T, _ *CreateTokenOutput, err error) {
				var de *smithy.DeserializationError
				require.ErrorAs(t, err, &de)
				assert.Contains(t, err.Error(), "offset 0")
			},
		},
		{
			name: "AuthorizationPending is returned at once",
			handle: func(n int, conn net.Conn, _ *http.Request) {
				writeResponse(conn, 400, map[string]string{"X-Amzn-Errortype": "AuthorizationPendingException"}, `{"error":"authorization_pending"}`)
			},
			wantAttempts: 1,
			check: func(t *testing.T, _ *CreateTokenOutput, err error) {
				var p *types.AuthorizationPendingException
				require.ErrorAs(t, err, &p)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkGoroutines(t)
			url, attempts := rawServer(t, tc.handle)
			transport := &http.Transport{}
			defer transport.CloseIdleConnections()
			tracker := &closeTracker{rt: transport}
			var waits []time.Duration
			if tc.maxBackoff == 0 {
				tc.maxBackoff = time.Millisecond
			}
			c := New(Options{
				Region: "us-east-1", BaseEndpoint: &url, HTTPClient: &http.Client{Transport: tracker, Timeout: tc.timeout},
				Retryer: &recordingRetryer{Retryer: NewStandardRetryer(3, tc.maxBackoff), waits: &waits},
			})
			start := time.Now()
			out, err := c.CreateToken(context.Background(), tokenInput())
			tc.check(t, out, err)
			assert.Equal(t, tc.wantAttempts, attempts.Load(), "attempts")
			assert.Equal(t, tracker.opened.Load(), tracker.closed.Load(), "response bodies closed")
			if strings.Contains(tc.name, "Retry-After") {
				require.Len(t, waits, 1)
				assert.Equal(t, time.Second, waits[0], "the hint sets the wait when it is longer than the backoff")
				assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond)
			}
		})
	}
}

// recordingRetryer records the waits it hands out.
type recordingRetryer struct {
	Retryer
	mu    sync.Mutex
	waits *[]time.Duration
}

func (r *recordingRetryer) RetryDelay(attempt int, err error) (time.Duration, bool) {
	d, ok := r.Retryer.RetryDelay(attempt, err)
	if ok {
		r.mu.Lock()
		*r.waits = append(*r.waits, d)
		r.mu.Unlock()
	}
	return d, ok
}

// TestClockSkew: a server whose clock is 15 minutes ahead rejects a
// signature made with ours; the client learns the offset, retries once, and
// signs later calls with the corrected time.
func TestClockSkew(t *testing.T) {
	skew := 15 * time.Minute
	var mu sync.Mutex
	var results []int
	var signedOffset time.Duration // of the last signature, from the local clock
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		serverNow := time.Now().Add(skew)
		w.Header().Set("Date", serverNow.UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		signedOffset = time.Until(signed)
		if err != nil || serverNow.Sub(signed).Abs() > 5*time.Minute {
			results = append(results, 403)
			w.Header().Set("X-Amzn-Errortype", "InvalidSignatureException")
			w.WriteHeader(403)
			io.WriteString(w, `{"message":"Signature expired"}`)
			return
		}
		results = append(results, 200)
		io.WriteString(w, `{}`)
	}, func(o *Options) { o.RetryMaxAttempts = 1 })

	out, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err, "one retry with the corrected clock, even with retries disabled")
	assert.Equal(t, []int{403, 200}, results)
	assert.Equal(t, 1, out.ResultMetadata.Attempts)
	assert.InDelta(t, skew.Seconds(), signedOffset.Seconds(), 5)

	_, err = c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err)
	assert.Equal(t, []int{403, 200, 200}, results, "later calls sign with the corrected time at once")

	// The local clock is set right (the learned offset is now the error):
	// one rejection, the offset relearned as about zero, and a retry.
	mu.Lock()
	skew = 0
	mu.Unlock()
	_, err = c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err, "a stale offset is corrected too")
	assert.Equal(t, []int{403, 200, 200, 403, 200}, results)
	assert.InDelta(t, 0, signedOffset.Seconds(), 5)
}

// A rejection that is not about the clock is not retried as one.
func TestNoClockSkewRetryWhenClocksAgree(t *testing.T) {
	var n atomic.Int32
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
		w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
		w.WriteHeader(400)
	})
	_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
	var ad *types.AccessDeniedException
	require.ErrorAs(t, err, &ad)
	assert.EqualValues(t, 1, n.Load())
}

// TestConcurrentCalls: one client, 100 goroutines, every operation; run
// with -race.
func TestConcurrentCalls(t *testing.T) {
	checkGoroutines(t)
	var rec recorded
	var mu sync.Mutex
	srv := newLocalServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		recordAndAnswer(&rec, 200, nil, `{"accessToken":"a","clientId":"c","deviceCode":"d"}`)(w, r)
	}))
	transport := &http.Transport{MaxIdleConnsPerHost: 100}
	defer transport.CloseIdleConnections()
	c := New(Options{Region: "us-east-1", BaseEndpoint: &srv.URL, HTTPClient: &http.Client{Transport: transport},
		Credentials: NewStaticCredentialsProvider("AKID", "SECRET", ""), RetryMode: RetryModeAdaptive})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ctx := context.Background()
			var err error
			switch i % 4 {
			case 0:
				_, err = c.RegisterClient(ctx, &RegisterClientInput{ClientName: strPtr("n"), ClientType: strPtr("public")})
			case 1:
				_, err = c.StartDeviceAuthorization(ctx, &StartDeviceAuthorizationInput{ClientId: strPtr("c"), ClientSecret: strPtr("s"), StartUrl: strPtr("u")})
			case 2:
				_, err = c.CreateToken(ctx, tokenInput(), func(o *Options) { o.RetryMaxAttempts = 2 })
			case 3:
				_, err = c.CreateTokenWithIAM(ctx, validIAMInput())
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCanceledWhileWaitingForRateLimiter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := setup(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) }, func(o *Options) {
		o.Retryer = blockingRetryer{}
	})
	_, err := c.CreateToken(ctx, tokenInput())
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

type blockingRetryer struct{}

func (blockingRetryer) MaxAttempts() int { return 1 }
func (blockingRetryer) AcquireAttempt(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}
func (blockingRetryer) RetryDelay(int, error) (time.Duration, bool) { return 0, false }
func (blockingRetryer) Succeeded(int, error)                        {}

// rotatingProvider hands out key N+1 after Invalidate, as a cache over a
// source whose key was rotated would.
type rotatingProvider struct {
	mu          sync.Mutex
	key         int
	retrieves   int
	invalidates int
}

func (p *rotatingProvider) Retrieve(context.Context) (Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.retrieves++
	return Credentials{AccessKeyID: fmt.Sprintf("AKID%d", p.key), SecretAccessKey: "secret"}, nil
}

func (p *rotatingProvider) Invalidate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.invalidates++
	p.key++
}

// TestRotatedKeyRecoversWithinTheCall: the service rejects the old key the
// way AWS's front door (and ssooidctest) does; the client invalidates the
// provider and retries once with the new key, even with retries disabled.
func TestRotatedKeyRecoversWithinTheCall(t *testing.T) {
	rejections := []struct {
		status     int
		code, body string
	}{
		{403, "UnrecognizedClientException", `{"message":"The security token included in the request is invalid."}`},
		{403, "InvalidSignatureException", `{"message":"The request signature we calculated does not match the signature you provided."}`},
		{403, "ExpiredTokenException", `{"message":"The security token included in the request is expired"}`},
		{400, "ExpiredTokenException", `{"message":"The security token included in the request is expired"}`},
		{403, "ExpiredToken", `{"message":"The security token included in the request is expired"}`},
		{403, "InvalidClientTokenId", `{"message":"The security token included in the request is invalid."}`},
	}
	for _, rj := range rejections {
		t.Run(fmt.Sprint(rj.status, rj.code), func(t *testing.T) {
			var keys []string
			var mu sync.Mutex
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				auth := r.Header.Get("Authorization")
				mu.Lock()
				keys = append(keys, auth[len("AWS4-HMAC-SHA256 Credential="):strings.IndexByte(auth, '/')])
				mu.Unlock()
				if !strings.Contains(auth, "Credential=AKID1/") {
					w.Header().Set("X-Amzn-Errortype", rj.code)
					w.WriteHeader(rj.status)
					io.WriteString(w, rj.body)
					return
				}
				io.WriteString(w, `{}`)
			})
			p := &rotatingProvider{}
			out, err := c.CreateTokenWithIAM(context.Background(), validIAMInput(), func(o *Options) { o.Credentials = p })
			require.NoError(t, err)
			assert.Equal(t, []string{"AKID0", "AKID1"}, keys)
			assert.Equal(t, 1, p.invalidates)
			assert.Equal(t, 2, p.retrieves, "credentials are retrieved per attempt")
			assert.Equal(t, 1, out.ResultMetadata.Attempts)
		})
	}

	t.Run("once per call", func(t *testing.T) {
		var n atomic.Int32
		c := setup(t, func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			w.Header().Set("X-Amzn-Errortype", "UnrecognizedClientException")
			w.WriteHeader(403)
		})
		p := &rotatingProvider{}
		_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput(), func(o *Options) { o.Credentials = p })
		require.Error(t, err)
		assert.Contains(t, err.Error(), "UnrecognizedClientException")
		assert.EqualValues(t, 2, n.Load())
		assert.Equal(t, 1, p.invalidates)
	})

	t.Run("not for the service's own errors", func(t *testing.T) {
		for _, rj := range []struct {
			status     int
			code, body string
		}{
			{400, "ExpiredTokenException", `{"error":"expired_token","error_description":"the subject token expired"}`},
			{403, "AccessDeniedException", `{"error":"access_denied"}`},
			{400, "InvalidGrantException", `{"error":"invalid_grant"}`},
			{500, "UnrecognizedClientException", `{}`},
		} {
			var n atomic.Int32
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("X-Amzn-Errortype", rj.code)
				w.WriteHeader(rj.status)
				io.WriteString(w, rj.body)
			})
			p := &rotatingProvider{}
			_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput(), func(o *Options) { o.Credentials = p })
			require.Error(t, err)
			assert.EqualValues(t, 1, n.Load(), rj.code)
			assert.Zero(t, p.invalidates, rj.code)
		}
	})
}

// TestClockSkewAlreadyCorrected: a server 15 minutes ahead that rejects
// every signature. The first call learns the offset and retries once; the
// second call already signs with it, so its rejection has another cause and
// is not retried as a clock problem.
func TestClockSkewAlreadyCorrected(t *testing.T) {
	var n atomic.Int32
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Date", time.Now().Add(15*time.Minute).UTC().Format(http.TimeFormat))
		w.Header().Set("X-Amzn-Errortype", "InvalidSignatureException")
		w.WriteHeader(403)
		io.WriteString(w, `{"message":"Signature expired"}`)
	})
	_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.Error(t, err)
	assert.EqualValues(t, 2, n.Load(), "first call: one skew retry")
	_, err = c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.Error(t, err)
	assert.EqualValues(t, 3, n.Load(), "second call: the offset is already in use, no skew retry")
}

// TestRetryerDefaultAttempts: 0 attempts means the standard 3, however the
// retryer is made.
func TestRetryerDefaultAttempts(t *testing.T) {
	assert.Equal(t, 3, NewStandardRetryer(0, 0).MaxAttempts())
	assert.Equal(t, 3, NewAdaptiveRetryer(-1, 0).MaxAttempts())
	assert.Equal(t, 5, NewStandardRetryer(5, 0).MaxAttempts())
	assert.Equal(t, 3, New(Options{Region: "us-east-1"}).calls.Base().MaxAttempts)
	assert.Equal(t, 3, New(Options{Region: "us-east-1", RetryMode: RetryModeAdaptive}).calls.Base().MaxAttempts)
}
