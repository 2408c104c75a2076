package ini

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// realisticConfig is a config file like a developer's at a company using
// IAM Identity Center: an sso-session, a services section and 30 profiles
// of the usual kinds (SSO, assume-role, credential_process), some with
// nested s3 settings, comments and blank lines.
func realisticConfig() string {
	var b strings.Builder
	b.WriteString("# Managed by the platform team. Do not edit by hand.\n\n" +
		"[default]\nregion = us-east-1\noutput = json\ncli_pager =\n\n" +
		"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n" +
		"sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n" +
		"[services local]\nsso_oidc =\n  endpoint_url = http://localhost:4566\n" +
		"sts =\n  endpoint_url = http://localhost:4566\n\n")
	for i := range 30 {
		n := strconv.Itoa(i)
		b.WriteString("[profile team-" + n + "]\n")
		switch i % 3 {
		case 0:
			b.WriteString("sso_session = corp\nsso_account_id = 1234567890" + strconv.Itoa(10+i) +
				"\nsso_role_name = AdministratorAccess\nregion = us-west-2\noutput = json\n")
		case 1:
			b.WriteString("# deploy role\nrole_arn = arn:aws:iam::1234567890" + strconv.Itoa(10+i) +
				":role/Deploy\nsource_profile = team-0\nrole_session_name = ci\nduration_seconds = 3600\nregion = eu-west-1\n")
		case 2:
			b.WriteString("credential_process = /usr/local/bin/aws-vault export --format=json team-" + n +
				"\nregion = ap-southeast-2\ns3 =\n  max_concurrent_requests = 20\n  multipart_threshold = 64MB\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func realisticCredentials() string {
	var b strings.Builder
	for i := range 10 {
		b.WriteString("[legacy-" + strconv.Itoa(i) + "]\naws_access_key_id = AKIAIOSFODNN7EXAMPL" + strconv.Itoa(i) +
			"\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" + strconv.Itoa(i) + "\n\n")
	}
	return b.String()
}

func BenchmarkParseConfig30Profiles(b *testing.B) {
	data := []byte(realisticConfig())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("config", data, "", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCredentials(b *testing.B) {
	data := []byte(realisticCredentials())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("", nil, "credentials", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is the whole start-up cost: two stats, two reads, two
// parses.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	cfg, cred := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if err := os.WriteFile(cfg, []byte(realisticConfig()), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(cred, []byte(realisticCredentials()), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(cfg, cred); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProfileLookup(b *testing.B) {
	s, err := Parse("config", []byte(realisticConfig()), "credentials", []byte(realisticCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, ok := s.Profile("team-29")
		if !ok {
			b.Fatal("not found")
		}
		if _, ok := p.String("region"); !ok {
			b.Fatal("no region")
		}
	}
}

func TestRealisticConfig(t *testing.T) {
	s, err := Parse("config", []byte(realisticConfig()), "credentials", []byte(realisticCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.profiles); n != 41 {
		t.Errorf("%d profiles, want 41", n)
	}
	p, _ := s.Profile("team-29")
	if sub, ok := p.Sub("s3"); !ok || sub["multipart_threshold"] != "64MB" {
		t.Errorf("team-29 s3 = %v, %v", sub, ok)
	}
	svc, _ := s.Services("local")
	if sub, _ := svc.Sub("sso_oidc"); sub["endpoint_url"] != "http://localhost:4566" {
		t.Errorf("services local sso_oidc = %v", sub)
	}
}
