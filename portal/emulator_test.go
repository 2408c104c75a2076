package portal_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgainstEmulator runs the client against ssooidctest's Portal API,
// written from the same spec by another hand: the access token of a device
// code login, role credentials and their expiry, every account and role
// page by page, a role not assigned, throttling, and logout.
func TestAgainstEmulator(t *testing.T) {
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, PageSize: 1, RoleTTL: 15 * time.Minute, Accounts: []ssooidctest.Account{
		{ID: "111122223333", Name: "Production", Roles: []string{"ReadOnly", "Admin"}},
		{ID: "444455556666", Name: "Sandbox", Roles: []string{"Developer"}},
	}})
	defer srv.Close()
	ctx := context.Background()
	token := deviceLogin(t, srv.Client())
	svc := portal.New(portal.Options{Region: srv.Region(), BaseEndpoint: &srv.URL, RetryMaxBackoff: time.Millisecond})

	out, err := svc.GetRoleCredentials(ctx, &portal.GetRoleCredentialsInput{AccessToken: token, AccountId: ptr.String("111122223333"), RoleName: ptr.String("ReadOnly")})
	require.NoError(t, err)
	info, ok := srv.LookupRoleCredentials(*out.RoleCredentials.AccessKeyId)
	require.True(t, ok, "the emulator issued the credentials")
	assert.Equal(t, ssooidctest.RoleCredentialsInfo{AccountID: "111122223333", RoleName: "ReadOnly", Subject: info.Subject, ExpiresAt: info.ExpiresAt}, info)
	assert.WithinDuration(t, info.ExpiresAt, out.RoleCredentials.ExpiresAt(), time.Millisecond, "milliseconds read as milliseconds")
	assert.WithinDuration(t, time.Now().Add(15*time.Minute), out.RoleCredentials.ExpiresAt(), time.Minute)
	assert.NotEmpty(t, ptr.ToString(out.RoleCredentials.SecretAccessKey))
	assert.NotEmpty(t, ptr.ToString(out.RoleCredentials.SessionToken))

	_, err = svc.GetRoleCredentials(ctx, &portal.GetRoleCredentialsInput{AccessToken: token, AccountId: ptr.String("444455556666"), RoleName: ptr.String("Admin")})
	var forbidden *types.ForbiddenException
	require.ErrorAs(t, err, &forbidden)
	assert.Equal(t, "444455556666", *forbidden.AccountId)
	assert.Equal(t, "Admin", *forbidden.RoleName)

	var roles []string
	accounts := portal.NewListAccountsPaginator(svc, &portal.ListAccountsInput{AccessToken: token})
	for accounts.HasMorePages() {
		page, err := accounts.NextPage(ctx)
		require.NoError(t, err)
		require.Len(t, page.AccountList, 1, "PageSize 1")
		a := page.AccountList[0]
		p := portal.NewListAccountRolesPaginator(svc, &portal.ListAccountRolesInput{AccessToken: token, AccountId: a.AccountId})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			require.NoError(t, err)
			for _, r := range page.RoleList {
				roles = append(roles, *a.AccountName+"/"+*r.AccountId+"/"+*r.RoleName)
			}
		}
	}
	assert.Equal(t, []string{"Production/111122223333/ReadOnly", "Production/111122223333/Admin", "Sandbox/444455556666/Developer"}, roles)

	_, err = svc.ListAccountRoles(ctx, &portal.ListAccountRolesInput{AccessToken: token, AccountId: ptr.String("999999999999")})
	var notFound *types.ResourceNotFoundException
	assert.ErrorAs(t, err, &notFound)

	srv.ThrottleNext(2)
	list, err := svc.ListAccounts(ctx, &portal.ListAccountsInput{AccessToken: token, MaxResults: ptr.Int32(2)})
	require.NoError(t, err, "TooManyRequestsException is retried")
	assert.Equal(t, 3, list.ResultMetadata.Attempts)
	assert.Len(t, list.AccountList, 1, "the emulator's PageSize bounds max_result")

	_, err = svc.Logout(ctx, &portal.LogoutInput{AccessToken: token})
	require.NoError(t, err)
	_, err = svc.ListAccounts(ctx, &portal.ListAccountsInput{AccessToken: token})
	var unauthorized *types.UnauthorizedException
	require.ErrorAs(t, err, &unauthorized, "the session ended")
	_, ok = srv.LookupRoleCredentials(*out.RoleCredentials.AccessKeyId)
	assert.True(t, ok, "role credentials outlive the logout")
}

// deviceLogin returns the access token of a device code login, which the
// emulator approves at once.
func deviceLogin(t *testing.T, c *ssooidc.Client) *string {
	t.Helper()
	ctx := context.Background()
	reg, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: ptr.String("portal-test"), ClientType: ptr.String(ssooidc.ClientTypePublic)})
	require.NoError(t, err)
	dev, err := c.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: ptr.String("https://d-1234567890.awsapps.com/start")})
	require.NoError(t, err)
	tok, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: ptr.String(ssooidc.GrantTypeDeviceCode), DeviceCode: dev.DeviceCode})
	require.NoError(t, err)
	return tok.AccessToken
}
