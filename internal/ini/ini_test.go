package ini

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseCase is a pair of file contents and what Parse makes of them, as
// JSON in dump's shape, or `{"error":true}`. They cover what the suite
// does not: the deviations for botocore and the edges of each rule.
// TestBotocoreReadsNothingWeReject runs them through botocore too.
type parseCase struct {
	name        string
	config      string
	credentials string
	want        string
}

var parseCases = []parseCase{
	{name: "quoted names are read as botocore reads them",
		config: "[profile \"a b\"]\nx = 1\n[sso-session 'my sso']\ny = 2\n[profile \"\"]\nz = 3\n[profile \"a]\nw = 4\n[profile a\\ b]\nv = 5\n",
		want:   `{"profiles":{"a b":{"x":"1"}},"sso":{"my sso":{"y":"2"}}}`},
	{name: "a colon splits only a line without an equals sign",
		config: "[default]\nkey : value\nurl: http://h:1/\na:b = c\n",
		want:   `{"profiles":{"default":{"key":"value","url":"http://h:1/","a:b":"c"}}}`},
	{name: "comments after whitespace on a property line",
		config: "[default]\na = b # c\nb = x#y\nc =# not a comment\nd = # all comment\ne = v ;\nf = x\n  more # kept\n",
		want:   `{"profiles":{"default":{"a":"b","b":"x#y","c":"# not a comment","d":"","e":"v","f":"x\nmore # kept"}}}`},
	{name: "only a deeper line continues, as botocore indents",
		config: "[default]\n  a = 1\n  b = 2\n    c\nd = 3\n  [profile x]\n",
		want:   `{"profiles":{"default":{"a":"1","b":"2\nc","d":"3\n[profile x]"}}}`},
	{name: "unicode whitespace trims and indents",
		config: "[default]\n\u00a0k = v\u3000\na = 1\n\u2003b\n",
		want:   `{"profiles":{"default":{"k":"v","a":"1\nb"}}}`},
	{name: "sub-properties keep their raw text; blank lines and comments drop",
		config: "[default]\ns3 =\n\n  max = 10\n  # c\n  Addr = Path\nregion = x\n",
		want:   `{"profiles":{"default":{"s3":"\nmax = 10\nAddr = Path","region":"x"}}}`},
	{name: "an empty value with no continuation is empty",
		config: "[default]\ns3 =\n\nregion = x\n",
		want:   `{"profiles":{"default":{"s3":"","region":"x"}}}`},
	{name: "a comment-only first line is no sub-property block",
		config: "[default]\ns3 = # note\n  more\n",
		want:   `{"profiles":{"default":{"s3":"\nmore"}}}`},
	{name: "[DEFAULT] is a plain section; its sub-properties are not checked",
		config: "[DEFAULT]\ns3 =\n  junk\n", credentials: "[DEFAULT]\nk = v\n",
		want: `{"profiles":{"DEFAULT":{"k":"v"}}}`},
	{name: "repeated sections and keys merge, later wins",
		config: "[profile a]\nx = 1\ny = 1\n[profile  a]\nX = 2\n[profile a]\nz = 3\ny = 4\n",
		want:   `{"profiles":{"a":{"x":"2","y":"4","z":"3"}}}`},
	{name: "[profile default] wins over [default] whichever comes first",
		config: "[default]\na = 1\n[profile default]\nb = 2\n[default]\nc = 3\n",
		want:   `{"profiles":{"default":{"b":"2"}}}`},
	{name: "credentials win key by key and ignore [profile x]",
		config:      "[default]\nregion = a\noutput = json\n[profile foo]\ns3 = flat\n",
		credentials: "[default]\nregion = b\n[foo]\ns3 =\n  q = 1\n[profile foo]\nz = 3\n",
		want:        `{"profiles":{"default":{"region":"b","output":"json"},"foo":{"s3":"\nq = 1"}}}`},
	{name: "credentials define no sso-sessions or services",
		credentials: "[sso-session s]\na = 1\n[services x]\nb = 2\n[sso-sessionx]\nc = 3\n",
		want:        `{"profiles":{"sso-sessionx":{"c":"3"}}}`},
	{name: "sso-session and services",
		config: "[sso-session my-sso]\nsso_region = us-east-1\n[services local]\nsso_oidc =\n  endpoint_url = http://localhost:4566\n[profile dev]\nservices = local\n",
		want: `{"profiles":{"dev":{"services":"local"}},"sso":{"my-sso":{"sso_region":"us-east-1"}},` +
			`"services":{"local":{"sso_oidc":"\nendpoint_url = http://localhost:4566"}}}`},
	{name: "headers: case, brackets, other names",
		config:      "[Default]\na = 1\n[profile Dev]\nb = 2\n[profile x] ; note ]\nc = 3\n[preview]\nd = 4\n",
		credentials: "[]]\ne = 5\n[x]\n[] = y\n",
		want:        `{"profiles":{"Dev":{"b":"2"},"x":{}}}`},
	{name: "line endings, BOM, bytes that are not UTF-8",
		config: "\ufeff[default]\r\na = 1\rb = 2\r\nc = \xff",
		want:   `{"profiles":{"default":{"a":"1","b":"2","c":"\ufffd"}}}`},

	// Errors: botocore rejects these files too.
	{name: "property before a section", config: "region = x\n[default]\n", want: `{"error":true}`},
	{name: "line with no equals sign", config: "[default]\njunk\n", want: `{"error":true}`},
	{name: "unclosed header", config: "[default]\n[profile foo\n", want: `{"error":true}`},
	{name: "empty brackets", config: "[default]\n[]\n", want: `{"error":true}`},
	{name: "no name", config: "[default]\n= v\n", want: `{"error":true}`},
	{name: "sub-property with no equals sign", config: "[default]\ns3 =\n  junk\n", want: `{"error":true}`},
	{name: "an error in the credentials file", config: "[default]\n", credentials: "[x]\n: v\n", want: `{"error":true}`},
}

