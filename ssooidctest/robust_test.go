package ssooidctest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// Many logins at once, with the knobs turned meanwhile: run with -race.
func TestConcurrentLogins(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{Interval: time.Millisecond})
	svc := srv.Client(func(o *ssooidc.Options) { o.RetryMaxAttempts = 5; o.RetryMaxBackoff = time.Millisecond })
	const logins = 16
	var wg sync.WaitGroup
	errs := make(chan error, logins+1)
	for i := range logins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reg, err := svc.RegisterClient(t.Context(), &ssooidc.RegisterClientInput{ClientName: ptr.String(fmt.Sprint("c", i)),
				ClientType: ptr.String("public"), Scopes: []string{"s"}})
			if err != nil {
				errs <- err
				return
			}
			dev, err := svc.StartDeviceAuthorization(t.Context(), &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId,
				ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://x.awsapps.com/start")})
			if err != nil {
				errs <- err
				return
			}
			if err := srv.Approve(*dev.UserCode); err != nil {
				errs <- err
				return
			}
			in := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String(deviceGrant), DeviceCode: dev.DeviceCode}
			tok, err := svc.CreateToken(t.Context(), in)
			if err != nil {
				errs <- err
				return
			}
			in = &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("refresh_token"), RefreshToken: tok.RefreshToken}
			if _, err := svc.CreateToken(t.Context(), in); err != nil {
				errs <- err
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			srv.SetLatency(time.Microsecond)
			srv.SetDateSkew(time.Second)
			srv.FailNext(0)
			_ = srv.PendingUserCodes()
			_, _ = srv.LookupAccessToken("x")
		}
		srv.SetLatency(0)
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Logs name operations and outcomes, never a secret, code, token or key;
// the Portal API's as the OIDC ones.
func TestLogsHoldNoSecrets(t *testing.T) {
	var mu sync.Mutex
	var logs strings.Builder
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true, Logf: func(format string, args ...any) {
		mu.Lock()
		fmt.Fprintf(&logs, format+"\n", args...)
		mu.Unlock()
	}})
	reg, dev := startDevice(t, svc, nil)
	tok, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: ptr.String("wrong-secret"), GrantType: ptr.String(deviceGrant)})
	if _, err := svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String(ssooidc.GrantTypeRefreshToken), RefreshToken: tok.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	// A grant type the emulator does not know is logged as "other", never verbatim.
	_, _ = svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("made-up-grant")})

	_, portalTok := signIn(t, svc)
	creds := portalCall(t, srv, http.MethodGet, credentialsPath(defaultAccount, "Admin"), *portalTok.AccessToken).body["roleCredentials"].(map[string]any)
	portalCall(t, srv, http.MethodGet, credentialsPath(defaultAccount, "Nope"), *portalTok.AccessToken)
	portalCall(t, srv, http.MethodGet, "/assignment/accounts", *portalTok.AccessToken)
	portalCall(t, srv, http.MethodGet, "/assignment/roles?account_id="+defaultAccount, *portalTok.AccessToken)
	portalCall(t, srv, http.MethodPost, "/logout", *portalTok.AccessToken)
	portalCall(t, srv, http.MethodPost, "/logout", *portalTok.AccessToken)
	mu.Lock()
	text := logs.String()
	mu.Unlock()
	for _, secret := range []string{*reg.ClientSecret, *dev.DeviceCode, *dev.UserCode, *tok.AccessToken, *tok.RefreshToken, *tok.IdToken, "wrong-secret",
		*portalTok.AccessToken, creds["secretAccessKey"].(string), creds["sessionToken"].(string)} {
		if strings.Contains(text, secret) {
			t.Errorf("the log holds a secret:\n%s", text)
		}
	}
	for _, want := range []string{"RegisterClient 200", "StartDeviceAuthorization 200",
		"CreateToken 200 OK grant=" + deviceGrant, "CreateToken 401 InvalidClientException grant=" + deviceGrant,
		"CreateToken 200 OK grant=refresh_token", "grant=other",
		"ssooidctest: GetRoleCredentials 200 OK (request ", "GetRoleCredentials 403 ForbiddenException",
		"ListAccounts 200 OK", "ListAccountRoles 200 OK", "Logout 200 OK", "Logout 401 UnauthorizedException"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "made-up-grant") || strings.Count(text, "grant=refresh_token") != 1 {
		t.Errorf("grant names in the log:\n%s", text)
	}
}

