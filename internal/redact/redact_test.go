package redact

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var sensitive = map[string]bool{"clientSecret": true, "accessToken": true}

func TestJSON(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"clientId":"id","clientSecret":"SECRET"}`, `{"clientId":"id","clientSecret":"[REDACTED]"}`},
		{`{"a":{"accessToken":{"nested":"SECRET"}},"b":[1,true,null,{"clientSecret":["SECRET"]}]}`,
			`{"a":{"accessToken":"[REDACTED]"},"b":[1,true,null,{"clientSecret":"[REDACTED]"}]}`},
		{` { "n" : 1.5e3 } `, `{"n":1.5e3}`},
		{`{"z":"<&>","a":12345678901234567890}`, `{"a":12345678901234567890,"z":"\u003c\u0026\u003e"}`},
		{``, ``},
		{`{"clientSecret":"SECRET"`, `<24 bytes, not valid JSON: not logged>`},
		{`not json SECRET`, `<15 bytes, not valid JSON: not logged>`},
		{`{"a":1} {"clientSecret":"SECRET"}`, `<33 bytes, not valid JSON: not logged>`},
	}
	for _, tc := range cases {
		got := JSON([]byte(tc.in), sensitive)
		if got != tc.want {
			t.Errorf("JSON(%s) = %s, want %s", tc.in, got, tc.want)
		}
		if strings.Contains(got, "SECRET") {
			t.Errorf("JSON(%s) leaked: %s", tc.in, got)
		}
	}
}

type sample struct {
	Name   *string
	Secret *string `sensitive:"true"`
	Empty  *string `sensitive:"true"`
	List   []string
	Nested *inner
}

type inner struct {
	Token string `sensitive:"true"`
	Plain string
}

type timed struct {
	Secret string `sensitive:"true"`
	At     time.Time
}

func (v timed) Format(f fmt.State, verb rune) { Format(f, verb, v) }

// A member that prints itself, like time.Time, is printed as fmt would.
func TestFormatSelfPrintingMembers(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	v := timed{Secret: "SECRET", At: at}
	if got, want := fmt.Sprintf("%v", v), "{[REDACTED] "+at.String()+"}"; got != want {
		t.Errorf("%%v: %s, want %s", got, want)
	}
	if got := fmt.Sprintf("%#v", v); !strings.Contains(got, "At:time.Date(2030, time.January, 2, 3, 4, 5, 0, time.UTC)") {
		t.Errorf("%%#v: %s", got)
	}
}

func (s sample) Format(f fmt.State, verb rune) { Format(f, verb, s) }

func TestFormat(t *testing.T) {
	name, secret := "n", "SECRET"
	s := sample{Name: &name, Secret: &secret, List: []string{"a"}, Nested: &inner{Token: "SECRET", Plain: "p"}}
	for verb, want := range map[string]string{
		"%v":  `{n [REDACTED] <nil> [a] {[REDACTED] p}}`,
		"%+v": `{Name:n Secret:[REDACTED] Empty:<nil> List:[a] Nested:{Token:[REDACTED] Plain:p}}`,
		"%#v": `redact.sample{Name:"n", Secret:"[REDACTED]", Empty:nil, List:[]string{"a"}, Nested:redact.inner{Token:"[REDACTED]", Plain:"p"}}`,
		"%s":  `{n [REDACTED] <nil> [a] {[REDACTED] p}}`,
	} {
		if got := fmt.Sprintf(verb, s); got != want {
			t.Errorf("%s: %s, want %s", verb, got, want)
		}
		if got := fmt.Sprintf(verb, &s); strings.Contains(got, "SECRET") {
			t.Errorf("%s of a pointer leaked: %s", verb, got)
		}
	}
	var nilSample *sample
	if got := fmt.Sprintf("%v", nilSample); got != "<nil>" {
		t.Errorf("nil: %s", got)
	}
}

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/x":              "https://example.com/x",
		"http://user:pa55word@127.0.0.1:1/p": "http://user:xxxxx@127.0.0.1:1/p",
		"htp://user:p@ss:w@rd@host":          "htp://user:xxxxx@host",
		"user:secret@host:8080":              "user:xxxxx@host:8080",
		"http://user@host:8080":              "http://user@host:8080",
		"http://127.0.0.1:8080/a@b":          "http://127.0.0.1:xxxxx@b",
		"":                                   "",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}
