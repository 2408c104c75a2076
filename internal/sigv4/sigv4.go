// Package sigv4 implements AWS Signature Version 4 (AWS4-HMAC-SHA256) in the
// Authorization header, with the rules of non-S3 services: what
// CreateTokenWithIAM needs.
//
// It is written for the SDK's hot path: the canonical request is built in a
// pooled buffer, the signature's HMAC is sha256.Sum256 over contiguous
// memory instead of crypto/hmac objects, and the derived signing key is
// cached per (secret, date, region, service). Signing a typical request
// allocates only the new header values. bench/RESULTS.md has what each buys.
package sigv4

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"sync/atomic"
	"time"
)

const (
	algorithm = "AWS4-HMAC-SHA256"

	// UnsignedPayload is the X-Amz-Content-Sha256 value of a request whose
	// body is not covered by the signature; the emulator accepts it.
	UnsignedPayload = "UNSIGNED-PAYLOAD"

	// emptyPayloadHash is the hex SHA-256 of an empty body, returned by
	// PayloadHash without allocating.
	emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// Errors never include credential values; only the name of what is missing.
var (
	errNilRequest    = errors.New("sigv4: nil request or request URL")
	errNoAccessKey   = errors.New("sigv4: credentials have no access key ID")
	errNoSecretKey   = errors.New("sigv4: credentials have no secret access key")
	errNoPayloadHash = errors.New("sigv4: payload hash is required")
	errNoService     = errors.New("sigv4: signing service name is required")
	errNoRegion      = errors.New("sigv4: signing region is required")
	errNoHost        = errors.New("sigv4: request has no host (set req.Host or req.URL.Host)")
)

// Credentials is the AWS identity used to sign a request.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	// SessionToken is set for temporary credentials; it is sent as
	// X-Amz-Security-Token.
	SessionToken string
}

// Signer signs HTTP requests with SigV4: double URI encoding, path
// normalization, the session token signed, no X-Amz-Content-Sha256 header.
// The zero value is ready to use and safe for concurrent use; do not copy a
// Signer after use.
type Signer struct {
	// key caches the last derived signing key: a client almost always signs
	// with one credential, region and service, and a key is valid for a day.
	key atomic.Pointer[signingKey]
}

// SignHTTP signs req in place for the given service and region at time t (the
// current time if t is zero). payloadHash is the lower-case hex SHA-256 of the
// request body (see PayloadHash) or UnsignedPayload.
//
// It sets X-Amz-Date, X-Amz-Security-Token (or removes a stale one when
// creds has no session token) and Authorization. Every header in req.Header is signed except Host (the
// host signed is req.Host, else req.URL.Host, which is what net/http sends)
// and headers that clients or proxies may change after signing:
// Authorization, User-Agent, X-Amzn-Trace-Id, Expect, Transfer-Encoding,
// Connection, Upgrade and the Sec-WebSocket-* handshake headers. The path is
// taken as net/http writes it (URL.Opaque if set, else URL.EscapedPath).
// Signing the same request again replaces the previous signature.
func (s *Signer) SignHTTP(req *http.Request, creds Credentials, payloadHash, service, region string, t time.Time) error {
	return s.sign(req, &creds, payloadHash, service, region, t, nil)
}

