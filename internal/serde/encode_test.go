package serde

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func ptr(s string) *string { return &s }

// nasty holds strings that exercise every escaping rule, with their exact
// encoding.
var nasty = []struct {
	name, in, want string
}{
	{"empty", "", `""`},
	{"plain", "abc DEF 123 ~!@#$%^&*()_+-=<>?/", `"abc DEF 123 ~!@#$%^&*()_+-=<>?/"`},
	{"quote", `a"b`, `"a\"b"`},
	{"backslash", `a\b`, `"a\\b"`},
	{"slash is not escaped", "a/b", `"a/b"`},
	{"newline cr tab", "a\nb\rc\td", `"a\nb\rc\td"`},
	{"backspace and formfeed", "\b\f", `"\u0008\u000c"`},
	{"nul", "\x00", `"\u0000"`},
	{"unit separator", "\x1f", `"\u001f"`},
	{"del is plain", "\x7f", "\"\x7f\""},
	{"u2028 u2029", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
	{"invalid byte", "a\xffb", `"a\ufffdb"`},
	{"truncated sequence", "a\xe2\x80", `"a\ufffd\ufffd"`},
	{"encoded surrogate", "\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`},
	{"overlong", "\xc0\xaf", `"\ufffd\ufffd"`},
	{"multibyte", "héllo 日本 😀", `"héllo 日本 😀"`},
	{"real replacement char", "\uFFFD", "\"\uFFFD\""},
	{"mixed", "\"\\\n\x01é\u2028\xff", `"\"\\\n\u0001é\u2028\ufffd"`},
}

func TestAppendStringNasty(t *testing.T) {
	for _, tc := range nasty {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendString([]byte("prefix:"), tc.in))
			if got != "prefix:"+tc.want {
				t.Errorf("appendString(%q) = %q, want %q", tc.in, got, "prefix:"+tc.want)
			}
			if n := sizeString(tc.in); n != len(tc.want) {
				t.Errorf("sizeString(%q) = %d, want %d", tc.in, n, len(tc.want))
			}
			if !json.Valid([]byte(tc.want)) {
				t.Errorf("%s is not valid JSON", tc.want)
			}
		})
	}
}

func TestAppendStringEveryControlChar(t *testing.T) {
	for c := 0; c < 0x20; c++ {
		in := string(rune(c))
		var want string
		switch c {
		case '\n':
			want = `"\n"`
		case '\r':
			want = `"\r"`
		case '\t':
			want = `"\t"`
		default:
			want = `"\u00` + string(hexDigits[c>>4]) + string(hexDigits[c&0xf]) + `"`
		}
		if got := string(appendString(nil, in)); got != want {
			t.Errorf("control %#x: got %s, want %s", c, got, want)
		}
		if n := sizeString(in); n != len(want) {
			t.Errorf("control %#x: size %d, want %d", c, n, len(want))
		}
	}
}

// randomString mixes random bytes, plain runs and the characters the
// encoder treats specially.
func randomString(r *rand.Rand) string {
	special := []string{"\"", "\\", "\n", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "é", "日", "😀",
		"\xff", "\xe2\x80", "\xed\xa0\x80", "\uFFFD", "<", "&", "/"}
	var b strings.Builder
	for n := r.IntN(40); n > 0; n-- {
		switch r.IntN(4) {
		case 0:
			b.WriteByte(byte(r.IntN(256)))
		case 1:
			b.WriteString(special[r.IntN(len(special))])
		case 2:
			b.WriteRune(rune(r.IntN(0x110000)))
		default:
			b.WriteString("plainASCII-run_")
		}
	}
	return b.String()
}

// TestAppendStringProperty checks, for random strings, that the output is
// valid JSON that decodes (with encoding/json) to what encoding/json's own
// encoding decodes to, that the size is exact, and that our decoder reads
// it back the same way.
func TestAppendStringProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		checkStringRoundTrip(t, randomString(r))
	}
}

