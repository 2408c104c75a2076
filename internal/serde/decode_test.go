package serde

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// target is one unmarshaler with its references, for the tests that run
// over every response shape.
type target struct {
	name string
	mine func([]byte) (any, error)
	ref  func([]byte) (any, error)
	std  func([]byte) (any, error)
	full string // a realistic body setting every member
	// allocs is the most allocations a decode of full may make, the
	// wrapper's included; 0 means 3: the body string, one block of
	// values, and the wrapper.
	allocs float64
}

func wrap[T any](fn func([]byte, *T) error) func([]byte) (any, error) {
	return func(b []byte) (any, error) {
		var v T
		err := fn(b, &v)
		return v, err
	}
}

func wrapRef[T any](fn func([]byte) (T, error)) func([]byte) (any, error) {
	return func(b []byte) (any, error) { return fn(b) }
}

const (
	accessTok  = "aoaAAAAAGlJxN0XkRqVhZWxtcGxlLWFjY2Vzcy10b2tlbi12YWx1ZS0wMTIzNDU2Nzg5YWJjZGVmZ2hpams"
	refreshTok = "aorAAAAAGlJxN1ZtcGxlLXJlZnJlc2gtdG9rZW4tdmFsdWUtMDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3A"
	idTok      = "eyJraWQiOiJrZXktMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl"
)

var targets = []target{
	{
		name: "RegisterClient", mine: wrap(UnmarshalRegisterClientResponse),
		ref: wrapRef(refRegisterClientResponse), std: wrapRef(stdDecode[RegisterClientResponse]),
		full: `{"clientId":"_8sK9-bCxNjlMcMzA_gjZXUtY2VudHJhbC0x","clientSecret":"eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0",` +
			`"clientIdIssuedAt":1700000000,"clientSecretExpiresAt":1707776000,` +
			`"authorizationEndpoint":"https://oidc.us-east-1.amazonaws.com/authorize","tokenEndpoint":"https://oidc.us-east-1.amazonaws.com/token"}`,
	},
	{
		name: "StartDeviceAuthorization", mine: wrap(UnmarshalStartDeviceAuthorizationResponse),
		ref: wrapRef(refStartDeviceAuthorizationResponse), std: wrapRef(stdDecode[StartDeviceAuthorizationResponse]),
		full: `{"deviceCode":"Fd4kR1eS2x7mX9pQ-device-code","userCode":"ABCD-EFGH","verificationUri":"https://device.sso.us-east-1.amazonaws.com/",` +
			`"verificationUriComplete":"https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH","expiresIn":600,"interval":1}`,
	},
	{
		name: "CreateToken", mine: wrap(UnmarshalCreateTokenResponse),
		ref: wrapRef(refCreateTokenResponse), std: wrapRef(stdDecode[CreateTokenResponse]),
		full: `{"accessToken":"` + accessTok + `","tokenType":"Bearer","expiresIn":28800,"refreshToken":"` + refreshTok + `","idToken":"` + idTok + `"}`,
	},
	{
		name: "CreateTokenWithIAM", mine: wrap(UnmarshalCreateTokenWithIAMResponse),
		ref: wrapRef(refCreateTokenWithIAMResponse), std: wrapRef(stdDecode[CreateTokenWithIAMResponse]),
		full: `{"accessToken":"` + accessTok + `","tokenType":"Bearer","expiresIn":3600,"refreshToken":"` + refreshTok + `","idToken":"` + idTok + `",` +
			`"issuedTokenType":"urn:ietf:params:oauth:token-type:refresh_token","scope":["openid","aws","sts:identity_context"],` +
			`"awsAdditionalDetails":{"identityContext":"EXAMPLEIDENTITYCONTEXT"}}`,
	},
	{
		name: "GetRoleCredentials", mine: wrap(UnmarshalGetRoleCredentialsResponse),
		ref: wrapRef(refGetRoleCredentialsResponse), std: wrapRef(stdDecode[GetRoleCredentialsResponse]),
		full: `{"roleCredentials":{"accessKeyId":"ASIAEXAMPLEKEYID","secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",` +
			`"sessionToken":"IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==","expiration":1700003600000}}`,
	},
	{
		name: "ListAccounts", mine: wrap(UnmarshalListAccountsResponse),
		ref: wrapRef(refListAccountsResponse), std: wrapRef(stdDecode[ListAccountsResponse]),
		full: `{"nextToken":"AAMA-EFRSURBSGh0b2tlbi1wYWdlLTI=","accountList":[` +
			`{"accountId":"111122223333","accountName":"Production","emailAddress":"prod@example.com"},` +
			`{"accountId":"444455556666","accountName":"Sandbox","emailAddress":"sandbox@example.com"}]}`,
		allocs: 7, // body, nextToken, list (twice: it grows), a block per element, wrapper
	},
	{
		name: "ListAccountRoles", mine: wrap(UnmarshalListAccountRolesResponse),
		ref: wrapRef(refListAccountRolesResponse), std: wrapRef(stdDecode[ListAccountRolesResponse]),
		full: `{"nextToken":"AAMA-roles-page-2","roleList":[{"roleName":"ReadOnly","accountId":"111122223333"},` +
			`{"roleName":"AdministratorAccess","accountId":"111122223333"}]}`,
		allocs: 7,
	},
	{
		name: "ErrorBody", mine: wrap(UnmarshalErrorBody),
		ref: wrapRef(refErrorBody), std: wrapRef(stdDecode[ErrorBody]),
		full: `{"code":"InvalidRequestException","__type":"com.amazonaws.ssooidc#InvalidRequestException","message":"bad",` +
			`"error":"invalid_request","error_description":"Invalid request","reason":"KMS_AccessDeniedException",` +
			`"endpoint":"https://oidc.eu-west-1.amazonaws.com","region":"eu-west-1"}`,
	},
}

