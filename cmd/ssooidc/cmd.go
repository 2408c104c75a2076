package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/starturl"
	"github.com/ssooidc-go/ssooidc/login"
)

// Exit codes: scripts depend on them.
const (
	exitOK    = 0
	exitError = 1 // any error
	exitUsage = 2 // bad flags, unknown command
	exitLogin = 3 // a login is needed: run the command the message names
)

// env is what a command may touch of the process, so that tests can give it
// their own.
type env struct {
	args           []string
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// stdoutTTY says whether stdout is a terminal: the countdown is
	// drawn only there.
	stdoutTTY bool
}

// opts are the flags of all commands; each command defines its own.
type opts struct {
	profile, ssoSession, format            string
	account, role                          string
	deviceCode, noBrowser, paste, qr, demo bool
	all                                    bool
}

// command is one subcommand.
type command struct {
	name    string
	usage   string // the synopsis and flags, as help prints them
	formats []string
	// timeout, when set, bounds the command: one that calls the portal,
	// which may accept a connection and never answer.
	timeout time.Duration
	flags   func(fs *flag.FlagSet, o *opts)
	run     func(ctx context.Context, e *env, o *opts) int
}

const usage = `ssooidc logs in to AWS IAM Identity Center and prints access tokens and AWS
credentials for scripts. It shares the AWS CLI's caches (~/.aws/sso/cache,
~/.aws/cli/cache) and configuration (~/.aws/config).

Usage:
  ssooidc login       [--profile P] [--sso-session S] [--use-device-code] [--no-browser] [--paste] [--qr] [--demo]
  ssooidc token       [--profile P] [--sso-session S] [--format text|json|env]
  ssooidc credentials [--profile P] [--sso-session S] [--account ID --role NAME] [--format process|env|json]
  ssooidc accounts    [--profile P] [--sso-session S] [--format text|json]
  ssooidc status      [--profile P] [--sso-session S] [--format text|json]
  ssooidc logout      [--profile P] [--sso-session S] | --all
  ssooidc version | help [command] | <command> --help

The profile is --profile, else AWS_PROFILE, else default; --sso-session S uses
[sso-session S] with no profile.

Exit status: 0 success, 1 error, 2 usage error, 3 a login is needed.

Try it without an AWS account:
  go run -tags demo github.com/ssooidc-go/ssooidc/cmd/ssooidc@latest login --demo
`

const sessionFlags = `  --profile P       the profile of the config file (default: AWS_PROFILE, else default)
  --sso-session S   the [sso-session S] section, without a profile
`

