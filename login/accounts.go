package login

import (
	"context"
	"sync"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc/portal"
)

// Account is an AWS account assigned to the signed-in user, with the roles
// the user may get credentials for in it.
type Account struct {
	ID    string
	Name  string
	Email string
	Roles []string
}

// listWorkers is how many ListAccountRoles calls Accounts makes at once:
// a user with many accounts waits for a few round trips, not one per
// account, and the portal is not flooded.
const listWorkers = 4

// Accounts lists every account assigned to the signed-in user, in the
// portal's order, each with its roles: all pages of ListAccounts, then of
// ListAccountRoles for each account, with a valid token (refreshed as Token
// does), in the Region of RoleCredentials' calls. The errors are those of
// RoleCredentials: ErrLoginRequired when a login is the remedy,
// ErrUnavailable when the portal fails.
func (s *Session) Accounts(ctx context.Context) ([]Account, error) {
	tok, err := s.Token(ctx)
	if err != nil {
		return nil, err
	}
	in := inPortalRegion(s.Region())
	var accounts []Account
	p := portal.NewListAccountsPaginator(s.cfg.Portal, &portal.ListAccountsInput{AccessToken: &tok.AccessToken})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx, in)
		if err != nil {
			return nil, s.portalError(ctx, "list the accounts", err)
		}
		for _, a := range page.AccountList {
			accounts = append(accounts, Account{ID: ptr.ToString(a.AccountId), Name: ptr.ToString(a.AccountName), Email: ptr.ToString(a.EmailAddress)})
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	next := make(chan *Account)
	for range listWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range next {
				var err error
				if a.Roles, err = s.accountRoles(ctx, tok, a.ID, in); err != nil {
					once.Do(func() { firstErr = err; cancel() }) // the others' errors are this cancel
				}
			}
		}()
	}
	for i := range accounts {
		if ctx.Err() != nil {
			break
		}
		next <- &accounts[i]
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return accounts, nil
}

// accountRoles lists the roles of the user in account id, all pages.
func (s *Session) accountRoles(ctx context.Context, tok Token, id string, in func(*portal.Options)) ([]string, error) {
	roles := []string{}
	p := portal.NewListAccountRolesPaginator(s.cfg.Portal, &portal.ListAccountRolesInput{AccessToken: &tok.AccessToken, AccountId: &id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx, in)
		if err != nil {
			return nil, s.portalError(ctx, "list the roles in account "+id, err)
		}
		for _, r := range page.RoleList {
			roles = append(roles, ptr.ToString(r.RoleName))
		}
	}
	return roles, nil
}
