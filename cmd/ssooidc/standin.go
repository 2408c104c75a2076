package main

// Stand-in until login exports DefaultPrompt (requested in api-changes.md).

import (
	"context"
	"fmt"

	"github.com/ssooidc-go/ssooidc/login"
)

func defaultPrompt(o login.Options) func(ctx context.Context, p login.Prompt) error {
	return func(ctx context.Context, p login.Prompt) error {
		if p.Flow == login.FlowDeviceCode {
			fmt.Fprintf(o.Stdout, "Please visit the following URL:\n\n%s\n\nThen enter the code:\n\n%s\n", p.VerificationURI, p.UserCode)
		} else {
			fmt.Fprintf(o.Stdout, "Please visit the following URL:\n\n%s\n", p.AuthorizeURL)
		}
		if !o.NoBrowser && o.OpenBrowser != nil {
			_ = o.OpenBrowser(p.VerificationURIComplete + p.AuthorizeURL)
		}
		return nil
	}
}
