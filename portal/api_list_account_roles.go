package portal

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

var opListAccountRoles = transport.Operation{Service: &service, Name: "ListAccountRoles", Method: http.MethodGet, Path: "/assignment/roles"}

// ListAccountRoles calls the ListAccountRoles operation (GET
// /assignment/roles, unsigned).
//
// Lists all roles that are assigned to the user for a given AWS account, a
// page at a time: NewListAccountRolesPaginator gets every page.
func (c *Client) ListAccountRoles(ctx context.Context, in *ListAccountRolesInput, optFns ...func(*Options)) (*ListAccountRolesOutput, error) {
	if in == nil {
		in = &ListAccountRolesInput{}
	}
	if err := validate("ListAccountRolesInput", in.AccessToken, required{"AccountId", in.AccountId}); err != nil {
		return nil, opListAccountRoles.Wrap(err)
	}
	q := pageQuery(in.NextToken, in.MaxResults)
	q.Set("account_id", *in.AccountId)
	req := transport.Request{Query: q.Encode(), BearerToken: *in.AccessToken}
	var res serde.ListAccountRolesResponse
	meta, err := c.calls.Call(ctx, &opListAccountRoles, &req, optFns, func(b []byte) error { return serde.UnmarshalListAccountRolesResponse(b, &res) })
	if err != nil {
		return nil, forbidden(err, in.AccountId, nil)
	}
	return &ListAccountRolesOutput{NextToken: res.NextToken, RoleList: res.RoleList, ResultMetadata: meta}, nil
}

// ListAccountRolesInput is the input of ListAccountRoles. Members marked
// required must be set; the call fails before sending anything otherwise.
type ListAccountRolesInput struct {
	// The page token from the previous response output when you request
	// subsequent pages.
	NextToken *string

	// The number of items that clients can request per page, 1 to 100.
	MaxResults *int32

	// The token issued by the CreateToken API call. This member is required.
	AccessToken *string `sensitive:"true"`

	// The identifier for the AWS account that is assigned to the user. This
	// member is required.
	AccountId *string
}

// Format prints the input with the access token redacted, for any verb.
func (v ListAccountRolesInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// ListAccountRolesOutput is the output of ListAccountRoles.
type ListAccountRolesOutput struct {
	// The page token client that is used to retrieve the list of accounts;
	// nil or empty on the last page.
	NextToken *string

	// A paginated response with the list of roles and the next token if
	// more results are available.
	RoleList []types.RoleInfo

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata ssooidc.Metadata
}