// check decodes body with mine and the reference and requires them to
// agree; it returns our value and error.
func (tg target) check(t *testing.T, body string) (any, error) {
	t.Helper()
	got, err := tg.mine([]byte(body))
	want, refErr := tg.ref([]byte(body))
	if (err == nil) != (refErr == nil) {
		t.Fatalf("%s(%q): ours err=%v, encoding/json reference err=%v", tg.name, body, err, refErr)
	}
	if err == nil {
		if d := diffAny(got, want); d != "" {
			t.Fatalf("%s(%q) disagrees with encoding/json (-ours +ref):\n%s", tg.name, body, d)
		}
	} else {
		var de *DecodeError
		if !errors.As(err, &de) || de.Offset < 0 || de.Offset > len(body) {
			t.Fatalf("%s(%q): error %#v is not a *DecodeError within the body", tg.name, body, err)
		}
	}
	return got, err
}

func TestFullBodies(t *testing.T) {
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			got, err := tg.check(t, tg.full)
			if err != nil {
				t.Fatal(err)
			}
			std, err := tg.std([]byte(tg.full))
			if err != nil {
				t.Fatal(err)
			}
			if d := diffAny(got, std); d != "" {
				t.Fatalf("differs from json.Unmarshal (-ours +std):\n%s", d)
			}
			// Pretty-printed, the same body must decode the same.
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, []byte(tg.full), "\r", "\t "); err != nil {
				t.Fatal(err)
			}
			got2, err := tg.check(t, " \n"+pretty.String()+"\t ")
			if err != nil {
				t.Fatal(err)
			}
			if d := diffAny(got2, got); d != "" {
				t.Fatalf("whitespace changed the result:\n%s", d)
			}
		})
	}
}

// unknownMembers has skipped members of every JSON type.
const unknownMembers = `"obj":{"a":[1,2.5,-3e+10,{"b":null,"c":[[],{}]}],"d":"e\"\\\/\u00e9\ud83d\ude00"},` +
	`"arr":[true,false,null,"x",0,-0.0e0,{"k":"v"},[["deep"]]],"emptyObj":{},"emptyArr":[],` +
	`"t":true,"f":false,"n":null,"num":123456789012345678901234567890e-99,"str":"a\u2028b\tc","ctl":"\u0000",` +
	`"inv":"` + "\xff\xfe" + `","ws": [ 1 , { "x" : [ ] } ]`

func TestUnknownMembersSkipped(t *testing.T) {
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			base, err := tg.mine([]byte(tg.full))
			if err != nil {
				t.Fatal(err)
			}
			for _, body := range []string{
				"{" + unknownMembers + "," + tg.full[1:],                    // before
				tg.full[:len(tg.full)-1] + "," + unknownMembers + "}",       // after
				"{" + unknownMembers + "}",                                  // only unknown
				`{"AccessToken":"x","EXPIRESIN":"x","clientid":1,"Code":2}`, // wrong case is unknown
			} {
				got, err := tg.check(t, body)
				if err != nil {
					t.Fatalf("%s: %v", body, err)
				}
				if strings.HasPrefix(body, `{"obj"`) && strings.HasSuffix(body, tg.full[1:]) {
					if d := diffAny(got, base); d != "" {
						t.Fatalf("unknown members changed the result:\n%s", d)
					}
				}
			}
		})
	}
}

// nullBody sets every member of every shape (and some unknown) to null.
const nullBody = `{"roleCredentials":null,"nextToken":null,"accountList":null,"roleList":null,"clientId":null,"clientSecret":null,"clientIdIssuedAt":null,"clientSecretExpiresAt":null,` +
	`"authorizationEndpoint":null,"tokenEndpoint":null,"deviceCode":null,"userCode":null,"verificationUri":null,` +
	`"verificationUriComplete":null,"expiresIn":null,"interval":null,"accessToken":null,"tokenType":null,` +
	`"refreshToken":null,"idToken":null,"issuedTokenType":null,"scope":null,"awsAdditionalDetails":null,` +
	`"code":null,"__type":null,"message":null,"error":null,"error_description":null,"reason":null,` +
	`"endpoint":null,"region":null,"other":null}`

