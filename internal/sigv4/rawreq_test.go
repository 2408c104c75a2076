package sigv4

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rawRequest is an HTTP/1.1 request as the suite files write it. The files
// contain what net/http's ReadRequest rejects (spaces and raw UTF-8 in the
// path, folded multi-line header values), so they are parsed by hand.
type rawRequest struct {
	method, target string
	headers        []rawHeader // in file order; duplicates kept
	body           []byte
}

type rawHeader struct{ name, value string }

// parseRawRequest parses a request line, header lines ("Name:value", a line
// starting with a blank continues the previous value, kept with its "\n"),
// an empty line and the body. A missing empty line means no body.
func parseRawRequest(data []byte) (*rawRequest, error) {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	head, body, _ := strings.Cut(s, "\n\n")
	lines := strings.Split(head, "\n")
	first := lines[0]
	sp := strings.IndexByte(first, ' ')
	proto := strings.LastIndex(first, " HTTP/")
	if sp <= 0 || proto <= sp {
		return nil, errors.New("bad request line")
	}
	r := &rawRequest{method: first[:sp], target: first[sp+1 : proto], body: []byte(body)}
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(r.headers) == 0 {
				return nil, errors.New("continuation line before any header")
			}
			r.headers[len(r.headers)-1].value += "\n" + l
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			return nil, errors.New("header line without colon")
		}
		r.headers = append(r.headers, rawHeader{name, value})
	}
	return r, nil
}

// httpRequest builds the *http.Request that net/http would send as r. The
// Host header becomes req.Host; other header values are kept raw (leading
// blanks included) so the signer's trimming is exercised. A path that
// url.URL cannot reproduce through Path/RawPath (a space, raw UTF-8) goes
// into URL.Opaque, which net/http writes to the request line verbatim.
func (r *rawRequest) httpRequest() *http.Request {
	req := &http.Request{
		Method:     r.method,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     http.Header{},
	}
	for _, h := range r.headers {
		if strings.EqualFold(h.name, "host") {
			req.Host = strings.TrimSpace(h.value)
			continue
		}
		req.Header.Add(h.name, h.value)
	}
	path, query, _ := strings.Cut(r.target, "?")
	u := &url.URL{Scheme: "https", Host: req.Host, RawQuery: query}
	if dec, err := url.PathUnescape(path); err == nil {
		u.Path, u.RawPath = dec, path
	}
	if u.EscapedPath() != path {
		u.Path, u.RawPath = "", ""
		if strings.HasPrefix(path, "//") {
			u.Opaque = "//" + req.Host + path
		} else {
			u.Opaque = path
		}
	}
	req.URL = u
	req.Body = io.NopCloser(bytes.NewReader(r.body))
	req.ContentLength = int64(len(r.body))
	return req
}

// requestTarget is the request-line target net/http sends for u.
func requestTarget(u *url.URL) string {
	t := u.RequestURI()
	if prefix := u.Scheme + "://" + u.Host; u.Opaque != "" && strings.HasPrefix(t, prefix) {
		t = t[len(prefix):]
	}
	return t
}

// headerLines lists headers as "name:value" (lower-case name, value without
// surrounding blanks, which HTTP does not count as part of it), sorted by
// name with the order of repeated values kept.
func headerLines(hs []rawHeader) []string {
	var out []string
	for _, h := range hs {
		out = append(out, strings.ToLower(h.name)+":"+strings.TrimSpace(h.value))
	}
	slices.SortStableFunc(out, func(a, b string) int {
		an, _, _ := strings.Cut(a, ":")
		bn, _, _ := strings.Cut(b, ":")
		return strings.Compare(an, bn)
	})
	return out
}

// sentHeaders lists what net/http would send for req: Host, then Header.
func sentHeaders(req *http.Request) []rawHeader {
	hs := []rawHeader{{"host", req.Host}}
	keys := make([]string, 0, len(req.Header))
	for k := range req.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range req.Header[k] {
			hs = append(hs, rawHeader{k, v})
		}
	}
	return hs
}

// checkSignedRequest compares the signed request with the suite's expected
// signed request: method, request target, every header and the body.
func checkSignedRequest(t *testing.T, got *http.Request, want *rawRequest) {
	t.Helper()
	if got.Method != want.method {
		t.Errorf("signed request method = %q, want %q", got.Method, want.method)
	}
	if tg := requestTarget(got.URL); tg != want.target {
		t.Errorf("signed request target:\n got %q\nwant %q", tg, want.target)
	}
	if d := cmp.Diff(headerLines(want.headers), headerLines(sentHeaders(got))); d != "" {
		t.Errorf("signed request headers (-want +got):\n%s", d)
	}
	body, err := io.ReadAll(got.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, want.body) {
		t.Errorf("signed request body = %q, want %q", body, want.body)
	}
}

func TestParseRawRequest(t *testing.T) {
	in := "GET /a b/ሴ?x=1 HTTP/1.1\nHost:h.example\nA: v1\n  v2\nA:v3\n\nbody\nmore"
	r, err := parseRawRequest([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := &rawRequest{method: "GET", target: "/a b/ሴ?x=1",
		headers: []rawHeader{{"Host", "h.example"}, {"A", " v1\n  v2"}, {"A", "v3"}},
		body:    []byte("body\nmore")}
	if d := cmp.Diff(want, r, cmp.AllowUnexported(rawRequest{}, rawHeader{})); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
	req := r.httpRequest()
	if req.URL.Opaque != "/a b/ሴ" || req.URL.RawQuery != "x=1" || req.Host != "h.example" {
		t.Fatalf("unexpected URL %#v host %q", req.URL, req.Host)
	}
	if got := requestTarget(req.URL); got != r.target {
		t.Fatalf("requestTarget = %q, want %q", got, r.target)
	}
	for _, bad := range []string{"GET\n", "  x\n", "GET / HTTP/1.1\n  cont\n", "GET / HTTP/1.1\nnocolon\n"} {
		if _, err := parseRawRequest([]byte(bad)); err == nil {
			t.Errorf("parseRawRequest(%q) succeeded, want error", bad)
		}
	}
}
