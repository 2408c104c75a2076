package ssooidctest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func TestMockNotStubbed(t *testing.T) {
	var m ssooidctest.Mock
	ctx := t.Context()
	_, err1 := m.RegisterClient(ctx, &ssooidc.RegisterClientInput{})
	_, err2 := m.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{})
	_, err3 := m.CreateToken(ctx, nil)
	_, err4 := m.CreateTokenWithIAM(ctx, &ssooidc.CreateTokenWithIAMInput{})
	for i, err := range []error{err1, err2, err3, err4} {
		if !errors.Is(err, ssooidctest.ErrNotStubbed) {
			t.Errorf("call %d: got %v, want ErrNotStubbed", i, err)
		}
	}
	if err3.Error() != "ssooidctest: operation not stubbed: Mock.CreateTokenFunc is not set" {
		t.Errorf("message: %q", err3)
	}
	calls := m.Calls()
	want := []string{"RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateTokenWithIAM"}
	if len(calls) != len(want) {
		t.Fatalf("calls = %v", calls)
	}
	for i, c := range calls {
		if c.Operation != want[i] {
			t.Errorf("call %d is %s, want %s", i, c.Operation, want[i])
		}
	}
	m.Reset()
	if len(m.Calls()) != 0 {
		t.Error("Reset kept calls")
	}
}

func TestMockStubbedAndConcurrent(t *testing.T) {
	m := &ssooidctest.Mock{
		CreateTokenFunc: func(_ context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
			if len(optFns) != 1 {
				return nil, errors.New("options not passed on")
			}
			return &ssooidc.CreateTokenOutput{AccessToken: ptr.String("token-for-" + *in.ClientId)}, nil
		},
	}
	var api ssooidc.API = m
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := api.CreateToken(context.Background(), &ssooidc.CreateTokenInput{ClientId: ptr.String("c")}, func(*ssooidc.Options) {})
			if err != nil || *out.AccessToken != "token-for-c" {
				t.Errorf("got %v, %v", out, err)
			}
		}()
	}
	wg.Wait()
	if n := m.CallCount("CreateToken"); n != 8 {
		t.Errorf("CallCount = %d", n)
	}
	if in := m.Calls()[0].Input.(*ssooidc.CreateTokenInput); *in.ClientId != "c" {
		t.Errorf("recorded input = %v", in)
	}
}

// A nil *Mock answers like an empty one instead of panicking.
func TestNilMock(t *testing.T) {
	var m *ssooidctest.Mock
	if _, err := m.CreateToken(t.Context(), nil); !errors.Is(err, ssooidctest.ErrNotStubbed) {
		t.Errorf("got %v", err)
	}
	m.Reset()
	if m.Calls() != nil || m.CallCount("CreateToken") != 0 {
		t.Error("a nil Mock has calls")
	}
}
