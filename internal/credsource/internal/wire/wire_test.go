package wire

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "wire-SECRET-value-0123456789"

func TestReadLimited(t *testing.T) {
	b, err := ReadLimited(strings.NewReader("12345"), 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))
	_, err = ReadLimited(strings.NewReader("123456"), 5)
	assert.ErrorIs(t, err, ErrTooLarge)
}

func TestDescribeJSONErrorNeverQuotes(t *testing.T) {
	var v struct {
		A string
		N int
		O struct{ X string }
	}
	tests := []struct {
		in   string
		want string
	}{
		{`{"A":"` + secret + `"`, "truncated or empty JSON"},
		{``, "truncated or empty JSON"},
		{secret, "malformed JSON at byte offset 1"},
		{`{"A":"x",` + secret + `}`, "malformed JSON at byte offset 10"},
		{`{"A":12345678}`, `field "A" is a JSON number, want a string`},
		{`{"N":"` + secret + `"}`, `field "N" is a JSON string, want a number`},
		{`{"N":1.5}`, `field "N" is a JSON number, want a number`},
		{`{"O":"` + secret + `"}`, `field "O" is a JSON string, want an object`},
		{`["` + secret + `"]`, "JSON array where an object was expected"},
		{`{"A":"x"} trailing`, "unexpected data after the JSON object"},
	}
	for _, tt := range tests {
		err := DecodeJSON([]byte(tt.in), &v)
		require.Error(t, err, tt.in)
		assert.Equal(t, tt.want, err.Error(), tt.in)
		assert.NotContains(t, err.Error(), secret)
		assert.NotContains(t, err.Error(), "12345678")
		var syn *json.SyntaxError
		assert.False(t, errors.As(err, &syn))
	}
	assert.Equal(t, "invalid JSON", DescribeJSONError(errors.New("other")))
}

func TestSafeText(t *testing.T) {
	tests := []struct {
		in      string
		max     int
		tail    bool
		secrets []string
		want    string
	}{
		{"plain", 10, false, nil, "plain"},
		{"  a\n\tb\r\n\x00c  ", 10, false, nil, "a b c"},
		{"key=" + secret + " end", 100, false, []string{secret, ""}, "key=[REDACTED] end"},
		{"abc", 100, false, []string{"ab"}, "abc"}, // too short to be a secret
		{"0123456789", 4, false, nil, "0123…"},
		{"0123456789", 4, true, nil, "…6789"},
		{"ééééé", 3, false, nil, "é…"},
		{"ééééé", 3, true, nil, "…é"},
		{"bad\xffutf8", 20, false, nil, "bad\uFFFDutf8"},
		{"\x1b[31mred\x1b[0m", 20, false, nil, "[31mred [0m"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, SafeText([]byte(tt.in), tt.max, tt.tail, tt.secrets...), "%q", tt.in)
	}
}

func TestParseExpiration(t *testing.T) {
	got, err := ParseExpiration("Expiration", "2030-01-02T03:04:05.123+02:00")
	require.NoError(t, err)
	assert.True(t, got.Equal(time.Date(2030, 1, 2, 1, 4, 5, 123e6, time.UTC)))

	_, err = ParseExpiration("Expiration", "2030-01-02 03:04:05")
	assert.EqualError(t, err, `field "Expiration" = "2030-01-02 03:04:05" is not an RFC 3339 timestamp`)
	_, err = ParseExpiration("Expiration", secret)
	assert.EqualError(t, err, `field "Expiration" is not an RFC 3339 timestamp`)
	_, err = ParseExpiration("Expiration", "1735689600")
	assert.EqualError(t, err, `field "Expiration" = "1735689600" is not an RFC 3339 timestamp`)
}

func TestRedactURL(t *testing.T) {
	u, _ := url.Parse("https://user:" + secret + "@host:8443/a%2Fb/c?token=" + secret + "#frag")
	assert.Equal(t, "https://host:8443/a%2Fb/c", RedactURL(u))
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

func TestSendErrors(t *testing.T) {
	const target = "http://127.0.0.1:1/x?token=" + secret
	// A transport failure loses url.Error's copy of the URL.
	_, err := Send(context.Background(), doerFunc(func(r *http.Request) (*http.Response, error) {
		return nil, &url.Error{Op: "Get", URL: r.URL.String(), Err: errors.New("connection refused")}
	}), time.Second, 10, "GET", target)
	var se *SendError
	require.ErrorAs(t, err, &se)
	assert.False(t, se.Timeout)
	assert.Equal(t, "connection refused", err.Error())
	assert.True(t, Retryable(0, err))

	// The attempt's own deadline.
	_, err = Send(context.Background(), doerFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	}), 20*time.Millisecond, 10, "GET", target)
	require.ErrorAs(t, err, &se)
	assert.True(t, se.Timeout)
	assert.Equal(t, "no response within 20ms", err.Error())
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// The caller's cancellation is not a SendError and is not retried.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Send(ctx, doerFunc(func(r *http.Request) (*http.Response, error) {
		return nil, r.Context().Err()
	}), time.Second, 10, "GET", target)
	assert.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.As(err, &se))
	assert.False(t, Retryable(0, err))

	// A body over the bound.
	_, err = Send(context.Background(), doerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(strings.Repeat("x", 11)))}, nil
	}), time.Second, 10, "GET", target)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.False(t, Retryable(0, err))
}

func TestRetryable(t *testing.T) {
	for status, want := range map[int]bool{200: false, 400: false, 401: false, 404: false, 429: true, 500: true, 503: true} {
		assert.Equal(t, want, Retryable(status, nil), status)
	}
}

func TestRetry(t *testing.T) {
	errBusy, errFinal := errors.New("busy"), errors.New("final")
	run := func(ctx context.Context, results ...error) (int, error) {
		calls := 0
		n, err := Retry(ctx, 3, time.Millisecond, func() (int, bool, error) {
			err := results[min(calls, len(results)-1)]
			calls++
			return calls, err == errBusy, err
		})
		if err == nil && n != calls {
			t.Errorf("value %d from call %d", n, calls)
		}
		return calls, err
	}
	if calls, err := run(context.Background(), errBusy, nil); err != nil || calls != 2 {
		t.Errorf("busy then success: %d calls, %v", calls, err)
	}
	if calls, err := run(context.Background(), errFinal); !errors.Is(err, errFinal) || calls != 1 {
		t.Errorf("final: %d calls, %v", calls, err)
	}
	if calls, err := run(context.Background(), errBusy); !errors.Is(err, errBusy) || calls != 3 ||
		!strings.HasSuffix(err.Error(), "busy (gave up after 3 attempts)") {
		t.Errorf("always busy: %d calls, %v", calls, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if calls, err := run(ctx, errBusy); !errors.Is(err, context.Canceled) || !errors.Is(err, errBusy) || calls != 1 {
		t.Errorf("cancelled: %d calls, %v", calls, err)
	}
}
