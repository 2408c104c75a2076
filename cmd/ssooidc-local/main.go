// Command ssooidc-local serves a local emulator of the AWS IAM Identity
// Center OIDC service (SSO OIDC) and its Portal API (role credentials,
// accounts, logout), for trying and testing clients in any
// language without an AWS account. Build it, then run the binary (a script
// that runs it through "go run" gets the PID of go run, which cannot stop
// it):
//
//	go build -o /tmp/ssooidc-local ./cmd/ssooidc-local
//	/tmp/ssooidc-local -addr 127.0.0.1:0 -auto-approve &
//
// The first line of standard output is "endpoint URL", alone, for scripts
// (-addr 127.0.0.1:0 picks a free port):
//
//	/tmp/ssooidc-local -addr 127.0.0.1:0 -auto-approve >local.out &
//	pid=$!
//	until endpoint=$(sed -n 's/^endpoint //p' local.out) && [ -n "$endpoint" ]; do sleep 0.1; done
//	...
//	kill $pid
//
// Point a client's endpoints at that URL (AWS_ENDPOINT_URL_SSO_OIDC and
// AWS_ENDPOINT_URL_SSO, or for the AWS CLI --endpoint-url). It is the emulator of package ssooidctest;
// see that package for what each operation accepts. State lives in memory
// and ends with the process. Ctrl-C or SIGTERM stops it gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ssooidc-local:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ssooidc-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (keep it on loopback)")
	region := fs.String("region", ssooidctest.DefaultRegion, "the emulator's AWS Region: CreateTokenWithIAM must be signed for it")
	autoApprove := fs.Bool("auto-approve", false, "approve device logins and /authorize requests without a click")
	delay := fs.Duration("auto-approve-delay", 0, "with -auto-approve, approve device logins this long after they start")
	interval := fs.Duration("interval", ssooidctest.DefaultInterval, "polling interval of device logins")
	accessKey := fs.String("access-key-id", ssooidctest.TestAccessKeyID, "access key ID accepted by CreateTokenWithIAM")
	secretKey := fs.String("secret-access-key", ssooidctest.TestSecretAccessKey, "secret access key of -access-key-id")
	var accounts accountsFlag
	fs.Var(&accounts, "account", "an AWS account assigned to the user, with its roles, for the Portal API: `ID=ROLE[,ROLE...]`; "+
		"repeat for more accounts (default "+ssooidctest.DefaultAccountID+"=ReadOnly,Admin)")
	pageSize := fs.Int("page-size", ssooidctest.DefaultPageSize, "the most items a ListAccounts or ListAccountRoles page holds")
	roleTTL := fs.Duration("role-ttl", ssooidctest.DefaultRoleTTL, "lifetime of the role credentials GetRoleCredentials issues")
	verbose := fs.Bool("v", false, "log one line per API request (never a token or secret)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *pageSize < 1 {
		return fmt.Errorf("-page-size %d: want at least 1", *pageSize)
	}
	if *roleTTL <= 0 {
		return fmt.Errorf("-role-ttl %v: want a positive duration, such as 1h", *roleTTL)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	opts := ssooidctest.Options{
		Region:           *region,
		Credentials:      []ssooidctest.Credentials{{AccessKeyID: *accessKey, SecretAccessKey: *secretKey}},
		Interval:         *interval,
		AutoApprove:      *autoApprove,
		AutoApproveDelay: *delay,
		Accounts:         accounts,
		PageSize:         *pageSize,
		RoleTTL:          *roleTTL,
		// BaseURL stays empty: the pages' URLs follow the Host a client
		// used, which works whatever address it reached the server by.
	}
	if *verbose {
		logger := log.New(stderr, "", log.LstdFlags)
		opts.Logf = logger.Printf
	}
	hs := &http.Server{Handler: ssooidctest.New(opts).Handler(), ReadHeaderTimeout: 10 * time.Second}

	printBanner(stdout, endpointURL(ln.Addr(), stderr), *region, *accessKey, *secretKey, *autoApprove, *delay)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	fmt.Fprintln(stdout, "ssooidc-local stopped")
	return err
}

