package portal_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aws/smithy-go/ptr"

	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

// The examples call a stand-in for the portal on 127.0.0.1. Against AWS,
// leave out BaseEndpoint: the Region picks the endpoint.

// Role credentials for an access token from a login.
func ExampleClient_GetRoleCredentials() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("role_name") != "ReadOnly" {
			w.Header().Set("X-Amzn-ErrorType", "ForbiddenException")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"No access"}`)
			return
		}
		io.WriteString(w, `{"roleCredentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"wJalrXUtnFEMI",`+
			`"sessionToken":"IQoJb3JpZ2lu","expiration":1700003600000}}`)
	}))
	defer srv.Close()

	svc := portal.New(portal.Options{
		Region:       "us-east-1",
		BaseEndpoint: ptr.String(srv.URL), // the stand-in
	})
	for _, role := range []string{"ReadOnly", "Admin"} {
		out, err := svc.GetRoleCredentials(context.Background(), &portal.GetRoleCredentialsInput{
			AccessToken: ptr.String("access-token-of-the-login"),
			AccountId:   ptr.String("111122223333"),
			RoleName:    ptr.String(role),
		})
		var forbidden *types.ForbiddenException
		switch {
		case errors.As(err, &forbidden):
			fmt.Println(forbidden)
			continue
		case err != nil:
			fmt.Println(err)
			return
		}
		creds := out.RoleCredentials
		fmt.Println(*creds.AccessKeyId, "until", creds.ExpiresAt().UTC().Format(time.RFC3339))
		fmt.Println(creds) // secrets redacted
	}
	// Output:
	// ASIAEXAMPLE until 2023-11-14T23:13:20Z
	// {ASIAEXAMPLE [REDACTED] [REDACTED] 1700003600000}
	// ForbiddenException: No access: the signed-in user has no access to role "Admin" in account "111122223333" (ListAccountRoles lists the roles the user has)
}

// Every account assigned to the user, page by page.
func ExampleNewListAccountsPaginator() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("next_token") == "" {
			io.WriteString(w, `{"accountList":[{"accountId":"111122223333","accountName":"Production"}],"nextToken":"page-2"}`)
			return
		}
		io.WriteString(w, `{"accountList":[{"accountId":"444455556666","accountName":"Sandbox"}]}`)
	}))
	defer srv.Close()

	svc := portal.New(portal.Options{Region: "us-east-1", BaseEndpoint: ptr.String(srv.URL)})
	p := portal.NewListAccountsPaginator(svc, &portal.ListAccountsInput{AccessToken: ptr.String("access-token-of-the-login")})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range page.AccountList {
			fmt.Println(*a.AccountId, *a.AccountName)
		}
	}
	// Output:
	// 111122223333 Production
	// 444455556666 Sandbox
}
