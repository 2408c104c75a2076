package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// bin is the command, built once by TestMain: the tests run it as users
// and scripts do.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ssooidc-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "ssooidc")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	startURL       = "https://d-1234567890.awsapps.com/start"
	legacyStartURL = "https://legacy.awsapps.com/start#"
)

// testConfig has an sso-session profile (dev) and another of its session
// (dev-admin), a legacy one, one without SSO settings, and one whose
// endpoint comes from a [services] section. dev, dev-admin and legacy name
// roles of the emulator's default account.
const testConfig = `[default]
region = eu-west-1

[profile dev]
sso_session = my-sso
region = eu-west-1
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile dev-admin]
sso_session = my-sso
sso_account_id = 111111111111
sso_role_name = Admin

[sso-session my-sso]
sso_start_url = ` + startURL + `
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = ` + legacyStartURL + `
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile nosso]
region = us-east-1

[profile prod]
sso_session = my-sso
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = dev

[profile chained]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = prod

[profile svc]
sso_session = my-sso
services = local

[services local]
sso_oidc =
  endpoint_url = %s
`

// approving approves device logins after half a second: after the login's
// first, immediate CreateToken, so the login shows its prompt.
var approving = ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 500 * time.Millisecond}

// world is one user: a HOME with a config file, an emulator, and a BROWSER
// that records what it was asked to open.
type world struct {
	t        *testing.T
	srv      *ssooidctest.Server
	home     string
	browsed  string // the file BROWSER appends URLs to
	env      []string
	mu       sync.Mutex
	emuLines []string
}

func newWorld(t *testing.T, opts ssooidctest.Options) *world {
	t.Helper()
	w := &world{t: t, home: t.TempDir()}
	if opts.Logf == nil {
		opts.Logf = func(format string, args ...any) {
			w.mu.Lock()
			w.emuLines = append(w.emuLines, fmt.Sprintf(format, args...))
			w.mu.Unlock()
		}
	}
	w.srv = ssooidctest.NewServer(opts)
	t.Cleanup(w.srv.Close)
	if err := os.MkdirAll(filepath.Join(w.home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	w.write(".aws/config", fmt.Sprintf(testConfig, w.srv.URL), 0o600)
	w.browsed = filepath.Join(w.home, "browsed")
	browser := filepath.Join(w.home, "browser.sh")
	w.write("browser.sh", "#!/bin/sh\necho \"$1\" >> '"+w.browsed+"'\n", 0o700)
	w.env = []string{
		"HOME=" + w.home,
		"PATH=" + os.Getenv("PATH"),
		"AWS_ENDPOINT_URL_SSO_OIDC=" + w.srv.URL,
		"AWS_ENDPOINT_URL_SSO=" + w.srv.URL,
		"BROWSER=" + browser,
		"TMPDIR=" + os.TempDir(),
	}
	return w
}

func (w *world) write(rel, content string, mode os.FileMode) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.home, rel), []byte(content), mode); err != nil {
		w.t.Fatal(err)
	}
}

// result is one run of the command.
type result struct {
	stdout, stderr string
	code           int
}

// run runs the command with w's environment plus extra.
func (w *world) run(extra []string, args ...string) result {
	w.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append([]string{}, w.env...), extra...)
	return w.runCmd(cmd)
}

// runCmd runs cmd to its end.
func (w *world) runCmd(cmd *exec.Cmd) result {
	w.t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		w.t.Fatalf("run %q: %v", cmd.Args, err)
	}
	return r
}

func (w *world) cache() ssocache.Cache {
	return ssocache.Cache{Dir: filepath.Join(w.home, ".aws", "sso", "cache")}
}

// emulatorLog counts the emulator's log lines that contain s.
func (w *world) emulatorLog(s string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, l := range w.emuLines {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

func (w *world) browserCalls() []string {
	b, err := os.ReadFile(w.browsed)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	return strings.Fields(string(b))
}

// want checks the exit code and that stderr is one line (or empty).
func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

func oneLineErr(t *testing.T, r result) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "ssooidc: ") {
		t.Errorf("stderr is not one ssooidc: line:\n%s", r.stderr)
	}
}

// loggedIn logs profile dev in with the device code grant (no display).
func (w *world) loggedIn() result {
	w.t.Helper()
	r := w.run(nil, "login", "--profile", "dev", "--use-device-code")
	r.want(w.t, 0)
	return r
}

