package ssooidctest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ssooidc-go/ssooidc"
)

// ErrNotStubbed is wrapped by the error a Mock returns for an operation
// whose function field is not set.
var ErrNotStubbed = errors.New("ssooidctest: operation not stubbed")

// Mock is a fake ssooidc.API for unit tests of code that depends on the
// interface. Set the function field of each operation the test expects;
// an operation whose field is nil returns an error wrapping ErrNotStubbed.
// Every call is recorded, stubbed or not. A Mock is safe for concurrent
// use; do not change its fields while it is in use.
type Mock struct {
	RegisterClientFunc           func(ctx context.Context, in *ssooidc.RegisterClientInput, optFns ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error)
	StartDeviceAuthorizationFunc func(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, optFns ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error)
	CreateTokenFunc              func(ctx context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error)
	CreateTokenWithIAMFunc       func(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error)

	mu    sync.Mutex
	calls []Call
}

var _ ssooidc.API = (*Mock)(nil)

// Call is one recorded call of a Mock.
type Call struct {
	// Operation is the operation's name, such as "CreateToken".
	Operation string
	// Input is the input pointer as passed, such as a
	// *ssooidc.CreateTokenInput.
	Input any
}

// Calls returns the calls made so far, in order.
func (m *Mock) Calls() []Call {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Call(nil), m.calls...)
}

// CallCount returns how many calls of operation were made.
func (m *Mock) CallCount(operation string) int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.calls {
		if c.Operation == operation {
			n++
		}
	}
	return n
}

// Reset forgets the recorded calls.
func (m *Mock) Reset() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.calls = nil
	m.mu.Unlock()
}

// record records a call; a nil *Mock records nothing and stubs nothing.
func (m *Mock) record(op string, in any) bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	m.calls = append(m.calls, Call{Operation: op, Input: in})
	m.mu.Unlock()
	return true
}

func notStubbed(field string) error {
	return fmt.Errorf("%w: Mock.%s is not set", ErrNotStubbed, field)
}

// RegisterClient records the call and runs RegisterClientFunc.
func (m *Mock) RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, optFns ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
	if !m.record(opRegisterClient, in) || m.RegisterClientFunc == nil {
		return nil, notStubbed("RegisterClientFunc")
	}
	return m.RegisterClientFunc(ctx, in, optFns...)
}

// StartDeviceAuthorization records the call and runs
// StartDeviceAuthorizationFunc.
func (m *Mock) StartDeviceAuthorization(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, optFns ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
	if !m.record(opStartDeviceAuthorization, in) || m.StartDeviceAuthorizationFunc == nil {
		return nil, notStubbed("StartDeviceAuthorizationFunc")
	}
	return m.StartDeviceAuthorizationFunc(ctx, in, optFns...)
}

// CreateToken records the call and runs CreateTokenFunc.
func (m *Mock) CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
	if !m.record(opCreateToken, in) || m.CreateTokenFunc == nil {
		return nil, notStubbed("CreateTokenFunc")
	}
	return m.CreateTokenFunc(ctx, in, optFns...)
}

// CreateTokenWithIAM records the call and runs CreateTokenWithIAMFunc.
func (m *Mock) CreateTokenWithIAM(ctx context.Context, in *ssooidc.CreateTokenWithIAMInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenWithIAMOutput, error) {
	if !m.record(opCreateTokenWithIAM, in) || m.CreateTokenWithIAMFunc == nil {
		return nil, notStubbed("CreateTokenWithIAMFunc")
	}
	return m.CreateTokenWithIAMFunc(ctx, in, optFns...)
}
