package ssooidctest_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/sigv4"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// rawExchange writes a request byte for byte, header names as given, and
// reads the response.
func rawExchange(t *testing.T, srv *ssooidctest.Server, head []string, body string) rawResponse {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b strings.Builder
	for _, line := range head {
		b.WriteString(line + "\r\n")
	}
	fmt.Fprintf(&b, "content-length: %d\r\nconnection: close\r\n\r\n%s", len(body), body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := rawResponse{status: resp.StatusCode, header: resp.Header, text: string(data)}
	_ = json.Unmarshal(data, &r.body)
	return r
}

// Real SDKs send lower-case header names (HTTP/2 style), their own headers,
// awsJson content types and members in any order; all of it is accepted.
func TestWireAcceptsWhatSDKsSend(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{AutoApprove: true})
	host := strings.TrimPrefix(srv.URL, "http://")
	sdkHeaders := []string{
		"host: " + host,
		"content-type: application/x-amz-json-1.1",
		"user-agent: aws-sdk-js/3.0 ua/2.1 os/linux lang/js md/nodejs#20",
		"x-amz-user-agent: aws-sdk-js/3.0",
		"amz-sdk-invocation-id: 6c1e1f7e-8e4b-4b8a-9d0e-0a3c1b2d3e4f",
		"amz-sdk-request: attempt=1; max=3",
	}
	r := rawExchange(t, srv, append([]string{"POST /client/register HTTP/1.1"}, sdkHeaders...),
		`{"scopes":["sso:account:access"],"someFutureMember":{"nested":[1,true,null]},"clientType":"public","clientName":"js"}`)
	if r.status != http.StatusOK || r.body["clientId"] == nil {
		t.Fatalf("RegisterClient: %d %s", r.status, r.text)
	}
	id, secret := r.body["clientId"].(string), r.body["clientSecret"].(string)
	body, _ := json.Marshal(map[string]string{"startUrl": "https://d-1234567890.awsapps.com/start", "clientSecret": secret, "clientId": id})
	r = rawExchange(t, srv, append([]string{"POST /device_authorization HTTP/1.1"}, sdkHeaders...), string(body))
	if r.status != http.StatusOK || r.body["deviceCode"] == nil {
		t.Fatalf("StartDeviceAuthorization: %d %s", r.status, r.text)
	}
	body, _ = json.Marshal(map[string]string{"deviceCode": r.body["deviceCode"].(string), "grantType": deviceGrant, "clientSecret": secret, "clientId": id})
	r = rawExchange(t, srv, append([]string{"POST /token HTTP/1.1"}, sdkHeaders...), string(body))
	if r.status != http.StatusOK || r.body["accessToken"] == nil || r.header.Get("X-Amzn-Requestid") == "" {
		t.Fatalf("CreateToken: %d %s", r.status, r.text)
	}

	// CreateTokenWithIAM signed over lower-case headers, x-amz-user-agent
	// and the amz-sdk-* headers signed too.
	iamBody := `{"assertion":"` + jwt(map[string]any{"alg": "RS256"}, map[string]any{"sub": "x"}) + `","unknown":1,"grantType":"urn:ietf:params:oauth:grant-type:jwt-bearer","clientId":"` + appARN + `"}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/token?aws_iam=t", nil)
	head := []string{"POST /token?aws_iam=t HTTP/1.1"}
	for _, h := range sdkHeaders[1:] {
		name, value, _ := strings.Cut(h, ": ")
		req.Header[name] = []string{value} // not canonicalized, as an HTTP/2 peer has them
	}
	var signer sigv4.Signer
	creds := sigv4.Credentials{AccessKeyID: ssooidctest.TestAccessKeyID, SecretAccessKey: ssooidctest.TestSecretAccessKey}
	if err := signer.SignHTTP(req, creds, sigv4.PayloadHash([]byte(iamBody)), "sso-oauth", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	head = append(head, "host: "+host)
	for name, values := range req.Header {
		head = append(head, strings.ToLower(name)+": "+values[0])
	}
	r = rawExchange(t, srv, head, iamBody)
	if r.status != http.StatusOK || r.body["accessToken"] == nil {
		t.Fatalf("CreateTokenWithIAM: %d %s", r.status, r.text)
	}
}

func TestWireRejects(t *testing.T) {
	srv, _ := start(t, ssooidctest.Options{})
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		code, oauth                           string
	}{
		{"not JSON", "POST", "/client/register", "application/json", `{"clientName":`, 400, "InvalidRequestException", "invalid_request"},
		{"a JSON array", "POST", "/client/register", "application/json", `[]`, 400, "InvalidRequestException", "invalid_request"},
		{"trailing data", "POST", "/client/register", "application/json", `{"clientName":"a","clientType":"public"} x`, 400, "InvalidRequestException", "invalid_request"},
		{"a number for a string", "POST", "/client/register", "application/json", `{"clientName":5,"clientType":"public"}`, 400, "InvalidRequestException", "invalid_request"},
		{"a string for a list", "POST", "/client/register", "application/json", `{"clientName":"a","clientType":"public","scopes":"openid"}`, 400, "InvalidRequestException", "invalid_request"},
		{"a number in a list", "POST", "/client/register", "application/json", `{"clientName":"a","clientType":"public","scopes":[1]}`, 400, "InvalidRequestException", "invalid_request"},
		{"member names are case-sensitive", "POST", "/client/register", "application/json", `{"ClientName":"a","clientType":"public"}`, 400, "InvalidRequestException", "invalid_request"},
		{"form body", "POST", "/token", "application/x-www-form-urlencoded", `grant_type=refresh_token`, 415, "UnsupportedMediaTypeException", ""},
		{"huge body", "POST", "/client/register", "application/json", `{"clientName":"` + strings.Repeat("a", 70<<10) + `"}`, 400, "InvalidRequestException", "invalid_request"},
		{"GET an operation", "GET", "/token", "", ``, 404, "UnknownOperationException", ""},
		{"unknown path", "POST", "/v2/token", "application/json", `{}`, 404, "UnknownOperationException", ""},
		{"DELETE a page", "DELETE", "/device", "", ``, 404, "UnknownOperationException", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			r := do(t, req)
			if r.status != tc.status || r.header.Get("X-Amzn-Errortype") != tc.code || r.header.Get("X-Amzn-Requestid") == "" ||
				!strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("got %d %q %v", r.status, r.header.Get("X-Amzn-Errortype"), r.header)
			}
			if tc.oauth != "" && (r.body["error"] != tc.oauth || r.body["error_description"] == "") {
				t.Errorf("body = %v", r.body)
			}
			if tc.oauth == "" && r.body["message"] == "" {
				t.Errorf("body = %v", r.body)
			}
		})
	}
}

// Every response, page or API, success or error, has a request ID, and
// request IDs differ.
func TestRequestIDs(t *testing.T) {
	srv, svc := start(t, ssooidctest.Options{})
	seen := map[string]bool{}
	for _, r := range []rawResponse{
		get(t, srv.URL+"/"),
		get(t, srv.URL+"/device"),
		get(t, srv.URL+"/authorize"),
		get(t, srv.URL+"/nothing"),
		rawPost(t, srv, "/client/register", `{"clientName":"a","clientType":"public"}`),
		rawPost(t, srv, "/token", `{}`),
	} {
		id := r.header.Get("X-Amzn-Requestid")
		if id == "" || seen[id] {
			t.Errorf("request id %q (status %d)", id, r.status)
		}
		seen[id] = true
	}
	out := register(t, svc, &ssooidc.RegisterClientInput{})
	if out.ResultMetadata.RequestID == "" || seen[out.ResultMetadata.RequestID] {
		t.Error("SDK saw no fresh request id")
	}
}
