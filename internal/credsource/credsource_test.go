package credsource

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestCredentialsFormatRedacts(t *testing.T) {
	c := Credentials{
		AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "s3cr3t-key", SessionToken: "s3ss10n-token",
		Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), CanExpire: true,
	}
	want := map[string]string{
		"%v":  "{AKIDEXAMPLE [REDACTED] [REDACTED] 2030-01-02 03:04:05 +0000 UTC true}",
		"%s":  "{AKIDEXAMPLE [REDACTED] [REDACTED] 2030-01-02 03:04:05 +0000 UTC true}",
		"%+v": "{AccessKeyID:AKIDEXAMPLE SecretAccessKey:[REDACTED] SessionToken:[REDACTED] Expires:2030-01-02 03:04:05 +0000 UTC CanExpire:true}",
	}
	for verb, w := range want {
		assert.Equal(t, w, fmt.Sprintf(verb, c), verb)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, p := range []any{c, &c, []Credentials{c}, struct{ C Credentials }{c}} {
			s := fmt.Sprintf(verb, p)
			assert.NotContains(t, s, "s3cr3t", verb)
			assert.NotContains(t, s, "s3ss10n", verb)
		}
	}
	assert.True(t, strings.HasPrefix(fmt.Sprintf("%#v", c), `credsource.Credentials{AccessKeyID:"AKIDEXAMPLE", SecretAccessKey:"[REDACTED]"`))
	// Unset secrets print empty, so a reader can tell them from set ones.
	assert.Equal(t, "{AKID   0001-01-01 00:00:00 +0000 UTC false}", fmt.Sprintf("%v", Credentials{AccessKeyID: "AKID"}))
}

func TestHTTPError(t *testing.T) {
	tests := []struct {
		e    HTTPError
		want string
	}{
		{HTTPError{Source: "src", Op: "GET u", StatusCode: 500}, "src: GET u: HTTP 500"},
		{HTTPError{Source: "src", Op: "GET u", StatusCode: 400, Code: "C"}, "src: GET u: HTTP 400 (C)"},
		{HTTPError{Source: "src", Op: "GET u", StatusCode: 400, Message: "m"}, "src: GET u: HTTP 400 (m)"},
		{HTTPError{Source: "src", Op: "GET u", StatusCode: 403, Code: "C", Message: "m"}, "src: GET u: HTTP 403 (C: m)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.e.Error())
	}
}
