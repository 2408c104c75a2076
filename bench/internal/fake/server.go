// Package fake is a loopback stand-in for the SSO OIDC service, built for
// benchmarking clients: it runs in its own process (cmd/fakeoidc), so the
// allocations a benchmark reports are the client's alone, and it speaks
// just enough HTTP/1.1, by hand, to answer each request with a prebuilt
// response without allocating.
//
// It answers the four operations with realistic bodies (tokens of about
// 1 KB) and, for a CreateToken whose body carries workload.PendingMarker, the
// AuthorizationPending error the way the service sends it: 400, an
// x-amzn-errortype header and a JSON body. It counts accepted TCP
// connections and requests, and on request captures what it receives
// (for the contract test). Those are read on a second, admin listener
// served by net/http, whose connections are not counted.
package fake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ssooidc-go/ssooidc/bench/internal/workload"
)

// Stats are the fake's counters since it started.
type Stats struct {
	Conns    int64 `json:"conns"`
	Requests int64 `json:"requests"`
	// BadRequests counts requests the fake could not parse (it answers
	// them 400 and closes the connection); it should stay 0.
	BadRequests int64 `json:"badRequests"`
}

// Request is a captured request.
type Request struct {
	Method string              `json:"method"`
	Target string              `json:"target"`
	Header map[string][]string `json:"header"` // names in lower case
	Body   []byte              `json:"body"`
}

// Server is the fake service.
type Server struct {
	conns       atomic.Int64
	requests    atomic.Int64
	badRequests atomic.Int64

	capturing atomic.Bool
	mu        sync.Mutex
	captured  []Request

	date atomic.Pointer[[]byte] // "Date: ...\r\n", refreshed every second
	done chan struct{}
}

// NewServer returns a server; call Serve and ServeAdmin.
func NewServer() *Server {
	s := &Server{done: make(chan struct{})}
	s.setDate(time.Now())
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case now := <-t.C:
				s.setDate(now)
			case <-s.done:
				return
			}
		}
	}()
	return s
}

// Close stops the date ticker.
func (s *Server) Close() { close(s.done) }

func (s *Server) setDate(t time.Time) {
	b := []byte("Date: " + t.UTC().Format(http.TimeFormat) + "\r\n")
	s.date.Store(&b)
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	return Stats{Conns: s.conns.Load(), Requests: s.requests.Load(), BadRequests: s.badRequests.Load()}
}

// Serve accepts service connections on ln until it fails.
func (s *Server) Serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		s.conns.Add(1)
		go s.serveConn(c)
	}
}

// ServeAdmin serves the admin endpoints on ln:
//
//	GET  /stats          {"conns":N,"requests":M}
//	POST /capture/start  clear the captured requests and start capturing
//	POST /capture/stop   stop capturing; the body is the captured requests
func (s *Server) ServeAdmin(ln net.Listener) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Stats())
	})
	mux.HandleFunc("POST /capture/start", func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		s.captured = nil
		s.mu.Unlock()
		s.capturing.Store(true)
	})
	mux.HandleFunc("POST /capture/stop", func(w http.ResponseWriter, _ *http.Request) {
		s.capturing.Store(false)
		s.mu.Lock()
		got := s.captured
		s.captured = nil
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if got == nil {
			got = []Request{}
		}
		_ = json.NewEncoder(w).Encode(got)
	})
	return (&http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}).Serve(ln)
}

// conn is the per-connection state, reused across the requests of a
// keep-alive connection.
type conn struct {
	s    *Server
	c    net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
	body []byte
	rid  [36]byte // x-amzn-requestid, a UUID-shaped counter
	n    uint64

	// the current request
	route         route
	contentLength int64
	chunked       bool
	closeAfter    bool
	expect100     bool
	hasSigV4      bool
	capture       *Request
}

var errBadRequest = errors.New("bad request")

