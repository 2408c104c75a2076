package portal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedAPI is an API whose list operations answer from pages: the page for
// a call is the one keyed by its next token ("" for none), and a page's
// next token is that of the entry.
type pagedAPI struct {
	API
	pages map[string]*string // token sent -> next token answered
	sent  []string           // the tokens of the calls, "<nil>" for none
	max   []int32            // the MaxResults of the calls
	fail  error              // answered instead, once, when set
}

func (p *pagedAPI) page(next *string, max *int32) (*string, error) {
	p.sent = append(p.sent, ptr.ToString(next))
	if next == nil {
		p.sent[len(p.sent)-1] = "<nil>"
	}
	p.max = append(p.max, ptr.ToInt32(max))
	if err := p.fail; err != nil {
		p.fail = nil
		return nil, err
	}
	return p.pages[ptr.ToString(next)], nil
}

func (p *pagedAPI) ListAccounts(_ context.Context, in *ListAccountsInput, _ ...func(*Options)) (*ListAccountsOutput, error) {
	next, err := p.page(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	return &ListAccountsOutput{NextToken: next, AccountList: []types.AccountInfo{{AccountId: in.NextToken}}}, nil
}

func (p *pagedAPI) ListAccountRoles(_ context.Context, in *ListAccountRolesInput, _ ...func(*Options)) (*ListAccountRolesOutput, error) {
	next, err := p.page(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	return &ListAccountRolesOutput{NextToken: next, RoleList: []types.RoleInfo{{AccountId: in.AccountId, RoleName: in.NextToken}}}, nil
}

func TestPaginators(t *testing.T) {
	cases := []struct {
		name  string
		start *string
		pages map[string]*string
		want  []string // the tokens sent, page by page
	}{
		{"three pages", nil, map[string]*string{"": ptr.String("a"), "a": ptr.String("b"), "b": nil}, []string{"<nil>", "a", "b"}},
		{"one page", nil, map[string]*string{"": nil}, []string{"<nil>"}},
		{"empty next token ends", nil, map[string]*string{"": ptr.String("a"), "a": ptr.String("")}, []string{"<nil>", "a"}},
		{"the same token again ends", nil, map[string]*string{"": ptr.String("a"), "a": ptr.String("a")}, []string{"<nil>", "a"}},
		{"a token cycle ends", nil, map[string]*string{"": ptr.String("a"), "a": ptr.String("b"), "b": ptr.String("a")}, []string{"<nil>", "a", "b"}},
		{"from a start token", ptr.String("b"), map[string]*string{"b": ptr.String("c"), "c": ptr.String("b")}, []string{"b", "c"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range []string{"ListAccounts", "ListAccountRoles"} {
				api := &pagedAPI{pages: tc.pages}
				var more func() bool
				var next func() error
				switch kind {
				case "ListAccounts":
					p := NewListAccountsPaginator(api, &ListAccountsInput{AccessToken: ptr.String(testToken), NextToken: tc.start, MaxResults: ptr.Int32(7)})
					more = p.HasMorePages
					next = func() error { _, err := p.NextPage(context.Background()); return err }
				default:
					p := NewListAccountRolesPaginator(api, &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("1"), NextToken: tc.start, MaxResults: ptr.Int32(7)})
					more = p.HasMorePages
					next = func() error { _, err := p.NextPage(context.Background()); return err }
				}
				for i := 0; more(); i++ {
					require.Less(t, i, 10, "%s: the paginator does not end", kind)
					require.NoError(t, next())
				}
				assert.Equal(t, tc.want, api.sent, kind)
				for _, m := range api.max {
					assert.EqualValues(t, 7, m, "%s: MaxResults on every page", kind)
				}
				assert.EqualError(t, next(), "no more pages: HasMorePages is false", kind)
			}
		})
	}
}

// TestPaginatorError: a failed page is returned, and the paginator stays on
// it, so that NextPage can try it again.
func TestPaginatorError(t *testing.T) {
	boom := errors.New("boom")
	api := &pagedAPI{pages: map[string]*string{"": ptr.String("a"), "a": nil}}
	p := NewListAccountsPaginator(api, nil)
	_, err := p.NextPage(context.Background())
	require.NoError(t, err)
	api.fail = boom
	_, err = p.NextPage(context.Background())
	assert.ErrorIs(t, err, boom)
	assert.True(t, p.HasMorePages())
	out, err := p.NextPage(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "a", ptr.ToString(out.AccountList[0].AccountId))
	assert.False(t, p.HasMorePages())
	assert.Equal(t, []string{"<nil>", "a", "a"}, api.sent)
}

// TestPaginatorOnTheWire: the next token of each page travels as the
// next_token query parameter of the next request.
func TestPaginatorOnTheWire(t *testing.T) {
	var tokens []string
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		tokens = append(tokens, r.URL.Query().Get("next_token"))
		switch r.URL.Query().Get("next_token") {
		case "":
			io.WriteString(w, `{"roleList":[{"roleName":"A"}],"nextToken":"p2/=+"}`)
		default:
			io.WriteString(w, `{"roleList":[{"roleName":"B"}]}`)
		}
	})
	p := NewListAccountRolesPaginator(c, &ListAccountRolesInput{AccessToken: ptr.String(testToken), AccountId: ptr.String("111122223333")})
	var roles []string
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		require.NoError(t, err)
		for _, r := range page.RoleList {
			roles = append(roles, *r.RoleName)
		}
	}
	assert.Equal(t, []string{"A", "B"}, roles)
	assert.Equal(t, []string{"", "p2/=+"}, tokens)
}