// token is the token file of sso-session my-sso.
func (w *world) token() *ssocache.Token {
	w.t.Helper()
	tok, err := w.cache().ReadToken("my-sso")
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// runAtOnce runs the command with each of args, all at the same time.
func (w *world) runAtOnce(env []string, args ...[]string) []result {
	results := make([]result, len(args))
	var wg sync.WaitGroup
	for i, a := range args {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = w.run(env, a...) }()
	}
	wg.Wait()
	return results
}

func hasLine(out, line string) bool {
	for _, l := range strings.Split(out, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

func TestUsageErrors(t *testing.T) {
	w := newWorld(t, approving)
	for _, args := range [][]string{
		{},
		{"nope"},
		{"token", "--nope"},
		{"token", "extra"},
		{"token", "--format", "xml"},
		{"status", "--format", "env"},
		{"logout", "--format", "json"},
		{"login", "--paste", "--use-device-code"},
		{"login", "--paste", "--qr"},
		{"login", "--demo", "--profile", "dev"},
		{"credentials", "--account", "1"},
		{"credentials", "--role", "R"},
		{"credentials", "--sso-session", "my-sso"},
		{"credentials", "--format", "text"},
		{"accounts", "--format", "env"},
		{"accounts", "--role", "R"},
		{"logout", "--all", "--profile", "dev"},
		{"logout", "--all", "--sso-session", "my-sso"},
		{"help", "nope"},
		{"version", "x"},
		{"token", "--profile"},
	} {
		r := w.run(nil, args...)
		if r.code != 2 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, a message", args, r.code, r.stdout, r.stderr)
		}
		if len(args) > 0 {
			oneLineErr(t, r)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "ssooidc token       [--profile P] [--sso-session S] [--format text|json|env]"},
		{[]string{"help"}, "ssooidc credentials [--profile P] [--sso-session S] [--account ID --role NAME] [--format process|env|json]"},
		{[]string{"help"}, "ssooidc accounts    [--profile P] [--sso-session S] [--format text|json]"},
		{[]string{"help"}, "ssooidc logout      [--profile P] [--sso-session S] | --all"},
		{[]string{"help", "credentials"}, "credential_process = ssooidc credentials --profile dev-sso"},
		{[]string{"credentials", "--help"}, "--format process"},
		{[]string{"help", "accounts"}, `"emailAddress"`},
		{[]string{"logout", "--help"}, "--all"},
		{[]string{"--help"}, "Exit status: 0 success, 1 error, 2 usage error, 3 a login is needed."},
		{[]string{"help", "token"}, "Usage: ssooidc token"},
		{[]string{"token", "--help"}, "--format env"},
		{[]string{"login", "-h"}, "--use-device-code"},
		{[]string{"status", "--help"}, "registrationExpiresAt"},
		{[]string{"logout", "--help"}, "Usage: ssooidc logout"},
		{[]string{"version"}, "ssooidc "},
	} {
		r := w.run(nil, tc.args...)
		if r.code != 0 || !strings.Contains(r.stdout, tc.want) || r.stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tc.args, r.code, r.stdout, r.stderr)
		}
	}
}

// A profile that does not exist, or has no SSO settings, is exit 1.
func TestConfigErrors(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"token", "--profile", "missing"}, `"missing"`},
		{[]string{"AWS_PROFILE=missing"}, []string{"status"}, `"missing"`},
		{nil, []string{"token", "--profile", "nosso"}, "profile nosso has no SSO settings"},
		{nil, []string{"login", "--profile", "nosso"}, "profile nosso has no SSO settings"},
		{nil, []string{"logout"}, "profile default has no SSO settings"},
		{nil, []string{"token", "--sso-session", "missing"}, "sso-session missing"},
		{nil, []string{"token", "--profile", "chained"}, "its source_profile leads to profile prod, which has them: use --profile prod"},
		{[]string{"AWS_CONFIG_FILE=" + filepath.Join(w.home, "none")}, []string{"token", "--profile", "dev"}, `"dev"`},
	} {
		r := w.run(tc.env, tc.args...)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q %q: exit %d, stdout %q, stderr %q; want 1 and %q", tc.env, tc.args, r.code, r.stdout, r.stderr, tc.want)
		}
		oneLineErr(t, r)
	}
	// A profile that also assumes a role through STS: its SSO settings
	// work (exit 3: a login is needed, not a config error).
	w.run(nil, "token", "--profile", "prod").want(t, 3)
}