// FuzzHandler throws arbitrary requests at the emulator: it must answer
// every one with a well-formed response and never panic. $ID and $SECRET
// in a body are replaced with a registered client's, so that fuzzing gets
// past client authentication. A Portal API request sends its body as the
// bearer token, with $TOKEN replaced by a valid access token.
func FuzzHandler(f *testing.F) {
	paths := []string{"/client/register", "/device_authorization", "/token", "/token?aws_iam=t", "/device", "/authorize", "/", "/x",
		"/federation/credentials", "/assignment/accounts", "/assignment/roles", "/logout"}
	seeds := []struct {
		path        int
		method, ct  string
		body, extra string
	}{
		{0, "POST", "application/json", `{"clientName":"a","clientType":"public","scopes":["s"],"grantTypes":["authorization_code"],"redirectUris":["http://127.0.0.1/cb"]}`, ""},
		{1, "POST", "application/json", `{"clientId":"$ID","clientSecret":"$SECRET","startUrl":"https://x"}`, ""},
		{2, "POST", "application/x-amz-json-1.1", `{"clientId":"$ID","clientSecret":"$SECRET","grantType":"urn:ietf:params:oauth:grant-type:device_code","deviceCode":"d"}`, ""},
		{2, "POST", "application/json", `{"clientId":"$ID","clientSecret":"$SECRET","grantType":"authorization_code","code":"c","redirectUri":"http://127.0.0.1/cb","codeVerifier":"v"}`, ""},
		{2, "POST", "application/json", `{"clientId":"$ID","clientSecret":"$SECRET","grantType":"refresh_token","refreshToken":"r","scope":[null]}`, ""},
		{3, "POST", "application/json", `{"clientId":"arn:aws:sso::123456789012:application/ssoins-1/apl-2","grantType":"refresh_token"}`, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20200101/us-east-1/sso-oauth/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"},
		{3, "POST", "application/json", `{}`, "AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;;, Signature=,"},
		{4, "POST", "application/x-www-form-urlencoded", `user_code=%ZZ&action=approve`, ""},
		{5, "GET", "", ``, "response_type=code&client_id=$ID&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"},
		{5, "POST", "application/x-www-form-urlencoded", `client_id=$ID&redirect_uri=http://127.0.0.1/cb&action=approve&state=s&response_type=code&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`, ""},
		{0, "POST", "application/json", `{"clientName":"\ud800","clientType":"public","redirectUris":["http://[::1"]}`, ""},
		{2, "POST", "text/plain; charset=\"", `[[[[`, ""},
		{8, "GET", "", `$TOKEN`, "account_id=111111111111&role_name=Admin"},
		{9, "GET", "", `$TOKEN`, "max_result=1&next_token=AAAAAQAAAAAAAAAAAAAAAAAAAAA"},
		{10, "GET", "", `$TOKEN`, "account_id=111111111111&max_result=1"},
		{11, "POST", "", `$TOKEN`, ""},
		{9, "GET", "", `not-a-token`, "max_result=-1"},
	}
	for _, s := range seeds {
		f.Add(uint8(s.path), s.method, s.ct, s.body, s.extra)
	}
	f.Fuzz(func(t *testing.T, path uint8, method, contentType, body, extra string) {
		e := ssooidctest.New(ssooidctest.Options{AutoApprove: true, BaseURL: "http://127.0.0.1:1"})
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/client/register",
			strings.NewReader(`{"clientName":"f","clientType":"public","scopes":["s"],"grantTypes":["authorization_code","urn:ietf:params:oauth:grant-type:device_code","refresh_token"],"redirectUris":["http://127.0.0.1/cb"]}`)))
		var reg struct {
			ClientID     string `json:"clientId"`
			ClientSecret string `json:"clientSecret"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &reg); err != nil || reg.ClientID == "" {
			t.Fatalf("register: %v %s", err, rec.Body.Bytes())
		}
		fill := strings.NewReplacer("$ID", reg.ClientID, "$SECRET", reg.ClientSecret)

		target := paths[int(path)%len(paths)]
		if method == "GET" && extra != "" {
			target += "?" + fill.Replace(strings.ReplaceAll(urlSafe(extra), " ", "+"))
		}
		if !validMethod(method) {
			method = http.MethodPost
		}
		req, err := http.NewRequest(method, "http://127.0.0.1:1"+target, strings.NewReader(fill.Replace(body)))
		if err != nil {
			t.Skip("not a request a client can send")
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if path := paths[int(path)%len(paths)]; strings.HasPrefix(path, "/federation/") || strings.HasPrefix(path, "/assignment/") || path == "/logout" {
			token := body
			if strings.Contains(body, "$TOKEN") {
				token = strings.ReplaceAll(body, "$TOKEN", signInHandler(t, e, reg.ClientID, reg.ClientSecret))
			}
			req.Header.Set("X-Amz-Sso_bearer_token", token)
		}
		if method != "GET" && extra != "" {
			req.Header.Set("Authorization", extra)
			req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
		}
		rec = httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode < 200 || res.StatusCode > 599 || res.Header.Get("X-Amzn-Requestid") == "" {
			t.Fatalf("bad response %d %v", res.StatusCode, res.Header)
		}
		if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON: %s", rec.Body.Bytes())
		}
		if res.StatusCode >= 400 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && res.Header.Get("X-Amzn-Errortype") == "" {
			t.Fatalf("error without x-amzn-errortype: %d %s", res.StatusCode, rec.Body.Bytes())
		}
	})
}

// signInHandler logs in through the handler with the device code grant
// and returns the access token; e must auto-approve.
func signInHandler(t *testing.T, e *ssooidctest.Emulator, id, secret string) string {
	t.Helper()
	post := func(path string, in map[string]string) map[string]any {
		b, _ := json.Marshal(in)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(b))))
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.Bytes())
		}
		return out
	}
	dev := post("/device_authorization", map[string]string{"clientId": id, "clientSecret": secret, "startUrl": "https://x"})
	tok := post("/token", map[string]string{"clientId": id, "clientSecret": secret, "grantType": deviceGrant, "deviceCode": dev["deviceCode"].(string)})
	return tok["accessToken"].(string)
}

// urlSafe keeps only what may stand in a request target.
func urlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && r != '#' {
			return r
		}
		return -1
	}, s)
}

func validMethod(m string) bool {
	switch m {
	case "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH":
		return true
	}
	return false
}

// Printing Options shows no secret key, whatever the verb.
func TestOptionsPrintNoSecret(t *testing.T) {
	opts := ssooidctest.Options{Credentials: []ssooidctest.Credentials{{AccessKeyID: "AKIDPRINT", SecretAccessKey: "secret-to-hide", SessionToken: "token-to-hide"}}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, opts)
		if strings.Contains(out, "to-hide") || !strings.Contains(out, "AKIDPRINT") {
			t.Errorf("%s: %s", verb, out)
		}
	}
}
