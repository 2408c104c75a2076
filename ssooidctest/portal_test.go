package ssooidctest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const defaultAccount = ssooidctest.DefaultAccountID

// signIn logs in with the device code grant; the emulator must auto-approve.
func signIn(t *testing.T, svc *ssooidc.Client) (*ssooidc.RegisterClientOutput, *ssooidc.CreateTokenOutput) {
	t.Helper()
	reg, dev := startDevice(t, svc, nil)
	tok, err := poll(t, svc, reg, dev.DeviceCode)
	if err != nil {
		t.Fatal(err)
	}
	return reg, tok
}

// portalCall sends a Portal API request with the bearer token, none if "".
func portalCall(t *testing.T, srv *ssooidctest.Server, method, target, token string) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("x-amz-sso_bearer_token", token)
	}
	return do(t, req)
}

// wantPortalError checks an error of the Portal API: the status, the code
// in x-amzn-errortype, a message (containing msg) and no OAuth members.
func wantPortalError(t *testing.T, r rawResponse, status int, code, msg string) {
	t.Helper()
	if r.status != status || r.header.Get("X-Amzn-Errortype") != code {
		t.Fatalf("got %d %s %s, want %d %s", r.status, r.header.Get("X-Amzn-Errortype"), r.text, status, code)
	}
	m, _ := r.body["message"].(string)
	if m == "" || !strings.Contains(m, msg) || r.body["error"] != nil || r.header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("%s: body %s, want a message with %q", code, r.text, msg)
	}
}

func credentialsPath(account, role string) string {
	return "/federation/credentials?" + url.Values{"account_id": {account}, "role_name": {role}}.Encode()
}