func TestNullsLeaveMembersUnset(t *testing.T) {
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			got, err := tg.check(t, nullBody)
			if err != nil {
				t.Fatal(err)
			}
			zero, _ := tg.mine([]byte("{}"))
			if d := diffAny(got, zero); d != "" {
				t.Fatalf("nulls set something:\n%s", d)
			}
			// A later null unsets an earlier value: last wins.
			got, err = tg.check(t, tg.full[:len(tg.full)-1]+","+nullBody[1:])
			if err != nil {
				t.Fatal(err)
			}
			if d := diffAny(got, zero); d != "" {
				t.Fatalf("trailing nulls did not unset:\n%s", d)
			}
		})
	}
}

func TestUnmarshalCreateTokenResponseCases(t *testing.T) {
	type R = CreateTokenResponse
	cases := []struct {
		name, body string
		want       R
		err        string // substring of the expected error; "" for success
		std        bool   // a plain json.Unmarshal must agree too
	}{
		{name: "full", body: `{"accessToken":"a","tokenType":"Bearer","expiresIn":28800,"refreshToken":"r","idToken":"i"}`,
			want: R{AccessToken: ptr("a"), TokenType: ptr("Bearer"), ExpiresIn: 28800, RefreshToken: ptr("r"), IdToken: ptr("i")}, std: true},
		{name: "empty object", body: `{}`, std: true},
		{name: "empty string", body: `{"accessToken":""}`, want: R{AccessToken: ptr("")}, std: true},
		{name: "escapes", body: `{"accessToken":"a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20AC"}`,
			want: R{AccessToken: ptr("a\"b\\c/d\b\f\n\r\tAé€")}, std: true},
		{name: "escape first", body: `{"accessToken":"\nx"}`, want: R{AccessToken: ptr("\nx")}, std: true},
		{name: "surrogate pair", body: `{"accessToken":"\ud83d\ude00\uD83D\uDE00"}`, want: R{AccessToken: ptr("😀😀")}, std: true},
		{name: "lone high surrogate", body: `{"accessToken":"a\ud83db"}`, want: R{AccessToken: ptr("a\uFFFDb")}, std: true},
		{name: "lone high at end", body: `{"accessToken":"\ud83d"}`, want: R{AccessToken: ptr("\uFFFD")}, std: true},
		{name: "lone low surrogate", body: `{"accessToken":"\ude00x"}`, want: R{AccessToken: ptr("\uFFFDx")}, std: true},
		{name: "high then non-surrogate", body: `{"accessToken":"\ud83d\u0041"}`, want: R{AccessToken: ptr("\uFFFDA")}, std: true},
		{name: "high high low", body: `{"accessToken":"\ud83d\ud83d\ude00"}`, want: R{AccessToken: ptr("\uFFFD😀")}, std: true},
		{name: "low high", body: `{"accessToken":"\ude00\ud83d"}`, want: R{AccessToken: ptr("\uFFFD\uFFFD")}, std: true},
		{name: "high then bad escape", body: `{"accessToken":"\ud83d\uZZZZ"}`, err: `accessToken: invalid \u escape in string at offset 22`},
		{name: "invalid utf8", body: "{\"accessToken\":\"a\xffb\xc0\xafc\"}", want: R{AccessToken: ptr("a\uFFFDb\uFFFD\uFFFDc")}, std: true},
		{name: "invalid utf8 after escape", body: "{\"accessToken\":\"\\n\xed\xa0\x80\"}", want: R{AccessToken: ptr("\n\uFFFD\uFFFD\uFFFD")}, std: true},
		{name: "raw multibyte and U+2028", body: "{\"accessToken\":\"日本\u2028😀\"}", want: R{AccessToken: ptr("日本\u2028😀")}, std: true},
		{name: "escaped key", body: `{"access\u0054oken":"a","\u0065xpiresIn":1}`, want: R{AccessToken: ptr("a"), ExpiresIn: 1}, std: true},
		{name: "duplicate last wins", body: `{"accessToken":"a","accessToken":"b","expiresIn":1,"expiresIn":2}`,
			want: R{AccessToken: ptr("b"), ExpiresIn: 2}, std: true},
		{name: "duplicate null unsets int", body: `{"expiresIn":5,"expiresIn":null}`},
		{name: "case differs is unknown", body: `{"AccessToken":"a","EXPIRESIN":1}`},
		{name: "int32 max", body: `{"expiresIn":2147483647}`, want: R{ExpiresIn: 2147483647}, std: true},
		{name: "int32 min", body: `{"expiresIn":-2147483648}`, want: R{ExpiresIn: -2147483648}, std: true},
		{name: "negative zero", body: `{"expiresIn":-0}`, std: true},
		{name: "zero", body: `{"expiresIn":0}`, std: true},
		{name: "int32 max+1", body: `{"expiresIn":2147483648}`, err: "serde: expiresIn: number 2147483648 out of range for int32 at offset 13"},
		{name: "int32 min-1", body: `{"expiresIn":-2147483649}`, err: "serde: expiresIn: number -2147483649 out of range for int32 at offset 13"},
		{name: "3e9", body: `{"expiresIn":3000000000}`, err: "serde: expiresIn: number 3000000000 out of range for int32 at offset 13"},
		{name: "huge", body: `{"expiresIn":123456789012345678901234567890}`, err: "expiresIn: number 123456789012345678901234567890 out of range for int32"},
		{name: "fraction", body: `{"expiresIn":1.5}`, err: "serde: expiresIn: number 1.5 is not an integer at offset 13"},
		{name: "integral fraction", body: `{"expiresIn":1.0}`, err: "expiresIn: number 1.0 is not an integer"},
		{name: "exponent", body: `{"expiresIn":1e3}`, err: "expiresIn: number 1e3 is not an integer"},
		{name: "leading zero", body: `{"expiresIn":01}`, err: "invalid character '1' after object member at offset 14"},
		{name: "plus sign", body: `{"expiresIn":+1}`, err: "expiresIn: invalid character '+' looking for beginning of value at offset 13"},
		{name: "bare minus", body: `{"expiresIn":-}`, err: "expiresIn: invalid character '}' in numeric literal at offset 14"},
		{name: "dot no digits", body: `{"expiresIn":1.}`, err: "after decimal point"},
		{name: "string for number", body: `{"expiresIn":"3600"}`, err: "serde: expiresIn: expected number, found string at offset 13"},
		{name: "bool for number", body: `{"expiresIn":true}`, err: "expiresIn: expected number, found boolean"},
		{name: "number for string", body: `{"accessToken":1}`, err: "serde: accessToken: expected string, found number at offset 15"},
		{name: "object for string", body: `{"accessToken":{}}`, err: "accessToken: expected string, found object"},
		{name: "array for string", body: `{"idToken":["x"]}`, err: "idToken: expected string, found array"},
		{name: "bool for string", body: `{"tokenType":false}`, err: "tokenType: expected string, found boolean"},
		{name: "control char in string", body: "{\"accessToken\":\"a\x01\"}", err: "accessToken: control character in string at offset 17"},
		{name: "bad escape", body: `{"accessToken":"a\x"}`, err: "accessToken: invalid escape in string at offset 17"},
		{name: "bad hex", body: `{"accessToken":"\u12G4"}`, err: `accessToken: invalid \u escape in string at offset 16`},
		{name: "missing colon", body: `{"accessToken" "a"}`, err: `invalid character '"' after object key at offset 15`},
		{name: "trailing comma", body: `{"accessToken":"a",}`, err: "invalid character '}' looking for beginning of object key string at offset 19"},
		{name: "missing comma", body: `{"accessToken":"a" "b":1}`, err: `invalid character '"' after object member at offset 19`},
		{name: "single quotes", body: `{'a':1}`, err: `invalid character '\'' looking for beginning of object key string at offset 1`},
		{name: "bad literal", body: `{"x":tru}`, err: "invalid character '}' in literal true at offset 8"},
		{name: "bad null", body: `{"accessToken":nul}`, err: "accessToken: invalid character '}' in literal null at offset 18"},
		{name: "trailing garbage", body: `{} x`, err: "serde: invalid character 'x' after top-level object at offset 3"},
		{name: "two objects", body: `{}{}`, err: "invalid character '{' after top-level object at offset 2"},
		{name: "extra brace", body: `{"expiresIn":1}}`, err: "invalid character '}' after top-level object at offset 15"},
		{name: "nul byte after", body: "{}\x00", err: "invalid character byte 0x00 after top-level object at offset 2"},
		{name: "array body", body: `[]`, err: "serde: expected a JSON object, found array at offset 0"},
		{name: "string body", body: `"x"`, err: "expected a JSON object, found string at offset 0"},
		{name: "number body", body: `1`, err: "expected a JSON object, found number"},
		{name: "null body", body: `null`, err: "expected a JSON object, found null"},
		{name: "bool body", body: ` true`, err: "expected a JSON object, found boolean at offset 1"},
		{name: "garbage body", body: `<html>`, err: "invalid character '<' looking for beginning of object at offset 0"},
		// restJson1: an empty body (a 204, a 200 without content) is the
		// empty structure.
		{name: "empty body", body: ``},
		{name: "blank body", body: " \r\n\t"},
		{name: "truncated", body: `{"accessToken":"abc`, err: "accessToken: unexpected end of body in string at offset 19"},
		{name: "truncated after key", body: `{"expiresIn"`, err: "unexpected end of body after object key at offset 12"},
		{name: "bad in unknown", body: `{"x":[1,2}`, err: "invalid character '}' after array element at offset 9"},
		{name: "bad key in unknown", body: `{"x":{1:2}}`, err: "invalid character '1' looking for beginning of object key string at offset 6"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalCreateTokenResponse([]byte(tc.body), &got)
			ref, refErr := refCreateTokenResponse([]byte(tc.body))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.err)
				}
				if refErr == nil {
					t.Fatalf("encoding/json reference accepts %q", tc.body)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diffAny(got, tc.want); d != "" {
				t.Fatalf("(-got +want):\n%s", d)
			}
			if refErr != nil {
				t.Fatalf("reference: %v", refErr)
			}
			if d := diffAny(got, ref); d != "" {
				t.Fatalf("disagrees with reference (-ours +ref):\n%s", d)
			}
			if tc.std {
				std, err := stdDecode[R]([]byte(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				if d := diffAny(got, std); d != "" {
					t.Fatalf("disagrees with json.Unmarshal (-ours +std):\n%s", d)
				}
			}
		})
	}
}

