// Command ssooidc logs in to AWS IAM Identity Center and hands access
// tokens and AWS credentials to scripts, sharing the AWS CLI's caches
// (~/.aws/sso/cache, ~/.aws/cli/cache):
//
//	ssooidc login       [--profile P] [--sso-session S] [--use-device-code] [--no-browser] [--paste] [--qr] [--demo]
//	ssooidc token       [--profile P] [--sso-session S] [--format text|json|env]
//	ssooidc credentials [--profile P] [--sso-session S] [--account ID --role NAME] [--format process|env|json]
//	ssooidc accounts    [--profile P] [--sso-session S] [--format text|json]
//	ssooidc status      [--profile P] [--sso-session S] [--format text|json]
//	ssooidc logout      [--profile P] [--sso-session S] | --all
//	ssooidc version | help [command] | <command> --help
//
// Exit status: 0 success, 1 any error, 2 a usage error, 3 a login is needed
// (run the command the message names). Data goes to standard output,
// messages for people to standard error; login, like the AWS CLI, prints its
// instructions to standard output. No command prints a secret to standard
// error; only token prints a token, and credentials AWS credentials, to
// standard output.
//
// Try it without an AWS account (-tags demo builds in the emulator that
// --demo logs in to; the command you install leaves it out):
//
//	go run -tags demo github.com/ssooidc-go/ssooidc/cmd/ssooidc@latest login --demo
package main

import (
	"context"
	"os"

	"github.com/ssooidc-go/ssooidc/internal/termsafe"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(context.Background(), &env{
		args:      os.Args[1:],
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    termsafe.Writer{W: os.Stderr}, // errors quote the network: no control characters
		getenv:    os.Getenv,
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
	}))
}
