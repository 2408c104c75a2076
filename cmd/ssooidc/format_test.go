package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc/login"
)

var exp = time.Date(2026, 12, 3, 10, 4, 5, 600_000_000, time.FixedZone("CET", 3600))

func TestFormatToken(t *testing.T) {
	tok := tokenOutput{AccessToken: "aoa<&>'x", ExpiresAt: exp, StartURL: "https://x.awsapps.com/start#", Region: "eu-west-1"}
	for _, tc := range []struct{ format, want string }{
		{"text", "aoa<&>'x\n"},
		{"json", `{"accessToken":"aoa<&>'x","expiresAt":"2026-12-03T09:04:05Z","startUrl":"https://x.awsapps.com/start#","region":"eu-west-1"}` + "\n"},
		{"env", "export AWS_SSO_ACCESS_TOKEN='aoa<&>'\\''x'\nexport AWS_SSO_ACCESS_TOKEN_EXPIRATION='2026-12-03T09:04:05Z'\n"},
	} {
		if got := formatToken(tok, tc.format); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.format, got, tc.want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for _, tc := range []struct{ in, quote, word string }{
		{"", "''", "''"},
		{"dev", "'dev'", "dev"},
		{"my profile", "'my profile'", "'my profile'"},
		{"it's", `'it'\''s'`, `'it'\''s'`},
		{"''", `''\'''\'''`, `''\'''\'''`},
		{"a$b`c", "'a$b`c'", "'a$b`c'"},
		{"dev-1.x_y@z", "'dev-1.x_y@z'", "dev-1.x_y@z"},
	} {
		if got := shellQuote(tc.in); got != tc.quote {
			t.Errorf("shellQuote(%q) = %q, want %q", tc.in, got, tc.quote)
		}
		if got := shellWord(tc.in); got != tc.word {
			t.Errorf("shellWord(%q) = %q, want %q", tc.in, got, tc.word)
		}
	}
}

func TestFormatStatus(t *testing.T) {
	full := statusReport{Profile: "dev", SSOSession: "my-sso", LoginCommand: "ssooidc login --profile dev", Status: login.Status{
		CacheFile: "/h/.aws/sso/cache/0ad3.json", Key: "my-sso", StartURL: "https://s", Region: "us-east-1",
		ExpiresAt: exp, Refreshable: true, RegistrationExpiresAt: exp.Add(time.Hour),
	}, Now: exp.Add(-(7*time.Hour + 58*time.Minute + 30*time.Second))}
	none := statusReport{Profile: "", SSOSession: "", LoginCommand: "ssooidc login --profile legacy", Status: login.Status{
		CacheFile: "/c.json", Key: "https://s#", StartURL: "https://s#", Region: "us-east-1",
		Reason: "no token cached", LoginRequired: true,
	}, Now: exp}
	// Expired and refreshable: no login needed, but the token is past.
	expired := full
	expired.Now = exp.Add(3*time.Minute + 20*time.Second + 400*time.Millisecond)
	// Expired at this very instant, as the session sees it, and no
	// registration can refresh it.
	atExpiry := full
	atExpiry.Now, atExpiry.RegistrationExpiresAt = exp, exp.Add(-50*time.Hour)
	for _, tc := range []struct {
		name   string
		r      statusReport
		format string
		want   []string
	}{
		{"json", full, "json", []string{`{"profile":"dev","ssoSession":"my-sso","startUrl":"https://s","region":"us-east-1",` +
			`"cacheFile":"/h/.aws/sso/cache/0ad3.json","key":"my-sso","expiresAt":"2026-12-03T09:04:05Z","expired":false,"refreshable":true,"reason":"",` +
			`"registrationExpiresAt":"2026-12-03T10:04:05Z","loginRequired":false}` + "\n"}},
		{"json none", none, "json", []string{`{"profile":null,"ssoSession":null,"startUrl":"https://s#","region":"us-east-1",` +
			`"cacheFile":"/c.json","key":"https://s#","expiresAt":null,"expired":null,"refreshable":false,"reason":"no token cached",` +
			`"registrationExpiresAt":null,"loginRequired":true}` + "\n"}},
		{"json expired", expired, "json", []string{`"expiresAt":"2026-12-03T09:04:05Z","expired":true,`}},
		{"json at expiry", atExpiry, "json", []string{`"expired":true,`}},
		{"text", full, "text", []string{"Profile:       dev\n", "SSO session:   my-sso\n", "Cache key:     my-sso\n",
			"Cache file:    /h/.aws/sso/cache/0ad3.json\n", "Token:         expires 2026-12-03T09:04:05Z (in 7h 58m)\n", "Refreshable:   yes\n",
			"Registration:  expires 2026-12-03T10:04:05Z (in 8h 58m)\n", "Login:         not required\n"}},
		{"text expired", expired, "text", []string{"Token:         expired 2026-12-03T09:04:05Z (3m 20s ago)\n",
			"Registration:  expires 2026-12-03T10:04:05Z (in 56m 39s)\n", "Login:         not required\n"}},
		{"text at expiry", atExpiry, "text", []string{"Token:         expired 2026-12-03T09:04:05Z (0s ago)\n",
			"Registration:  expired 2026-12-01T07:04:05Z (2d 2h ago)\n"}},
		{"text none", none, "text", []string{"SSO session:   none (legacy profile", "Token:         none cached\n",
			"Refreshable:   no: no token cached\n", "Registration:  unknown\n", "Login:         required: run ssooidc login --profile legacy\n"}},
	} {
		got := formatStatus(tc.r, tc.format)
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: lacks %q:\n%s", tc.name, want, got)
			}
		}
		if strings.HasPrefix(tc.name, "text none") && strings.Contains(got, "Profile:") {
			t.Errorf("%s: a Profile line without a profile:\n%s", tc.name, got)
		}
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{999 * time.Millisecond, "0s"},
		{59*time.Second + 999*time.Millisecond, "59s"},
		{time.Minute, "1m 0s"},
		{3*time.Minute + 20*time.Second, "3m 20s"},
		{59*time.Minute + 59*time.Second, "59m 59s"},
		{time.Hour, "1h 0m"},
		{7*time.Hour + 58*time.Minute + 59*time.Second, "7h 58m"},
		{23*time.Hour + 59*time.Minute, "23h 59m"},
		{24 * time.Hour, "1d 0h"},
		{90*24*time.Hour - time.Second, "89d 23h"},
		{time.Duration(1<<63 - 1), "106751d 23h"},
	} {
		if got := span(tc.d); got != tc.want {
			t.Errorf("span(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	token, status, loginCmd := lookup("token"), lookup("status"), lookup("login")
	for _, tc := range []struct {
		c    *command
		o    opts
		want string // "" for no usage error
	}{
		{token, opts{format: "text"}, ""},
		{token, opts{format: "env"}, ""},
		{token, opts{format: "yaml"}, `--format "yaml": want text, json, env`},
		{status, opts{format: "env"}, `--format "env": want text, json`},
		{loginCmd, opts{paste: true}, ""},
		{loginCmd, opts{qr: true}, ""},
		{loginCmd, opts{paste: true, qr: true}, "--paste is a browser login"},
		{loginCmd, opts{paste: true, deviceCode: true}, "--paste is a browser login"},
		{loginCmd, opts{demo: true, ssoSession: "s"}, "--demo logs in to its own emulator"},
	} {
		if got := check(tc.c, &tc.o); !strings.Contains(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("%s %+v: %q, want %q", tc.c.name, tc.o, got, tc.want)
		}
	}
	o := opts{qr: true}
	if check(loginCmd, &o); !o.deviceCode {
		t.Error("--qr does not imply --use-device-code")
	}
}

func TestOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ssooidc: load config: x", "load config: x"},
		{"a b\r\n\tc", "a b; c"},
		{"login: x\nlogin: y", "x; y"}, // errors.Join's
	} {
		if got := oneLine(errString(tc.in)); got != tc.want {
			t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestRenderQR(t *testing.T) {
	// 3 rows: the last line has only top halves. true is dark: drawn blank.
	bits := [][]bool{
		{true, false, true},
		{true, true, false},
		{false, true, false},
	}
	want := " ▀▄\n▀ ▀\n"
	if got := renderQR(bits); got != want {
		t.Errorf("renderQR:\n%q\nwant\n%q", got, want)
	}
	var b strings.Builder
	if err := writeQR(&b, "http://127.0.0.1:1/device?user_code=ABCD-EFGH"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	// A version 2 or 3 code with its 4-module quiet zone: 33 to 37 wide.
	if n := len([]rune(lines[0])); n < 29 || n > 41 || len(lines) != (n+1)/2 {
		t.Errorf("QR code of %d lines, %d wide:\n%s", len(lines), n, b.String())
	}
}
