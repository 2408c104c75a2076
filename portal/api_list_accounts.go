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

var opListAccounts = transport.Operation{Service: &service, Name: "ListAccounts", Method: http.MethodGet, Path: "/assignment/accounts"}

// ListAccounts calls the ListAccounts operation (GET /assignment/accounts,
// unsigned).
//
// Lists all AWS accounts assigned to the user, a page at a time:
// NewListAccountsPaginator gets every page.
func (c *Client) ListAccounts(ctx context.Context, in *ListAccountsInput, optFns ...func(*Options)) (*ListAccountsOutput, error) {
	if in == nil {
		in = &ListAccountsInput{}
	}
	if err := validate("ListAccountsInput", in.AccessToken); err != nil {
		return nil, opListAccounts.Wrap(err)
	}
	req := transport.Request{Query: pageQuery(in.NextToken, in.MaxResults).Encode(), BearerToken: *in.AccessToken}
	var res serde.ListAccountsResponse
	meta, err := c.calls.Call(ctx, &opListAccounts, &req, optFns, func(b []byte) error { return serde.UnmarshalListAccountsResponse(b, &res) })
	if err != nil {
		return nil, err
	}
	return &ListAccountsOutput{NextToken: res.NextToken, AccountList: res.AccountList, ResultMetadata: meta}, nil
}

// ListAccountsInput is the input of ListAccounts. Members marked required
// must be set; the call fails before sending anything otherwise.
type ListAccountsInput struct {
	// (Optional) When requesting subsequent pages, this is the page token
	// from the previous response output.
	NextToken *string

	// This is the number of items clients can request per page, 1 to 100.
	MaxResults *int32

	// The token issued by the CreateToken API call. This member is required.
	AccessToken *string `sensitive:"true"`
}

// Format prints the input with the access token redacted, for any verb.
func (v ListAccountsInput) Format(f fmt.State, verb rune) { redact.Format(f, verb, v) }

// ListAccountsOutput is the output of ListAccounts.
type ListAccountsOutput struct {
	// The page token client that is used to retrieve the list of accounts;
	// nil or empty on the last page.
	NextToken *string

	// A paginated response with the list of account information and the
	// next token if more results are available.
	AccountList []types.AccountInfo

	// ResultMetadata describes the HTTP exchange.
	ResultMetadata ssooidc.Metadata
}
