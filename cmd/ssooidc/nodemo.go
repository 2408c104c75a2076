//go:build !demo

package main

import (
	"context"
	"errors"
)

// runDemo says how to run the demo, which this build leaves out (demo.go).
func runDemo(_ context.Context, e *env, _ *opts) int {
	return fail(e, errors.New("this ssooidc is built without the demo; run it with: go run -tags demo github.com/ssooidc-go/ssooidc/cmd/ssooidc@latest login --demo"))
}
