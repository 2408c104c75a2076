package ssooidc

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tokenInput() *CreateTokenInput {
	return &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")}
}

// TestKeepAlive: successes and modeled errors alike leave the connection
// reusable, so a run of calls uses one TCP connection.
func TestKeepAlive(t *testing.T) {
	var calls, conns atomic.Int32
	srv := newLocalServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1)%2 == 0 {
			w.Header().Set("X-Amzn-Errortype", "AuthorizationPendingException")
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"authorization_pending","error_description":"pending"}`)
			return
		}
		io.WriteString(w, `{"accessToken":"a","expiresIn":1,"unknown":{"nested":[1,2,{"x":null}]}}`)
	}), func(s *http.Server) {
		s.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				conns.Add(1)
			}
		}
	})
	c := New(Options{Region: "us-east-1", BaseEndpoint: &srv.URL, HTTPClient: srv.Client()})
	for i := 0; i < 20; i++ {
		_, err := c.CreateToken(context.Background(), tokenInput())
		if i%2 == 1 {
			var pending *types.AuthorizationPendingException
			require.ErrorAs(t, err, &pending)
		} else {
			require.NoError(t, err)
		}
	}
	assert.EqualValues(t, 1, conns.Load(), "connections opened for 20 calls")
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name         string
		statuses     []int
		code         string
		maxAttempts  int
		wantAttempts int32
		wantErr      bool
	}{
		{"503 then 200", []int{503, 200}, "", 3, 2, false},
		{"500 InternalServerException then 200", []int{500, 200}, "InternalServerException", 3, 2, false},
		{"429 twice then 200", []int{429, 429, 200}, "ThrottlingException", 3, 3, false},
		{"503 forever stops at max", []int{503, 503, 503, 503}, "", 3, 3, true},
		{"AuthorizationPending is never retried", []int{400, 200}, "AuthorizationPendingException", 3, 1, true},
		{"SlowDown is never retried", []int{400, 200}, "SlowDownException", 3, 1, true},
		{"InvalidGrant is never retried", []int{400, 200}, "InvalidGrantException", 3, 1, true},
		{"retries disabled", []int{503, 200}, "", 1, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			var attemptHeaders []string
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				i := n.Add(1) - 1
				attemptHeaders = append(attemptHeaders, r.Header.Get("Amz-Sdk-Request"))
				if st := tc.statuses[i]; st != 200 {
					if tc.code != "" {
						w.Header().Set("X-Amzn-Errortype", tc.code)
					}
					w.WriteHeader(st)
					io.WriteString(w, `{"error":"e"}`)
					return
				}
				io.WriteString(w, `{"accessToken":"a"}`)
			}, func(o *Options) { o.RetryMaxAttempts = tc.maxAttempts; o.RetryMaxBackoff = time.Millisecond })
			out, err := c.CreateToken(context.Background(), tokenInput())
			assert.Equal(t, tc.wantAttempts, n.Load())
			if tc.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, int(tc.wantAttempts), out.ResultMetadata.Attempts)
			assert.Equal(t, "attempt=1; max=3", attemptHeaders[0])
			assert.Equal(t, "attempt=2; max=3", attemptHeaders[1])
		})
	}
}

// TestRetryReplaysBodyAndResigns: every attempt carries the whole body and
// a fresh signature.
func TestRetryReplaysBodyAndResigns(t *testing.T) {
	var bodies []string
	var auths []string
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		auths = append(auths, r.Header.Get("Authorization"))
		if len(bodies) == 1 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, `{}`)
	}, func(o *Options) { o.RetryMaxAttempts = 2; o.RetryMaxBackoff = time.Millisecond })
	_, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.Equal(t, bodies[0], bodies[1])
	assert.NotEmpty(t, bodies[0])
	assert.NotEmpty(t, auths[1])
}

func TestConnectionRefusedIsRetriedThenReported(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c := New(Options{Region: "us-east-1", BaseEndpoint: ptr.String("http://" + addr), RetryMaxAttempts: 2, RetryMaxBackoff: time.Millisecond})
	_, err = c.CreateToken(context.Background(), tokenInput())
	var se *RequestSendError
	require.ErrorAs(t, err, &se)
	var oe *smithy.OperationError
	require.ErrorAs(t, err, &oe)
}

func TestContextCancellation(t *testing.T) {
	release := make(chan struct{})
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CreateToken(ctx, tokenInput())
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var ce *smithy.CanceledError
	assert.ErrorAs(t, err, &ce)
	assert.Less(t, time.Since(start), 30*time.Second, "far below the wait it must not do")

	// A cancelled context also ends a backoff wait at once.
	c2 := setup(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) },
		func(o *Options) { o.RetryMaxAttempts = 5; o.RetryMaxBackoff = time.Hour })
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = c2.CreateToken(ctx2, tokenInput())
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Less(t, time.Since(start), 30*time.Second, "far below the wait it must not do")
}

// countingBody is a response body that counts what is read of it.
type countingBody struct {
	r      io.Reader
	read   int
	closed bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

func (b *countingBody) Close() error { b.closed = true; return nil }

// TestResponseBound: a body of exactly 4 MiB is read whole; one byte more
// fails the call, and the client reads no further than the bound plus the
// one byte that shows it was crossed. The bound is written out here, not
// taken from the constant, so that changing it fails this test.
func TestResponseBound(t *testing.T) {
	const bound = 4 << 20
	token := func(n int) string { // a valid body of exactly n bytes
		return `{"accessToken":"` + strings.Repeat("a", n-len(`{"accessToken":""}`)) + `"}`
	}
	cases := []struct {
		name string
		body string
		ok   bool
	}{
		{"exactly 4 MiB", token(bound), true},
		{"4 MiB and 1 byte", token(bound + 1), false},
		{"16 MiB", token(16 << 20), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := &countingBody{r: strings.NewReader(tc.body)}
			c := New(Options{Region: "us-east-1", RetryMaxAttempts: 1, HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: body}, nil
			})})
			out, err := c.CreateToken(context.Background(), tokenInput())
			assert.True(t, body.closed, "body not closed")
			if tc.ok {
				require.NoError(t, err)
				assert.Len(t, *out.AccessToken, bound-len(`{"accessToken":""}`))
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "response body larger than 4194304 bytes")
			var re *ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 200, re.HTTPStatusCode())
			assert.LessOrEqual(t, body.read, bound+1, "read past the bound")
		})
	}
}

// A Doer that returns a response without a body or header must not panic.
func TestBareResponse(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: doerFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 500}, nil
	}), RetryMaxAttempts: 1})
	_, err := c.CreateToken(context.Background(), tokenInput())
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, smithy.FaultServer, ae.ErrorFault())
}

// Clients, and calls with per-call options, that use the same connect
// timeout share one HTTP client and so one pool of connections.
func TestSharedHTTPClientPerTimeout(t *testing.T) {
	a := New(Options{Region: "us-east-1", Timeout: 5 * time.Second})
	b := New(Options{Region: "us-east-1", Timeout: 5 * time.Second})
	d := New(Options{Region: "us-east-1"})
	assert.Same(t, a.calls.Base().HTTPClient, b.calls.Base().HTTPClient)
	assert.NotSame(t, a.calls.Base().HTTPClient, d.calls.Base().HTTPClient)
	assert.Same(t, d.calls.Base().HTTPClient, New(Options{Timeout: 60 * time.Second}).calls.Base().HTTPClient)
	o := a.Options()
	o.Region = "eu-west-1"
	assert.Same(t, a.calls.Base().HTTPClient, a.calls.Resolve(&service, settings(&o), a.calls.Base()).HTTPClient)
}

// allOperations calls each operation with valid input and returns its output
// (a typed nil pointer on error) and error.
var allOperations = []struct {
	name string
	call func(c *Client) (any, error)
}{
	{"RegisterClient", func(c *Client) (any, error) {
		return c.RegisterClient(context.Background(), &RegisterClientInput{ClientName: ptr.String("n"), ClientType: ptr.String("public")})
	}},
	{"StartDeviceAuthorization", func(c *Client) (any, error) {
		return c.StartDeviceAuthorization(context.Background(), &StartDeviceAuthorizationInput{
			ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), StartUrl: ptr.String("https://d-1.awsapps.com/start")})
	}},
	{"CreateToken", func(c *Client) (any, error) { return c.CreateToken(context.Background(), tokenInput()) }},
	{"CreateTokenWithIAM", func(c *Client) (any, error) { return c.CreateTokenWithIAM(context.Background(), validIAMInput()) }},
}

// TestEmptySuccessBodies: a 2xx without content is the empty output, as the
// Smithy restJson1 protocol tests require of clients, with its metadata.
func TestEmptySuccessBodies(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
	}{
		{"200 empty, no Content-Type", "", "", 200},
		{"200 empty, JSON Content-Type", "application/json", "", 200},
		{"200 whitespace only", "application/json", " \r\n\t", 200},
		{"201 empty", "", "", 201},
		{"204 No Content", "", "", 204},
	}
	for _, tc := range cases {
		for _, op := range allOperations {
			t.Run(tc.name+"/"+op.name, func(t *testing.T) {
				c := setup(t, func(w http.ResponseWriter, r *http.Request) {
					io.Copy(io.Discard, r.Body)
					if tc.contentType != "" {
						w.Header().Set("Content-Type", tc.contentType)
					}
					w.Header().Set("X-Amzn-Requestid", "req-1")
					w.WriteHeader(tc.status)
					io.WriteString(w, tc.body)
				})
				out, err := op.call(c)
				require.NoError(t, err)
				v := reflect.ValueOf(out)
				require.False(t, v.IsNil(), "nil output")
				meta := v.Elem().FieldByName("ResultMetadata")
				assert.Equal(t, Metadata{RequestID: "req-1", HTTPStatusCode: tc.status, Attempts: 1}, meta.Interface())
				meta.Set(reflect.Zero(meta.Type()))
				assert.True(t, v.Elem().IsZero(), "output has members set: %+v", out)
			})
		}
	}
}

// TestNullListElements: a null inside a list member is the zero value in
// its place, as aws-sdk-go-v2 decodes it, not a failed response.
func TestNullListElements(t *testing.T) {
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"accessToken":"at","scope":["a",null,"b"]}`)
	})
	out, err := c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "", "b"}, out.Scope)
	assert.Equal(t, "at", *out.AccessToken)
}