// Exit 3 names the profile and the command that logs it in.
func TestLoginRequired(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	for _, tc := range []struct {
		env  []string
		args []string
		want []string
	}{
		{nil, []string{"token", "--profile", "dev"}, []string{"profile dev", "log in again (ssooidc login --profile dev)\n"}},
		{[]string{"AWS_PROFILE=dev"}, []string{"token"}, []string{"profile dev", "log in again (ssooidc login --profile dev)\n"}},
		{nil, []string{"token", "--profile", "legacy"}, []string{"profile legacy", "log in again (ssooidc login --profile legacy)\n"}},
		{nil, []string{"token", "--sso-session", "my-sso", "--format", "json"}, []string{"sso-session my-sso", "log in again (ssooidc login --sso-session my-sso)\n"}},
	} {
		r := w.run(tc.env, tc.args...)
		r.want(t, 3)
		if r.stdout != "" {
			t.Errorf("%q: stdout %q", tc.args, r.stdout)
		}
		for _, want := range tc.want {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%q: stderr %q lacks %q", tc.args, r.stderr, want)
			}
		}
		oneLineErr(t, r)
	}

	// Expired and not refreshable (no refresh token): 3 as well.
	writeToken(t, w.cache().TokenPath("my-sso"), map[string]any{
		"startUrl": startURL, "region": "us-east-1", "accessToken": "expired-token",
		"expiresAt": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
	})
	r := w.run(nil, "token", "--profile", "dev")
	r.want(t, 3)
	if !strings.Contains(r.stderr, "ssooidc login --profile dev") || strings.Contains(r.stderr, "expired-token") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func writeToken(t *testing.T, path string, members map[string]any) {
	t.Helper()
	b, err := json.Marshal(members)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// cachedToken writes a refreshable token of my-sso that expires in left.
func (w *world) cachedToken(left time.Duration) {
	w.t.Helper()
	writeToken(w.t, w.cache().TokenPath("my-sso"), map[string]any{
		"startUrl": startURL, "region": "us-east-1", "accessToken": "cached-token", "refreshToken": "rt",
		"clientId": "client-id", "clientSecret": "client-secret",
		"expiresAt":             time.Now().Add(left).UTC().Format(time.RFC3339),
		"registrationExpiresAt": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339),
	})
}