func TestParseCases(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]any{"error": true}
			if s, err := Parse("config", []byte(tc.config), "credentials", []byte(tc.credentials)); err == nil {
				got = dump(s)
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// dump renders every section, with raw values, in parseCase's shape.
func dump(s *Sections) map[string]any {
	out := map[string]any{}
	for name, m := range map[string]map[string]Section{"profiles": s.profiles, "sso": s.ssoSessions, "services": s.services} {
		if len(m) > 0 {
			g := map[string]any{}
			for n, sec := range dumpGroup(m) {
				props := map[string]any{}
				for k, v := range sec {
					props[k] = strings.ToValidUTF8(v, "\ufffd")
				}
				g[n] = props
			}
			out[name] = g
		}
	}
	return out
}

func TestSectionAccessors(t *testing.T) {
	s, err := Parse("cfg", []byte("[profile p]\nRegion = r\n\ns3 =\n  Max = 1\n  = e\nmulti = a\n  b\n[services x]\nsso_oidc =\n  endpoint_url = http://h\n"), "cred", []byte("[p]\nregion = c\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.Profile("p")
	if !ok || p.Name != "p" {
		t.Fatalf("Profile(p) = %v, %v", p, ok)
	}
	if v, ok := p.String("REGION"); v != "c" || !ok {
		t.Errorf("String(REGION) = %q, %v; want the credentials file's c", v, ok)
	}
	if f, l := p.Source("region"); f != "cred" || l != 2 {
		t.Errorf("Source(region) = %s:%d", f, l)
	}
	if v, ok := p.String("multi"); v != "a\nb" || !ok {
		t.Errorf("String(multi) = %q, %v", v, ok)
	}
	if _, ok := p.String("s3"); ok {
		t.Error("String(s3) ok for sub-properties")
	}
	if sub, ok := p.Sub("S3"); !ok || !cmp.Equal(sub, map[string]string{"Max": "1", "": "e"}) {
		t.Errorf("Sub(S3) = %v, %v", sub, ok)
	}
	if f, l := p.Source("s3"); f != "cfg" || l != 4 {
		t.Errorf("Source(s3) = %s:%d", f, l)
	}
	if _, ok := p.Sub("region"); ok {
		t.Error("Sub(region) ok for a plain value")
	}
	if _, ok := p.String("nope"); ok {
		t.Error("String(nope) ok")
	}
	if f, l := p.Source("nope"); f != "" || l != 0 {
		t.Errorf("Source(nope) = %s:%d", f, l)
	}
	svc, ok := s.Services("x")
	if sub, _ := svc.Sub("sso_oidc"); !ok || sub["endpoint_url"] != "http://h" {
		t.Errorf("Services(x) sso_oidc = %v, %v", sub, ok)
	}
	for _, get := range []func(string) (Section, bool){s.Profile, s.SSOSession, s.Services} {
		if sec, ok := get("ghost"); ok || sec.Name != "ghost" {
			t.Errorf("lookup of ghost = %v, %v", sec, ok)
		}
	}
}

// TestHeaders: where each section starts, and the headers that define
// nothing, which callers name when a profile is not found.
func TestHeaders(t *testing.T) {
	s, err := Parse("cfg", []byte("[dev]\n[profile p]\nx = 1\n[profile p]\n[sso-session s]\n[dev]\n"), "cred", []byte("[c]\n[profile q]\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Profile("p")
	ss, _ := s.SSOSession("s")
	c, _ := s.Profile("c")
	for _, tc := range []struct {
		sec  Section
		file string
		line int
	}{{p, "cfg", 2}, {ss, "cfg", 5}, {c, "cred", 1}} {
		if file, line := tc.sec.Header(); file != tc.file || line != tc.line {
			t.Errorf("%s: Header() = %s:%d, want %s:%d", tc.sec.Name, file, line, tc.file, tc.line)
		}
	}
	for _, tc := range []struct {
		header string
		file   string
		line   int
	}{{"dev", "cfg", 1}, {"profile q", "cred", 2}, {"p", "", 0}, {"c", "", 0}} {
		if file, line, ok := s.Ignored(tc.header); file != tc.file || line != tc.line || ok != (tc.line != 0) {
			t.Errorf("Ignored(%q) = %s:%d, %v; want %s:%d", tc.header, file, line, ok, tc.file, tc.line)
		}
	}
}

// Profiles lists the profiles of both files once each, sorted, with their
// merged properties; bare [default] counts, sections that are no profile
// do not.
func TestProfiles(t *testing.T) {
	s, err := Parse("cfg", []byte("[profile b]\nx = 1\n[default]\n[sso-session s]\n[dev]\n[profile a]\n"), "cred", []byte("[b]\nx = 2\n[c]\n"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range s.Profiles() {
		names = append(names, p.Name)
		if v, _ := p.String("x"); p.Name == "b" && v != "2" {
			t.Errorf("profile b: x = %q, want the credentials file's 2", v)
		}
	}
	if want := []string{"a", "b", "c", "default"}; !cmp.Equal(names, want) {
		t.Errorf("Profiles() = %q, want %q", names, want)
	}
}

// TestErrors: each error is a *ParseError naming the file and line, and
// its message holds no text of the file.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		config, credentials string
		file                string
		line                int
	}{
		{config: "aws_secret_access_key = SECRET\n", file: "c", line: 1},
		{config: "[default]\n\n# c\naws_secret_access_key SECRET\n", file: "c", line: 4},
		{config: "[default]\nregion = x\n", credentials: "[default]\n= SECRET\n", file: "k", line: 2},
		{config: "[default]\r\ns3 =\r\n  max = 1\r\n  SECRET\r\n", file: "c", line: 4},
		{config: "[default]\n[SECRET\n", file: "c", line: 2},
	} {
		_, err := Parse("c", []byte(tc.config), "k", []byte(tc.credentials))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != tc.file || pe.Line != tc.line {
			t.Errorf("%q: got %v, want an error at %s:%d", tc.config, err, tc.file, tc.line)
		} else if strings.Contains(err.Error(), "SECRET") || !strings.HasPrefix(err.Error(), pe.File+":") {
			t.Errorf("%q: error %q", tc.config, err)
		}
	}
}

// TestContinuationLinesLinear: a value continued over many lines costs
// memory in proportion to its size. Joining line by line, as the parser
// once did, copied the value so far for each line: quadratic, 33 s for
// 200,000 lines.
func TestContinuationLinesLinear(t *testing.T) {
	const n = 5000
	line := "  line continuation\n"
	file := []byte("[default]\nkey = v\n" + strings.Repeat(line, n) + "sub =\n" + strings.Repeat("  a = b\n", n))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s, err := Parse("c", file, "", nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Profile("default")
	if v, _ := p.String("key"); v != "v"+strings.Repeat("\nline continuation", n) {
		t.Errorf("key has %d bytes", len(v))
	}
	if sub, ok := p.Sub("sub"); !ok || sub["a"] != "b" {
		t.Errorf("sub = %v", sub)
	}
	// The quadratic join allocated about 200 MB here.
	if got := after.TotalAlloc - before.TotalAlloc; got > 16*uint64(len(file)) {
		t.Errorf("parsing %d bytes allocated %d bytes", len(file), got)
	}
}

func TestExpandHome(t *testing.T) {
	for _, c := range []struct{ home, path, want string }{
		{"/h", "~", "/h"},
		{"/h", "~/.aws/config", filepath.Join("/h", ".aws/config")},
		{"/h", "~user/config", "~user/config"},
		{"/h", "/etc/config", "/etc/config"},
		{"", "~/config", "~/config"},
	} {
		if got := ExpandHome(c.home, c.path); got != c.want {
			t.Errorf("ExpandHome(%q, %q) = %q, want %q", c.home, c.path, got, c.want)
		}
	}
}
