package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const (
	account   = ssooidctest.DefaultAccountID
	roleCalls = "GetRoleCredentials 200"
)

func (w *world) cliCache() ssocache.Cache {
	return ssocache.Cache{Dir: filepath.Join(w.home, ".aws", "cli", "cache")}
}

// roleKey names the credentials file of a role of sso-session my-sso.
func roleKey(role string) ssocache.RoleKey {
	return ssocache.RoleKey{AccountID: account, RoleName: role, SessionName: "my-sso"}
}

// processOutput is what --format process prints.
type processOutput struct {
	Version         int
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

// credentials runs credentials with args and decodes the process format.
func (w *world) credentials(args ...string) processOutput {
	w.t.Helper()
	r := w.run(nil, append([]string{"credentials"}, args...)...)
	r.want(w.t, 0)
	if r.stderr != "" {
		w.t.Errorf("stderr %q", r.stderr)
	}
	var p processOutput
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		w.t.Fatalf("%s: %v", r.stdout, err)
	}
	return p
}

// The role of the profile, or of the flags, in each format: the process
// JSON credential_process reads, json, and env through a shell's eval.
// Credentials are fetched once and then come from the AWS CLI's cache.
func TestCredentials(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	p := w.credentials("--profile", "dev")
	info, ok := w.srv.LookupRoleCredentials(p.AccessKeyID)
	exp, err := time.Parse(time.RFC3339, p.Expiration)
	if !ok || info.AccountID != account || info.RoleName != "ReadOnly" || p.Version != 1 || p.SecretAccessKey == "" || p.SessionToken == "" ||
		err != nil || !strings.HasSuffix(p.Expiration, "Z") || !exp.Equal(info.ExpiresAt.Truncate(time.Second)) {
		t.Fatalf("process output %+v (%+v, %v, %v)", p, info, ok, err)
	}
	f, err := w.cliCache().ReadRole(roleKey("ReadOnly"))
	if err != nil || f.AccessKeyID != p.AccessKeyID {
		t.Fatalf("cache file: %+v, %v", f, err)
	}

	r := w.run(nil, "credentials", "--profile", "dev", "--format", "json")
	r.want(t, 0)
	want := `{"accessKeyId":"` + p.AccessKeyID + `","secretAccessKey":"` + p.SecretAccessKey + `","sessionToken":"` + p.SessionToken + `","expiration":"` + p.Expiration + `"}` + "\n"
	if r.stdout != want {
		t.Errorf("json:\n%s\nwant:\n%s", r.stdout, want)
	}

	// env, as a user's eval sees it; AWS_PROFILE picks the profile.
	r = w.run([]string{"AWS_PROFILE=dev"}, "credentials", "--format", "env")
	r.want(t, 0)
	out, err := exec.Command("sh", "-c", r.stdout+`printf '%s\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`).Output()
	if wantEnv := strings.Join([]string{p.AccessKeyID, p.SecretAccessKey, p.SessionToken, p.Expiration}, "\n") + "\n"; err != nil || string(out) != wantEnv {
		t.Errorf("eval gave %q (%v), want %q; output:\n%s", out, err, wantEnv, r.stdout)
	}
	if n := strings.Count(r.stdout, "\nexport ") + 1; n != 4 || !strings.HasPrefix(r.stdout, "export AWS_ACCESS_KEY_ID='") {
		t.Errorf("env output:\n%s", r.stdout)
	}
	if n := w.emulatorLog(roleCalls); n != 1 {
		t.Errorf("%d GetRoleCredentials calls for one role, want 1", n)
	}

	// The flags name another role, of the same session.
	admin := w.credentials("--profile", "dev", "--account", account, "--role", "Admin")
	if info, ok := w.srv.LookupRoleCredentials(admin.AccessKeyID); !ok || info.RoleName != "Admin" {
		t.Fatalf("--role Admin gave %+v, %v", info, ok)
	}
	if again := w.credentials("--profile", "dev-admin"); again != admin {
		t.Error("dev-admin's role is Admin, cached: other credentials")
	}
	if n := w.emulatorLog(roleCalls); n != 2 {
		t.Errorf("%d GetRoleCredentials calls for two roles, want 2", n)
	}
}

