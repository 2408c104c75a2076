package ssooidc

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
)

// The service's text (message, error code, request ID) reaches the error
// string and ErrorMessage without control characters or bidi overrides,
// for modeled and unmodeled errors.
func TestServiceErrorTextEscaped(t *testing.T) {
	const evil = `\u001b]0;pwned\u0007\u001b[2J \u202etxt.exe\nline two` // JSON
	for _, tc := range []struct {
		name, code, body string
		want             []string
	}{
		{"modeled", "InvalidGrantException", `{"error":"invalid_grant","error_description":"` + evil + `"}`,
			[]string{`InvalidGrantException: \x1b]0;pwned\x07\x1b[2J \u202etxt.exe\x0aline two`}},
		{"unmodeled", "Throttling\u202eException", `{"message":"` + evil + `"}`,
			[]string{`Throttling\u202eException: \x1b]0;pwned\x07\x1b[2J \u202etxt.exe\x0aline two`, `RequestID: rid\u202e`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorded
			c := setup(t, recordAndAnswer(&rec, 400, map[string]string{"X-Amzn-Errortype": tc.code, "X-Amzn-Requestid": "rid\u202e"}, tc.body))
			_, err := c.CreateToken(context.Background(), &CreateTokenInput{ClientId: ptr.String("c"), ClientSecret: ptr.String("s"), GrantType: ptr.String("g")})
			var ae smithy.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v", err)
			}
			for _, s := range []string{err.Error(), ae.ErrorMessage(), ae.ErrorCode()} {
				if strings.ContainsAny(s, "\x1b\x07\n\u202e") {
					t.Errorf("raw control characters in %q", s)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, lacks %q", err, w)
				}
			}
		})
	}
}
