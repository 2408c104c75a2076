package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ini"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

// portalTimeout bounds the commands that call the portal: a
// credential_process that hangs hangs the AWS CLI that runs it.
const portalTimeout = login.DefaultRefreshTimeout

// portalFailed is err, saying so when the portal did not answer in time.
func portalFailed(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return fmt.Errorf("the IAM Identity Center portal did not answer within %s; try again later", portalTimeout)
	}
	return err
}

func runCredentials(ctx context.Context, e *env, o *opts) int {
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	role := t.role
	if o.account != "" {
		role = login.Role{AccountID: o.account, RoleName: o.role}
	}
	if missing := missingRole(role); missing != "" {
		return fail(e, fmt.Errorf("%s has no %s: set sso_account_id and sso_role_name in it, or give --account and --role (ssooidc accounts %s lists them)", t.who, missing, t.args))
	}
	c, err := t.sess.RoleCredentials(ctx, role)
	if forbidden := (*types.ForbiddenException)(nil); errors.As(err, &forbidden) {
		return fail(e, fmt.Errorf("%s: the signed-in user has no access to role %q in account %q (%s); ssooidc accounts %s lists the roles the user has",
			t.who, role.RoleName, role.AccountID, strings.TrimSuffix(forbidden.ErrorCode()+": "+forbidden.ErrorMessage(), ": "), t.args))
	}
	if err != nil {
		return t.failed(ctx, e, err)
	}
	return output(e, formatCredentials(c, o.format))
}

// missingRole names the settings of a role that r lacks.
func missingRole(r login.Role) string {
	switch {
	case r.AccountID == "" && r.RoleName == "":
		return "sso_account_id and sso_role_name"
	case r.AccountID == "":
		return "sso_account_id"
	case r.RoleName == "":
		return "sso_role_name"
	}
	return ""
}

func runAccounts(ctx context.Context, e *env, o *opts) int {
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	accounts, err := t.sess.Accounts(ctx)
	if err != nil {
		return t.failed(ctx, e, err)
	}
	slices.SortFunc(accounts, func(a, b login.Account) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	for _, a := range accounts {
		slices.Sort(a.Roles)
	}
	if len(accounts) == 0 {
		fmt.Fprintf(e.stderr, "ssooidc: %s: no AWS account is assigned to the signed-in user\n", t.who)
	}
	return output(e, formatAccounts(accounts, o.format))
}

func runLogout(ctx context.Context, e *env, o *opts) int {
	if o.all {
		return runLogoutAll(ctx, e)
	}
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	roles, err := sessionRoles(e, t.sess)
	if err != nil {
		return fail(e, err)
	}
	file := t.sess.CacheFile()
	_, statErr := os.Stat(file)
	err = t.sess.Logout(ctx, roles...)
	if errors.Is(err, login.ErrLogoutIncomplete) {
		fmt.Fprintf(e.stderr, "ssooidc: %s: removed %s and the cached credentials of its roles, but %s\n", t.who, file, oneLine(err))
		return exitError
	}
	if err != nil {
		return fail(e, err)
	}
	what := fmt.Sprintf("the cached credentials of its roles (%d in the config)", len(roles))
	if statErr != nil {
		fmt.Fprintf(e.stderr, "No token was cached for %s (%s); removed %s.\n", t.who, file, what)
	} else {
		fmt.Fprintf(e.stderr, "Logged out of %s: removed %s and %s.\n", t.who, file, what)
	}
	return exitOK
}

// sessionRoles are the roles (sso_account_id, sso_role_name) of the
// profiles in the shared files that use sess: its sso_session, or for a
// legacy session its sso_start_url without an sso_session.
func sessionRoles(e *env, sess *login.Session) ([]login.Role, error) {
	home, config, credentials := ini.Locate(runtime.GOOS, e.getenv)
	files, err := ini.Load(ini.ExpandHome(home, config), ini.ExpandHome(home, credentials))
	if err != nil {
		return nil, err
	}
	var roles []login.Role
	for _, p := range files.Profiles() {
		get := func(key string) string { v, _ := p.String(key); return v }
		same := get("sso_session") == sess.SessionName() && (sess.SessionName() != "" || get("sso_start_url") == sess.StartURL())
		r := login.Role{AccountID: get("sso_account_id"), RoleName: get("sso_role_name")}
		if same && missingRole(r) == "" && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, nil
}

// runLogoutAll does what aws sso logout does, with the portal clients of
// the loaded configuration, so that AWS_ENDPOINT_URL_SSO and the profile's
// [services] apply.
func runLogoutAll(ctx context.Context, e *env) int {
	cfg, err := ssooidc.LoadConfig(ctx)
	if err != nil {
		return fail(e, err)
	}
	removed, err := login.LogoutAll(ctx, login.LogoutAllConfig{Portal: func(region string) portal.API {
		return portal.NewFromConfig(cfg, func(o *portal.Options) { o.Region = region })
	}})
	what := fmt.Sprintf("removed %d cached tokens and every cached SSO role credentials file", len(removed))
	if err != nil {
		fmt.Fprintf(e.stderr, "ssooidc: %s, but %s\n", what, oneLine(err))
		return exitError
	}
	fmt.Fprintf(e.stderr, "Logged out: %s.\n", what)
	return exitOK
}