// The device code login prints what the AWS CLI prints, caches 0600 files,
// and the token, status and logout commands work on what it cached.
func TestLoginTokenStatusLogout(t *testing.T) {
	w := newWorld(t, approving)
	r := w.loggedIn()
	if !hasLine(r.stdout, w.srv.URL+"/device") || !regexp.MustCompile(`(?m)^[A-Z0-9]{4}-[A-Z0-9]{4}$`).MatchString(r.stdout) {
		t.Errorf("no URL or user code alone on a line:\n%s", r.stdout)
	}
	if !hasLine(r.stdout, "Successfully logged into Start URL: "+startURL) {
		t.Errorf("no success line:\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr: %q", r.stderr)
	}
	if n := w.emulatorLog("RegisterClient 200"); n != 1 {
		t.Errorf("%d RegisterClient calls", n)
	}

	// Every file in the cache is 0600, the folder 0700.
	dir := w.cache().Dir
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache folder: %v %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fi, _ := e.Info()
		if !strings.HasSuffix(e.Name(), ".lock") && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", e.Name(), fi.Mode().Perm())
		}
	}
	if _, err := w.cache().ReadToken("my-sso"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(w.cache().TokenPath("my-sso")); fi == nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode")
	}

	// A second login reuses the cached registration.
	w.loggedIn()
	if n := w.emulatorLog("RegisterClient 200"); n != 1 {
		t.Errorf("%d RegisterClient calls after the second login, want 1", n)
	}
	cached, err := w.cache().ReadToken("my-sso")
	if err != nil {
		t.Fatal(err)
	}

	// token: text, json, env.
	r = w.run(nil, "token", "--profile", "dev")
	r.want(t, 0)
	if r.stdout != cached.AccessToken+"\n" || r.stderr != "" {
		t.Errorf("token text: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = w.run(nil, "token", "--profile", "dev", "--format", "json")
	r.want(t, 0)
	var j map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &j); err != nil {
		t.Fatalf("json: %v: %q", err, r.stdout)
	}
	wantExp := cached.ExpiresAt.UTC().Format(time.RFC3339)
	if j["accessToken"] != cached.AccessToken || j["expiresAt"] != wantExp || j["startUrl"] != startURL || j["region"] != "us-east-1" || len(j) != 4 {
		t.Errorf("json: %v", j)
	}
	r = w.run(nil, "token", "--profile", "dev", "--format", "env")
	r.want(t, 0)
	wantEnv := "export AWS_SSO_ACCESS_TOKEN='" + cached.AccessToken + "'\nexport AWS_SSO_ACCESS_TOKEN_EXPIRATION='" + wantExp + "'\n"
	if r.stdout != wantEnv {
		t.Errorf("env:\n%s\nwant:\n%s", r.stdout, wantEnv)
	}

	// status: text and json; exit 0.
	r = w.run(nil, "status", "--profile", "dev", "--format", "json")
	r.want(t, 0)
	var st map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("status json: %v: %q", err, r.stdout)
	}
	for _, member := range []string{"cacheFile", "key", "expiresAt", "refreshable", "reason", "registrationExpiresAt", "loginRequired", "profile", "ssoSession", "startUrl", "region"} {
		if _, ok := st[member]; !ok {
			t.Errorf("status json lacks %s: %s", member, r.stdout)
		}
	}
	if st["cacheFile"] != w.cache().TokenPath("my-sso") || st["key"] != "my-sso" || st["expiresAt"] != wantExp ||
		st["refreshable"] != true || st["loginRequired"] != false || st["profile"] != "dev" || st["ssoSession"] != "my-sso" {
		t.Errorf("status json: %s", r.stdout)
	}
	if s, ok := st["registrationExpiresAt"].(string); !ok || s == "" {
		t.Errorf("registrationExpiresAt: %v", st["registrationExpiresAt"])
	}
	r = w.run(nil, "status", "--profile", "dev")
	r.want(t, 0)
	for _, want := range []string{"Cache file:    " + w.cache().TokenPath("my-sso"), "Cache key:     my-sso", "Refreshable:   yes", "Login:         not required"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status text lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, cached.AccessToken) || strings.Contains(r.stdout, cached.RefreshToken) {
		t.Error("status prints a token")
	}

	// logout, with and without a file.
	r = w.run(nil, "logout", "--profile", "dev")
	r.want(t, 0)
	if _, err := os.Stat(w.cache().TokenPath("my-sso")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token file after logout: %v", err)
	}
	if r.stdout != "" || !strings.Contains(r.stderr, "removed") {
		t.Errorf("logout: %q %q", r.stdout, r.stderr)
	}
	r = w.run(nil, "logout", "--profile", "dev")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "No token was cached") {
		t.Errorf("second logout: %q", r.stderr)
	}
	// After logout: status reports it (exit 0), token needs a login.
	r = w.run(nil, "status", "--profile", "dev", "--format", "json")
	r.want(t, 0)
	st = nil
	_ = json.Unmarshal([]byte(r.stdout), &st)
	if st["expiresAt"] != nil || st["loginRequired"] != true {
		t.Errorf("status after logout: %s", r.stdout)
	}
	w.run(nil, "token", "--profile", "dev").want(t, 3)
}

// status tells an expired token from a valid one, with times relative to
// now in text, and "expired" in json; a refreshable one needs no login.
func TestStatusExpired(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	w.cachedToken(-time.Hour)
	r := w.run(nil, "status", "--profile", "dev")
	r.want(t, 0)
	for _, want := range []string{
		`(?m)^Token: +expired \S+Z \(1h \d+m ago\)$`,
		`(?m)^Registration: +expires \S+Z \(in 23h \d+m\)$`,
		`(?m)^Refreshable: +yes$`,
		`(?m)^Login: +not required$`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("status text does not match %s:\n%s", want, r.stdout)
		}
	}
	r = w.run(nil, "status", "--profile", "dev", "--format", "json")
	r.want(t, 0)
	if !strings.Contains(r.stdout, `"expired":true,"refreshable":true,`) {
		t.Errorf("status json: %s", r.stdout)
	}
}

