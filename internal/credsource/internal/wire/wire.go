// Package wire holds the mechanics the credential sources share: reading
// bounded input, describing a JSON error without echoing the document,
// turning untrusted text into something safe for an error message, and
// checking and building the credentials every source returns.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ssooidc-go/ssooidc/internal/credsource"
	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// ErrTooLarge is returned by ReadLimited when the input exceeds its bound.
var ErrTooLarge = errors.New("too large")

// ReadLimited reads all of r but at most max bytes; more is ErrTooLarge. The
// bound keeps a broken or hostile endpoint from making us buffer without end.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// DescribeJSONError says what is wrong with a JSON document in words that
// never quote the document: encoding/json's own messages quote the offending
// character or number literal, and the document holds secrets.
func DescribeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte offset %d", syn.Offset)
	case errors.As(err, &typ):
		// Value is "number 1.5", "string" and so on: keep only the kind.
		kind, _, _ := strings.Cut(typ.Value, " ")
		field := typ.Field
		if field == "" {
			return fmt.Sprintf("JSON %s where %s was expected", kind, jsonKind(typ.Type.Kind().String()))
		}
		return fmt.Sprintf("field %q is a JSON %s, want %s", field, kind, jsonKind(typ.Type.Kind().String()))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "truncated or empty JSON"
	default:
		return "invalid JSON"
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64", "int32", "uint", "float64":
		return "a number"
	case "bool":
		return "a boolean"
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	}
	return goKind
}

// DecodeJSON decodes b into v, describing failures with DescribeJSONError.
// Trailing data after the object is an error, as a sign of a garbled stream.
func DecodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(v); err != nil {
		return errors.New(DescribeJSONError(err))
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// SafeText makes untrusted text (a process's stderr, an error message from an
// endpoint) fit for an error message: every occurrence of a non-empty secret
// is replaced by redact.Marker, control characters become spaces, runs of space
// collapse, and the result is cut to max bytes (on a rune boundary) with an
// ellipsis. keepTail keeps the end rather than the start, which is where a
// failing command usually says why.
func SafeText(b []byte, max int, keepTail bool, secrets ...string) string {
	s := string(b)
	for _, sec := range secrets {
		if len(sec) >= 4 { // shorter "secrets" would scrub ordinary words
			s = strings.ReplaceAll(s, sec, redact.Marker)
		}
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var sb strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	s = sb.String()
	if len(s) <= max {
		return s
	}
	const ell = "…"
	if keepTail {
		i := len(s) - max
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		return ell + s[i:]
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + ell
}

// ParseExpiration parses an RFC 3339 timestamp (fractional seconds allowed),
// the format every credential source uses. The error quotes the value only
// when it is made of the characters of a timestamp (so that "2030-01-02
// 03:04:05" shows what is wrong), never free text, which could be a secret
// in the wrong field.
func ParseExpiration(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err == nil {
		return t, nil
	}
	if len(v) <= 40 && strings.Trim(v, "0123456789TZtz:+-. /") == "" {
		return time.Time{}, fmt.Errorf("field %q = %q is not an RFC 3339 timestamp", field, v)
	}
	return time.Time{}, fmt.Errorf("field %q is not an RFC 3339 timestamp", field)
}

// Fields are the credential members every source returns, under whatever
// JSON names it uses.
type Fields struct {
	AccessKeyID, SecretAccessKey, SessionToken, Expiration string
}

// Credentials checks that the keys are present and parses the expiration,
// if any; what names the document ("response", "output") in errors.
func Credentials(what string, f Fields) (credsource.Credentials, error) {
	switch {
	case f.AccessKeyID == "":
		return credsource.Credentials{}, fmt.Errorf("%s has no AccessKeyId", what)
	case f.SecretAccessKey == "":
		return credsource.Credentials{}, fmt.Errorf("%s has no SecretAccessKey", what)
	}
	c := credsource.Credentials{
		AccessKeyID:     f.AccessKeyID,
		SecretAccessKey: f.SecretAccessKey,
		SessionToken:    f.SessionToken,
	}
	if f.Expiration != "" {
		t, err := ParseExpiration("Expiration", f.Expiration)
		if err != nil {
			return credsource.Credentials{}, fmt.Errorf("%s: %w", what, err)
		}
		c.Expires, c.CanExpire = t, true
	}
	return c, nil
}