// Exit 3 when a login is needed, 1 for a role the user does not have, for a
// profile without a role, and for a portal that fails; the message says
// what to do, on one line, without a secret.
func TestCredentialsErrors(t *testing.T) {
	w := newWorld(t, approving)
	r := w.run(nil, "credentials", "--profile", "dev")
	r.want(t, 3)
	if r.stdout != "" || !strings.Contains(r.stderr, "log in again (ssooidc login --profile dev)") {
		t.Errorf("no login: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	oneLineErr(t, r)

	w.loggedIn()
	tok := w.token()
	secrets := []string{tok.AccessToken, tok.RefreshToken, tok.ClientSecret}
	for _, p := range []string{"dev", "dev-admin"} {
		c := w.credentials("--profile", p)
		secrets = append(secrets, c.SecretAccessKey, c.SessionToken)
	}
	for _, tc := range []struct {
		env  []string
		args []string
		code int
		want string
	}{
		{nil, []string{"--profile", "dev", "--account", account, "--role", "Nope"}, 1,
			`profile dev: the signed-in user has no access to role "Nope" in account "111111111111" (ForbiddenException: No access); ssooidc accounts --profile dev lists the roles the user has`},
		{nil, []string{"--profile", "svc"}, 1, "profile svc has no sso_account_id and sso_role_name: set sso_account_id and sso_role_name in it, or give --account and --role (ssooidc accounts --profile svc lists them)"},
		{nil, []string{"--sso-session", "my-sso", "--account", account, "--role", "Nope"}, 1, "sso-session my-sso: the signed-in user has no access"},
		{[]string{"AWS_ENDPOINT_URL_SSO=" + refused(t)}, []string{"--profile", "dev", "--account", account, "--role", "Other"}, 1, "connection refused"},
	} {
		r := w.run(tc.env, append([]string{"credentials"}, tc.args...)...)
		r.want(t, tc.code)
		if r.stdout != "" || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: stdout %q, stderr %q; want %q", tc.args, r.stdout, r.stderr, tc.want)
		}
		oneLineErr(t, r)
		for _, s := range secrets {
			if strings.Contains(r.stderr, s) {
				t.Errorf("%q: a secret on stderr: %q", tc.args, r.stderr)
			}
		}
	}
}

// A role's credentials through credential_process, as botocore (and so
// the AWS CLI and boto3) runs it.
func TestCredentialProcessBotocore(t *testing.T) {
	if exec.Command("python3", "-c", "import botocore").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with botocore not installed: CI must check credential_process against botocore")
		}
		t.Skip("python3 with botocore not installed")
	}
	w := newWorld(t, approving)
	w.loggedIn()
	config := filepath.Join(w.home, ".aws", "config")
	b, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	w.write(".aws/config", string(b)+"\n[profile proc]\ncredential_process = "+bin+" credentials --profile dev\n", 0o600)
	const script = `import botocore.session
c = botocore.session.Session(profile="proc").get_credentials()
print(c.method, c.get_frozen_credentials().access_key)`
	for range 2 {
		cmd := exec.Command("python3", "-c", script)
		cmd.Env = append(append([]string{}, w.env...), "AWS_CONFIG_FILE="+config)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("botocore: %v\n%s", err, stderr.String())
		}
		method, key, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
		if info, ok := w.srv.LookupRoleCredentials(key); method != "custom-process" || !ok || info.RoleName != "ReadOnly" {
			t.Fatalf("botocore's credentials: %s (%+v, %v)", out, info, ok)
		}
	}
	if n := w.emulatorLog(roleCalls); n != 1 {
		t.Errorf("%d GetRoleCredentials calls for two botocore sessions, want 1 (the second cached)", n)
	}
}

// Eight processes that need the same credentials make one call and print
// the same credentials.
func TestConcurrentCredentials(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	results := w.runAtOnce(nil, slices.Repeat([][]string{{"credentials", "--profile", "dev"}}, 8)...)
	for i, r := range results {
		r.want(t, 0)
		if r.stdout != results[0].stdout {
			t.Errorf("process %d printed other credentials", i)
		}
	}
	if got := w.emulatorLog(roleCalls); got != 1 {
		t.Errorf("%d GetRoleCredentials calls, want 1", got)
	}
}

