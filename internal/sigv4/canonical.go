package sigv4

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// span is a [start, end) range of a buffer. Offsets stay valid when the
// buffer grows, slices would not.
type span struct{ start, end int }

// header is one header line of the canonical request.
type header struct {
	name   span     // lower-cased name in state.scratch
	values []string // the request's values; nil for headers the signer adds
	value  string   // value of a header the signer adds
	date   bool     // the value is the signing date, not yet a string
}

// param is one query parameter, both parts URI-encoded in state.scratch.
type param struct{ key, value span }

// state is the per-signature working memory, pooled so that steady-state
// signing does not allocate it.
type state struct {
	buf     []byte // canonical request, then inner HMAC pad + string to sign
	scratch []byte // header names, signed header list, encoded query parts
	out     []byte // new header values, before the final string
	hdrs    []header
	params  []param
	segs    []span // path segments during normalization
}

var statePool = sync.Pool{New: func() any { return new(state) }}

// maxPooledBuf keeps a rare huge request from pinning memory in the pool.
const maxPooledBuf = 64 << 10

// release returns st to the pool; each use resets the parts it needs.
func (st *state) release() {
	clear(st.hdrs) // drop references to request header strings
	if cap(st.buf) > maxPooledBuf || cap(st.scratch) > maxPooledBuf || cap(st.out) > maxPooledBuf {
		return
	}
	statePool.Put(st)
}

const upperHex = "0123456789ABCDEF"

// Byte classes for encoding and trimming, filled by init.
var (
	unreserved [256]bool // RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~
	asciiSpace [256]bool // what header value trimming treats as blank
	hexValue   [256]byte // 0xFF for non-hex digits
)

func init() {
	for c := 0; c < 256; c++ {
		unreserved[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
		hexValue[c] = 0xFF
		switch {
		case '0' <= c && c <= '9':
			hexValue[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			hexValue[c] = byte(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			hexValue[c] = byte(c - 'A' + 10)
		}
	}
	for _, c := range " \t\n\v\f\r" {
		asciiSpace[c] = true
	}
}

// collectHeaders records the request headers to sign and deletes copies of
// the headers the signer sets itself, so that no stale or differently-cased
// duplicate is sent next to the new value.
func (st *state) collectHeaders(h http.Header, haveToken bool) {
	st.scratch = st.scratch[:0]
	st.hdrs = st.hdrs[:0]
	for k, vs := range h {
		start := len(st.scratch)
		st.scratch = appendLower(st.scratch, k)
		name := st.scratch[start:]
		sign := true
		switch string(name) {
		case "host":
			// net/http sends req.Host (or URL.Host), never Header["Host"], so
			// that is what gets signed.
			sign = false
		case "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection", "upgrade",
			"sec-websocket-key", "sec-websocket-protocol", "sec-websocket-version":
			// Clients and proxies may change these after signing.
			sign = false
		case "authorization", "x-amz-date", "x-amz-security-token":
			// The signer sets these under their canonical keys.
			sign = false
			if k != http.CanonicalHeaderKey(k) || !haveToken && string(name) == "x-amz-security-token" {
				delete(h, k)
			}
		}
		if !sign || len(vs) == 0 { // net/http writes nothing for an empty value list
			st.scratch = st.scratch[:start]
			continue
		}
		st.hdrs = append(st.hdrs, header{name: span{start, len(st.scratch)}, values: vs})
	}
}

// addHeader adds a header the signer sets; name must be lower case.
func (st *state) addHeader(name, value string, date bool) {
	start := len(st.scratch)
	st.scratch = append(st.scratch, name...)
	st.hdrs = append(st.hdrs, header{name: span{start, len(st.scratch)}, value: value, date: date})
}

// sortHeaders sorts the headers by name.
func (st *state) sortHeaders() {
	// Insertion sort: stable, allocation-free, and fastest for the handful
	// of headers a request has (and it keeps the generic sort's code out of
	// the binary).
	sc, h := st.scratch, st.hdrs
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && bytes.Compare(sc[h[j-1].name.start:h[j-1].name.end], sc[h[j].name.start:h[j].name.end]) > 0; j-- {
			h[j-1], h[j] = h[j], h[j-1]
		}
	}
}

// appendCanonicalHeaders writes "name:value\n" per sorted header, values of
// one name (repeated or from differently-cased keys) joined with commas, and
// the signed header list (the names joined by ';') to scratch.
func (st *state) appendCanonicalHeaders(b []byte, date *[16]byte) ([]byte, span) {
	start := len(st.scratch)
	var prev []byte // the previous name; appending to scratch leaves it intact
	for i := range st.hdrs {
		hd := &st.hdrs[i]
		name := st.scratch[hd.name.start:hd.name.end]
		if i > 0 && bytes.Equal(prev, name) {
			b = append(b, ',')
		} else {
			if i > 0 {
				b = append(b, '\n')
				st.scratch = append(st.scratch, ';')
			}
			b = append(b, name...)
			b = append(b, ':')
			st.scratch = append(st.scratch, name...)
		}
		switch {
		case hd.date:
			b = append(b, date[:]...)
		case hd.values == nil:
			b = appendHeaderValue(b, hd.value)
		default:
			for j, v := range hd.values {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendHeaderValue(b, v)
			}
		}
		prev = name
	}
	return append(b, '\n'), span{start, len(st.scratch)}
}

// appendHeaderValue appends v trimmed, with each inner run of blanks (which
// includes the line breaks of folded multi-line values) reduced to one space.
func appendHeaderValue(b []byte, v string) []byte {
	if isCanonicalValue(v) {
		return append(b, v...)
	}
	pending, started := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if asciiSpace[c] {
			pending = started
			continue
		}
		if pending {
			b = append(b, ' ')
			pending = false
		}
		b = append(b, c)
		started = true
	}
	return b
}

// isCanonicalValue reports whether v needs no trimming or collapsing: no
// blank at either end and no blank other than single inner spaces.
func isCanonicalValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if asciiSpace[v[i]] && (v[i] != ' ' || i == 0 || i == len(v)-1 || asciiSpace[v[i+1]]) {
			return false
		}
	}
	return true
}