// endpointURL is the URL this machine reaches the listener at, addr its
// address. It warns on stderr when others can reach it too: the emulator
// approves logins for anyone.
func endpointURL(addr net.Addr, stderr io.Writer) string {
	host, port, _ := net.SplitHostPort(addr.String())
	switch ip := net.ParseIP(host); {
	case ip != nil && ip.IsUnspecified(): // -addr :PORT, 0.0.0.0:PORT or [::]:PORT
		fmt.Fprintf(stderr, "warning: ssooidc-local listens on all interfaces (%s): anyone who reaches this machine can log in; use -addr 127.0.0.1:%s\n", addr, port)
		host = "127.0.0.1"
	case ip == nil || !ip.IsLoopback():
		fmt.Fprintf(stderr, "warning: %s is not a loopback address: anyone who reaches it can log in\n", host)
	}
	return "http://" + net.JoinHostPort(host, port)
}

func printBanner(w io.Writer, endpoint, region, accessKey, secretKey string, autoApprove bool, delay time.Duration) {
	approval := "open " + endpoint + "/device and enter the user code, or use verificationUriComplete"
	if autoApprove {
		approval = fmt.Sprintf("automatic, %v after the login starts", delay)
	}
	// The first line is for scripts: "endpoint URL" and nothing else.
	fmt.Fprintf(w, `endpoint %[1]s
SSO OIDC emulator (ssooidctest) running
  Endpoint:        %[1]s
  Region:          %[2]s
  IAM credentials accepted by CreateTokenWithIAM (SigV4, service sso-oauth, region %[2]s):
    AWS_ACCESS_KEY_ID=%[3]s
    AWS_SECRET_ACCESS_KEY=%[4]s
  Device approval: %[5]s

Supported:
  RegisterClient            POST %[1]s/client/register
  StartDeviceAuthorization  POST %[1]s/device_authorization
  CreateToken               POST %[1]s/token
                            grants: urn:ietf:params:oauth:grant-type:device_code, refresh_token,
                            authorization_code (PKCE S256)
  CreateTokenWithIAM        POST %[1]s/token?aws_iam=t
                            grants: authorization_code, refresh_token,
                            urn:ietf:params:oauth:grant-type:jwt-bearer, urn:ietf:params:oauth:grant-type:token-exchange
  Verification page         GET  %[1]s/device
  Authorization endpoint    GET  %[1]s/authorize (the PKCE browser step)
  Portal API (bearer token in x-amz-sso_bearer_token):
  GetRoleCredentials        GET  %[1]s/federation/credentials?account_id=&role_name=
  ListAccounts              GET  %[1]s/assignment/accounts
  ListAccountRoles          GET  %[1]s/assignment/roles?account_id=
  Logout                    POST %[1]s/logout

Try it:
  aws sso-oidc register-client --endpoint-url %[1]s --region %[2]s --client-name demo --client-type public
  Go: ssooidc.New(ssooidc.Options{Region: %[2]q, BaseEndpoint: ptr.String(%[1]q)})

Press Ctrl-C to stop.
`, endpoint, region, accessKey, secretKey, approval)
}

// accountsFlag is the repeatable -account ID=ROLE[,ROLE...].
type accountsFlag []ssooidctest.Account

func (a *accountsFlag) String() string {
	if a == nil {
		return ""
	}
	var s []string
	for _, acct := range *a {
		s = append(s, acct.ID+"="+strings.Join(acct.Roles, ","))
	}
	return strings.Join(s, " ")
}

func (a *accountsFlag) Set(v string) error {
	id, roles, ok := strings.Cut(v, "=")
	list := strings.Split(roles, ",")
	switch {
	case !ok || slices.Contains(list, ""):
		return errors.New("want ID=ROLE[,ROLE...], with no empty role name")
	case len(id) != 12 || strings.Trim(id, "0123456789") != "":
		return errors.New("the account ID must be 12 digits")
	case slices.ContainsFunc(*a, func(acct ssooidctest.Account) bool { return acct.ID == id }):
		return fmt.Errorf("account %s given twice; list all its roles in one -account", id)
	}
	*a = append(*a, ssooidctest.Account{ID: id, Roles: list})
	return nil
}