// Every account on every page with all its roles, sorted by name: an
// aligned table, or JSON.
func TestAccounts(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 500 * time.Millisecond, PageSize: 1, Accounts: []ssooidctest.Account{
		{ID: "222222222222", Name: "Production", Email: "prod@example.com", Roles: []string{"ReadOnly", "Admin"}},
		{ID: "111111111111", Name: "Dev \x1b[2J", Email: "dev@example.com", Roles: []string{"ReadOnly", "Billing", "Admin"}},
	}})
	r := w.run(nil, "accounts", "--profile", "dev")
	r.want(t, 3)
	oneLineErr(t, r)
	w.loggedIn()

	r = w.run(nil, "accounts", "--profile", "dev")
	r.want(t, 0)
	want := "" +
		"ACCOUNT       NAME         EMAIL             ROLES\n" +
		"111111111111  Dev \\x1b[2J  dev@example.com   Admin, Billing, ReadOnly\n" +
		"222222222222  Production   prod@example.com  Admin, ReadOnly\n"
	if r.stdout != want || r.stderr != "" {
		t.Errorf("text:\n%s\nwant:\n%s\nstderr %q", r.stdout, want, r.stderr)
	}
	if n := w.emulatorLog("ListAccounts 200"); n != 2 {
		t.Errorf("%d ListAccounts calls, want 2 (a page each)", n)
	}
	if n := w.emulatorLog("ListAccountRoles 200"); n != 5 {
		t.Errorf("%d ListAccountRoles calls, want 5 (a page each)", n)
	}

	r = w.run(nil, "accounts", "--sso-session", "my-sso", "--format", "json")
	r.want(t, 0)
	type account struct {
		AccountID    string   `json:"accountId"`
		AccountName  string   `json:"accountName"`
		EmailAddress string   `json:"emailAddress"`
		Roles        []string `json:"roles"`
	}
	var got []account
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	wantJSON := []account{
		{"111111111111", "Dev \x1b[2J", "dev@example.com", []string{"Admin", "Billing", "ReadOnly"}},
		{"222222222222", "Production", "prod@example.com", []string{"Admin", "ReadOnly"}},
	}
	if d := cmp.Diff(wantJSON, got); d != "" {
		t.Errorf("json (-want +got):\n%s", d)
	}
}

// Logout ends the session at the portal and removes the credentials of
// the roles of every profile of the session, and only those.
func TestLogoutRemovesRoles(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	tok := w.token()
	w.credentials("--profile", "dev")
	w.credentials("--profile", "dev-admin")
	// The legacy profile's role is another session's.
	legacy := ssocache.RoleKey{AccountID: account, RoleName: "Admin", StartURL: legacyStartURL}
	if err := w.cliCache().WriteRole(legacy, &ssocache.RoleCredentials{AccessKeyID: "ASIALEGACY", SecretAccessKey: "s", Expiration: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	r := w.run(nil, "logout", "--profile", "dev")
	r.want(t, 0)
	if want := "Logged out of profile dev: removed " + w.cache().TokenPath("my-sso") + " and the cached credentials of its roles (2 in the config).\n"; r.stderr != want || r.stdout != "" {
		t.Errorf("logout: stdout %q, stderr %q; want %q", r.stdout, r.stderr, want)
	}
	if _, ok := w.srv.LookupAccessToken(tok.AccessToken); ok {
		t.Error("the emulator still accepts the token")
	}
	for _, role := range []string{"ReadOnly", "Admin"} {
		if _, err := os.Stat(w.cliCache().RolePath(roleKey(role))); !os.IsNotExist(err) {
			t.Errorf("%s's credentials: %v", role, err)
		}
	}
	if _, err := w.cliCache().ReadRole(legacy); err != nil {
		t.Errorf("another session's credentials: %v", err)
	}
	w.run(nil, "credentials", "--profile", "dev").want(t, 3)
}

// logout --all is aws sso logout: every token logged out and removed,
// every SSO credentials file removed, the registrations kept.
func TestLogoutAll(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	w.run(nil, "login", "--profile", "legacy", "--no-browser").want(t, 0)
	var tokens []string
	for _, f := range w.tokenFiles() {
		tokens = append(tokens, f.Token.AccessToken)
	}
	w.credentials("--profile", "dev")
	w.credentials("--profile", "legacy")
	if len(tokens) != 2 || len(w.roleFiles()) != 2 {
		t.Fatalf("%d tokens, role files %q", len(tokens), w.roleFiles())
	}
	before := len(jsonFiles(w.cache().Dir))

	r := w.run(nil, "logout", "--all")
	r.want(t, 0)
	if want := "Logged out: removed 2 cached tokens and every cached SSO role credentials file.\n"; r.stderr != want || r.stdout != "" {
		t.Errorf("stdout %q, stderr %q; want %q", r.stdout, r.stderr, want)
	}
	for _, tok := range tokens {
		if _, ok := w.srv.LookupAccessToken(tok); ok {
			t.Error("the emulator still accepts a token")
		}
	}
	if f := w.tokenFiles(); len(f) != 0 {
		t.Errorf("token files left: %v", f)
	}
	if f := w.roleFiles(); len(f) != 0 {
		t.Errorf("role credentials left: %q", f)
	}
	if after := len(jsonFiles(w.cache().Dir)); after != before-2 || after == 0 {
		t.Errorf("%d files in the cache, %d before: the registrations must stay", after, before)
	}
}

func (w *world) tokenFiles() []ssocache.TokenFile {
	w.t.Helper()
	files, err := w.cache().Tokens()
	if err != nil {
		w.t.Fatal(err)
	}
	return files
}

func (w *world) roleFiles() []string { return jsonFiles(w.cliCache().Dir) }

// jsonFiles are the .json files in dir.
func jsonFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	return files
}
