package endpoints

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssooidc-go/ssooidc/internal/smithymodel"
)

// endpointTestCase mirrors one entry of the model's smithy.rules#endpointTests
// testCases. Unknown fields are rejected so a new parameter in the data
// cannot be silently ignored.
type endpointTestCase struct {
	Documentation string `json:"documentation"`
	Expect        struct {
		Endpoint *struct {
			URL        string          `json:"url"`
			Properties json.RawMessage `json:"properties"`
			Headers    json.RawMessage `json:"headers"`
		} `json:"endpoint"`
		Error *string `json:"error"`
	} `json:"expect"`
	Params struct {
		Region       *string `json:"Region"`
		UseFIPS      *bool   `json:"UseFIPS"`
		UseDualStack *bool   `json:"UseDualStack"`
		Endpoint     *string `json:"Endpoint"`
	} `json:"params"`
}

// loadEndpointTests reads the test cases of testdata/name: a list of cases
// (the model trait's testCases) or botocore's {"testCases": [...]}.
func loadEndpointTests(t *testing.T, name string) []endpointTestCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var file struct {
		TestCases []endpointTestCase `json:"testCases"`
		Version   string             `json:"version"`
	}
	if bytes.HasPrefix(data, []byte("[")) {
		err = dec.Decode(&file.TestCases)
	} else {
		err = dec.Decode(&file)
	}
	if err != nil {
		t.Fatalf("decode endpoint tests: %v", err)
	}
	return file.TestCases
}

// params converts a test case's params, applying the rule set defaults
// (UseFIPS and UseDualStack are false when absent; Region and Endpoint
// are unset).
func (c endpointTestCase) params() Params {
	var p Params
	if c.Params.Region != nil {
		p.Region = *c.Params.Region
	}
	if c.Params.UseFIPS != nil {
		p.UseFIPS = *c.Params.UseFIPS
	}
	if c.Params.UseDualStack != nil {
		p.UseDualStack = *c.Params.UseDualStack
	}
	if c.Params.Endpoint != nil {
		p.Endpoint = *c.Params.Endpoint
	}
	return p
}

func TestResolveEndpointTests(t *testing.T) {
	for _, rs := range []struct {
		name  string
		rules RuleSet
		file  string
	}{
		{"OIDC", OIDC, "endpoint-tests.json"},
		{"Portal", Portal, "portal-endpoint-tests.json"},
	} {
		t.Run(rs.name, func(t *testing.T) { checkEndpointTests(t, rs.rules, loadEndpointTests(t, rs.file)) })
	}
}