var commands = []*command{
	{
		name: "login",
		usage: `Usage: ssooidc login [--profile P] [--sso-session S] [--use-device-code] [--no-browser] [--paste] [--qr] [--demo]

Logs in and caches the token where the AWS CLI and the SDKs find it. The login
uses the authorization code grant with PKCE in a browser, or the device code
grant for legacy profiles (no sso_session), over SSH and without a display.
It prints what to open (and the code to enter) on standard output, then
"Successfully logged into Start URL: URL".

` + sessionFlags + `  --use-device-code use the device code grant: enter a code on any device
  --no-browser      do not open a browser; only print the URL
  --paste           PKCE for a browser on another machine: paste the URL it was sent to
  --qr              show the device code page as a QR code, for a phone (implies --use-device-code)
  --demo            log in against a built-in emulator under a temporary HOME (no AWS account;
                    only in a binary built with -tags demo)
`,
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.BoolVar(&o.deviceCode, "use-device-code", false, "")
			fs.BoolVar(&o.noBrowser, "no-browser", false, "")
			fs.BoolVar(&o.paste, "paste", false, "")
			fs.BoolVar(&o.qr, "qr", false, "")
			fs.BoolVar(&o.demo, "demo", false, "")
		},
		run: runLogin,
	},
	{
		name: "token",
		usage: `Usage: ssooidc token [--profile P] [--sso-session S] [--format text|json|env]

Prints a valid access token, refreshing it first when it expires within 5
minutes. It never starts a login: when one is needed it exits 3. It waits at
most 3 seconds for a refresh while the cached token is still valid, then
prints that token and says on stderr why it was not refreshed. When the
token expired and cannot be refreshed now (no network, the service fails,
the cache file cannot be read) it exits 1 and says what failed: a login
would not help.

` + sessionFlags + `  --format text     the token alone (default)
  --format json     {"accessToken", "expiresAt", "startUrl", "region"}
  --format env      export AWS_SSO_ACCESS_TOKEN=... and AWS_SSO_ACCESS_TOKEN_EXPIRATION=..., for eval
`,
		formats: []string{"text", "json", "env"},
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.StringVar(&o.format, "format", "text", "")
		},
		run: runToken,
	},
	{
		name: "credentials",
		usage: `Usage: ssooidc credentials [--profile P] [--sso-session S] [--account ID --role NAME] [--format process|env|json]

Prints AWS credentials of the profile's role (sso_account_id, sso_role_name),
or of --account and --role. Credentials cached where the AWS CLI caches them
(~/.aws/cli/cache) are used while more than 15 minutes are left; else new ones
come from the portal, with a token refreshed first when it expires within 5
minutes, and are cached. Processes that need new ones at once make one call.
It never starts a login: when one is needed it exits 3. A role the user has no
access to exits 1; ssooidc accounts lists the roles the user has.

As the credential_process of another profile, it gives the AWS CLI and every
SDK these credentials:

  [profile dev]
  credential_process = ssooidc credentials --profile dev-sso

` + sessionFlags + `  --account ID      the account, with --role: in place of the profile's sso_account_id
  --role NAME       the role (permission set) name, with --account: in place of sso_role_name
  --format process  {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"},
                    as credential_process reads it (default)
  --format env      export AWS_ACCESS_KEY_ID=..., AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
                    AWS_CREDENTIAL_EXPIRATION, for eval
  --format json     {"accessKeyId", "secretAccessKey", "sessionToken", "expiration"}

Expiration is RFC 3339, UTC.
`,
		formats: []string{"process", "env", "json"},
		timeout: portalTimeout,
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.StringVar(&o.account, "account", "", "")
			fs.StringVar(&o.role, "role", "", "")
			fs.StringVar(&o.format, "format", "process", "")
		},
		run: runCredentials,
	},
	{
		name: "accounts",
		usage: `Usage: ssooidc accounts [--profile P] [--sso-session S] [--format text|json]

Lists every AWS account assigned to the signed-in user, with the roles the user
has in each: the values of sso_account_id and sso_role_name, or of credentials
--account and --role. It needs a valid token, refreshed first when it expires
within 5 minutes; when a login is needed it exits 3.

` + sessionFlags + `  --format text     a table of ACCOUNT, NAME, EMAIL and ROLES, sorted by name (default)
  --format json     [{"accountId", "accountName", "emailAddress", "roles": [...]}], sorted by name
`,
		formats: []string{"text", "json"},
		timeout: portalTimeout,
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.StringVar(&o.format, "format", "text", "")
		},
		run: runAccounts,
	},
	{
		name: "status",
		usage: `Usage: ssooidc status [--profile P] [--sso-session S] [--format text|json]

Reports the session's cache file and key, the token's expiry, whether it can
be refreshed (and why not) and the client registration's expiry. It exits 0
whether or not a login is needed.

` + sessionFlags + `  --format text     lines for people (default); times also relative: "expires ... (in 7h 58m)"
  --format json     {"profile", "ssoSession", "startUrl", "region", "cacheFile", "key", "expiresAt",
                    "expired", "refreshable", "reason", "registrationExpiresAt", "loginRequired"};
                    times in RFC 3339, UTC
`,
		formats: []string{"text", "json"},
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.StringVar(&o.format, "format", "text", "")
		},
		run: runStatus,
	},
	{
		name: "logout",
		usage: `Usage: ssooidc logout [--profile P] [--sso-session S]
       ssooidc logout --all

Logs the session out at the portal, so that its token and refresh token stop
working everywhere, then removes its token file and the cached credentials of
the roles of every profile that uses it (the same sso_session, or for legacy
profiles the same sso_start_url). Credentials already handed out stay valid
until they expire. The client registration stays, for the next login. Exit 0
also when nothing was cached. When the portal cannot be reached, the files are
removed all the same and it exits 1, saying until when the token stays valid on
the server.

` + sessionFlags + `  --all             as aws sso logout: log out every cached token and remove it, and
                    every cached SSO role credentials file
`,
		timeout: portalTimeout,
		flags: func(fs *flag.FlagSet, o *opts) {
			sessionFlagSet(fs, o)
			fs.BoolVar(&o.all, "all", false, "")
		},
		run: runLogout,
	},
}

