package ini

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseCase is one pair of file contents and what they resolve to, as JSON
// in dump's shape. Every case is also run through the real botocore by
// TestBotocoreAgrees, except those marked deviation.
type parseCase struct {
	name        string
	config      string
	credentials string
	want        string // JSON; {"error": true} for a parse error
	deviation   string // why botocore differs, if it does
}

var parseCases = []parseCase{
	// Keys and values.
	{name: "basic",
		config: "[default]\nregion = us-east-1\noutput=json\n",
		want:   `{"profiles":{"default":{"region":"us-east-1","output":"json"}}}`},
	{name: "colon delimiter",
		config: "[default]\nregion: us-west-2\nKey : v\nk\t:\tv2\n",
		want:   `{"profiles":{"default":{"region":"us-west-2","key":"v","k":"v2"}}}`},
	{name: "keys lower-cased, values keep case",
		config: "[default]\nRegion = US-East-1\nAWS_Access_Key_ID = AKIDEXAMPLE\n",
		want:   `{"profiles":{"default":{"region":"US-East-1","aws_access_key_id":"AKIDEXAMPLE"}}}`},
	{name: "whitespace trimmed and empty values",
		config: "[default]\n  region   =   x  \ncli_pager=\nempty =   \nspaced key = v\n",
		want:   `{"profiles":{"default":{"region":"x","cli_pager":"","empty":"","spaced key":"v"}}}`},
	{name: "first delimiter splits, later ones stay in the value",
		config: "[default]\ncredential_process = cmd --arg=1 --b=2\nsso_start_url = https://x.awsapps.com/start#/\nurl: http://h:80/?a=b\n",
		want:   `{"profiles":{"default":{"credential_process":"cmd --arg=1 --b=2","sso_start_url":"https://x.awsapps.com/start#/","url":"http://h:80/?a=b"}}}`},
	{name: "no inline comments",
		config: "[default]\na=b#c\nregion = us-east-1 # my region\nout = json ; note\nsecret = abc;def\n",
		want:   `{"profiles":{"default":{"a":"b#c","region":"us-east-1 # my region","out":"json ; note","secret":"abc;def"}}}`},
	{name: "full-line comments",
		config: "# top\n; top\n[default]\n# c\n  ; indented\n\t# tab\nregion = x\n#region = y\n",
		want:   `{"profiles":{"default":{"region":"x"}}}`},
	{name: "blank lines and whitespace-only lines",
		config: "\n\n[default]\n\n   \n\t\nregion = x\n\n",
		want:   `{"profiles":{"default":{"region":"x"}}}`},
	{name: "key with a bracket is a key",
		config: "[default]\n[x=y\n",
		want:   `{"profiles":{"default":{"[x":"y"}}}`},
	{name: "unicode whitespace is whitespace",
		config: "[default]\n\u00a0k = v\u3000\nk2\u2003= v2\n",
		want:   `{"profiles":{"default":{"k":"v","k2":"v2"}}}`},
	{name: "unicode lower-casing is Go's, not Python's, for İ and a final Σ",
		config:    "[default]\nΣΣ = 1\nAΣ = 2\nİ = 3\nÄ = 4\n",
		want:      `{"profiles":{"default":{"σσ":"1","aσ":"2","i":"3","ä":"4"}}}`,
		deviation: "Python lowers İ to i̇ and a final Σ to ς; matching it would link Unicode tables for keys no AWS tool reads"},

	// Section headers in the config file.
	{name: "profile prefix",
		config: "[profile dev]\nregion = a\n[profile  spaced ]\nregion = b\n",
		want:   `{"profiles":{"dev":{"region":"a"},"spaced":{"region":"b"}}}`},
	{name: "space inside brackets before profile is not a profile",
		config: "[ profile foo ]\nregion = a\n[ default ]\nregion = b\n",
		want:   `{}`},
	{name: "profile with no name or two names defines nothing",
		config: "[profile]\na = 1\n[profile foo bar]\nb = 2\n[preview]\nc = 3\n",
		want:   `{}`},
	{name: "quoted and escaped profile names",
		config: "[profile \"foo bar\"]\na = 1\n[profile 'x y']\nb = 2\n[profile p\\ q]\nc = 3\n[profile \"un closed]\nd = 4\n[profile \"\"]\ne = 5\n",
		want:   `{"profiles":{"foo bar":{"a":"1"},"x y":{"b":"2"},"p q":{"c":"3"},"":{"e":"5"}}}`},
	{name: "prefix has no word boundary",
		config: "[profiles z]\na = 1\n[profile-x y]\nb = 2\n[profilez]\nc = 3\n",
		want:   `{"profiles":{"z":{"a":"1"},"y":{"b":"2"}}}`},
	{name: "header text after the last bracket is ignored",
		config: "[default] # the default\nregion = a\n[profile a]b]\nx = 1\n",
		want:   `{"profiles":{"default":{"region":"a"},"a]b":{"x":"1"}}}`},
	{name: "header name runs to the last bracket",
		credentials: "[a]b]\nx = 1\n[]]\ny = 2\n",
		want:        `{"profiles":{"a]b":{"x":"1"},"]":{"y":"2"}}}`},
	{name: "default header is case-sensitive",
		config: "[Default]\nregion = a\n",
		want:   `{}`},
	{name: "profile default after default replaces it whole",
		config: "[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n",
		want:   `{"profiles":{"default":{"region":"b"}}}`},
	{name: "default after profile default replaces it whole",
		config: "[profile default]\nregion = b\n[default]\nregion = a\noutput = json\n",
		want:   `{"profiles":{"default":{"region":"a","output":"json"}}}`},
	{name: "two spellings of one profile: last wins whole",
		config: "[profile a]\nx = 1\n[profile  a]\ny = 2\n",
		want:   `{"profiles":{"a":{"y":"2"}}}`},
	{name: "sso-session and services",
		config: "[sso-session my-sso]\nsso_start_url = https://d.awsapps.com/start\nsso_region = us-east-1\n" +
			"[services local]\nsso_oidc =\n  endpoint_url = http://localhost:4566\nsts =\n  endpoint_url = http://localhost:4567\n" +
			"[profile dev]\nsso_session = my-sso\nservices = local\n",
		want: `{"profiles":{"dev":{"sso_session":"my-sso","services":"local"}},` +
			`"sso":{"my-sso":{"sso_start_url":"https://d.awsapps.com/start","sso_region":"us-east-1"}},` +
			`"services":{"local":{"sso_oidc":{"endpoint_url":"http://localhost:4566"},"sts":{"endpoint_url":"http://localhost:4567"}}}}`},
	{name: "sso-session names follow the same splitting",
		config: "[sso-session a b]\nx = 1\n[sso-session \"a b\"]\ny = 2\n[sso-session]\nz = 3\n",
		want:   `{"sso":{"a b":{"y":"2"}}}`},
	{name: "indented headers and keys",
		config: "  [default]\n  a = 1\n  b = 2\n    c\n",
		want:   `{"profiles":{"default":{"a":"1","b":"2\nc"}}}`},

	// Continuations and nested sub-sections.
	{name: "nested sub-section",
		config: "[default]\ns3 =\n  max_concurrent_requests = 10\n  Addressing_Style = Path\nregion = x\n",
		want:   `{"profiles":{"default":{"s3":{"max_concurrent_requests":"10","Addressing_Style":"Path"},"region":"x"}}}`},
	{name: "nested with tabs, comments, blank lines and colons",
		config: "[default]\ns3 =\n\n\tmax_concurrent_requests = 10\n  # a comment\n  ; another\n\n\turl = http://h:1/?a=b\n\tmax_concurrent_requests = 20\n",
		want:   `{"profiles":{"default":{"s3":{"max_concurrent_requests":"20","url":"http://h:1/?a=b"}}}}`},
	{name: "nested split at python line breaks",
		config: "[default]\ns3 =\n  a = 1\vb = 2\u2028c = 3\n",
		want:   `{"profiles":{"default":{"s3":{"a":"1","b":"2","c":"3"}}}}`},
	{name: "nested empty name allowed",
		config: "[default]\ns3 =\n  = 1\n",
		want:   `{"profiles":{"default":{"s3":{"":"1"}}}}`},
	{name: "plain continuation joined by newlines",
		config: "[default]\nk = a\n  b = c\n\n\n  d\n\n# c\nnext = 1\n",
		want:   `{"profiles":{"default":{"k":"a\nb = c\n\n\nd","next":"1"}}}`},
	{name: "empty value with only blank lines is empty",
		config: "[default]\ns3 =\n\n\nregion = x\n",
		want:   `{"profiles":{"default":{"s3":"","region":"x"}}}`},
	{name: "continuation must be deeper than its key",
		config: "[default]\n  a = 1\n  b = 2\n",
		want:   `{"profiles":{"default":{"a":"1","b":"2"}}}`},
	{name: "indented header continues a value",
		config: "[default]\na = 1\n  [profile x]\nb = 2\n",
		want:   `{"profiles":{"default":{"a":"1\n[profile x]","b":"2"}}}`},
	{name: "unicode indentation counts",
		config: "[default]\na = 1\n\u00a0b\n",
		want:   `{"profiles":{"default":{"a":"1\nb"}}}`},

	// Line endings and encoding.
	{name: "CRLF",
		config: "[default]\r\nregion = x\r\ns3 =\r\n  a = b\r\n",
		want:   `{"profiles":{"default":{"region":"x","s3":{"a":"b"}}}}`},
	{name: "lone CR ends a line",
		config: "[default]\ra = 1\rb = 2\r\nc = 3",
		want:   `{"profiles":{"default":{"a":"1","b":"2","c":"3"}}}`},
	{name: "byte order mark",
		config:    "\ufeff[default]\nregion = x\n",
		want:      `{"profiles":{"default":{"region":"x"}}}`,
		deviation: "botocore fails to parse a file starting with a BOM"},
	{name: "no final newline",
		config: "[default]\nregion = x",
		want:   `{"profiles":{"default":{"region":"x"}}}`},
	{name: "empty and comment-only files",
		config: "# nothing\n", credentials: "\n\n",
		want: `{}`},

	// [DEFAULT].
	{name: "DEFAULT keys are inherited by every section of its file",
		config: "[DEFAULT]\nregion = dflt\n[default]\na = 1\n[profile x]\nregion = own\n[sso-session s]\nq = 1\n[DEFAULT]\nb = 2\n",
		want:   `{"profiles":{"default":{"a":"1","region":"dflt","b":"2"},"x":{"region":"own","b":"2"}},"sso":{"s":{"q":"1","region":"dflt","b":"2"}}}`},
	{name: "DEFAULT alone defines nothing",
		config: "[DEFAULT]\nregion = x\n", credentials: "[DEFAULT]\nk = v\n",
		want: `{}`},
	{name: "malformed nested DEFAULT value fails only if inherited",
		config: "[DEFAULT]\ns3 =\n  junk\n[a]\ns3 = ok\n[profile p]\ns3 = ok\n",
		want:   `{"profiles":{"p":{"s3":"ok"}}}`},

	// Credentials file and merging.
	{name: "credentials headers are profile names as written",
		credentials: "[default]\naws_access_key_id = A\n[profile x]\naws_access_key_id = B\n[ spaced ]\naws_access_key_id = C\n",
		want:        `{"profiles":{"default":{"aws_access_key_id":"A"},"profile x":{"aws_access_key_id":"B"}," spaced ":{"aws_access_key_id":"C"}}}`},
	{name: "credentials win key by key",
		config:      "[default]\nregion = a\noutput = json\n[profile foo]\nx = 1\n",
		credentials: "[default]\nregion = b\naws_access_key_id = A\n[foo]\ny = 2\n[profile foo]\nz = 3\n",
		want: `{"profiles":{"default":{"region":"b","output":"json","aws_access_key_id":"A"},` +
			`"foo":{"x":"1","y":"2"},"profile foo":{"z":"3"}}}`},
	{name: "credentials DEFAULT overrides the config profile",
		config:      "[profile a]\nregion = c\nx = 1\n",
		credentials: "[DEFAULT]\nregion = d\n[a]\n",
		want:        `{"profiles":{"a":{"region":"d","x":"1"}}}`},
	{name: "credentials nested value replaces a config value",
		config:      "[profile a]\ns3 = flat\n",
		credentials: "[a]\ns3 =\n  q = 1\n",
		want:        `{"profiles":{"a":{"s3":{"q":"1"}}}}`},
	{name: "credentials do not define sso-sessions or services",
		credentials: "[sso-session s]\na = 1\n[services x]\nb = 2\n",
		want:        `{"profiles":{"sso-session s":{"a":"1"},"services x":{"b":"2"}}}`},
	{name: "empty profile exists",
		config: "[profile empty]\n",
		want:   `{"profiles":{"empty":{}}}`},

	// Errors: botocore rejects the whole file.
	{name: "duplicate section", config: "[profile a]\nx = 1\n[profile a]\ny = 2\n", want: `{"error":true}`},
	{name: "duplicate key", config: "[default]\na = 1\nA = 2\n", want: `{"error":true}`},
	{name: "duplicate DEFAULT key across blocks", config: "[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n[default]\n", want: `{"error":true}`},
	{name: "key before section", config: "region = x\n[default]\n", want: `{"error":true}`},
	{name: "unclosed header", config: "[default]\n[profile foo\n", want: `{"error":true}`},
	{name: "BOM-less garbage line", config: "[default]\njunk\n", want: `{"error":true}`},
	{name: "invalid nested", config: "[default]\ns3 =\n  junk\n", want: `{"error":true}`},
	{name: "invalid UTF-8", config: "[default]\nk = \xff\n", want: `{"error":true}`},
	{name: "credentials error fails the load", config: "[default]\na = 1\n", credentials: "[x]\njunk\n", want: `{"error":true}`},
}