// TestNonObjectErrorBodies: an error response whose body is JSON but not
// an object is an API error with code UnknownError and the status's fault,
// wrapped like any service error, as the official SDKs report it.
func TestNonObjectErrorBodies(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		fault      smithy.ErrorFault
	}{
		{"null", `null`, 400, smithy.FaultClient},
		{"null spaced", " null\n", 403, smithy.FaultClient},
		{"array", `["InvalidGrantException"]`, 400, smithy.FaultClient},
		{"empty array", `[]`, 502, smithy.FaultServer},
		{"string", `"Service Unavailable"`, 503, smithy.FaultServer},
		{"number", `500`, 500, smithy.FaultServer},
		{"boolean", `false`, 404, smithy.FaultClient},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Amzn-Requestid", "req-2")
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, err := c.CreateToken(context.Background(), tokenInput())
			var ae smithy.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "UnknownError", ae.ErrorCode())
			assert.Equal(t, tc.fault, ae.ErrorFault())
			assert.Contains(t, ae.ErrorMessage(), "HTTP "+strconv.Itoa(tc.status))
			var re *ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.status, re.HTTPStatusCode())
			assert.Equal(t, "req-2", re.ServiceRequestID())
			var oe *smithy.OperationError
			require.ErrorAs(t, err, &oe)
			assert.Equal(t, "CreateToken", oe.Operation())
			var de *smithy.DeserializationError
			assert.False(t, errors.As(err, &de), "a deserialization failure: %v", err)
		})
	}
}
