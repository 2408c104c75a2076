package ssocache

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// Token is a token file's content. Members a file has beyond these are kept
// and written back after the known ones, in their order. Times are UTC,
// whole seconds (a fraction read from a file is dropped, which only makes a
// token expire earlier), zero when absent.
type Token struct {
	StartURL              string
	Region                string
	AccessToken           string `sensitive:"true"`
	ExpiresAt             time.Time
	RefreshToken          string `sensitive:"true"`
	ClientID              string
	ClientSecret          string `sensitive:"true"`
	RegistrationExpiresAt time.Time

	extra []member
}

// Format prints the token with its secrets redacted, for any verb.
func (t Token) Format(f fmt.State, verb rune) { redact.Format(f, verb, t) }

// Registration is a registration file's content: a client registered with
// RegisterClient. Other members of the file are kept as in Token.
type Registration struct {
	ClientID     string
	ClientSecret string `sensitive:"true"`
	ExpiresAt    time.Time
	Scopes       []string // nil when absent
	// GrantTypes is nil when absent, as in files the AWS CLI and botocore
	// write for device code logins: such a client can do device code and
	// refresh_token.
	GrantTypes []string

	extra []member
}

// Format prints the registration with its secret redacted, for any verb.
func (r Registration) Format(f fmt.State, verb rune) { redact.Format(f, verb, r) }

// member is one object member as read: a name and its JSON value.
type member struct {
	name  string
	value json.RawMessage
}

// The members in the order the AWS CLI and botocore write them (a Python
// dict keeps insertion order); refreshToken is added last when the service
// returned one.
var (
	tokenNames        = []string{"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"}
	registrationNames = []string{"clientId", "clientSecret", "expiresAt", "scopes", "grantTypes"}
)

// errFormat is the reason a file does not decode; it never quotes the file.
type errFormat string

func (e errFormat) Error() string { return string(e) }

func decodeToken(b []byte) (*Token, error) {
	v, extra, err := decodeMembers(b, tokenNames)
	if err != nil {
		return nil, err
	}
	t := &Token{
		StartURL:              v.str("startUrl"),
		Region:                v.str("region"),
		AccessToken:           v.str("accessToken"),
		ExpiresAt:             v.time("expiresAt"),
		RefreshToken:          v.str("refreshToken"),
		ClientID:              v.str("clientId"),
		ClientSecret:          v.str("clientSecret"),
		RegistrationExpiresAt: v.time("registrationExpiresAt"),
		extra:                 extra,
	}
	if v.err != nil {
		return nil, v.err
	}
	return t, nil
}

func encodeToken(t *Token) ([]byte, error) {
	var w pyWriter
	w.stringMember("startUrl", t.StartURL)
	w.stringMember("region", t.Region)
	w.stringMember("accessToken", t.AccessToken)
	w.timeMember("expiresAt", t.ExpiresAt)
	w.stringMember("clientId", t.ClientID)
	w.stringMember("clientSecret", t.ClientSecret)
	w.timeMember("registrationExpiresAt", t.RegistrationExpiresAt)
	w.stringMember("refreshToken", t.RefreshToken)
	return w.finish(t.extra)
}

func decodeRegistration(b []byte) (*Registration, error) {
	v, extra, err := decodeMembers(b, registrationNames)
	if err != nil {
		return nil, err
	}
	r := &Registration{
		ClientID:     v.str("clientId"),
		ClientSecret: v.str("clientSecret"),
		ExpiresAt:    v.time("expiresAt"),
		Scopes:       v.list("scopes"),
		GrantTypes:   v.list("grantTypes"),
		extra:        extra,
	}
	if v.err != nil {
		return nil, v.err
	}
	return r, nil
}

func encodeRegistration(r *Registration) ([]byte, error) {
	var w pyWriter
	w.stringMember("clientId", r.ClientID)
	w.stringMember("clientSecret", r.ClientSecret)
	w.timeMember("expiresAt", r.ExpiresAt)
	w.stringsMember("scopes", r.Scopes)
	w.stringsMember("grantTypes", r.GrantTypes)
	return w.finish(r.extra)
}

// decodeMembers reads b, one JSON object, and returns the values of names
// and the other members. As Python's json does, a
// repeated name keeps its first place and its last value. Names match
// case-insensitively, as Go's encoding/json (and so aws-sdk-go-v2) reads
// them, but an exact match wins, as botocore reads only those.
func decodeMembers(b []byte, names []string) (*values, []member, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil, errFormat("the file is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, errFormat("the file is not a JSON object")
	}
	var all []member
	index := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, errFormat("the file is not valid JSON (truncated?)")
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, errFormat("the file is not valid JSON (truncated?)")
		}
		if i, ok := index[name]; ok {
			all[i].value = raw
			continue
		}
		index[name] = len(all)
		all = append(all, member{name, raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, errFormat("the file is not valid JSON (truncated?)")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errFormat("the file has data after its JSON object")
	}

	v := &values{raw: make(map[string]json.RawMessage, len(names))}
	used := make([]bool, len(all))
	for _, name := range names {
		for i, m := range all {
			if strings.EqualFold(m.name, name) {
				used[i] = true
				v.raw[name] = m.value // the last one, as encoding/json
			}
		}
		if i, ok := index[name]; ok {
			v.raw[name] = all[i].value
		}
	}
	var extra []member
	for i, m := range all {
		if !used[i] {
			extra = append(extra, m)
		}
	}
	return v, extra, nil
}

// values are the known members of a file by name (nil when absent),
// decoded one at a time; err is the first that does not decode.
type values struct {
	raw map[string]json.RawMessage
	err error
}

func (v *values) fail(reason string) {
	if v.err == nil {
		v.err = errFormat(reason)
	}
}