// A legacy profile logs in with the device code grant; its cache key is
// the start URL as configured.
func TestLegacyProfile(t *testing.T) {
	w := newWorld(t, approving)
	w.run([]string{"DISPLAY=:0"}, "login", "--profile", "legacy", "--no-browser").want(t, 0)
	if _, err := os.Stat(w.cache().TokenPath(legacyStartURL)); err != nil {
		t.Fatal(err)
	}
	r := w.run(nil, "status", "--profile", "legacy", "--format", "json")
	r.want(t, 0)
	if !strings.Contains(r.stdout, `"key":"`+legacyStartURL+`"`) || !strings.Contains(r.stdout, `"ssoSession":null`) {
		t.Errorf("status: %s", r.stdout)
	}
	w.run(nil, "token", "--profile", "legacy").want(t, 0)
}

// The endpoint may also come from the profile's [services] section.
func TestServicesEndpoint(t *testing.T) {
	w := newWorld(t, approving)
	env := []string{"AWS_ENDPOINT_URL_SSO_OIDC="} // empty: unset for the config loader
	r := w.run(env, "login", "--profile", "svc", "--use-device-code", "--no-browser")
	r.want(t, 0)
	if n := w.emulatorLog("CreateToken 200"); n == 0 {
		t.Error("the login did not reach the emulator")
	}
}