func TestUnmarshalRegisterClientResponseCases(t *testing.T) {
	type R = RegisterClientResponse
	cases := []struct {
		name, body string
		want       R
		err        string
	}{
		{name: "int64 max", body: `{"clientIdIssuedAt":9223372036854775807,"clientSecretExpiresAt":-9223372036854775808}`,
			want: R{ClientIdIssuedAt: 9223372036854775807, ClientSecretExpiresAt: -9223372036854775808}},
		{name: "int64 max+1", body: `{"clientIdIssuedAt":9223372036854775808}`,
			err: "serde: clientIdIssuedAt: number 9223372036854775808 out of range for int64 at offset 20"},
		{name: "int64 min-1", body: `{"clientSecretExpiresAt":-9223372036854775809}`,
			err: "clientSecretExpiresAt: number -9223372036854775809 out of range for int64"},
		{name: "20 digits", body: `{"clientIdIssuedAt":18446744073709551616}`, err: "out of range for int64"},
		{name: "wraps uint64", body: `{"clientIdIssuedAt":99999999999999999999}`, err: "out of range for int64"},
		{name: "beyond int32 ok", body: `{"clientIdIssuedAt":3000000000}`, want: R{ClientIdIssuedAt: 3000000000}},
		{name: "exponent", body: `{"clientIdIssuedAt":1.7e9}`, err: "clientIdIssuedAt: number 1.7e9 is not an integer"},
		{name: "long number clipped", body: `{"clientIdIssuedAt":1.` + strings.Repeat("5", 100) + `}`,
			err: "clientIdIssuedAt: number 1." + strings.Repeat("5", 38) + "... is not an integer"},
		{name: "string for long", body: `{"clientSecretExpiresAt":"1"}`, err: "clientSecretExpiresAt: expected number, found string"},
		{name: "null", body: `{"clientId":null,"clientIdIssuedAt":null}`},
		{name: "strings", body: `{"clientId":"id","clientSecret":"s\u0065c","authorizationEndpoint":"a","tokenEndpoint":"t"}`,
			want: R{ClientId: ptr("id"), ClientSecret: ptr("sec"), AuthorizationEndpoint: ptr("a"), TokenEndpoint: ptr("t")}},
		{name: "number for string", body: `{"clientSecret":12}`, err: "clientSecret: expected string, found number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalRegisterClientResponse([]byte(tc.body), &got)
			checkCase(t, tc.body, got, err, tc.want, tc.err, wrapRef(refRegisterClientResponse))
		})
	}
}