func checkStringRoundTrip(t *testing.T, s string) {
	t.Helper()
	out := appendString(nil, s)
	if !json.Valid(out) {
		t.Fatalf("appendString(%q) = %q: not valid JSON", s, out)
	}
	if len(out) != sizeString(s) {
		t.Fatalf("sizeString(%q) = %d, encoded length %d", s, sizeString(s), len(out))
	}
	var got, want string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("json.Unmarshal(%q): %v", out, err)
	}
	std, _ := json.Marshal(s)
	if err := json.Unmarshal(std, &want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("round trip of %q: got %q, want %q", s, got, want)
	}
	if want != strings.ToValidUTF8(want, "\uFFFD") || !utf8.ValidString(got) {
		t.Fatalf("round trip of %q is not valid UTF-8", s)
	}
	d := decoder{s: string(out)}
	mine, err := d.readString("")
	if err != nil || mine != want || d.pos != len(out) {
		t.Fatalf("readString(%q) = %q, %v, pos %d; want %q", out, mine, err, d.pos, want)
	}
}

func TestMarshalRegisterClientRequest(t *testing.T) {
	cases := []struct {
		name string
		in   *RegisterClientRequest
		want string
	}{
		{"nil", nil, `{}`},
		{"none set", &RegisterClientRequest{}, `{}`},
		{"all set", &RegisterClientRequest{
			ClientName:             ptr("my-cli"),
			ClientType:             ptr("public"),
			Scopes:                 []string{"sso:account:access", "openid"},
			RedirectUris:           []string{"http://127.0.0.1:8080/oauth/callback"},
			GrantTypes:             []string{"authorization_code", "refresh_token"},
			IssuerUrl:              ptr("https://identitycenter.amazonaws.com/ssoins-1"),
			EntitledApplicationArn: ptr("arn:aws:sso::123456789012:application/ssoins-1/apl-1"),
		}, `{"clientName":"my-cli","clientType":"public","scopes":["sso:account:access","openid"],` +
			`"redirectUris":["http://127.0.0.1:8080/oauth/callback"],"grantTypes":["authorization_code","refresh_token"],` +
			`"issuerUrl":"https://identitycenter.amazonaws.com/ssoins-1",` +
			`"entitledApplicationArn":"arn:aws:sso::123456789012:application/ssoins-1/apl-1"}`},
		{"empty lists", &RegisterClientRequest{Scopes: []string{}, RedirectUris: []string{}, GrantTypes: []string{}},
			`{"scopes":[],"redirectUris":[],"grantTypes":[]}`},
		{"empty strings", &RegisterClientRequest{ClientName: ptr(""), ClientType: ptr("")},
			`{"clientName":"","clientType":""}`},
		{"last member only", &RegisterClientRequest{EntitledApplicationArn: ptr("arn")}, `{"entitledApplicationArn":"arn"}`},
		{"nasty", &RegisterClientRequest{ClientName: ptr("a\"\\\n\x01\u2028\xff日"), Scopes: []string{"", "\t"}},
			`{"clientName":"a\"\\\n\u0001\u2028\ufffd日","scopes":["","\t"]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkMarshal(t, tc.want, AppendRegisterClientRequest, SizeRegisterClientRequest, tc.in)
		})
	}
}

func TestMarshalStartDeviceAuthorizationRequest(t *testing.T) {
	cases := []struct {
		name string
		in   *StartDeviceAuthorizationRequest
		want string
	}{
		{"nil", nil, `{}`},
		{"none set", &StartDeviceAuthorizationRequest{}, `{}`},
		{"all set", &StartDeviceAuthorizationRequest{ClientId: ptr("cid"), ClientSecret: ptr("secret"), StartUrl: ptr("https://d-123.awsapps.com/start")},
			`{"clientId":"cid","clientSecret":"secret","startUrl":"https://d-123.awsapps.com/start"}`},
		{"middle only", &StartDeviceAuthorizationRequest{ClientSecret: ptr("s")}, `{"clientSecret":"s"}`},
		{"nasty", &StartDeviceAuthorizationRequest{StartUrl: ptr("\u2029\x00\"")}, `{"startUrl":"\u2029\u0000\""}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkMarshal(t, tc.want, AppendStartDeviceAuthorizationRequest, SizeStartDeviceAuthorizationRequest, tc.in)
		})
	}
}