// --no-browser never starts a browser, with either grant; without it the
// device code login opens the page with the code filled in.
func TestNoBrowser(t *testing.T) {
	w := newWorld(t, approving)
	w.run(nil, "login", "--profile", "dev", "--use-device-code", "--no-browser").want(t, 0)
	if calls := w.browserCalls(); calls != nil {
		t.Fatalf("--no-browser started the browser: %q", calls)
	}

	// PKCE (a display): the listener still waits; the test is the browser.
	cmd, lines, stderr := w.startPKCE()
	var out strings.Builder
	authorized := false
	for lines.Scan() {
		line := lines.Text()
		out.WriteString(line + "\n")
		if strings.HasPrefix(line, w.srv.URL+"/authorize?") && !authorized {
			authorized = true
			resp, err := http.Get(line) // the emulator approves and redirects to the listener
			if err != nil {
				t.Fatalf("following the authorize URL: %v", err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("PKCE login: %v\n%s\n%s", err, out.String(), stderr.String())
	}
	if !authorized || !hasLine(out.String(), "Successfully logged into Start URL: "+startURL) {
		t.Errorf("PKCE --no-browser output:\n%s", out.String())
	}
	if calls := w.browserCalls(); calls != nil {
		t.Fatalf("--no-browser started the browser: %q", calls)
	}

	// Without --no-browser, the browser is asked to open the page: the
	// recorder above would have seen a call.
	w.run(nil, "login", "--profile", "dev", "--use-device-code").want(t, 0)
	if calls := w.browserCalls(); len(calls) != 1 || !strings.HasPrefix(calls[0], w.srv.URL+"/device") {
		t.Errorf("browser calls: %q", calls)
	}
}

// Without a display or BROWSER, a login starts no browser (not even
// xdg-open), uses the device code flow and says so, with the way to the
// other flow.
func TestHeadless(t *testing.T) {
	w := newWorld(t, approving)
	dir := t.TempDir()
	w.write("xdg-open.sh", "#!/bin/sh\necho \"$1\" >> '"+w.browsed+"'\n", 0o700)
	if err := os.Symlink(filepath.Join(w.home, "xdg-open.sh"), filepath.Join(dir, "xdg-open")); err != nil {
		t.Fatal(err)
	}
	r := w.run([]string{"BROWSER=", "PATH=" + dir + string(os.PathListSeparator) + os.Getenv("PATH")}, "login", "--profile", "dev")
	r.want(t, 0)
	if !strings.HasPrefix(r.stdout, "No browser can be opened here (no display") || !strings.Contains(r.stdout, "--paste") ||
		!hasLine(r.stdout, w.srv.URL+"/device") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if calls := w.browserCalls(); calls != nil {
		t.Errorf("a browser was started: %q", calls)
	}
}

// startPKCE starts a PKCE login (a display) with --no-browser: the test
// is the browser. It returns the command, its stdout's lines and stderr.
// A login that never completes fails the test instead of hanging it.
func (w *world) startPKCE() (*exec.Cmd, *bufio.Scanner, *bytes.Buffer) {
	w.t.Helper()
	cmd := exec.Command(bin, "login", "--profile", "dev", "--no-browser")
	cmd.Env = append(append([]string{}, w.env...), "DISPLAY=:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	hang := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	w.t.Cleanup(func() { hang.Stop(); cmd.Process.Kill() })
	return cmd, bufio.NewScanner(stdout), &stderr
}

// --qr draws the page with the code filled in as a QR code.
func TestQR(t *testing.T) {
	w := newWorld(t, approving)
	r := w.run([]string{"DISPLAY=:0"}, "login", "--profile", "dev", "--qr", "--no-browser")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "█") || !hasLine(r.stdout, "Successfully logged into Start URL: "+startURL) {
		t.Errorf("no QR code:\n%s", r.stdout)
	}
}

// The env format survives a ' in a value, through a real shell's eval.
func TestEnvQuotingThroughShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	w := newWorld(t, ssooidctest.Options{})
	const odd = `it's a "token" $HOME \n`
	writeToken(t, w.cache().TokenPath("my-sso"), map[string]any{
		"startUrl": startURL, "region": "us-east-1", "accessToken": odd,
		"expiresAt": time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
	})
	r := w.run(nil, "token", "--profile", "dev", "--format", "env")
	r.want(t, 0)
	out, err := exec.Command(sh, "-c", r.stdout+`printf %s "$AWS_SSO_ACCESS_TOKEN"`).Output()
	if err != nil || string(out) != odd {
		t.Errorf("eval gave %q (%v), want %q; output:\n%s", out, err, odd, r.stdout)
	}
}

// The README's eval lines, of token and credentials, stop a script with
// exit 3 when a login is needed (eval "$(...)" alone would go on with
// nothing set), and set the variables after a login.
func TestReadmeEvalStopsForLogin(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ command, variable string }{{"token", "AWS_SSO_ACCESS_TOKEN"}, {"credentials", "AWS_ACCESS_KEY_ID"}} {
		var lines []string
		for _, l := range strings.Split(string(readme), "\n") {
			if strings.HasPrefix(l, "vars=$(ssooidc "+tc.command+" ") {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 {
			t.Fatalf("README lines with the %s eval example: %q", tc.command, lines)
		}
		// The README's profile is dev-sso; the test's, dev.
		line := strings.ReplaceAll(strings.SplitN(lines[0], " #", 2)[0], "--profile dev-sso", "--profile dev")
		script := line + "\necho \"reached $" + tc.variable + "\"\n"
		w := newWorld(t, approving)
		runScript := func() result {
			cmd := exec.Command(sh, "-c", script)
			cmd.Env = append(append([]string{}, w.env...), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
			return w.runCmd(cmd)
		}
		r := runScript()
		r.want(t, 3)
		if r.stdout != "" {
			t.Errorf("%s: the script went on without a login: %q", tc.command, r.stdout)
		}
		w.loggedIn()
		r = runScript()
		r.want(t, 0)
		if !strings.HasPrefix(r.stdout, "reached ") || len(r.stdout) < len("reached x\n") {
			t.Errorf("%s: after a login: %q", tc.command, r.stdout)
		}
	}
}

// Eight token processes that all need a refresh make one refresh call and
// print the same new token.
func TestConcurrentRefresh(t *testing.T) {
	w := newWorld(t, approving)
	w.loggedIn()
	old, err := w.cache().ReadToken("my-sso")
	if err != nil {
		t.Fatal(err)
	}
	// Inside the 5-minute refresh window, still valid.
	old.ExpiresAt = time.Now().Add(time.Minute).UTC().Truncate(time.Second)
	if err := w.cache().WriteToken("my-sso", old); err != nil {
		t.Fatal(err)
	}
	results := w.runAtOnce(nil, slices.Repeat([][]string{{"token", "--profile", "dev"}}, 8)...)
	for i, r := range results {
		r.want(t, 0)
		if r.stdout != results[0].stdout || r.stdout == old.AccessToken+"\n" {
			t.Errorf("process %d printed %q; process 0 %q; old %q", i, r.stdout, results[0].stdout, old.AccessToken)
		}
	}
	if got := w.emulatorLog("CreateToken 200 OK grant=refresh_token"); got != 1 {
		t.Errorf("%d refresh calls, want 1", got)
	}
}

// No secret reaches stderr, whatever happens; status never prints one.
func TestNoSecretOnStderr(t *testing.T) {
	w := newWorld(t, approving)
	markers := []string{"MARKER-ACCESS-7f3a", "MARKER-REFRESH-91bc", "MARKER-SECRET-0d2e"}
	for _, expires := range []time.Duration{-time.Hour, time.Minute, time.Hour} {
		writeToken(t, w.cache().TokenPath("my-sso"), map[string]any{
			"startUrl": startURL, "region": "us-east-1", "accessToken": markers[0], "refreshToken": markers[1],
			"clientId": "client-id", "clientSecret": markers[2],
			"expiresAt":             time.Now().Add(expires).UTC().Format(time.RFC3339),
			"registrationExpiresAt": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339),
		})
		for _, args := range [][]string{
			{"status", "--profile", "dev"}, {"status", "--profile", "dev", "--format", "json"},
			{"token", "--profile", "dev"}, {"token", "--profile", "dev", "--format", "json"},
			{"credentials", "--profile", "dev"}, {"accounts", "--profile", "dev"}, {"logout", "--profile", "dev"},
		} {
			r := w.run(nil, args...)
			for _, m := range markers {
				if strings.Contains(r.stderr, m) {
					t.Errorf("%v %q: stderr holds a secret: %q", expires, args, r.stderr)
				}
				if args[0] != "token" && strings.Contains(r.stdout, m) {
					t.Errorf("%v %q: stdout holds a secret: %q", expires, args, r.stdout)
				}
			}
		}
	}
}

// login --demo, in a build with -tags demo, logs in against its own
// emulator and leaves HOME alone.
func TestDemo(t *testing.T) {
	demoBin := filepath.Join(t.TempDir(), "ssooidc-demo")
	if out, err := exec.Command("go", "build", "-tags", "demo", "-o", demoBin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags demo: %v\n%s", err, out)
	}
	w := newWorld(t, ssooidctest.Options{})
	before := listFiles(t, w.home)
	cmd := exec.Command(demoBin, "login", "--demo")
	cmd.Env = w.env
	r := w.runCmd(cmd)
	r.want(t, 0)
	for _, want := range []string{"Successfully logged into Start URL: https://ssooidc-demo.awsapps.com/start", "The token expires at "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "Demo: ") {
		t.Errorf("demo stderr: %q", r.stderr)
	}
	if after := listFiles(t, w.home); after != before {
		t.Errorf("the demo changed HOME:\n%s\nwas:\n%s", after, before)
	}
	if w.emulatorLog("ssooidctest") != 0 {
		t.Error("the demo called the test's emulator")
	}
}

func listFiles(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintln(&b, path, info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Every start of the command, ssooidc token's above all, pays the init of
// what it links: no emulator (html/template's init alone is 0.1-0.9 ms)
// and no regexp (compiled at init, and unicode's tables). login --demo says
// how to get the build with the emulator.
func TestStartupDeps(t *testing.T) {
	deps := func(tags string) string {
		out, err := exec.Command("go", "list", "-tags", tags, "-deps", ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go list -tags %q: %v\n%s", tags, err, out)
		}
		return "\n" + string(out)
	}
	plain, demo := deps(""), deps("demo")
	for _, dep := range []string{"github.com/ssooidc-go/ssooidc/ssooidctest", "html/template", "regexp"} {
		if strings.Contains(plain, "\n"+dep+"\n") {
			t.Errorf("the command links %s", dep)
		}
	}
	if !strings.Contains(demo, "\ngithub.com/ssooidc-go/ssooidc/ssooidctest\n") {
		t.Error("the build with -tags demo has no emulator")
	}
	w := newWorld(t, ssooidctest.Options{})
	r := w.run(nil, "login", "--demo")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "go run -tags demo github.com/ssooidc-go/ssooidc/cmd/ssooidc@latest login --demo") {
		t.Errorf("login --demo without the demo: %q", r.stderr)
	}
	oneLineErr(t, r)
}

// Library users link neither the terminal nor the QR code package.
func TestLibraryDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/ssooidc-go/ssooidc", "github.com/ssooidc-go/ssooidc/login").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range []string{"golang.org/x/term", "github.com/skip2/go-qrcode"} {
		if strings.Contains(string(out), dep) {
			t.Errorf("a library package imports %s", dep)
		}
	}
	// The command does link them: the check above looks at real names.
	out, err = exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "golang.org/x/term") || !strings.Contains(string(out), "github.com/skip2/go-qrcode") {
		t.Errorf("go list -deps of the command: %v\n%s", err, out)
	}
}

// The countdown is drawn on a terminal only: never into a pipe that a
// script reads. script(1) gives the command a terminal.
func TestCountdownOnlyOnTerminal(t *testing.T) {
	w := newWorld(t, approving)
	r := w.run(nil, "login", "--profile", "dev", "--use-device-code", "--no-browser")
	r.want(t, 0)
	if strings.Contains(r.stdout, "Waiting for approval") || strings.ContainsAny(r.stdout, "\r\033") {
		t.Errorf("a countdown in a pipe:\n%q", r.stdout)
	}

	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to give the command a terminal")
	}
	cmd := exec.Command(scriptBin, "-q", "-e", "-c", bin+" login --profile dev --use-device-code --no-browser", "/dev/null")
	cmd.Env = w.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("login on a terminal: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Waiting for approval, ") || !strings.Contains(string(out), "\r\033[K") ||
		!strings.Contains(string(out), "Successfully logged into Start URL: "+startURL) {
		t.Errorf("no countdown, or not cleared, on a terminal:\n%q", out)
	}
}

