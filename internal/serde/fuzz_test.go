package serde

import (
	"errors"
	"testing"
)

// Fuzz targets. Each decodes arbitrary bytes with our unmarshaler and with
// the encoding/json reference (ref_test.go) and requires that:
//   - nothing panics;
//   - when the reference accepts the body (a valid object with correctly
//     typed members), ours accepts it too and the results are equal, unless
//     the body nests deeper than our cap (encoding/json allows 10000);
//   - when ours accepts a body, the reference does too, with equal results;
//   - errors are *DecodeError with an offset inside the body.
// Seeds live in testdata/fuzz/<FuzzName>/ besides the f.Add ones below.

func FuzzUnmarshalRegisterClientResponse(f *testing.F) { fuzzDecode(f, targets[0]) }

func FuzzUnmarshalStartDeviceAuthorizationResponse(f *testing.F) { fuzzDecode(f, targets[1]) }

func FuzzUnmarshalCreateTokenResponse(f *testing.F) { fuzzDecode(f, targets[2]) }

func FuzzUnmarshalCreateTokenWithIAMResponse(f *testing.F) { fuzzDecode(f, targets[3]) }

func FuzzUnmarshalGetRoleCredentialsResponse(f *testing.F) { fuzzDecode(f, targets[4]) }

func FuzzUnmarshalListAccountsResponse(f *testing.F) { fuzzDecode(f, targets[5]) }

func FuzzUnmarshalListAccountRolesResponse(f *testing.F) { fuzzDecode(f, targets[6]) }

func FuzzUnmarshalErrorBody(f *testing.F) { fuzzDecode(f, targets[7]) }

func fuzzDecode(f *testing.F, tg target) {
	for _, s := range []string{
		tg.full,
		"{" + unknownMembers + "," + tg.full[1:],
		nullBody,
		"{}", "", " ", "[]", "null",
		`{"accessToken":"a\ud83d\ude00\ud83d","expiresIn":2147483647,"scope":["x"],"message":"m"}`,
		`{"awsAdditionalDetails":{"identityContext":"c","x":[{}]},"scope":[]}`,
		`{"clientIdIssuedAt":-9223372036854775808,"interval":1.5}`,
		`{"roleCredentials":{"expiration":9223372036854775807,"x":{}},"accountList":[null,{},{"accountId":"1","y":[1]}],"roleList":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := tg.mine(data)
		want, refErr := tg.ref(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Offset < 0 || de.Offset > len(data) {
				t.Fatalf("error %#v is not a *DecodeError within the body", err)
			}
		}
		switch {
		case err == nil && refErr != nil:
			t.Fatalf("we accept a body the reference rejects (%v): %q", refErr, data)
		case err != nil && refErr == nil && nesting(data) <= maxDepth:
			t.Fatalf("we reject a body the reference accepts: %v: %q", err, data)
		case err == nil:
			if d := diffAny(got, want); d != "" {
				t.Fatalf("disagrees with reference for %q (-ours +ref):\n%s", data, d)
			}
		}
	})
}

// nesting returns the deepest container nesting in valid JSON data.
func nesting(data []byte) int {
	depth, max := 0, 0
	inStr := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
			if depth > max {
				max = depth
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return max
}

// FuzzAppendString checks that any Go string encodes to valid JSON that
// decodes to what encoding/json's encoding decodes to, with an exact size.
func FuzzAppendString(f *testing.F) {
	for _, tc := range nasty {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkStringRoundTrip(t, s)
	})
}