func TestUnmarshalStartDeviceAuthorizationResponseCases(t *testing.T) {
	type R = StartDeviceAuthorizationResponse
	cases := []struct {
		name, body string
		want       R
		err        string
	}{
		{name: "limits", body: `{"expiresIn":-2147483648,"interval":2147483647}`, want: R{ExpiresIn: -2147483648, Interval: 2147483647}},
		{name: "interval out of range", body: `{"interval":2147483648}`, err: "serde: interval: number 2147483648 out of range for int32 at offset 12"},
		{name: "interval fraction", body: `{"interval":5.5}`, err: "interval: number 5.5 is not an integer"},
		{name: "interval string", body: `{"interval":"5"}`, err: "interval: expected number, found string"},
		{name: "strings", body: `{"deviceCode":"d","userCode":"U","verificationUri":"v","verificationUriComplete":"vc"}`,
			want: R{DeviceCode: ptr("d"), UserCode: ptr("U"), VerificationUri: ptr("v"), VerificationUriComplete: ptr("vc")}},
		{name: "array for string", body: `{"userCode":[]}`, err: "userCode: expected string, found array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalStartDeviceAuthorizationResponse([]byte(tc.body), &got)
			checkCase(t, tc.body, got, err, tc.want, tc.err, wrapRef(refStartDeviceAuthorizationResponse))
		})
	}
}

