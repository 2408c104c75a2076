package ini

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The suites are copies of smithy-lang/smithy-rs
// aws/rust-runtime/aws-runtime/test-data/*.json at commit 56ee88c5c6ed
// (Apache-2.0); TestSuiteCopies checks them against the shared spec.
const specDir = "../../../shared/spec/profile-file-tests/"

// deviations are the suite cases where the AWS CLI (botocore 1.43) reads a
// file the suite rejects. Reading it as the CLI does is the one rule on top
// of the suite; the result here is what the CLI makes of the file.
var deviations = map[string]struct {
	reason string
	want   map[string]map[string]string
}{
	"Property definitions must contain an equals sign.": {
		reason: `botocore splits "key : value" at the ":" and loads key "key"`,
		want:   map[string]map[string]string{"foo": {"key": "value"}},
	},
	"Sub-property definitions cannot have an empty name.": {
		reason: `botocore loads the sub-property "= value" as {'': 'value'}`,
		want:   map[string]map[string]string{"foo": {"s3": "\n= value"}},
	},
}

type sectionsJSON = map[string]map[string]string

// TestProfileParserSuite runs every case of the cross-SDK parser suite.
func TestProfileParserSuite(t *testing.T) {
	var suite struct {
		Tests []struct {
			Name  string
			Input struct {
				ConfigFile, CredentialsFile string
			}
			Output struct {
				Config *struct {
					Profiles    sectionsJSON
					SSOSessions sectionsJSON `json:"sso_sessions"`
				}
				ErrorContaining string
			}
		}
	}
	readJSON(t, "profile-parser-tests.json", &suite)
	if len(suite.Tests) != 65 {
		t.Fatalf("%d cases, want 65", len(suite.Tests))
	}
	passed, deviated := 0, 0
	for _, tc := range suite.Tests {
		s, err := Parse("config", []byte(tc.Input.ConfigFile), "credentials", []byte(tc.Input.CredentialsFile))
		if dev, ok := deviations[tc.Name]; ok {
			deviated++
			if err != nil || !cmp.Equal(dev.want, dumpGroup(s.profiles)) {
				t.Errorf("%s: deviation (%s) not as botocore reads it: %v, %v", tc.Name, dev.reason, err, s)
			}
			continue
		}
		if msg := tc.Output.ErrorContaining; msg != "" {
			// The wording is each SDK's own; the error must name the file
			// and the line at fault, which is the last in every case.
			var pe *ParseError
			file, text := "config", tc.Input.ConfigFile
			if text == "" {
				file, text = "credentials", tc.Input.CredentialsFile
			}
			if !errors.As(err, &pe) || pe.File != file || pe.Line != strings.Count(text, "\n")+1 {
				t.Errorf("%s: got %v, want an error at %s:%d like %q", tc.Name, err, file, strings.Count(text, "\n")+1, msg)
				continue
			}
			passed++
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.Name, err)
			continue
		}
		want := tc.Output.Config
		if want.SSOSessions == nil {
			want.SSOSessions = sectionsJSON{}
		}
		if d := cmp.Diff(want.Profiles, dumpGroup(s.profiles)); d != "" {
			t.Errorf("%s: profiles (-want +got):\n%s", tc.Name, d)
		} else if d := cmp.Diff(want.SSOSessions, dumpGroup(s.ssoSessions)); d != "" {
			t.Errorf("%s: sso-sessions (-want +got):\n%s", tc.Name, d)
		} else {
			passed++
		}
	}
	if deviated != len(deviations) {
		t.Errorf("%d of %d deviations found in the suite", deviated, len(deviations))
	}
	t.Logf("%d of %d cases as the suite says, %d as botocore reads them", passed, len(suite.Tests), deviated)
}

// dumpGroup renders profiles or sso-sessions in the suite's shape: raw
// values, sub-properties included.
func dumpGroup(m map[string]Section) sectionsJSON {
	out := sectionsJSON{}
	for name, sec := range m {
		props := map[string]string{}
		for k, p := range sec.props {
			props[k] = p.value
		}
		out[name] = props
	}
	return out
}

// TestFileLocationSuite runs every case of the cross-SDK file location
// suite through Locate, which LoadConfig uses.
func TestFileLocationSuite(t *testing.T) {
	var suite struct {
		Tests []struct {
			Name                                string
			Environment                         map[string]string
			Platform                            string
			ConfigLocation, CredentialsLocation string
		}
	}
	readJSON(t, "file-location-tests.json", &suite)
	if len(suite.Tests) != 9 {
		t.Fatalf("%d cases, want 9", len(suite.Tests))
	}
	for _, tc := range suite.Tests {
		_, config, credentials := Locate(tc.Platform, func(k string) string { return tc.Environment[k] })
		if config != tc.ConfigLocation || credentials != tc.CredentialsLocation {
			t.Errorf("%s: got %s, %s; want %s, %s", tc.Name, config, credentials, tc.ConfigLocation, tc.CredentialsLocation)
		}
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// TestSuiteCopies checks the testdata copies against the shared spec
// folder, when there is one next to the repository.
func TestSuiteCopies(t *testing.T) {
	for _, name := range []string{"profile-parser-tests.json", "file-location-tests.json"} {
		spec, err := os.ReadFile(specDir + name)
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("no %s%s", specDir, name)
		}
		if err != nil {
			t.Fatal(err)
		}
		local, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil || !bytes.Equal(local, spec) {
			t.Errorf("testdata/%s differs from %s%s (%v)", name, specDir, name, err)
		}
	}
}