// PayloadHash returns the lower-case hex SHA-256 of body, the form SignHTTP
// expects.
func PayloadHash(body []byte) string {
	if len(body) == 0 {
		return emptyPayloadHash
	}
	sum := sha256.Sum256(body)
	var out [64]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// debugInfo receives the intermediate results of one signing (tests only).
type debugInfo struct {
	canonicalRequest string
	stringToSign     string
	signature        string
}

// sign implements SignHTTP; dbg, when not nil, receives the intermediate
// results.
func (s *Signer) sign(req *http.Request, creds *Credentials, payloadHash, service, region string,
	t time.Time, dbg *debugInfo) error {
	switch {
	case req == nil || req.URL == nil:
		return errNilRequest
	case creds.AccessKeyID == "":
		return errNoAccessKey
	case creds.SecretAccessKey == "":
		return errNoSecretKey
	case payloadHash == "":
		return errNoPayloadHash
	case service == "":
		return errNoService
	case region == "":
		return errNoRegion
	}
	host := cmp.Or(req.Host, req.URL.Host) // what net/http sends
	if host == "" {
		return errNoHost
	}
	if t.IsZero() {
		t = time.Now()
	}
	var date [16]byte
	formatAmzDate(&date, t.UTC())

	token := creds.SessionToken
	if req.Header == nil {
		req.Header = make(http.Header)
	}

	st := statePool.Get().(*state)
	defer st.release()

	st.collectHeaders(req.Header, token != "")
	st.addHeader("host", host, false)
	st.addHeader("x-amz-date", "", true)
	if token != "" {
		st.addHeader("x-amz-security-token", token, false)
	}
	st.sortHeaders()

	b := st.buf[:0]
	b = append(b, cmp.Or(req.Method, http.MethodGet)...)
	b = append(b, '\n')
	b = appendCanonicalPath(b, &st.segs, wirePath(req.URL))
	b = append(b, '\n')
	st.parseQuery(req.URL.RawQuery)
	b = st.appendCanonicalQuery(b)
	b = append(b, '\n')
	b, signed := st.appendCanonicalHeaders(b, &date)
	b = append(b, '\n')
	b = append(b, st.scratch[signed.start:signed.end]...)
	b = append(b, '\n')
	b = append(b, payloadHash...)
	creqLen := len(b)
	creqHash := sha256.Sum256(b)

	key := s.signingKey(creds.SecretAccessKey, date[:8], region, service)

	// The string to sign is laid out right after the key's inner pad so the
	// inner HMAC hash is a single Sum256 over contiguous memory.
	b = append(b, key.ipad[:]...)
	stsStart := len(b)
	b = append(b, algorithm...)
	b = append(b, '\n')
	b = append(b, date[:]...)
	b = append(b, '\n')
	b = appendScope(b, date[:8], region, service)
	b = append(b, '\n')
	b = hex.AppendEncode(b, creqHash[:])
	inner := sha256.Sum256(b[stsStart-64:])
	clear(b[stsStart-64 : stsStart]) // key material should not linger in pooled memory
	var outer [64 + 32]byte
	copy(outer[:64], key.opad[:])
	copy(outer[64:], inner[:])
	mac := sha256.Sum256(outer[:])
	var sig [64]byte
	hex.Encode(sig[:], mac[:])

	if dbg != nil {
		dbg.canonicalRequest = string(b[:creqLen])
		dbg.stringToSign = string(b[stsStart:])
		dbg.signature = string(sig[:])
	}
	st.buf = b

	// One string holds both new values (date, then Authorization) and one
	// slice backs all header value lists: two allocations per signature.
	o := st.out[:0]
	o = append(o, date[:]...)
	o = append(o, algorithm+" Credential="...)
	o = append(o, creds.AccessKeyID...)
	o = append(o, '/')
	o = appendScope(o, date[:8], region, service)
	o = append(o, ", SignedHeaders="...)
	o = append(o, st.scratch[signed.start:signed.end]...)
	o = append(o, ", Signature="...)
	o = append(o, sig[:]...)
	st.out = o
	both := string(o)

	vals := []string{both[:16], both[16:], token}
	h := req.Header
	h["X-Amz-Date"] = vals[0:1:1]
	h["Authorization"] = vals[1:2:2]
	if token != "" {
		h["X-Amz-Security-Token"] = vals[2:3:3]
	}
	return nil
}

// appendScope appends the credential scope date/region/service/aws4_request.
func appendScope(b, day []byte, region, service string) []byte {
	b = append(b, day...)
	b = append(b, '/')
	b = append(b, region...)
	b = append(b, '/')
	b = append(b, service...)
	return append(b, "/aws4_request"...)
}

// formatAmzDate writes t (UTC) as 20060102T150405Z without time.Format's
// layout parsing.
func formatAmzDate(d *[16]byte, t time.Time) {
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	put := func(i, v, n int) {
		for j := i + n - 1; j >= i; j-- {
			d[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, year, 4)
	put(4, int(month), 2)
	put(6, day, 2)
	d[8] = 'T'
	put(9, hour, 2)
	put(11, minute, 2)
	put(13, sec, 2)
	d[15] = 'Z'
}
