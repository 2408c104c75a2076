package ssocache

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// roleCases are the cases of testdata/botocore_role.py.
var roleCases = map[string]RoleKey{
	"session": {AccountID: "111111111111", RoleName: "ReadOnly", SessionName: "my-sso", StartURL: "https://my-sso-portal.awsapps.com/start"},
	"legacy":  {AccountID: "222222222222", RoleName: "Admin", StartURL: "https://d-1234567890.awsapps.com/start#"},
	"unicode": {AccountID: "333333333333", RoleName: "R\u00f4le", SessionName: "m\u00fcnchen \U0001f600", StartURL: "https://x.awsapps.com/start"},
}

func TestRoleKey(t *testing.T) {
	c := Cache{Dir: "d"}
	// sha1('{"accountId":"111111111111","roleName":"ReadOnly","sessionName":"my-sso"}')
	if got := filepath.Base(c.RolePath(roleCases["session"])); got != "7656329665c70f26bb8dc6f65f498aa9de8da4e0.json" {
		t.Errorf("RolePath = %s", got)
	}
	if got := string(roleCases["legacy"].json()); got != `{"accountId":"222222222222","roleName":"Admin","startUrl":"https://d-1234567890.awsapps.com/start#"}` {
		t.Errorf("legacy key %s", got)
	}
}

// needBotocore skips a test without python3 and botocore, except under CI,
// where it fails: CI must check the bytes against botocore.
func needBotocore(t *testing.T) {
	t.Helper()
	if exec.Command("python3", "-c", "import botocore").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with botocore not installed: CI must check the bytes against botocore's writer")
		}
		t.Skip("python3 with botocore not installed")
	}
}

// botocore's SSOCredentialFetcher writes the files: we read each, write it
// again byte for byte under the same name, and botocore reads ours without
// a Portal call.
func TestBotocoreRoles(t *testing.T) {
	needBotocore(t)
	theirs := t.TempDir()
	out, err := exec.Command("python3", "testdata/botocore_role.py", "write", theirs).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	ours := Cache{Dir: t.TempDir()}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, file, _ := strings.Cut(line, " ")
		k := roleCases[name]
		if got := filepath.Base(ours.RolePath(k)); got != file {
			t.Errorf("%s: our file %s, botocore's %s", name, got, file)
		}
		r, err := Cache{Dir: theirs}.ReadRole(k)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.AccessKeyID != "ASIA"+strings.ToUpper(name) || r.SecretAccessKey != "secret-"+name || r.AccountID != k.AccountID ||
			time.Until(r.Expiration) < 50*time.Minute {
			t.Errorf("%s: read %+v, expiring %v", name, r, r.Expiration)
		}
		if err := ours.WriteRole(k, r); err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(filepath.Join(theirs, file))
		if got, _ := os.ReadFile(ours.RolePath(k)); !bytes.Equal(got, want) {
			t.Errorf("%s: wrote\n%s\nbotocore wrote\n%s", name, got, want)
		}
	}
	out, err = exec.Command("python3", "testdata/botocore_role.py", "read", ours.Dir).CombinedOutput()
	if err != nil || strings.Count(string(out), "ASIA") != len(roleCases) {
		t.Fatalf("botocore did not use our files: %v: %s", err, out)
	}
}

// What AWS CLI 2.9.19 writes (no AccountId), and members other tools add,
// are read; the unknown members are written back after the known ones.
func TestRoleFormat(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	k := roleCases["session"]
	for _, tc := range []struct{ name, in, out string }{
		{"cli 2.9.19",
			`{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIA1", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-12-07T02:49:24Z"}}`,
			`{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIA1", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-12-07T02:49:24Z"}}`},
		{"unknown members",
			`{"Credentials": {"Expiration": "2026-12-07T02:49:24+00:00", "AccessKeyId": "ASIA1", "X": [1, 2.5]}, "ProviderType": "sso", "Y": "\u00e9"}`,
			`{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIA1", "Expiration": "2026-12-07T02:49:24Z", "X": [1, 2.5]}, "Y": "\u00e9"}`},
	} {
		if err := os.WriteFile(c.RolePath(k), []byte(tc.in), 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := c.ReadRole(k)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if err := c.WriteRole(k, r); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(c.RolePath(k)); string(got) != tc.out {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.out)
		}
	}
	for _, bad := range []string{
		`{"ProviderType": "assume-role", "Credentials": {"AccessKeyId": "A"}}`,
		`{"ProviderType": "sso"}`,
		`{"ProviderType": "sso", "Credentials": "x"}`,
		`{"ProviderType": "sso", "Credentials": {"Expiration": "tomorrow"}}`,
	} {
		os.WriteFile(c.RolePath(k), []byte(bad), 0o600)
		if _, err := c.ReadRole(k); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err %v, want ErrCorrupt", bad, err)
		}
	}
	if s := fmt.Sprintf("%v %+v %#v", RoleCredentials{SecretAccessKey: "SECRET1", SessionToken: "SECRET2"}, RoleCredentials{SecretAccessKey: "SECRET1"}, RoleCredentials{SessionToken: "SECRET2"}); strings.Contains(s, "SECRET") {
		t.Errorf("a secret printed: %s", s)
	}
}

// aws sso logout's sweep: SSO role credentials go, other files stay; the
// token files are found by their accessToken.
func TestSweep(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	r := &RoleCredentials{AccessKeyID: "ASIA1", SecretAccessKey: "s", SessionToken: "t", Expiration: time.Unix(2e9, 0)}
	for _, k := range roleCases {
		if err := c.WriteRole(k, r); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(c.Dir, "assume.json")
	os.WriteFile(other, []byte(`{"ProviderType": "assume-role", "Credentials": {}}`), 0o600)
	if err := c.WriteToken("my-sso", &Token{StartURL: "u", Region: "r", AccessToken: "a", ExpiresAt: time.Unix(2e9, 0)}); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteRegistration(RegistrationKey{Region: "r"}, &Registration{ClientID: "c", ClientSecret: "s"}); err != nil {
		t.Fatal(err)
	}
	removed, err := c.RemoveAllRoles()
	if err != nil || len(removed) != len(roleCases) {
		t.Fatalf("removed %q, %v", removed, err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another provider's file: %v", err)
	}
	toks, err := c.Tokens()
	if err != nil || len(toks) != 1 || toks[0].Path != c.TokenPath("my-sso") || toks[0].Token.Region != "r" {
		t.Fatalf("Tokens = %+v, %v", toks, err)
	}
	if err := c.RemoveFile(toks[0].Path); err != nil {
		t.Fatal(err)
	}
	if toks, _ := c.Tokens(); len(toks) != 0 {
		t.Errorf("after removal: %+v", toks)
	}
}
