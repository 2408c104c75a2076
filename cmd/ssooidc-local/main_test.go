package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
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
	reg, err := svc.RegisterClient(t.Context(), &ssooidc.RegisterClientInput{ClientName: ptr.String("cmd-test"), ClientType: ptr.String("public")})
	if err != nil {
		t.Fatal(err)
	}
	dev, err := svc.StartDeviceAuthorization(t.Context(), &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId,
		ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start")})
	if err != nil {
		t.Fatal(err)
	}
	if *dev.VerificationUri != endpoint+"/device" {
		t.Errorf("verificationUri = %s", *dev.VerificationUri)
	}
	tok, err := svc.CreateToken(t.Context(), &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: ptr.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: dev.DeviceCode})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateTokenWithIAM(t.Context(), &ssooidc.CreateTokenWithIAMInput{
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