func TestParseCases(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parseBoth(tc.config, tc.credentials)
			got := map[string]any{"error": true}
			if err == nil {
				got = dump(s)
			}
			if diff := cmp.Diff(mustJSON(t, tc.want), got); diff != "" {
				t.Errorf("(-want +got):\n%s\nerr: %v", diff, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	// Every value below contains "SECRET": none may reach a message.
	tests := []struct {
		name, data string
		kind       Kind
		want       string
	}{
		{"no delimiter", "[default]\nregion SECRET\n", Config,
			`config:2: expected "key = value", a [section] header or a comment`},
		{"key before any section", "\n# c\nAWS_Secret_Access_Key = SECRET\n[default]\n", Config,
			`config:3: key "aws_secret_access_key" is not inside a [section]`},
		{"garbage before any section", "SECRET\n", Config,
			`config:1: expected a [section] header`},
		{"unclosed header", "[default]\na = 1\n[profile SECRET\n", Config,
			`config:3: section header has no closing "]"`},
		{"empty header", "[default]\n[]\n", Config,
			`config:2: section header has an empty name`},
		{"missing key name", "[default]\n= SECRET\n", Config,
			`config:2: missing key name before "="`},
		{"missing key name colon", "[default]\n  : SECRET\n", Config,
			`config:2: missing key name before ":"`},
		{"duplicate section", "[profile a]\nx = 1\n\n[profile a]\n", Config,
			`config:4: duplicate section [profile a], first defined on line 1`},
		{"duplicate key, case-insensitive", "[default]\nAws_Secret = SECRET1\naws_secret = SECRET2\n", Config,
			`config:3: duplicate key "aws_secret" in section [default], first set on line 2`},
		{"duplicate DEFAULT key", "[DEFAULT]\nk = SECRET\n[DEFAULT]\nk = SECRET\n", Config,
			`config:4: duplicate key "k" in section [DEFAULT], first set on line 2`},
		{"nested line without =", "[default]\ns3 =\n  a = 1\n  SECRET\n", Config,
			`config:4: line in the nested value of key "s3" is not "name = value"`},
		{"nested line without = after CRLF", "[default]\r\ns3 =\r\n\r\n  SECRET:x\r\n", Config,
			`config:4: line in the nested value of key "s3" is not "name = value"`},
		{"inherited malformed DEFAULT", "[DEFAULT]\ns3 =\n  SECRET\n[a]\n", Config,
			`config:3: line in the nested value of key "s3" is not "name = value"`},
		{"invalid UTF-8", "[default]\nk = SECRET\xff\n", Config,
			`config:2: invalid UTF-8`},
		{"credentials file", "[dev]\naws_access_key_id = A\naws_access_key_id = SECRET\n", Credentials,
			`credentials:3: duplicate key "aws_access_key_id" in section [dev], first set on line 2`},
		{"lone CR counts lines", "[default]\ra = 1\rjunk SECRET\r", Config,
			`config:3: expected "key = value", a [section] header or a comment`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := map[Kind]string{Config: "config", Credentials: "credentials"}[tc.kind]
			_, err := Parse(name, []byte(tc.data), tc.kind)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.want {
				t.Errorf("got  %q\nwant %q", err.Error(), tc.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error leaks a value: %q", err.Error())
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != name || pe.Line < 1 {
				t.Errorf("not a *ParseError with file and line: %#v", err)
			}
		})
	}
}

func TestParseUnknownKind(t *testing.T) {
	if _, err := Parse("x", nil, 0); err == nil || !strings.Contains(err.Error(), "unknown file kind 0") {
		t.Fatalf("got %v", err)
	}
}

func TestSectionAccessors(t *testing.T) {
	s, err := parseBoth(
		"[DEFAULT]\ncli_pager =\n[profile dev]\nregion = us-west-2\ns3 =\n  max_concurrent_requests = 10\nnote = a\n  b\n",
		"[dev]\nREGION = eu-west-1\naws_access_key_id = AKID\n")
	if err != nil {
		t.Fatal(err)
	}
	dev, ok := s.Profile("dev")
	if !ok || dev.Name != "dev" {
		t.Fatalf("Profile(dev) = %+v, %v", dev, ok)
	}
	check := func(key, want string, wantOK bool) {
		t.Helper()
		if got, ok := dev.String(key); got != want || ok != wantOK {
			t.Errorf("String(%q) = %q, %v; want %q, %v", key, got, ok, want, wantOK)
		}
	}
	check("region", "eu-west-1", true)
	check("Region", "eu-west-1", true) // lookups are case-insensitive too
	check("aws_access_key_id", "AKID", true)
	check("note", "a\nb", true)
	check("cli_pager", "", true) // from [DEFAULT]
	check("s3", "", false)       // nested, not a string
	check("missing", "", false)

	sub, ok := dev.Sub("s3")
	if !ok || !cmp.Equal(sub, map[string]string{"max_concurrent_requests": "10"}) {
		t.Errorf("Sub(s3) = %v, %v", sub, ok)
	}
	sub["x"] = "y" // the caller owns the map
	if again, _ := dev.Sub("s3"); len(again) != 1 {
		t.Errorf("Sub result shared: %v", again)
	}
	if sub, ok := dev.Sub("region"); ok || sub != nil {
		t.Errorf("Sub(region) = %v, %v; want nil, false", sub, ok)
	}

	for _, tc := range []struct {
		key, file string
		line      int
	}{
		{"region", "credentials", 2},
		{"aws_access_key_id", "credentials", 3},
		{"s3", "config", 5},
		{"note", "config", 7},
		{"cli_pager", "config", 2},
		{"missing", "", 0},
	} {
		if file, line := dev.Source(tc.key); file != tc.file || line != tc.line {
			t.Errorf("Source(%q) = %s:%d, want %s:%d", tc.key, file, line, tc.file, tc.line)
		}
	}

	if _, ok := s.Profile("nope"); ok {
		t.Error("Profile(nope) found")
	}
	if _, ok := s.SSOSession("dev"); ok {
		t.Error("SSOSession(dev) found")
	}
	var zero Section
	if _, ok := zero.String("x"); ok {
		t.Error("zero Section has keys")
	}
	var nilSections *Sections
	for _, get := range []func(string) (Section, bool){nilSections.Profile, nilSections.SSOSession, nilSections.Services} {
		if _, ok := get("default"); ok {
			t.Error("nil Sections found a section")
		}
	}
}

func TestServicesSub(t *testing.T) {
	s, err := parseBoth("[services my-services]\nsso_oidc =\n  endpoint_url = https://oidc.example.com\n", "")
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := s.Services("my-services")
	if !ok {
		t.Fatal("services section not found")
	}
	sub, ok := svc.Sub("sso_oidc")
	if !ok || sub["endpoint_url"] != "https://oidc.example.com" {
		t.Errorf("Sub(sso_oidc) = %v, %v", sub, ok)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Config: "config", Credentials: "credentials", 9: "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", k, got, want)
		}
	}
}

func TestLargeSectionsUseIndex(t *testing.T) {
	// Past dupScan keys or sections, duplicates are found through a map;
	// check both paths still report them.
	var b strings.Builder
	for i := 0; i < 3*dupScan; i++ {
		b.WriteString("[profile p" + strconv.Itoa(i) + "]\n")
	}
	b.WriteString("[default]\n")
	for i := 0; i < 3*dupScan; i++ {
		b.WriteString("k" + strconv.Itoa(i) + " = v\n")
	}
	base := b.String()
	if _, err := Parse("config", []byte(base), Config); err != nil {
		t.Fatal(err)
	}
	_, err := Parse("config", []byte(base+"K7 = again\n"), Config)
	if err == nil || !strings.Contains(err.Error(), `duplicate key "k7" in section [default], first set on line 105`) {
		t.Errorf("duplicate key: %v", err)
	}
	_, err = Parse("config", []byte(base+"[profile p50]\n"), Config)
	if err == nil || !strings.Contains(err.Error(), "duplicate section [profile p50], first defined on line 51") {
		t.Errorf("duplicate section: %v", err)
	}
	// [DEFAULT] keys are one set across all [DEFAULT] blocks.
	b.Reset()
	for i := 0; i < 2*dupScan; i++ {
		b.WriteString("[DEFAULT]\nd" + strconv.Itoa(i) + " = v\n[s" + strconv.Itoa(i) + "]\n")
	}
	_, err = Parse("config", []byte(b.String()+"[DEFAULT]\nd3 = again\n"), Config)
	if err == nil || !strings.Contains(err.Error(), `duplicate key "d3" in section [DEFAULT], first set on line 11`) {
		t.Errorf("duplicate DEFAULT key: %v", err)
	}
}

func TestErrorEscapesHeader(t *testing.T) {
	_, err := Parse("config", []byte("[a\x1b]\n[a\x1b]\n"), Config)
	if want := `config:2: duplicate section [a\x1b], first defined on line 1`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