// botocore (and so the AWS CLI) and ssooidc share one login both ways: a
// token ssooidc cached is refreshed by botocore against the emulator, with
// the registration ssooidc wrote, and ssooidc then uses botocore's file.
func TestBotocoreSharesTheCache(t *testing.T) {
	if exec.Command("python3", "-c", "import botocore").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with botocore not installed: CI must check the cache against botocore")
		}
		t.Skip("python3 with botocore not installed")
	}
	// 10 minutes: inside botocore's 15-minute refresh window, outside ours.
	w := newWorld(t, ssooidctest.Options{AutoApprove: true, AutoApproveDelay: 500 * time.Millisecond, AccessTokenTTL: 10 * time.Minute})
	w.run(nil, "login", "--profile", "dev", "--use-device-code", "--no-browser").want(t, 0)
	ours := w.run(nil, "token", "--profile", "dev")
	ours.want(t, 0)
	if n := w.emulatorLog("grant=refresh_token"); n != 0 {
		t.Fatalf("ssooidc refreshed a token 10 minutes from expiry (%d calls)", n)
	}

	cmd := exec.Command("python3", "testdata/botocore_token.py")
	cmd.Env = append(append([]string{}, w.env...), "AWS_PROFILE=dev")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore: %v\n%s", err, stderr.String())
	}
	theirs := strings.TrimSpace(string(out))
	if n := w.emulatorLog("grant=refresh_token"); n != 1 || theirs == strings.TrimSpace(ours.stdout) {
		t.Fatalf("botocore did not refresh our token: %d refresh calls", n)
	}
	if _, ok := w.srv.LookupAccessToken(theirs); !ok {
		t.Fatal("botocore's token is not the emulator's")
	}

	r := w.run(nil, "token", "--profile", "dev")
	r.want(t, 0)
	if strings.TrimSpace(r.stdout) != theirs {
		t.Errorf("ssooidc token after botocore's refresh printed another token")
	}
	if st := w.run(nil, "status", "--profile", "dev", "--format", "json"); !strings.Contains(st.stdout, `"refreshable":true`) {
		t.Errorf("after botocore's rewrite: %s", st.stdout)
	}
}