var (
	accessKeyID = regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`)
	secretKey   = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
)

func TestGetRoleCredentials(t *testing.T) {
	for _, tc := range []struct {
		name    string
		roleTTL time.Duration
		want    time.Duration
	}{
		{"default TTL", 0, time.Hour},
		{"RoleTTL", 15 * time.Minute, 15 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true, RoleTTL: tc.roleTTL})
			_, tok := signIn(t, svc)
			r := portalCall(t, srv, http.MethodGet, credentialsPath(defaultAccount, "Admin"), *tok.AccessToken)
			if r.status != http.StatusOK {
				t.Fatalf("%d %s", r.status, r.text)
			}
			c, _ := r.body["roleCredentials"].(map[string]any)
			id, _ := c["accessKeyId"].(string)
			secret, _ := c["secretAccessKey"].(string)
			session, _ := c["sessionToken"].(string)
			expiration, _ := c["expiration"].(float64)
			if !accessKeyID.MatchString(id) || !secretKey.MatchString(secret) || len(session) < 300 {
				t.Errorf("credentials do not look real: %q %q %d characters", id, secret, len(session))
			}
			if want := clk.Now().Add(tc.want).UnixMilli(); int64(expiration) != want {
				t.Errorf("expiration %v, want %d (epoch milliseconds)", expiration, want)
			}
			info, ok := srv.LookupRoleCredentials(id)
			want := ssooidctest.RoleCredentialsInfo{AccountID: defaultAccount, RoleName: "Admin", Subject: ssooidctest.DefaultSubject}
			if !ok || info.ExpiresAt.UnixMilli() != int64(expiration) {
				t.Errorf("LookupRoleCredentials: %+v %v", info, ok)
			}
			info.ExpiresAt = time.Time{}
			if info != want {
				t.Errorf("LookupRoleCredentials: %+v, want %+v", info, want)
			}

			again := portalCall(t, srv, http.MethodGet, credentialsPath(defaultAccount, "ReadOnly"), *tok.AccessToken)
			if again.status != http.StatusOK || again.body["roleCredentials"].(map[string]any)["accessKeyId"] == id {
				t.Errorf("second call: %d, same key id", again.status)
			}

			clk.Advance(tc.want - time.Millisecond)
			if _, ok := srv.LookupRoleCredentials(id); !ok {
				t.Error("expired early")
			}
			clk.Advance(time.Millisecond)
			if _, ok := srv.LookupRoleCredentials(id); ok {
				t.Error("LookupRoleCredentials: expired credentials reported")
			}
			if _, ok := srv.LookupRoleCredentials("ASIANEVERISSUED00000"); ok {
				t.Error("LookupRoleCredentials: unknown key reported")
			}
		})
	}
}

// Real SDKs send the bearer header in lower case, among their own headers.
func TestPortalWire(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	_, tok := signIn(t, svc)
	r := rawExchange(t, srv, []string{"GET " + credentialsPath(defaultAccount, "ReadOnly") + " HTTP/1.1",
		"host: " + strings.TrimPrefix(srv.URL, "http://"), "x-amz-sso_bearer_token: " + *tok.AccessToken,
		"user-agent: aws-cli/2.0", "amz-sdk-request: attempt=1; max=3"}, "")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json" || r.body["roleCredentials"] == nil {
		t.Errorf("%d %v %s", r.status, r.header, r.text)
	}
	r = rawExchange(t, srv, []string{"POST /logout HTTP/1.1", "host: x", "x-amz-sso_bearer_token: " + *tok.AccessToken}, "")
	if r.status != http.StatusOK || r.text != "" || r.header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("Logout: %d %q", r.status, r.text)
	}
}

func TestPortalErrors(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true, PageSize: 1, Accounts: []ssooidctest.Account{
		{ID: "222222222222", Roles: []string{"Dev", "Ops"}}, {ID: "333333333333", Roles: []string{"Audit", "Ops"}},
	}})
	_, tok := signIn(t, svc)
	valid := *tok.AccessToken
	accountsToken := portalCall(t, srv, http.MethodGet, "/assignment/accounts", valid).body["nextToken"].(string)
	rolesToken := portalCall(t, srv, http.MethodGet, "/assignment/roles?account_id=222222222222", valid).body["nextToken"].(string)

	const unauthorized = "Session token not found or invalid"
	for _, tc := range []struct {
		name, method, target, token string
		status                      int
		code, msg                   string
	}{
		{"no token", "GET", credentialsPath("222222222222", "Dev"), "", 401, "UnauthorizedException", unauthorized},
		{"unknown token", "GET", "/assignment/accounts", "not-a-token", 401, "UnauthorizedException", unauthorized},
		{"refresh token as bearer", "GET", "/assignment/roles?account_id=222222222222", *tok.RefreshToken, 401, "UnauthorizedException", unauthorized},
		{"logout without token", "POST", "/logout", "", 401, "UnauthorizedException", unauthorized},
		{"role_name missing", "GET", "/federation/credentials?account_id=222222222222", valid, 400, "InvalidRequestException", "role_name"},
		{"account_id missing", "GET", "/federation/credentials?role_name=Dev", valid, 400, "InvalidRequestException", "account_id"},
		{"role not assigned", "GET", credentialsPath("222222222222", "Audit"), valid, 403, "ForbiddenException", "No access"},
		{"account not assigned", "GET", credentialsPath("444444444444", "Dev"), valid, 403, "ForbiddenException", "No access"},
		{"roles without account_id", "GET", "/assignment/roles", valid, 400, "InvalidRequestException", "account_id"},
		{"roles of an account not assigned", "GET", "/assignment/roles?account_id=444444444444", valid, 404, "ResourceNotFoundException", "not assigned"},
		{"max_result 0", "GET", "/assignment/accounts?max_result=0", valid, 400, "InvalidRequestException", "max_result"},
		{"max_result 101", "GET", "/assignment/roles?account_id=222222222222&max_result=101", valid, 400, "InvalidRequestException", "max_result"},
		{"max_result not a number", "GET", "/assignment/accounts?max_result=ten", valid, 400, "InvalidRequestException", "max_result"},
		{"next_token forged", "GET", "/assignment/accounts?next_token=AAAAAQAAAAAAAAAAAAAAAAAAAAA", valid, 400, "InvalidRequestException", "next_token"},
		{"next_token not base64", "GET", "/assignment/accounts?next_token=%21%21", valid, 400, "InvalidRequestException", "next_token"},
		{"next_token of another list", "GET", "/assignment/roles?account_id=222222222222&next_token=" + accountsToken, valid, 400, "InvalidRequestException", "next_token"},
		{"next_token of another account", "GET", "/assignment/roles?account_id=333333333333&next_token=" + rolesToken, valid, 400, "InvalidRequestException", "next_token"},
		{"GetRoleCredentials by POST", "POST", credentialsPath("222222222222", "Dev"), valid, 404, "UnknownOperationException", "no operation"},
		{"Logout by GET", "GET", "/logout", valid, 404, "UnknownOperationException", "no operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantPortalError(t, portalCall(t, srv, tc.method, tc.target, tc.token), tc.status, tc.code, tc.msg)
		})
	}

	// The token still works: no error above ended it.
	if r := portalCall(t, srv, http.MethodGet, credentialsPath("333333333333", "Audit"), valid); r.status != http.StatusOK {
		t.Errorf("after the errors: %d %s", r.status, r.text)
	}
}

func TestPortalFaults(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	_, tok := signIn(t, svc)
	for _, tc := range []struct {
		name   string
		inject func(int)
		status int
		code   string
	}{
		{"ThrottleNext", srv.ThrottleNext, 429, "TooManyRequestsException"},
		{"FailNext", srv.FailNext, 500, "InternalServerException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.inject(1)
			wantPortalError(t, portalCall(t, srv, http.MethodGet, "/assignment/accounts", *tok.AccessToken), tc.status, tc.code, "")
			if r := portalCall(t, srv, http.MethodGet, "/assignment/accounts", *tok.AccessToken); r.status != http.StatusOK {
				t.Errorf("next call: %d %s", r.status, r.text)
			}
		})
	}
}

// listAll walks a list operation's pages and returns each page's items,
// by the id member.
func listAll(t *testing.T, srv *ssooidctest.Server, token, target, list, id string) [][]string {
	t.Helper()
	var pages [][]string
	next := ""
	for {
		q := target
		if next != "" {
			q += "&next_token=" + url.QueryEscape(next)
		}
		r := portalCall(t, srv, http.MethodGet, q, token)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", q, r.status, r.text)
		}
		// The same page again gets the same next token.
		if again := portalCall(t, srv, http.MethodGet, q, token); again.body["nextToken"] != r.body["nextToken"] {
			t.Errorf("%s: next token not stable", q)
		}
		items, ok := r.body[list].([]any)
		if !ok {
			t.Fatalf("%s: no %s list: %s", q, list, r.text)
		}
		var page []string
		for _, item := range items {
			page = append(page, item.(map[string]any)[id].(string))
		}
		pages = append(pages, page)
		if r.body["nextToken"] == nil {
			return pages
		}
		next = r.body["nextToken"].(string)
		if len(pages) > 10 {
			t.Fatalf("%s: endless pages", target)
		}
	}
}

func TestPortalPaging(t *testing.T) {
	accounts := []ssooidctest.Account{
		{ID: "222222222222", Name: "Dev", Email: "dev@example.org", Roles: []string{"A", "B", "C"}},
		{ID: "333333333333", Roles: []string{"Ops"}},
		{ID: "444444444444"},
	}
	for _, tc := range []struct {
		pageSize  int
		maxResult string
		accounts  [][]string
		roles     [][]string
	}{
		{1, "", [][]string{{"222222222222"}, {"333333333333"}, {"444444444444"}}, [][]string{{"A"}, {"B"}, {"C"}}},
		{1, "2", [][]string{{"222222222222"}, {"333333333333"}, {"444444444444"}}, [][]string{{"A"}, {"B"}, {"C"}}},
		{2, "", [][]string{{"222222222222", "333333333333"}, {"444444444444"}}, [][]string{{"A", "B"}, {"C"}}},
		{0, "2", [][]string{{"222222222222", "333333333333"}, {"444444444444"}}, [][]string{{"A", "B"}, {"C"}}},
		{0, "", [][]string{{"222222222222", "333333333333", "444444444444"}}, [][]string{{"A", "B", "C"}}},
		{3, "100", [][]string{{"222222222222", "333333333333", "444444444444"}}, [][]string{{"A", "B", "C"}}},
	} {
		t.Run(fmt.Sprintf("PageSize %d max_result %q", tc.pageSize, tc.maxResult), func(t *testing.T) {
			srv, svc := start(t, ssooidctest.Options{AutoApprove: true, PageSize: tc.pageSize, Accounts: accounts})
			_, tok := signIn(t, svc)
			q := "?max_result=" + tc.maxResult
			if got := listAll(t, srv, *tok.AccessToken, "/assignment/accounts"+q, "accountList", "accountId"); !slices.EqualFunc(got, tc.accounts, slices.Equal) {
				t.Errorf("ListAccounts pages %q, want %q", got, tc.accounts)
			}
			if got := listAll(t, srv, *tok.AccessToken, "/assignment/roles"+q+"&account_id=222222222222", "roleList", "roleName"); !slices.EqualFunc(got, tc.roles, slices.Equal) {
				t.Errorf("ListAccountRoles pages %q, want %q", got, tc.roles)
			}
		})
	}

	// Names and emails, given or defaulted; roles name their account; an
	// account without roles lists none.
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true, Accounts: accounts})
	_, tok := signIn(t, svc)
	r := portalCall(t, srv, http.MethodGet, "/assignment/accounts", *tok.AccessToken)
	want := `{"accountList":[{"accountId":"222222222222","accountName":"Dev","emailAddress":"dev@example.org"},` +
		`{"accountId":"333333333333","accountName":"account-333333333333","emailAddress":"aws-333333333333@example.com"},` +
		`{"accountId":"444444444444","accountName":"account-444444444444","emailAddress":"aws-444444444444@example.com"}]}`
	if r.text != want {
		t.Errorf("ListAccounts:\n%s\nwant\n%s", r.text, want)
	}
	if r := portalCall(t, srv, http.MethodGet, "/assignment/roles?account_id=333333333333", *tok.AccessToken); r.text != `{"roleList":[{"roleName":"Ops","accountId":"333333333333"}]}` {
		t.Errorf("ListAccountRoles: %s", r.text)
	}
	if r := portalCall(t, srv, http.MethodGet, "/assignment/roles?account_id=444444444444", *tok.AccessToken); r.text != `{"roleList":[]}` {
		t.Errorf("ListAccountRoles without roles: %s", r.text)
	}
}

func TestPortalDefaultAccount(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	_, tok := signIn(t, svc)
	if got := listAll(t, srv, *tok.AccessToken, "/assignment/roles?account_id="+defaultAccount, "roleList", "roleName"); !slices.Equal(got[0], []string{"ReadOnly", "Admin"}) {
		t.Errorf("roles %q", got)
	}
	if got := listAll(t, srv, *tok.AccessToken, "/assignment/accounts?", "accountList", "accountId"); !slices.Equal(got[0], []string{defaultAccount}) {
		t.Errorf("accounts %q", got)
	}
}

// Logout ends the session: every access and refresh token of the sign-in,
// not another sign-in's, nor role credentials already issued.
func TestLogout(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{AutoApprove: true})
	reg, first := signIn(t, svc)
	refresh := func(reg *ssooidc.RegisterClientOutput, token *string) (*ssooidc.CreateTokenOutput, error) {
		return svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{
			ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String("refresh_token"), RefreshToken: token,
		})
	}
	second, err := refresh(reg, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	otherReg, other := signIn(t, svc)
	creds := portalCall(t, srv, http.MethodGet, credentialsPath(defaultAccount, "ReadOnly"), *first.AccessToken)
	keyID, _ := creds.body["roleCredentials"].(map[string]any)["accessKeyId"].(string)

	if r := portalCall(t, srv, http.MethodPost, "/logout", *second.AccessToken); r.status != http.StatusOK || r.text != "" {
		t.Fatalf("Logout: %d %q", r.status, r.text)
	}
	for _, token := range []string{*first.AccessToken, *second.AccessToken} {
		for _, call := range [][2]string{{"GET", credentialsPath(defaultAccount, "ReadOnly")}, {"GET", "/assignment/accounts"},
			{"GET", "/assignment/roles?account_id=" + defaultAccount}, {"POST", "/logout"}} {
			wantPortalError(t, portalCall(t, srv, call[0], call[1], token), 401, "UnauthorizedException", "Session token not found or invalid")
		}
		if _, ok := srv.LookupAccessToken(token); ok {
			t.Error("LookupAccessToken: a logged-out token is reported valid")
		}
	}
	_, err = refresh(reg, second.RefreshToken)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
	// Nor can a logged-out token be exchanged.
	_, err = srv.Client().CreateTokenWithIAM(t.Context(), &ssooidc.CreateTokenWithIAMInput{
		ClientId: ptr.String(appARN), GrantType: ptr.String("urn:ietf:params:oauth:grant-type:token-exchange"),
		SubjectToken: second.AccessToken, SubjectTokenType: ptr.String("urn:ietf:params:oauth:token-type:access_token"),
	})
	wantAPIError(t, err, "InvalidRequestException", 400, "invalid_request")

	if r := portalCall(t, srv, http.MethodGet, "/assignment/accounts", *other.AccessToken); r.status != http.StatusOK {
		t.Errorf("another sign-in after Logout: %d %s", r.status, r.text)
	}
	if _, err := refresh(otherReg, other.RefreshToken); err != nil {
		t.Errorf("another sign-in's refresh after Logout: %v", err)
	}
	if _, ok := srv.LookupRoleCredentials(keyID); !ok {
		t.Error("Logout ended role credentials")
	}
}

// A refresh with CreateTokenWithIAM continues the session too.
func TestLogoutIAM(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{})
	iam := srv.Client()
	in := iamInput("urn:ietf:params:oauth:grant-type:jwt-bearer")
	in.Assertion = ptr.String(jwt(map[string]any{"alg": "RS256"}, map[string]any{"sub": "alice"}))
	first, err := iam.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	in = iamInput("refresh_token")
	in.RefreshToken = first.RefreshToken
	second, err := iam.CreateTokenWithIAM(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if r := portalCall(t, srv, http.MethodPost, "/logout", *first.AccessToken); r.status != http.StatusOK {
		t.Fatalf("Logout: %d %s", r.status, r.text)
	}
	in.RefreshToken = second.RefreshToken
	_, err = iam.CreateTokenWithIAM(t.Context(), in)
	wantAPIError(t, err, "InvalidGrantException", 400, "invalid_grant")
}

// Expired and revoked tokens are refused by every operation.
func TestPortalTokenEnds(t *testing.T) {
	srv, svc, clk := startClock(t, ssooidctest.Options{AutoApprove: true})
	_, expiring := signIn(t, svc)
	_, revoked := signIn(t, svc)
	srv.Revoke(*revoked.AccessToken)
	clk.Advance(ssooidctest.DefaultAccessTokenTTL - time.Second)
	if r := portalCall(t, srv, http.MethodGet, "/assignment/accounts", *expiring.AccessToken); r.status != http.StatusOK {
		t.Fatalf("before expiry: %d %s", r.status, r.text)
	}
	clk.Advance(time.Second)
	for _, tc := range []struct{ method, target string }{
		{"GET", credentialsPath(defaultAccount, "Admin")},
		{"GET", "/assignment/accounts"},
		{"GET", "/assignment/roles?account_id=" + defaultAccount},
		{"POST", "/logout"},
	} {
		for _, token := range []string{*expiring.AccessToken, *revoked.AccessToken} {
			wantPortalError(t, portalCall(t, srv, tc.method, tc.target, token), 401, "UnauthorizedException", "Session token not found or invalid")
		}
	}
}
