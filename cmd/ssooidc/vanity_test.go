package main

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A profile whose start URL is on the customer's own domain and which has
// no sso_region logs in: the login's one HEAD request (trusting the
// AWS_CA_BUNDLE, as the AWS CLI does) finds the portal and its Region,
// which the token file keeps; token, status and logout read it, with no
// request to the start URL.
// A portal whose host names no Region fails the login, naming the line
// and sso_region.
func TestVanityStartURL(t *testing.T) {
	var mu sync.Mutex
	var reqs []string
	site := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		reqs = append(reqs, r.Method+" "+r.URL.Path)
		mu.Unlock()
		portal := map[string]string{
			"/start":   "https://ssoins-7223b2f0a1b2c3d4.portal.eu-west-1.app.aws/start",
			"/awsapps": "https://d-1234567890.awsapps.com/start",
		}[r.URL.Path]
		http.Redirect(w, r, portal, http.StatusFound)
	}))
	defer site.Close()
	requests := func() string {
		mu.Lock()
		defer mu.Unlock()
		r := strings.Join(reqs, ", ")
		reqs = nil
		return r
	}

	w := newWorld(t, approving)
	w.write("ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: site.Certificate().Raw})), 0o600)
	vanity := site.URL + "/start"
	w.write(".aws/config", "[profile corp]\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = "+vanity+
		"\nsso_registration_scopes = sso:account:access\n\n[profile apps]\nsso_start_url = "+site.URL+"/awsapps\n", 0o600)
	env := []string{"AWS_CA_BUNDLE=" + filepath.Join(w.home, "ca.pem")}

	r := w.run(env, "login", "--profile", "corp", "--use-device-code")
	r.want(t, 0)
	if !hasLine(r.stdout, "Successfully logged into Start URL: "+vanity) {
		t.Errorf("no success line:\n%s", r.stdout)
	}
	if got := requests(); got != "HEAD /start" {
		t.Errorf("requests to the start URL: %s", got)
	}
	tok, err := w.cache().ReadToken("corp")
	if err != nil || tok.StartURL != vanity || tok.Region != "eu-west-1" {
		t.Fatalf("token file %+v, %v", tok, err)
	}

	r = w.run(env, "token", "--profile", "corp", "--format", "json")
	r.want(t, 0)
	var out struct{ StartURL, Region string }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.StartURL != vanity || out.Region != "eu-west-1" {
		t.Errorf("token: %s (%v)", r.stdout, err)
	}
	w.run(env, "status", "--profile", "corp").want(t, 0)
	w.run(env, "logout", "--profile", "corp").want(t, 0)
	if got := requests(); got != "" {
		t.Errorf("token, status and logout sent the start URL %s", got)
	}
	if w.emulatorLog("Logout 200") != 1 {
		t.Error("no logout at the portal")
	}

	r = w.run(env, "login", "--profile", "apps", "--use-device-code")
	r.want(t, 1)
	oneLineErr(t, r)
	want := filepath.Join(w.home, ".aws", "config") + `:9: sso_start_url "` + site.URL + `/awsapps": it redirects to "https://d-1234567890.awsapps.com/start", whose host names no Region; set sso_region`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if got := requests(); got != "HEAD /awsapps" {
		t.Errorf("requests to the start URL: %s", got)
	}
}