func (s *Server) serveConn(nc net.Conn) {
	defer nc.Close()
	c := &conn{
		s:  s,
		c:  nc,
		br: bufio.NewReaderSize(nc, 16<<10),
		bw: bufio.NewWriterSize(nc, 16<<10),
	}
	copy(c.rid[:], "00000000-0000-4000-8000-000000000000")
	for {
		err := c.readRequest()
		if err != nil {
			if errors.Is(err, errBadRequest) {
				s.badRequests.Add(1)
				_, _ = c.bw.WriteString("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				_ = c.bw.Flush()
			}
			return
		}
		s.requests.Add(1)
		c.respond()
		if err := c.bw.Flush(); err != nil || c.closeAfter {
			return
		}
	}
}

// readRequest reads one request: line, headers and body.
func (c *conn) readRequest() error {
	line, err := c.readLine()
	if err != nil {
		return err
	}
	// METHOD SP TARGET SP PROTO
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 < 0 {
		return errBadRequest
	}
	rest := line[sp1+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 < 0 {
		return errBadRequest
	}
	method, target, proto := line[:sp1], rest[:sp2], rest[sp2+1:]
	c.route = routeOf(method, target)
	c.contentLength, c.chunked, c.expect100, c.hasSigV4 = 0, false, false, false
	c.closeAfter = !bytes.Equal(proto, []byte("HTTP/1.1"))
	c.capture = nil
	if c.s.capturing.Load() {
		c.capture = &Request{Method: string(method), Target: string(target), Header: map[string][]string{}}
	}

	for {
		line, err := c.readLine()
		if err != nil {
			return err
		}
		if len(line) == 0 {
			break
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return errBadRequest
		}
		name, value := line[:colon], bytes.TrimSpace(line[colon+1:])
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			n, err := strconv.ParseInt(string(value), 10, 64) // no allocation: the conversion does not escape
			if err != nil || n < 0 || n > 1<<20 {
				return errBadRequest
			}
			c.contentLength = n
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			c.chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				c.closeAfter = true
			}
		case bytes.EqualFold(name, []byte("Expect")):
			c.expect100 = bytes.EqualFold(value, []byte("100-continue"))
		case bytes.EqualFold(name, []byte("Authorization")):
			c.hasSigV4 = bytes.HasPrefix(value, []byte("AWS4-HMAC-SHA256 Credential="))
		}
		if c.capture != nil {
			k := string(bytes.ToLower(name))
			c.capture.Header[k] = append(c.capture.Header[k], string(value))
		}
	}

	if c.expect100 {
		if _, err := c.bw.WriteString("HTTP/1.1 100 Continue\r\n\r\n"); err != nil {
			return err
		}
		if err := c.bw.Flush(); err != nil {
			return err
		}
	}
	c.body = c.body[:0]
	if c.chunked {
		if err := c.readChunked(); err != nil {
			return err
		}
	} else if c.contentLength > 0 {
		n := int(c.contentLength)
		if cap(c.body) < n {
			c.body = make([]byte, n, n+n/2)
		}
		c.body = c.body[:n]
		if _, err := io.ReadFull(c.br, c.body); err != nil {
			return err
		}
	}
	if c.capture != nil {
		c.capture.Body = bytes.Clone(c.body)
		c.s.mu.Lock()
		c.s.captured = append(c.s.captured, *c.capture)
		c.s.mu.Unlock()
	}
	return nil
}

// readLine returns a line without its CRLF; it is valid until the next read.
func (c *conn) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, errBadRequest
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

func (c *conn) readChunked() error {
	for {
		line, err := c.readLine()
		if err != nil {
			return err
		}
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		n, err := strconv.ParseUint(string(bytes.TrimSpace(line)), 16, 32)
		if err != nil || int(n)+len(c.body) > 1<<20 {
			return errBadRequest
		}
		if n == 0 {
			for { // trailers
				line, err := c.readLine()
				if err != nil {
					return err
				}
				if len(line) == 0 {
					return nil
				}
			}
		}
		start := len(c.body)
		c.body = append(c.body, make([]byte, n)...)
		if _, err := io.ReadFull(c.br, c.body[start:]); err != nil {
			return err
		}
		if line, err := c.readLine(); err != nil || len(line) != 0 {
			return errBadRequest
		}
	}
}

// respond writes the answer to the current request into the buffer.
func (c *conn) respond() {
	var r *response
	switch c.route {
	case routeRegisterClient:
		r = &respRegisterClient
	case routeStartDeviceAuthorization:
		r = &respStartDeviceAuthorization
	case routeCreateToken:
		r = &respCreateToken
		if bytes.Contains(c.body, []byte(workload.PendingMarker)) {
			r = &respAuthorizationPending
		}
	case routeCreateTokenWithIAM:
		r = &respCreateTokenWithIAM
		if !c.hasSigV4 {
			r = &respAccessDenied
		}
	default:
		r = &respNotFound
	}
	c.n++
	n := c.n
	for i := 35; i >= 24 && n > 0; i-- { // the UUID's last group counts requests
		c.rid[i] = "0123456789abcdef"[n&15]
		n >>= 4
	}
	_, _ = c.bw.Write(r.head)
	_, _ = c.bw.WriteString("x-amzn-RequestId: ")
	_, _ = c.bw.Write(c.rid[:])
	_, _ = c.bw.WriteString("\r\n")
	_, _ = c.bw.Write(*c.s.date.Load())
	if c.closeAfter {
		_, _ = c.bw.WriteString("Connection: close\r\n")
	}
	_, _ = c.bw.WriteString("\r\n")
	_, _ = c.bw.Write(r.body)
}

type route uint8

const (
	routeUnknown route = iota
	routeRegisterClient
	routeStartDeviceAuthorization
	routeCreateToken
	routeCreateTokenWithIAM
)

func routeOf(method, target []byte) route {
	if !bytes.Equal(method, []byte("POST")) {
		return routeUnknown
	}
	switch string(target) { // no allocation: switch on a converted slice
	case "/client/register":
		return routeRegisterClient
	case "/device_authorization":
		return routeStartDeviceAuthorization
	case "/token":
		return routeCreateToken
	case "/token?aws_iam=t":
		return routeCreateTokenWithIAM
	}
	return routeUnknown
}