func TestUnmarshalCreateTokenWithIAMResponseCases(t *testing.T) {
	type R = CreateTokenWithIAMResponse
	type D = AwsAdditionalDetails
	many := []string{"a", "b", "c", "d", "e", "f", "g"}
	cases := []struct {
		name, body string
		want       R
		err        string
	}{
		{name: "scope list", body: `{"scope":["openid","aws"]}`, want: R{Scope: []string{"openid", "aws"}}},
		{name: "scope empty", body: `{"scope":[]}`, want: R{Scope: []string{}}},
		{name: "scope empty spaced", body: `{"scope":[ ]}`, want: R{Scope: []string{}}},
		{name: "scope null", body: `{"scope":null}`},
		{name: "scope longer than block", body: `{"scope":["a","b","c","d","e","f","g"]}`, want: R{Scope: many}},
		{name: "scope escapes", body: `{"scope":["\u0061", "b\n" ]}`, want: R{Scope: []string{"a", "b\n"}}},
		{name: "scope duplicate last wins", body: `{"scope":["a","b","c"],"scope":["x"]}`, want: R{Scope: []string{"x"}}},
		{name: "scope null element", body: `{"scope":["a",null,"b"]}`, want: R{Scope: []string{"a", "", "b"}}},
		{name: "scope only null", body: `{"scope":[ null ]}`, want: R{Scope: []string{""}}},
		{name: "scope bad null", body: `{"scope":[nul]}`, err: "scope: invalid character ']' in literal null at offset 13"},
		{name: "scope number element", body: `{"scope":[1]}`, err: "scope[0]: expected string, found number at offset 10"},
		{name: "scope nested list", body: `{"scope":[["a"]]}`, err: "scope[0]: expected string, found array"},
		{name: "scope object", body: `{"scope":{}}`, err: "scope: expected array, found object at offset 9"},
		{name: "scope string", body: `{"scope":"openid"}`, err: "scope: expected array, found string"},
		{name: "scope trailing comma", body: `{"scope":["a",]}`, err: "scope[1]: invalid character ']' looking for beginning of value at offset 14"},
		{name: "scope missing comma", body: `{"scope":["a" "b"]}`, err: `scope: invalid character '"' after array element at offset 14`},
		{name: "scope truncated", body: `{"scope":["a"`, err: "scope: unexpected end of body after array element at offset 13"},
		{name: "details", body: `{"awsAdditionalDetails":{"identityContext":"ctx"}}`, want: R{AwsAdditionalDetails: &D{IdentityContext: ptr("ctx")}}},
		{name: "details empty", body: `{"awsAdditionalDetails":{}}`, want: R{AwsAdditionalDetails: &D{}}},
		{name: "details null", body: `{"awsAdditionalDetails":null}`},
		{name: "details context null", body: `{"awsAdditionalDetails":{"identityContext":null}}`, want: R{AwsAdditionalDetails: &D{}}},
		{name: "details unknown members", body: `{"awsAdditionalDetails":{"x":[{"y":1}],"identityContext":"c","z":null}}`,
			want: R{AwsAdditionalDetails: &D{IdentityContext: ptr("c")}}},
		{name: "details repeated replaces", body: `{"awsAdditionalDetails":{"identityContext":"c"},"awsAdditionalDetails":{}}`,
			want: R{AwsAdditionalDetails: &D{}}},
		{name: "details wrong type", body: `{"awsAdditionalDetails":[]}`, err: "awsAdditionalDetails: expected object, found array at offset 24"},
		{name: "details context wrong type", body: `{"awsAdditionalDetails":{"identityContext":1}}`,
			err: "serde: awsAdditionalDetails.identityContext: expected string, found number at offset 43"},
		{name: "details trailing comma", body: `{"awsAdditionalDetails":{"identityContext":"c",}}`,
			err: "awsAdditionalDetails: invalid character '}' looking for beginning of object key string"},
		{name: "details truncated", body: `{"awsAdditionalDetails":{`, err: "awsAdditionalDetails: unexpected end of body in object at offset 25"},
		{name: "issuedTokenType", body: `{"issuedTokenType":"urn:x","expiresIn":7}`, want: R{IssuedTokenType: ptr("urn:x"), ExpiresIn: 7}},
		{name: "expiresIn range", body: `{"expiresIn":-2147483649}`, err: "expiresIn: number -2147483649 out of range for int32"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalCreateTokenWithIAMResponse([]byte(tc.body), &got)
			checkCase(t, tc.body, got, err, tc.want, tc.err, wrapRef(refCreateTokenWithIAMResponse))
		})
	}
}