// An error_description sent to the PKCE callback reaches stderr escaped:
// no terminal control sequence, no bidi override, one line.
func TestCallbackErrorEscaped(t *testing.T) {
	w := newWorld(t, ssooidctest.Options{})
	cmd, lines, stderr := w.startPKCE()
	const evil = "\x1b]0;pwned\x07\x1b[2J \u202etxt.exe\nsecond line"
	for lines.Scan() {
		if !strings.HasPrefix(lines.Text(), w.srv.URL+"/authorize?") {
			continue
		}
		u, err := url.Parse(lines.Text())
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		cb := q.Get("redirect_uri") + "?" + url.Values{"state": {q.Get("state")}, "error": {"server_error\x1b[5m"},
			"error_description": {evil}}.Encode()
		resp, err := http.Get(cb)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	err := cmd.Wait()
	r := result{stderr: stderr.String()}
	if exit := (*exec.ExitError)(nil); !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("login: %v, want exit 1\n%s", err, r.stderr)
	}
	oneLineErr(t, r)
	if strings.ContainsAny(r.stderr, "\x1b\x07\u202e") || !strings.Contains(r.stderr, `\x1b]0;pwned\x07\x1b[2J \u202etxt.exe`) {
		t.Errorf("stderr: %q", r.stderr)
	}
}
