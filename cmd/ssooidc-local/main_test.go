package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
)

// syncBuffer is a bytes.Buffer safe to write from run and read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts the service on a free loopback port, logs in through it
// with the SDK, signs a CreateTokenWithIAM with the printed credentials,
// and stops it as Ctrl-C would.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-region", "eu-central-1", "-auto-approve", "-interval", "1s", "-v"}, &stdout, &stderr)
	}()

	// The first line is "endpoint URL" alone, for scripts.
	endpointLine := regexp.MustCompile(`^endpoint (http://127\.0\.0\.1:\d+)\n`)
	var endpoint string
	for deadline := time.Now().Add(10 * time.Second); endpoint == "" && time.Now().Before(deadline); {
		if m := endpointLine.FindStringSubmatch(stdout.String()); m != nil {
			endpoint = m[1]
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if endpoint == "" {
		t.Fatalf("no endpoint printed:\n%s\n%s", stdout.String(), stderr.String())
	}
	banner := stdout.String()
	for _, want := range []string{"Endpoint:        " + endpoint, "Region:          eu-central-1", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "CreateTokenWithIAM", "jwt-bearer", "/device"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}

	svc := ssooidc.New(ssooidc.Options{Region: "eu-central-1", BaseEndpoint: &endpoint, RetryMaxAttempts: 1,
		Credentials: ssooidc.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")})
	reg, dev, tok := deviceLogin(t, svc)
	if *dev.VerificationUri != endpoint+"/device" {
		t.Errorf("verificationUri = %s", *dev.VerificationUri)
	}
	_, err := svc.CreateTokenWithIAM(t.Context(), &ssooidc.CreateTokenWithIAMInput{
		ClientId:         ptr.String("arn:aws:sso::123456789012:application/ssoins-1/apl-1"),
		GrantType:        ptr.String("urn:ietf:params:oauth:grant-type:token-exchange"),
		SubjectToken:     tok.AccessToken,
		SubjectTokenType: ptr.String("urn:ietf:params:oauth:token-type:access_token"),
	})
	if err != nil {
		t.Fatal(err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no graceful shutdown")
	}
	if !strings.Contains(stdout.String(), "stopped") {
		t.Error("no stop message")
	}
	logs := stderr.String()
	if !strings.Contains(logs, "CreateTokenWithIAM 200") || strings.Contains(logs, *tok.AccessToken) || strings.Contains(logs, *reg.ClientSecret) {
		t.Errorf("-v log:\n%s", logs)
	}
}

// deviceLogin registers a client and logs in with the device code grant,
// which the server must auto-approve.
func deviceLogin(t *testing.T, svc *ssooidc.Client) (*ssooidc.RegisterClientOutput, *ssooidc.StartDeviceAuthorizationOutput, *ssooidc.CreateTokenOutput) {
	t.Helper()
	reg, err := svc.RegisterClient(t.Context(), &ssooidc.RegisterClientInput{ClientName: ptr.String("cmd-test"), ClientType: ptr.String("public")})
	if err != nil {
		t.Fatal(err)
	}
	dev, err := svc.StartDeviceAuthorization(t.Context(), &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId,
		ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start")})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: dev.DeviceCode})
	if err != nil {
		t.Fatal(err)
	}
	return reg, dev, tok
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr", "127.0.0.1:99999"}, {"-interval", "soon"}} {
		err := run(t.Context(), args, io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	if err := run(t.Context(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
}

// TestScript runs the built binary as the package doc tells a script to:
// free port, endpoint from the first line, stopped by its own PID.
func TestScript(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM")
	}
	bin := filepath.Join(t.TempDir(), "ssooidc-local")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-auto-approve")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatal("no output")
	}
	endpoint, ok := strings.CutPrefix(lines.Text(), "endpoint ")
	if !ok || !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(endpoint) {
		t.Fatalf("first line %q, want endpoint http://127.0.0.1:PORT", lines.Text())
	}
	resp, err := http.Post(endpoint+"/client/register", "application/json", strings.NewReader(`{"clientName":"s","clientType":"public"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("RegisterClient: %s", resp.Status)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	if !strings.Contains(rest.String(), "ssooidc-local stopped") {
		t.Errorf("no graceful stop:\n%s", rest.String())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, want exit 0", err)
	}
}

// serve runs the command with args on a free loopback port until the test
// ends, and returns its endpoint and a device-code login's access token.
func serve(t *testing.T, args ...string) (endpoint, token string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-auto-approve"}, args...), &stdout, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); endpoint == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		endpoint, _, _ = strings.Cut(strings.TrimPrefix(stdout.String(), "endpoint "), "\n")
	}
	if !strings.HasPrefix(endpoint, "http://127.0.0.1:") {
		t.Fatalf("no endpoint printed: %q", stdout.String())
	}
	_, _, tok := deviceLogin(t, ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: &endpoint, RetryMaxAttempts: 1}))
	return endpoint, *tok.AccessToken
}

// portalGet calls a Portal API operation and decodes its answer.
func portalGet(t *testing.T, endpoint, token, target string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, endpoint+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-amz-sso_bearer_token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s %v %v", target, resp.Status, out, err)
	}
	return out
}

// The Portal API flags reach the emulator.
func TestPortalFlags(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		accounts []any // ListAccounts' first page, by accountId
		nextPage bool
		roles    string // an account's roles, "ID=ROLE,..."
		ttl      time.Duration
	}{
		{"defaults", nil, []any{"111111111111"}, false, "111111111111=ReadOnly,Admin", time.Hour},
		{"set", []string{"-account", "222222222222=Dev", "-account", "333333333333=Ops,Audit", "-page-size", "1", "-role-ttl", "15m"},
			[]any{"222222222222"}, true, "333333333333=Ops", 15 * time.Minute},
		{"page size", []string{"-account", "222222222222=Dev", "-account", "333333333333=Ops,Audit", "-page-size", "5"},
			[]any{"222222222222", "333333333333"}, false, "333333333333=Ops,Audit", time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			endpoint, token := serve(t, tc.args...)
			page := portalGet(t, endpoint, token, "/assignment/accounts")
			var ids []any
			for _, a := range page["accountList"].([]any) {
				ids = append(ids, a.(map[string]any)["accountId"])
			}
			if !reflect.DeepEqual(ids, tc.accounts) || (page["nextToken"] != nil) != tc.nextPage {
				t.Errorf("ListAccounts: %v", page)
			}

			account, roles, _ := strings.Cut(tc.roles, "=")
			page = portalGet(t, endpoint, token, "/assignment/roles?account_id="+account)
			var names []string
			for _, r := range page["roleList"].([]any) {
				names = append(names, r.(map[string]any)["roleName"].(string))
			}
			if strings.Join(names, ",") != roles {
				t.Errorf("ListAccountRoles: %v, want %s", page, roles)
			}

			before := time.Now()
			creds := portalGet(t, endpoint, token, "/federation/credentials?account_id="+account+"&role_name="+names[0])["roleCredentials"].(map[string]any)
			after := time.Now()
			exp := time.UnixMilli(int64(creds["expiration"].(float64)))
			if exp.Before(before.Add(tc.ttl).Truncate(time.Millisecond)) || exp.After(after.Add(tc.ttl)) {
				t.Errorf("expiration %v, want %v after the call", exp, tc.ttl)
			}
		})
	}
}

func TestBadPortalFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-account", "111111111111"}, "want ID=ROLE[,ROLE...]"},
		{[]string{"-account", "1111=Admin"}, "12 digits"},
		{[]string{"-account", "11111111111x=Admin"}, "12 digits"},
		{[]string{"-account", "111111111111="}, "empty role"},
		{[]string{"-account", "111111111111=A,,B"}, "empty role"},
		{[]string{"-account", "111111111111=A", "-account", "111111111111=B"}, "given twice"},
		{[]string{"-page-size", "0"}, "-page-size 0: want at least 1"},
		{[]string{"-page-size", "many"}, "invalid value"},
		{[]string{"-role-ttl", "0s"}, "-role-ttl 0s: want a positive duration"},
		{[]string{"-role-ttl", "1"}, "invalid value"},
	} {
		var stderr bytes.Buffer
		err := run(t.Context(), tc.args, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error()+stderr.String(), tc.want) {
			t.Errorf("%q: %v\n%s\nwant %q", tc.args, err, stderr.String(), tc.want)
		}
	}
	var stderr bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-account ID=ROLE[,ROLE...]", "default 111111111111=ReadOnly,Admin", "-page-size int", "(default 100)", "-role-ttl duration", "(default 1h0m0s)"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-h lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestListenWarning: an address others can reach, such as -addr :0, is
// warned about on stderr; the printed endpoint is always one this machine
// reaches.
func TestListenWarning(t *testing.T) {
	for _, tc := range []struct {
		ip, endpoint, warning string
	}{
		{"127.0.0.1", "http://127.0.0.1:8080", ""},
		{"::1", "http://[::1]:8080", ""},
		{"0.0.0.0", "http://127.0.0.1:8080", "listens on all interfaces"},
		{"::", "http://127.0.0.1:8080", "listens on all interfaces"}, // -addr :0 or [::]:0
		{"192.0.2.1", "http://192.0.2.1:8080", "not a loopback address"},
	} {
		var stderr bytes.Buffer
		got := endpointURL(&net.TCPAddr{IP: net.ParseIP(tc.ip), Port: 8080}, &stderr)
		if got != tc.endpoint {
			t.Errorf("%s: endpoint %s, want %s", tc.ip, got, tc.endpoint)
		}
		if w := stderr.String(); tc.warning == "" && w != "" || !strings.Contains(w, tc.warning) || tc.warning != "" && !strings.HasPrefix(w, "warning: ") {
			t.Errorf("%s: stderr %q, want a warning with %q", tc.ip, w, tc.warning)
		}
	}
}