func TestUnmarshalErrorBodyCases(t *testing.T) {
	type R = ErrorBody
	cases := []struct {
		name, body string
		want       R
		err        string
	}{
		{name: "empty", body: ``},
		{name: "blank", body: " \n\t\r "},
		{name: "empty object", body: `{}`},
		{name: "aws json 1.1 style", body: `{"__type":"InvalidClientException","Message":"bad client"}`,
			want: R{Type: ptr("InvalidClientException"), Message: ptr("bad client")}},
		{name: "oauth style", body: `{"error":"authorization_pending","error_description":"Authorization is pending"}`,
			want: R{Error: ptr("authorization_pending"), ErrorDescription: ptr("Authorization is pending")}},
		{name: "message any case", body: `{"mEsSaGe":"x"}`, want: R{Message: ptr("x")}},
		{name: "MESSAGE", body: `{"MESSAGE":"x"}`, want: R{Message: ptr("x")}},
		{name: "message last wins across case", body: `{"message":"a","Message":"b"}`, want: R{Message: ptr("b")}},
		{name: "message unicode fold not matched", body: `{"meſſage":"x"}`},
		{name: "message escaped key", body: `{"M\u0065ssage":"x"}`, want: R{Message: ptr("x")}},
		{name: "other keys exact", body: `{"Code":"x","Error":"y","Region":"z","__Type":"t"}`},
		{name: "region endpoint reason code", body: `{"code":"c","reason":"r","endpoint":"e","region":"g"}`,
			want: R{Code: ptr("c"), Reason: ptr("r"), Endpoint: ptr("e"), Region: ptr("g")}},
		{name: "wrong type", body: `{"message":404}`, err: "serde: message: expected string, found number at offset 11"},
		{name: "wrong type Message", body: `{"Message":{}}`, err: "message: expected string, found object"},
		{name: "html body", body: `<html><body>502</body></html>`, err: "invalid character '<' looking for beginning of object at offset 0"},
		// JSON that is not an object carries no error members: the caller
		// reports the status, as the official SDKs do.
		{name: "null body", body: ` null `},
		{name: "array body", body: `[]`},
		{name: "array of objects", body: `[{"message":"x"},[1]]`},
		{name: "string body", body: `"Bad Gateway"`},
		{name: "number body", body: `502`},
		{name: "bool body", body: `false`},
		{name: "truncated array", body: `[1,`, err: "unexpected end of body looking for beginning of value at offset 3"},
		{name: "array then garbage", body: `[] x`, err: "invalid character 'x' after top-level object at offset 3"},
		{name: "bad literal body", body: `nul`, err: "unexpected end of body in literal null at offset 3"},
		{name: "blank then garbage", body: "  x", err: "invalid character 'x' looking for beginning of object at offset 2"},
		{name: "truncated", body: `{"message":"abc`, err: "message: unexpected end of body in string at offset 15"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalErrorBody([]byte(tc.body), &got)
			checkCase(t, tc.body, got, err, tc.want, tc.err, wrapRef(refErrorBody))
		})
	}
}

// checkCase checks one table case and cross-checks it with the reference.
func checkCase(t *testing.T, body string, got any, err error, want any, wantErr string, ref func([]byte) (any, error)) {
	t.Helper()
	refGot, refErr := ref([]byte(body))
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("error = %v, want it to contain %q", err, wantErr)
		}
		if refErr == nil {
			t.Fatalf("encoding/json reference accepts %q", body)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := diffAny(got, want); d != "" {
		t.Fatalf("(-got +want):\n%s", d)
	}
	if refErr != nil {
		t.Fatalf("reference: %v", refErr)
	}
	if d := diffAny(got, refGot); d != "" {
		t.Fatalf("disagrees with reference (-ours +ref):\n%s", d)
	}
}

// TestTruncatedBodies cuts valid bodies at every length: each prefix must
// fail cleanly (the empty prefix excepted: it is the empty structure),
// never panic.
func TestTruncatedBodies(t *testing.T) {
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			bodies := []string{
				tg.full,
				"{" + unknownMembers + "," + tg.full[1:],
				`{"accessToken":"a\"\u00e9\ud83d\ude00","expiresIn":-12,"x":[true,false,null,1.5e-3,{"y":"z"}],"message":"m"}`,
			}
			for _, body := range bodies {
				if _, err := tg.check(t, body); err != nil {
					t.Fatalf("full body: %v", err)
				}
				for i := 0; i < len(body); i++ {
					prefix := body[:i]
					_, err := tg.check(t, prefix)
					if strings.TrimSpace(prefix) == "" {
						if err != nil {
							t.Fatalf("blank prefix %q: %v", prefix, err)
						}
						continue
					}
					if err == nil {
						t.Fatalf("prefix %q accepted", prefix)
					}
					if msg := err.Error(); !strings.Contains(msg, "unexpected end of body") {
						t.Fatalf("prefix %q: error %q does not say the body ended", prefix, msg)
					}
				}
			}
		})
	}
}

func TestGarbageAndNonObjects(t *testing.T) {
	bodies := []string{
		"", " ", "[]", `"x"`, "1", "-1.5", "null", "true", "false", "{", "}", "{}}", "{} {}", "{}x", "{},", "{}]",
		"[{}]", "{]", `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{:1}`, `{"a":1 "b":2}`, `{"a":[}`, `{"a":[1,]}`, `{"a":[,]}`,
		`{"a":{"b"}}`, `{"a":{"b":}}`, `{"a":{,}}`, `{"a":"\`, `{"a":"\u`, `{"a":"\u00`, `{"a":"\u00zz"}`, `{"a":"\z"}`,
		"{\"a\":\"\x1f\"}", "{\"a\":\"\t\"}", `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":1e}`, `{"a":1e+}`, `{"a":.1}`,
		`{"a":t}`, `{"a":True}`, `{"a":nulll}`, `{"a":NaN}`, `{"a":Infinity}`, `{a:1}`, "\ufeff{}", "{\"a\":1}\x00",
		`{"a":"b"}"`, "{\x00}", `{"a" : 1 , }`, "{\"a\":\"\xff\"}", `{"a":[1] 2}`, `{"a":{} 2}`,
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			for _, body := range bodies {
				// check compares with the reference: both accept or both
				// reject, and errors are *DecodeError inside the body.
				tg.check(t, body)
			}
		})
	}
}