// appendLower appends the ASCII lower-case form of s.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// wirePath returns the path exactly as net/http puts it on the request line:
// URL.Opaque when set (minus a "//host" prefix), else URL.EscapedPath.
func wirePath(u *url.URL) string {
	if u.Opaque == "" {
		return u.EscapedPath()
	}
	p := u.Opaque
	if strings.HasPrefix(p, "//") {
		p = p[2:]
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return "/"
		}
		p = p[i:]
	}
	return p
}

// appendCanonicalPath writes the canonical URI for the wire path p:
// normalized ("", "." and ".." segments resolved), and the escaped wire form
// URI-encoded again.
func appendCanonicalPath(b []byte, segs *[]span, p string) []byte {
	s := (*segs)[:0] // a stack of segment offsets
	for i := 0; i < len(p); {
		end := len(p)
		if j := strings.IndexByte(p[i:], '/'); j >= 0 {
			end = i + j
		}
		switch seg := p[i:end]; seg {
		case "", ".":
		case "..":
			if len(s) > 0 {
				s = s[:len(s)-1]
			}
		default:
			s = append(s, span{i, end})
		}
		i = end + 1
	}
	*segs = s
	b = append(b, '/')
	for k, sg := range s {
		if k > 0 {
			b = append(b, '/')
		}
		b = appendPathEncoded(b, p[sg.start:sg.end])
	}
	if len(s) > 0 && p[len(p)-1] == '/' {
		b = append(b, '/')
	}
	return b
}

// appendPathEncoded URI-encodes an escaped path segment again ('%' becomes
// %25).
func appendPathEncoded(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		b = appendEscaped(b, s[i])
	}
	return b
}

// appendEscaped appends c, percent-encoded unless it is unreserved.
func appendEscaped(b []byte, c byte) []byte {
	if unreserved[c] {
		return append(b, c)
	}
	return append(b, '%', upperHex[c>>4], upperHex[c&15])
}

// parseQuery splits the raw query into parameters, each decoded (as
// url.ParseQuery does, '+' is a space) and re-encoded with RFC 3986 rules.
// Malformed escapes are kept literally rather than dropping the parameter.
func (st *state) parseQuery(q string) {
	st.params = st.params[:0]
	for q != "" {
		var piece string
		piece, q, _ = strings.Cut(q, "&")
		if piece == "" {
			continue
		}
		k, v, _ := strings.Cut(piece, "=")
		ks := len(st.scratch)
		st.scratch = appendQueryRecoded(st.scratch, k)
		ke := len(st.scratch)
		st.scratch = appendQueryRecoded(st.scratch, v)
		st.params = append(st.params, param{key: span{ks, ke}, value: span{ke, len(st.scratch)}})
	}
}

// appendCanonicalQuery writes the parameters sorted by encoded key, then
// encoded value.
func (st *state) appendCanonicalQuery(b []byte) []byte {
	sc := st.scratch
	less := func(x, y param) bool {
		if c := bytes.Compare(sc[x.key.start:x.key.end], sc[y.key.start:y.key.end]); c != 0 {
			return c < 0
		}
		return bytes.Compare(sc[x.value.start:x.value.end], sc[y.value.start:y.value.end]) < 0
	}
	ps := st.params // insertion sort, as for headers: requests have few parameters
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && less(ps[j], ps[j-1]); j-- {
			ps[j-1], ps[j] = ps[j], ps[j-1]
		}
	}
	for i, p := range st.params {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, sc[p.key.start:p.key.end]...)
		b = append(b, '=')
		b = append(b, sc[p.value.start:p.value.end]...)
	}
	return b
}

// appendQueryRecoded decodes one raw query component and appends its
// canonical encoding.
func appendQueryRecoded(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && hexValue[s[i+1]] != 0xFF && hexValue[s[i+2]] != 0xFF:
			c = hexValue[s[i+1]]<<4 | hexValue[s[i+2]]
			i += 2
		}
		b = appendEscaped(b, c)
	}
	return b
}
