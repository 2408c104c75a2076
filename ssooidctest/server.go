package ssooidctest

import (
	"fmt"
	"net"
	"net/http/httptest"
	"time"

	"github.com/ssooidc-go/ssooidc"
)

// Server is an Emulator serving HTTP on 127.0.0.1. Its methods (Approve,
// FailNext, ...) are those of the Emulator.
type Server struct {
	*Emulator

	// URL is the base URL of the server, http://127.0.0.1:PORT: use it as
	// ssooidc.Options.BaseEndpoint.
	URL string

	srv *httptest.Server
}

// NewServer starts an emulator configured by opts on a free port of
// 127.0.0.1. Close it when done. Like httptest.NewServer it panics if no
// port can be had.
func NewServer(opts Options) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("ssooidctest: listen on 127.0.0.1: %v", err))
	}
	url := "http://" + ln.Addr().String()
	if opts.BaseURL == "" {
		opts.BaseURL = url
	}
	e := New(opts)
	srv := httptest.NewUnstartedServer(e)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	return &Server{Emulator: e, URL: url, srv: srv}
}

// Close ends any delayed response (SetLatency) and shuts the server down,
// waiting for requests in flight.
func (s *Server) Close() {
	s.Emulator.stop()
	s.srv.Close()
}

// Client returns an SDK client for the server: BaseEndpoint, Region, the
// emulator's first IAM credentials and a 1 ms retry backoff (so tests of
// retries do not wait for real backoff) are set, then optFns apply.
func (s *Server) Client(optFns ...func(*ssooidc.Options)) *ssooidc.Client {
	c := s.opts.Credentials[0]
	opts := ssooidc.Options{
		Region:       s.opts.Region,
		BaseEndpoint: &s.URL,
		Credentials:  ssooidc.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken),
		HTTPClient:   s.srv.Client(),
		// Retries stay as the SDK makes them; only their waits shrink.
		RetryMaxBackoff: time.Millisecond,
	}
	return ssooidc.New(opts, optFns...)
}