// TestDeepNesting checks the depth cap: the body's object is level 1, so an
// unknown member may hold 999 nested containers but not 1000, and hostile
// depth fails fast instead of exhausting the stack.
func TestDeepNesting(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			for _, c := range []struct{ open, close string }{{"[", "]"}, {`{"k":`, "}"}, {`[{"k":`, "}]"}} {
				per := strings.Count(c.open, "{") + strings.Count(c.open, "[")
				ok := `{"x":` + nest(c.open, c.close, (maxDepth-1)/per) + "}"
				if _, err := tg.check(t, ok); err != nil {
					t.Fatalf("depth %d: %v", maxDepth, err)
				}
				tooDeep := `{"x":` + nest("[", "]", maxDepth) + "}"
				if _, err := tg.mine([]byte(tooDeep)); err == nil || !strings.Contains(err.Error(), "nesting deeper than 1000 levels") {
					t.Fatalf("depth %d: err = %v", maxDepth+1, err)
				}
			}
			hostile := `{"x":` + strings.Repeat("[", 1_000_000)
			if _, err := tg.mine([]byte(hostile)); err == nil || !strings.Contains(err.Error(), "nesting") {
				t.Fatalf("hostile depth: err = %v", err)
			}
		})
	}
	// Inside awsAdditionalDetails the budget is one level smaller.
	var v CreateTokenWithIAMResponse
	ok := `{"awsAdditionalDetails":{"x":` + nest("[", "]", maxDepth-2) + `}}`
	if err := UnmarshalCreateTokenWithIAMResponse([]byte(ok), &v); err != nil {
		t.Fatal(err)
	}
	bad := `{"awsAdditionalDetails":{"x":` + nest("[", "]", maxDepth-1) + `}}`
	if err := UnmarshalCreateTokenWithIAMResponse([]byte(bad), &v); err == nil {
		t.Fatal("depth 1001 accepted")
	}
}

// TestErrorsDoNotLeakValues checks that no error quotes a string value.
func TestErrorsDoNotLeakValues(t *testing.T) {
	const secret = "SECRETtoken"
	bodies := []string{
		`{"accessToken":"` + secret + `\q"}`,
		`{"accessToken":"` + secret + `\u12"}`,
		`{"accessToken":"` + secret + "\x01\"}",
		`{"accessToken":"` + secret,
		`{"accessToken":"` + secret + `","expiresIn":"` + secret + `"}`,
		`{"accessToken":"` + secret + `","expiresIn":1.5}`,
		`{"accessToken":"` + secret + `"} "` + secret + `"`,
		`{"scope":["` + secret + `",1]}`,
		`{"message":"` + secret + `","code":1}`,
		`{"x":"` + secret + `\q"}`,
		`{"` + secret + `\q":1}`,
		`"` + secret + `"`,
		`"` + secret,
		`["` + secret + `\q"]`,
	}
	failed := 0
	for _, tg := range targets {
		for _, body := range bodies {
			// Some bodies are fine for some shapes (unknown members).
			if _, err := tg.mine([]byte(body)); err != nil {
				failed++
				if strings.Contains(err.Error(), "SECRET") {
					t.Fatalf("%s: error leaks the value: %v", tg.name, err)
				}
			}
		}
	}
	if failed < 4*len(bodies) {
		t.Fatalf("only %d of %d decodes failed", failed, len(targets)*len(bodies))
	}
}

// TestAllocationBudget checks the allocation budget: the body string
// plus one block of values, whatever the number of members.
func TestAllocationBudget(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented build")
	}
	for _, tg := range targets {
		body := []byte(tg.full)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := tg.mine(body); err != nil {
				t.Fatal(err)
			}
		})
		// +1 for boxing the result into an interface in the wrapper.
		if want := cmp.Or(tg.allocs, 3); allocs > want {
			t.Errorf("%s: %v allocs per decode, want at most %v (the wrapper's included)", tg.name, allocs, want)
		}
	}
	body := []byte(targets[2].full)
	var v CreateTokenResponse
	if allocs := testing.AllocsPerRun(100, func() { _ = UnmarshalCreateTokenResponse(body, &v) }); allocs != 2 {
		t.Errorf("CreateToken: %v allocs, want 2", allocs)
	}
	body = []byte(targets[3].full)
	var w CreateTokenWithIAMResponse
	if allocs := testing.AllocsPerRun(100, func() { _ = UnmarshalCreateTokenWithIAMResponse(body, &w) }); allocs != 2 {
		t.Errorf("CreateTokenWithIAM: %v allocs, want 2", allocs)
	}
}

// TestStringsDetachedFromInput checks that values point into the decoder's
// own copy of the body: the caller may reuse its buffer afterwards.
func TestStringsDetachedFromInput(t *testing.T) {
	body := []byte(`{"accessToken":"abc","tokenType":"Bearer"}`)
	var v CreateTokenResponse
	if err := UnmarshalCreateTokenResponse(body, &v); err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = 'X'
	}
	if *v.AccessToken != "abc" || *v.TokenType != "Bearer" {
		t.Fatalf("values alias the caller's buffer: %q %q", *v.AccessToken, *v.TokenType)
	}
}