func sessionFlagSet(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.profile, "profile", "", "")
	fs.StringVar(&o.ssoSession, "sso-session", "", "")
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run runs the command e.args names and returns the exit code.
func run(ctx context.Context, e *env) int {
	if len(e.args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitUsage
	}
	name, args := e.args[0], e.args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) == 0 {
			fmt.Fprint(e.stdout, usage)
			return exitOK
		}
		c := lookup(args[0])
		if c == nil || len(args) > 1 {
			return usageError(e, "help", fmt.Sprintf("unknown command %q", strings.Join(args, " ")))
		}
		fmt.Fprint(e.stdout, c.usage)
		return exitOK
	case "version", "-version", "--version":
		if len(args) > 0 {
			return usageError(e, "version", fmt.Sprintf("unexpected argument %q", args[0]))
		}
		fmt.Fprintln(e.stdout, "ssooidc", version())
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		return usageError(e, "", fmt.Sprintf("unknown command %q", name))
	}
	fs := flag.NewFlagSet("ssooidc "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, in one line
	var o opts
	c.flags(fs, &o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, c.usage)
			return exitOK
		}
		return usageError(e, name, err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(e, name, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if msg := check(c, &o); msg != "" {
		return usageError(e, name, msg)
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	return c.run(ctx, e, &o)
}

// check finds the usage errors flag parsing cannot: bad values and flags
// that exclude each other.
func check(c *command, o *opts) string {
	if c.formats != nil && !slices.Contains(c.formats, o.format) {
		return fmt.Sprintf("--format %q: want %s", o.format, strings.Join(c.formats, ", "))
	}
	if o.qr {
		o.deviceCode = true
	}
	switch {
	case o.paste && o.deviceCode:
		return "--paste is a browser login; it cannot be used with --use-device-code or --qr"
	case o.demo && (o.profile != "" || o.ssoSession != ""):
		return "--demo logs in to its own emulator; it takes no --profile or --sso-session"
	case o.all && (o.profile != "" || o.ssoSession != ""):
		return "--all logs out of every session; it takes no --profile or --sso-session"
	case o.account == "" && o.role != "":
		return "--role needs --account: give both, or neither for the profile's sso_account_id and sso_role_name"
	case o.account != "" && o.role == "":
		return "--account needs --role: give both, or neither for the profile's sso_account_id and sso_role_name"
	case c.name == "credentials" && o.ssoSession != "" && o.account == "":
		return "--sso-session names no role: give --account and --role (ssooidc accounts --sso-session " + shellWord(o.ssoSession) + " lists them)"
	}
	return ""
}

// usageError reports a usage error in one line on stderr.
func usageError(e *env, name, msg string) int {
	help := "ssooidc help"
	if name != "" && lookup(name) != nil {
		help = "ssooidc " + name + " --help"
	}
	fmt.Fprintf(e.stderr, "ssooidc: %s (see %s)\n", msg, help)
	return exitUsage
}

// fail reports err in one line on stderr and returns exitError. Errors of
// this SDK never hold a secret.
func fail(e *env, err error) int {
	fmt.Fprintln(e.stderr, "ssooidc: "+oneLine(err))
	return exitError
}

// oneLine is err's message on one line, without the packages' prefixes
// ("ssooidc: ", "login: "); the errors joined in it are separated by "; ".
func oneLine(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		for _, prefix := range []string{"ssooidc: ", "login: "} {
			l = strings.TrimPrefix(l, prefix)
		}
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "; ")
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version + " (" + bi.GoVersion + ")"
	}
	return "(devel)"
}

// target is the session a command works on, as the user named it.
type target struct {
	sess *login.Session
	// who names it in messages ("profile dev", "sso-session my-sso"), and
	// args are the flags that name it to another command ("--profile dev"),
	// such as the one that logs it in, loginCommand.
	who, args, loginCommand string
	profile                 string
	// role is the profile's sso_account_id and sso_role_name.
	role login.Role
}

