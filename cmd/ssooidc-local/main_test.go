package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"regexp"
	"strings"
	"sync"
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

	endpointLine := regexp.MustCompile(`Endpoint:\s+(http://127\.0\.0\.1:\d+)`)
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
	for _, want := range []string{"Region:          eu-central-1", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
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