func isNull(raw json.RawMessage) bool { return raw == nil || string(raw) == "null" }

func (v *values) str(name string) string {
	var s string
	if raw := v.raw[name]; !isNull(raw) && json.Unmarshal(raw, &s) != nil {
		v.fail("member " + name + " is not a string")
	}
	return s
}

// list is nil when the member is absent or null.
func (v *values) list(name string) []string {
	var s []string
	if raw := v.raw[name]; !isNull(raw) && json.Unmarshal(raw, &s) != nil {
		v.fail("member " + name + " is not a list of strings")
	}
	return s
}

// timeLayouts are the forms tools write: RFC 3339 (the AWS CLI and botocore
// with "Z", aws-sdk-go-v2, others with a fraction or an offset), Python's
// %z offset, str(datetime) with a space, and the "UTC" suffix older AWS CLIs
// wrote. A fraction is accepted after the seconds in every form.
var timeLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05UTC",
}

func (v *values) time(name string) time.Time {
	s := v.str(name)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC().Truncate(time.Second)
			if t.Year() < 0 || t.Year() > 9999 {
				break
			}
			return t
		}
	}
	v.fail("member " + name + " is not an RFC 3339 time")
	return time.Time{}
}

// pyWriter writes a JSON object as Python's json.dumps does by default
// (which is how the AWS CLI and botocore write these files): separators
// ", " and ": ", every character outside ASCII 0x20-0x7E escaped.
type pyWriter struct{ buf []byte }

func (w *pyWriter) name(n string) {
	if len(w.buf) == 0 {
		w.buf = append(w.buf, '{')
	} else {
		w.buf = append(w.buf, ", "...)
	}
	w.buf = appendPyString(w.buf, n)
	w.buf = append(w.buf, ": "...)
}

func (w *pyWriter) stringMember(n, v string) {
	if v != "" {
		w.name(n)
		w.buf = appendPyString(w.buf, v)
	}
}

// timeMember writes t as the CLI does: strftime('%Y-%m-%dT%H:%M:%SZ').
func (w *pyWriter) timeMember(n string, t time.Time) {
	if !t.IsZero() {
		w.name(n)
		w.buf = append(w.buf, '"')
		w.buf = t.UTC().AppendFormat(w.buf, "2006-01-02T15:04:05Z")
		w.buf = append(w.buf, '"')
	}
}

func (w *pyWriter) stringsMember(n string, v []string) {
	if v == nil {
		return
	}
	w.name(n)
	w.buf = appendPyStrings(w.buf, v)
}

// finish writes the kept members and closes the object.
func (w *pyWriter) finish(extra []member) ([]byte, error) {
	for _, m := range extra {
		w.name(m.name)
		dec := json.NewDecoder(bytes.NewReader(m.value))
		dec.UseNumber()
		var err error
		if w.buf, err = appendPyValue(w.buf, dec); err != nil {
			return nil, err
		}
	}
	if len(w.buf) == 0 {
		w.buf = append(w.buf, '{')
	}
	return append(w.buf, '}'), nil
}

func appendPyStrings(b []byte, v []string) []byte {
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendPyString(b, s)
	}
	return append(b, ']')
}

// appendPyString appends s quoted as json.dumps(s, ensure_ascii=True) does.
// Invalid UTF-8 (which Python cannot hold) becomes U+FFFD.
func appendPyString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	u4 := func(b []byte, r rune) []byte {
		return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r >= 0x20 && r <= 0x7e:
			b = append(b, byte(r))
		case r > 0xffff:
			r -= 0x10000
			b = u4(b, 0xd800+(r>>10))
			b = u4(b, 0xdc00+(r&0x3ff))
		default:
			if r == utf8.RuneError {
				r = 0xfffd
			}
			b = u4(b, r)
		}
	}
	return append(b, '"')
}

var errJSON = errors.New("malformed JSON value")

// appendPyValue copies one JSON value from dec in json.dumps style, so a
// kept member reads back the same in Python and is written as Python would.
func appendPyValue(b []byte, dec *json.Decoder) ([]byte, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		end, isObject := byte(']'), t == '{'
		if isObject {
			end = '}'
		} else if t != '[' {
			return nil, errJSON
		}
		b = append(b, byte(t))
		for first := true; dec.More(); first = false {
			if !first {
				b = append(b, ", "...)
			}
			if isObject {
				k, err := dec.Token()
				name, ok := k.(string)
				if err != nil || !ok {
					return nil, errJSON
				}
				b = append(appendPyString(b, name), ": "...)
			}
			if b, err = appendPyValue(b, dec); err != nil {
				return nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, err
		}
		return append(b, end), nil
	case string:
		return appendPyString(b, t), nil
	case json.Number:
		return appendPyNumber(b, string(t)), nil
	case bool:
		return strconv.AppendBool(b, t), nil
	case nil:
		return append(b, "null"...), nil
	}
	return nil, errJSON
}

// appendPyNumber writes a number as Python reads and rewrites it: an
// integer unchanged (but -0 is 0), any other as repr(float). A number too
// large for a float64 is kept as written: Python would write Infinity,
// which no JSON reader takes.
func appendPyNumber(b []byte, n string) []byte {
	if !strings.ContainsAny(n, ".eE") {
		if n == "-0" {
			n = "0"
		}
		return append(b, n...)
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return append(b, n...)
	}
	// repr(float): shortest digits, positional for exponents -4..15.
	s := strconv.FormatFloat(f, 'e', -1, 64)
	if exp, _ := strconv.Atoi(s[strings.IndexByte(s, 'e')+1:]); exp < -4 || exp >= 16 {
		return append(b, s...)
	}
	s = strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return append(b, s...)
}