// open resolves the session of o exactly as ssooidc.LoadConfig does. extra
// load options come after the flags' (the demo's files and endpoint). On
// failure it has reported the error and returns false.
func open(ctx context.Context, e *env, o *opts, extra []ssooidc.LoadOption, cfgFns ...func(*login.Config)) (*target, bool) {
	var lo []ssooidc.LoadOption
	if o.profile != "" {
		lo = append(lo, ssooidc.WithProfile(o.profile))
	}
	if o.ssoSession != "" {
		lo = append(lo, ssooidc.WithSSOSession(o.ssoSession))
	}
	cfg, err := ssooidc.LoadConfig(ctx, append(lo, extra...)...)
	if err != nil {
		fail(e, err)
		return nil, false
	}
	t := &target{profile: cfg.Profile, role: login.Role{AccountID: cfg.SSO.AccountID, RoleName: cfg.SSO.RoleName}}
	if o.ssoSession != "" {
		t.who = "sso-session " + o.ssoSession
		t.args = "--sso-session " + shellWord(o.ssoSession)
		if o.profile != "" {
			t.args += " --profile " + shellWord(o.profile)
		}
	} else {
		t.who = "profile " + cfg.Profile
		t.args = "--profile " + shellWord(cfg.Profile)
	}
	t.loginCommand = "ssooidc login " + t.args
	if missing := missingSSO(cfg.SSO); missing != "" {
		if cfg.SSOProfile != "" {
			fail(e, fmt.Errorf("%s has no %s; its source_profile leads to profile %s, which has them: use --profile %s", t.who, missing, cfg.SSOProfile, shellWord(cfg.SSOProfile)))
			return nil, false
		}
		fail(e, fmt.Errorf("%s has no %s: give it sso_session and an [sso-session] section with sso_start_url and sso_region, or choose another with --profile", t.who, missing))
		return nil, false
	}
	cfgFns = append([]func(*login.Config){func(c *login.Config) {
		c.LoginCommand = t.loginCommand
		// What went wrong but was handled (a token returned without its
		// refresh, a refresh that could not be cached): a line each.
		c.Logf = func(format string, args ...any) { fmt.Fprintln(e.stderr, "ssooidc: "+fmt.Sprintf(format, args...)) }
	}}, cfgFns...)
	t.sess, err = login.NewSession(cfg, cfgFns...)
	if err != nil {
		fail(e, err)
		return nil, false
	}
	return t, true
}

// missingSSO names the SSO settings a login needs that c lacks.
func missingSSO(c ssooidc.SSOConfig) string {
	switch {
	case c.StartURL == "" && c.Region == "":
		return "SSO settings (sso_start_url, sso_region)"
	case c.StartURL == "":
		return "sso_start_url"
	case c.Region == "" && !starturl.Vanity(c.StartURL): // a login finds a vanity URL's
		return "sso_region"
	}
	return ""
}

// failed reports err of a call on t.sess in one line on stderr: exitLogin
// when it is an ErrLoginRequired (it ends with the command to run), else
// exitError.
func (t *target) failed(ctx context.Context, e *env, err error) int {
	if errors.Is(err, login.ErrLoginRequired) {
		fmt.Fprintf(e.stderr, "ssooidc: %s: %s\n", t.who, oneLine(err))
		return exitLogin
	}
	return fail(e, portalFailed(ctx, err))
}

// output writes a command's output s to stdout; a failed write fails the
// command.
func output(e *env, s string) int {
	if _, err := io.WriteString(e.stdout, s); err != nil {
		return fail(e, err)
	}
	return exitOK
}

func runToken(ctx context.Context, e *env, o *opts) int {
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	tok, err := t.sess.Token(ctx)
	if err != nil {
		return t.failed(ctx, e, err)
	}
	out := tokenOutput{AccessToken: tok.AccessToken, ExpiresAt: tok.ExpiresAt, StartURL: t.sess.StartURL(), Region: t.sess.Region()}
	return output(e, formatToken(out, o.format))
}

func runStatus(ctx context.Context, e *env, o *opts) int {
	// One clock for the session's verdict and the times printed.
	now := time.Now()
	t, ok := open(ctx, e, o, nil, func(c *login.Config) { c.Now = func() time.Time { return now } })
	if !ok {
		return exitError
	}
	st, err := t.sess.Status(ctx)
	if err != nil {
		return fail(e, err)
	}
	r := statusReport{Profile: t.profile, SSOSession: t.sess.SessionName(), Status: st, LoginCommand: t.loginCommand, Now: now}
	if o.ssoSession != "" && o.profile == "" {
		r.Profile = ""
	}
	return output(e, formatStatus(r, o.format))
}