func checkEndpointTests(t *testing.T, rules RuleSet, cases []endpointTestCase) {
	if len(cases) != 40 {
		t.Fatalf("got %d endpoint test cases, want 40", len(cases))
	}
	var passed, wantURL, wantErr int
	for i, c := range cases {
		ok := t.Run(c.Documentation, func(t *testing.T) {
			if (c.Expect.Endpoint == nil) == (c.Expect.Error == nil) {
				t.Fatalf("case %d: expect must hold exactly one of endpoint or error", i)
			}
			got, err := rules.Resolve(c.params())
			if c.Expect.Error != nil {
				wantErr++
				if err == nil {
					t.Fatalf("Resolve(%+v) = %q, want error %q", c.params(), got, *c.Expect.Error)
				}
				var rerr *Error
				if !errors.As(err, &rerr) {
					t.Fatalf("error %v (%T) is not an *Error", err, err)
				}
				if rerr.Message != *c.Expect.Error || err.Error() != *c.Expect.Error {
					t.Errorf("error = %q, want %q", err.Error(), *c.Expect.Error)
				}
				if got != "" {
					t.Errorf("URL = %q alongside an error, want empty", got)
				}
				return
			}
			wantURL++
			if err != nil {
				t.Fatalf("Resolve(%+v) error: %v", c.params(), err)
			}
			if got != c.Expect.Endpoint.URL {
				t.Errorf("Resolve(%+v) = %q, want %q", c.params(), got, c.Expect.Endpoint.URL)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("%d/%d endpoint test cases passed (%d URL, %d error)", passed, len(cases), wantURL, wantErr)
	if wantURL != 37 || wantErr != 3 {
		t.Errorf("got %d URL and %d error cases, want 37 and 3", wantURL, wantErr)
	}
}

// TestResolveExtraCases covers rule set branches the published cases leave
// out, each checked by hand against the rule set.
func TestResolveExtraCases(t *testing.T) {
	tests := []struct {
		name    string
		p       Params
		want    string
		wantErr string
	}{
		{"portal us-gov FIPS via regex match",
			Params{Region: "us-gov-central-5", UseFIPS: true}, "https://portal.sso.us-gov-central-5.amazonaws.com", ""},
		{"portal eusc FIPS dual-stack",
			Params{Region: "eusc-de-east-1", UseFIPS: true, UseDualStack: true},
			"https://portal.sso-fips.eusc-de-east-1.api.amazonwebservices.eu", ""},
		{"custom endpoint with FIPS and DualStack hits FIPS rule first",
			Params{Region: "us-east-1", UseFIPS: true, UseDualStack: true, Endpoint: "https://example.com"},
			"", msgFIPSCustomEndpoint},
		{"custom endpoint without region is returned verbatim",
			Params{Endpoint: "http://localhost:8080/base/"}, "http://localhost:8080/base/", ""},
		{"missing region with FIPS", Params{UseFIPS: true}, "", msgMissingRegion},
		{"unknown region falls back to aws",
			Params{Region: "mars-central-1"}, "https://oidc.mars-central-1.amazonaws.com", ""},
		{"regex-matched region",
			Params{Region: "eusc-de-west-9"}, "https://oidc.eusc-de-west-9.amazonaws.eu", ""},
		{"eusc FIPS dual-stack",
			Params{Region: "eusc-de-east-1", UseFIPS: true, UseDualStack: true},
			"https://oidc-fips.eusc-de-east-1.api.amazonwebservices.eu", ""},
		{"us-gov FIPS via regex match",
			Params{Region: "us-gov-central-5", UseFIPS: true}, "https://oidc.us-gov-central-5.amazonaws.com", ""},
		{"iso-f dual-stack",
			Params{Region: "us-isof-south-1", UseDualStack: true}, "https://oidc.us-isof-south-1.api.aws.hci.ic.gov", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := OIDC
			if strings.HasPrefix(tt.name, "portal ") {
				rules = Portal
			}
			got, err := rules.Resolve(tt.p)
			if tt.wantErr != "" {
				var rerr *Error
				if !errors.As(err, &rerr) || rerr.Message != tt.wantErr {
					t.Fatalf("Resolve(%+v) = %q, %v; want *Error %q", tt.p, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Resolve(%+v) = %q, %v; want %q", tt.p, got, err, tt.want)
			}
		})
	}
}

// TestResolveUnsupportedPartition exercises the error rules that the real
// partitions data never reaches (every partition supports FIPS and
// dual-stack), by swapping in a table where support is off.
func TestResolveUnsupportedPartition(t *testing.T) {
	off := []byte(`{"partitions":[{"id":"aws","outputs":{"dnsSuffix":"example.com",
		"dualStackDnsSuffix":"ds.example.com","supportsFIPS":false,"supportsDualStack":false},
		"regionRegex":"^x\\-\\w+\\-\\d+$","regions":{}}]}`)
	table, err := parsePartitions(off)
	if err != nil {
		t.Fatal(err)
	}
	orig := loadPartitions
	loadPartitions = func() (*partitionTable, error) { return table, nil }
	t.Cleanup(func() { loadPartitions = orig })

	for _, tt := range []struct {
		p    Params
		want string
	}{
		{Params{Region: "r", UseFIPS: true, UseDualStack: true}, msgFIPSAndDualStack},
		{Params{Region: "r", UseFIPS: true}, msgFIPSUnsupported},
		{Params{Region: "r", UseDualStack: true}, msgDualStackUnsupported},
	} {
		_, err := OIDC.Resolve(tt.p)
		var rerr *Error
		if !errors.As(err, &rerr) || rerr.Error() != tt.want {
			t.Errorf("Resolve(%+v) error = %v, want %q", tt.p, err, tt.want)
		}
	}
	if got, err := OIDC.Resolve(Params{Region: "r"}); err != nil || got != "https://oidc.r.example.com" {
		t.Errorf("Resolve plain = %q, %v", got, err)
	}
}

// TestEndpointTestsMatchSpec checks the hermetic copies of the test cases
// and of the portal's rule set against the shared spec when the checkout
// has it.
func TestEndpointTestsMatchSpec(t *testing.T) {
	compareWithSpec(t, filepath.Join("testdata", "endpoint-tests.json"), "endpoint-tests.json")
	compareWithSpec(t, filepath.Join("testdata", "portal-endpoint-tests.json"), "sso-portal/endpoint-tests.json")
	compareWithSpec(t, filepath.Join("testdata", "portal-endpoint-rule-set.json"), "sso-portal/endpoint-rule-set.json")
}

// TestPortalRulesAreOIDCRules holds the portal's rule set (botocore's, the
// newest) to SSO OIDC's with the host "portal.sso" for "oidc": the premise
// of one Resolve for both, for the rules the test cases do not reach too.
func TestPortalRulesAreOIDCRules(t *testing.T) {
	shapes, err := smithymodel.Load(filepath.Join("..", "..", "testdata", "sso-oidc.json"))
	if err != nil {
		t.Fatal(err)
	}
	oidc := string(shapes["com.amazonaws.ssooidc#AWSSSOOIDCService"].Traits["smithy.rules#endpointRuleSet"])
	if !strings.Contains(oidc, `"https://oidc.{Region}.{PartitionResult#dnsSuffix}"`) {
		t.Fatal("the SSO OIDC model has no rule for https://oidc.{Region}.{PartitionResult#dnsSuffix}")
	}
	swapped := strings.NewReplacer(`"https://oidc-fips.`, `"https://portal.sso-fips.`, `"https://oidc.`, `"https://portal.sso.`).Replace(oidc)
	portal, err := os.ReadFile(filepath.Join("testdata", "portal-endpoint-rule-set.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(portal, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(swapped), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the portal's endpoint rule set is not SSO OIDC's with portal.sso for oidc: Resolve cannot serve both")
	}
}

// compareWithSpec asserts that the local file is byte-identical to the
// shared spec file of the given name, skipping when the spec is absent.
func compareWithSpec(t *testing.T, local, specName string) {
	t.Helper()
	spec, err := os.ReadFile(filepath.Join("/work/shared/spec", specName))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("spec file %s not present", specName)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(local)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, spec) {
		t.Errorf("%s differs from the spec copy (%d vs %d bytes)", local, len(got), len(spec))
	}
}

func BenchmarkResolve(b *testing.B) {
	benches := []struct {
		name string
		p    Params
	}{
		{"us-east-1", Params{Region: "us-east-1"}},
		{"us-east-1-fips-dualstack", Params{Region: "us-east-1", UseFIPS: true, UseDualStack: true}},
		{"regex-region", Params{Region: "us-gov-central-5"}},
		{"custom-endpoint", Params{Region: "us-east-1", Endpoint: "https://example.com"}},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			if _, err := OIDC.Resolve(bb.p); err != nil { // load data outside the timer
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := OIDC.Resolve(bb.p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
