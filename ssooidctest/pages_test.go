package ssooidctest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func TestVerificationPage(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{})
	reg, dev := startDevice(t, svc, &ssooidc.RegisterClientInput{
		ClientName: ptr.String(`<script>alert("x")</script>`), Scopes: []string{"sso:account:access"},
	})

	// verificationUriComplete shows the form with the code filled in, the
	// client and its scopes, escaped.
	page := get(t, *dev.VerificationUriComplete)
	if page.status != http.StatusOK || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET: %d %v", page.status, page.header)
	}
	for _, want := range []string{`value="` + *dev.UserCode + `"`, "sso:account:access", "&lt;script&gt;", `value="approve"`, `value="deny"`} {
		if !strings.Contains(page.text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page.text, "<script>") {
		t.Error("client name not escaped")
	}
	if page := get(t, *dev.VerificationUri); page.status != http.StatusOK || !strings.Contains(page.text, `name="user_code"`) {
		t.Errorf("verificationUri: %d", page.status)
	}
	if page := get(t, srv.URL+"/device?user_code=ZZZZ-ZZZZ"); !strings.Contains(page.text, "not valid") {
		t.Error("no message for an unknown code")
	}

	// Approving, the way a person would, with the code typed loosely.
	r := postForm(t, *dev.VerificationUri, url.Values{"user_code": {strings.ToLower(*dev.UserCode)}, "action": {"approve"}})
	if r.status != http.StatusOK || !strings.Contains(r.text, "approved") {
		t.Fatalf("approve: %d %s", r.status, r.text)
	}
	if _, err := poll(t, svc, reg, dev.DeviceCode); err != nil {
		t.Fatalf("poll after approval: %v", err)
	}
	r = postForm(t, *dev.VerificationUri, url.Values{"user_code": {*dev.UserCode}, "action": {"deny"}})
	if r.status != http.StatusConflict {
		t.Errorf("deciding twice: %d", r.status)
	}

	// Denying.
	reg2, dev2 := startDevice(t, svc, nil)
	r = postForm(t, *dev2.VerificationUri, url.Values{"user_code": {*dev2.UserCode}, "action": {"deny"}})
	if r.status != http.StatusOK || !strings.Contains(r.text, "denied") {
		t.Fatalf("deny: %d %s", r.status, r.text)
	}
	_, err := poll(t, svc, reg2, dev2.DeviceCode)
	wantAPIError(t, err, "AccessDeniedException", 400, "access_denied")

	// Mistakes.
	for _, tc := range []struct {
		form   url.Values
		status int
	}{
		{url.Values{"user_code": {"BCDF-GHJK"}, "action": {"approve"}}, http.StatusBadRequest},
		{url.Values{"user_code": {*dev2.UserCode}}, http.StatusBadRequest},
		{url.Values{"action": {"approve"}}, http.StatusBadRequest},
	} {
		if r := postForm(t, *dev2.VerificationUri, tc.form); r.status != tc.status {
			t.Errorf("%v: got %d, want %d", tc.form, r.status, tc.status)
		}
	}
	_, dev3 := startDevice(t, svc, nil)
	clk.Advance(11 * time.Minute)
	if r := postForm(t, *dev3.VerificationUri, url.Values{"user_code": {*dev3.UserCode}, "action": {"approve"}}); r.status != http.StatusBadRequest || !strings.Contains(r.text, "expired") {
		t.Errorf("expired code: %d %s", r.status, r.text)
	}
}

func TestIndexPage(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{Region: "ap-southeast-2"})
	r := get(t, srv.URL+"/")
	if r.status != http.StatusOK || !strings.Contains(r.text, "ap-southeast-2") || !strings.Contains(r.text, `href="/device"`) {
		t.Errorf("index: %d %s", r.status, r.text)
	}
}
