package login

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// manyAccounts are more accounts than listWorkers, with zero to three
// roles each.
func manyAccounts() []ssooidctest.Account {
	var accounts []ssooidctest.Account
	for i := range 2*listWorkers + 1 {
		a := ssooidctest.Account{ID: fmt.Sprintf("%012d", i+1), Name: fmt.Sprintf("acct %d", i+1)}
		for r := range i % 4 {
			a.Roles = append(a.Roles, fmt.Sprintf("Role%d", r))
		}
		accounts = append(accounts, a)
	}
	return accounts
}

// Every page of every list, in the portal's order, each account with its
// roles.
func TestAccounts(t *testing.T) {
	emu := manyAccounts()
	e := newEnv(t, ssooidctest.Options{AutoApprove: true, Accounts: emu, PageSize: 1})
	login(t, e)
	got, err := e.sess.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var want []Account
	for _, a := range emu {
		want = append(want, Account{ID: a.ID, Name: a.Name, Email: "aws-" + a.ID + "@example.com", Roles: append([]string{}, a.Roles...)})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("accounts (-want +got):\n%s", d)
	}
	if n := e.calls.count("ListAccounts 200"); n != len(emu) {
		t.Errorf("ListAccounts calls = %d, want %d (one a page)", n, len(emu))
	}
}

// No token, a token the portal rejects: a login. A failing list call: not
// a login's to fix, and the listing stops.
func TestAccountsErrors(t *testing.T) {
	e := newEnv(t, ssooidctest.Options{AutoApprove: true, Accounts: manyAccounts()})
	if _, err := e.sess.Accounts(context.Background()); !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("no login: %v", err)
	}
	tok := login(t, e)
	fail := &failRoles{API: e.sess.cfg.Portal, account: "000000000002"}
	e.sess.cfg.Portal = fail
	_, err := e.sess.Accounts(context.Background())
	if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrLoginRequired) || !errors.As(err, new(*types.TooManyRequestsException)) {
		t.Fatalf("a failing ListAccountRoles: %v", err)
	}
	if _, err := e.sess.cfg.Portal.Logout(context.Background(), &portal.LogoutInput{AccessToken: &tok.AccessToken}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sess.Accounts(context.Background()); !errors.Is(err, ErrLoginRequired) || !errors.As(err, new(*types.UnauthorizedException)) {
		t.Fatalf("logged out elsewhere: %v", err)
	}
}

// failRoles fails ListAccountRoles for one account.
type failRoles struct {
	portal.API
	account string
}

func (f *failRoles) ListAccountRoles(ctx context.Context, in *portal.ListAccountRolesInput, optFns ...func(*portal.Options)) (*portal.ListAccountRolesOutput, error) {
	if *in.AccountId == f.account {
		return nil, &types.TooManyRequestsException{}
	}
	return f.API.ListAccountRoles(ctx, in, optFns...)
}

// A session of a vanity start URL without sso_region lists in the Region
// its login found, as RoleCredentials gets credentials there.
func TestAccountsVanityRegion(t *testing.T) {
	e, n := vanityEnv(t, portalURL+"/")
	ctx := context.Background()
	if _, err := e.sess.Login(ctx, deviceOptions()); err != nil {
		t.Fatal(err)
	}
	n.requests()
	got, err := e.sess.Accounts(ctx)
	if err != nil || len(got) != 1 || got[0].ID != ssooidctest.DefaultAccountID {
		t.Fatalf("Accounts = %+v, %v", got, err)
	}
	checkRequests(t, "Accounts", n.requests(), []string{
		"GET https://portal.sso.eu-west-1.amazonaws.com/assignment/accounts",
		"GET https://portal.sso.eu-west-1.amazonaws.com/assignment/roles",
	})
}