func TestMarshalCreateTokenRequest(t *testing.T) {
	cases := []struct {
		name string
		in   *CreateTokenRequest
		want string
	}{
		{"nil", nil, `{}`},
		{"none set", &CreateTokenRequest{}, `{}`},
		{"all set", &CreateTokenRequest{
			ClientId: ptr("cid"), ClientSecret: ptr("sec"), GrantType: ptr("urn:ietf:params:oauth:grant-type:device_code"),
			DeviceCode: ptr("dc"), Code: ptr("c"), RefreshToken: ptr("rt"), Scope: []string{"a", "b"},
			RedirectUri: ptr("http://localhost/cb"), CodeVerifier: ptr("cv"),
		}, `{"clientId":"cid","clientSecret":"sec","grantType":"urn:ietf:params:oauth:grant-type:device_code",` +
			`"deviceCode":"dc","code":"c","refreshToken":"rt","scope":["a","b"],"redirectUri":"http://localhost/cb","codeVerifier":"cv"}`},
		{"empty scope", &CreateTokenRequest{Scope: []string{}}, `{"scope":[]}`},
		{"nil scope omitted", &CreateTokenRequest{ClientId: ptr("x"), Scope: nil}, `{"clientId":"x"}`},
		{"nasty", &CreateTokenRequest{RefreshToken: ptr("\x1f\x7f\xc0"), Scope: []string{"\"", "\\"}},
			"{\"refreshToken\":\"\\u001f\x7f\\ufffd\",\"scope\":[\"\\\"\",\"\\\\\"]}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkMarshal(t, tc.want, AppendCreateTokenRequest, SizeCreateTokenRequest, tc.in)
		})
	}
}

