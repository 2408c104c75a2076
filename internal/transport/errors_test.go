package transport

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestRetryAfterHeader: both Retry-After forms are read, out-of-range and
// malformed values are ignored, and an error response without the header
// (an AuthorizationPending poll, the usual case) costs no allocation.
func TestRetryAfterHeader(t *testing.T) {
	h := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	assert.Equal(t, 3*time.Second, retryAfter(h(" 3 ")))
	assert.Zero(t, retryAfter(h("0")))
	assert.Zero(t, retryAfter(h("86400")))
	assert.Zero(t, retryAfter(h("soon")))
	d := retryAfter(h(time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)))
	assert.True(t, d > 50*time.Second && d <= time.Minute, "HTTP date: %v", d)
	assert.Zero(t, retryAfter(h(time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat))))
	assert.Zero(t, retryAfter(http.Header{}))
	noHint := http.Header{"Date": {"x"}}
	assert.Zero(t, testing.AllocsPerRun(100, func() { retryAfter(noHint) }), "no Retry-After header")
}