func TestMarshalCreateTokenWithIAMRequest(t *testing.T) {
	cases := []struct {
		name string
		in   *CreateTokenWithIAMRequest
		want string
	}{
		{"nil", nil, `{}`},
		{"none set", &CreateTokenWithIAMRequest{}, `{}`},
		{"all set", &CreateTokenWithIAMRequest{
			ClientId: ptr("arn:aws:sso::1:application/a"), GrantType: ptr("g"), Code: ptr("c"), RefreshToken: ptr("r"),
			Assertion: ptr("jwt"), Scope: []string{"s"}, RedirectUri: ptr("u"), SubjectToken: ptr("st"),
			SubjectTokenType:   ptr("urn:ietf:params:oauth:token-type:access_token"),
			RequestedTokenType: ptr("urn:ietf:params:oauth:token-type:refresh_token"), CodeVerifier: ptr("v"),
		}, `{"clientId":"arn:aws:sso::1:application/a","grantType":"g","code":"c","refreshToken":"r","assertion":"jwt",` +
			`"scope":["s"],"redirectUri":"u","subjectToken":"st","subjectTokenType":"urn:ietf:params:oauth:token-type:access_token",` +
			`"requestedTokenType":"urn:ietf:params:oauth:token-type:refresh_token","codeVerifier":"v"}`},
		{"empty scope", &CreateTokenWithIAMRequest{Scope: []string{}}, `{"scope":[]}`},
		{"nasty", &CreateTokenWithIAMRequest{Assertion: ptr("é\u2028\n")}, `{"assertion":"é\u2028\n"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkMarshal(t, tc.want, AppendCreateTokenWithIAMRequest, SizeCreateTokenWithIAMRequest, tc.in)
		})
	}
}

// checkMarshal checks exact bytes, that the output is appended after
// existing content, that the size is exact and that the body is valid JSON.
func checkMarshal[T any](t *testing.T, want string, appendFn func([]byte, *T) []byte, sizeFn func(*T) int, in *T) {
	t.Helper()
	got := appendFn([]byte("xx"), in)
	if string(got) != "xx"+want {
		t.Errorf("got  %s\nwant %s", got[2:], want)
	}
	if n := sizeFn(in); n != len(want) {
		t.Errorf("size = %d, want %d", n, len(want))
	}
	if !json.Valid([]byte(want)) {
		t.Errorf("want %s is not valid JSON", want)
	}
	// Sized exactly, the append must not reallocate.
	buf := make([]byte, 0, sizeFn(in))
	if out := appendFn(buf, in); cap(out) != cap(buf) {
		t.Errorf("append reallocated: cap %d -> %d", cap(buf), cap(out))
	}
}

// jsonCreateTokenRequest is CreateTokenRequest with json tags, for
// comparing with encoding/json.
type jsonCreateTokenRequest struct {
	ClientId     *string  `json:"clientId,omitempty"`
	ClientSecret *string  `json:"clientSecret,omitempty"`
	GrantType    *string  `json:"grantType,omitempty"`
	DeviceCode   *string  `json:"deviceCode,omitempty"`
	Code         *string  `json:"code,omitempty"`
	RefreshToken *string  `json:"refreshToken,omitempty"`
	Scope        []string `json:"scope"`
	RedirectUri  *string  `json:"redirectUri,omitempty"`
	CodeVerifier *string  `json:"codeVerifier,omitempty"`
}

// TestMarshalRandomRequests encodes random requests and decodes them back
// with encoding/json: every member must survive (modulo the UTF-8 repair
// both sides apply) and the size must be exact.
func TestMarshalRandomRequests(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	maybe := func() *string {
		if r.IntN(3) == 0 {
			return nil
		}
		return ptr(randomString(r))
	}
	list := func() []string {
		if r.IntN(3) == 0 {
			return nil
		}
		l := make([]string, r.IntN(4))
		for i := range l {
			l[i] = randomString(r)
		}
		return l
	}
	for i := 0; i < 2000; i++ {
		in := CreateTokenRequest{maybe(), maybe(), maybe(), maybe(), maybe(), maybe(), list(), maybe(), maybe()}
		out := AppendCreateTokenRequest(nil, &in)
		if len(out) != SizeCreateTokenRequest(&in) {
			t.Fatalf("size %d, encoded %d", SizeCreateTokenRequest(&in), len(out))
		}
		var got jsonCreateTokenRequest
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		// Invalid UTF-8 is repaired per byte (strings.ToValidUTF8 would
		// merge runs), so the expected strings go through encoding/json.
		want := in
		for _, p := range []**string{&want.ClientId, &want.ClientSecret, &want.GrantType, &want.DeviceCode, &want.Code,
			&want.RefreshToken, &want.RedirectUri, &want.CodeVerifier} {
			if *p != nil {
				std, _ := json.Marshal(**p)
				var s string
				_ = json.Unmarshal(std, &s)
				*p = &s
			}
		}
		if want.Scope != nil {
			scope := make([]string, len(want.Scope))
			for i, s := range want.Scope {
				std, _ := json.Marshal(s)
				_ = json.Unmarshal(std, &scope[i])
			}
			want.Scope = scope
		}
		if diff := diffAny(CreateTokenRequest(got), want); diff != "" {
			t.Fatalf("round trip of %s (-got +want):\n%s", out, diff)
		}
	}
}

// TestPlainRun checks the word-at-a-time scan against a byte loop, with
// every byte value at every position of a word and random neighbours
// (borrows between bytes are the risk).
func TestPlainRun(t *testing.T) {
	naive := func(s string, i int) int {
		for i < len(s) && plain[s[i]] {
			i++
		}
		return i
	}
	r := rand.New(rand.NewPCG(5, 6))
	buf := make([]byte, 40)
	for c := 0; c < 256; c++ {
		for pos := 0; pos < len(buf); pos++ {
			for k := range buf {
				// Mostly plain neighbours, sometimes edge values.
				switch r.IntN(8) {
				case 0:
					buf[k] = []byte{0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xff, 0x00}[r.IntN(12)]
				default:
					buf[k] = byte(0x20 + r.IntN(0x5f))
				}
			}
			buf[pos] = byte(c)
			s := string(buf)
			for i := 0; i <= len(s); i++ {
				if got, want := plainRun(s, i), naive(s, i); got != want {
					t.Fatalf("plainRun(%q, %d) = %d, want %d", s, i, got, want)
				}
			}
		}
	}
}
