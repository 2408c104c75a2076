package portal

import (
	"context"
	"errors"
)

// errNoMorePages is NextPage's error after the last page.
var errNoMorePages = errors.New("no more pages: HasMorePages is false")

// pages is what a paginator knows of the pages: the next one's token, and
// the tokens it has sent.
type pages struct {
	next  *string
	first bool
	sent  map[string]bool
}

func newPages(start *string) pages {
	return pages{next: start, first: true, sent: map[string]bool{}}
}

// more reports whether there is a page to get: the first one, or one with a
// next token that is neither empty nor one sent before. A service that sent
// a token again would otherwise be asked for the same pages forever.
func (p *pages) more() bool {
	return p.first || p.next != nil && *p.next != "" && !p.sent[*p.next]
}

// got records that the page for token p.next was got, and next is its next
// token.
func (p *pages) got(next *string) {
	if p.next != nil {
		p.sent[*p.next] = true
	}
	p.first, p.next = false, next
}

// ListAccountsPaginator gets the pages of ListAccounts.
type ListAccountsPaginator struct {
	client API
	params ListAccountsInput
	pages
}

// NewListAccountsPaginator returns a paginator of ListAccounts calls with
// params (nil for none), from the page of params.NextToken on.
func NewListAccountsPaginator(client API, params *ListAccountsInput) *ListAccountsPaginator {
	if params == nil {
		params = &ListAccountsInput{}
	}
	return &ListAccountsPaginator{client: client, params: *params, pages: newPages(params.NextToken)}
}

// HasMorePages reports whether NextPage has a page to get. It is false after
// a page without a next token, or whose next token is one sent before.
func (p *ListAccountsPaginator) HasMorePages() bool { return p.more() }

// NextPage gets the next page, with the client's options changed by optFns.
func (p *ListAccountsPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListAccountsOutput, error) {
	if !p.more() {
		return nil, errNoMorePages
	}
	in := p.params
	in.NextToken = p.next
	out, err := p.client.ListAccounts(ctx, &in, optFns...)
	if err != nil {
		return nil, err
	}
	p.got(out.NextToken)
	return out, nil
}

// ListAccountRolesPaginator gets the pages of ListAccountRoles.
type ListAccountRolesPaginator struct {
	client API
	params ListAccountRolesInput
	pages
}

// NewListAccountRolesPaginator returns a paginator of ListAccountRoles
// calls with params (nil for none), from the page of params.NextToken on.
func NewListAccountRolesPaginator(client API, params *ListAccountRolesInput) *ListAccountRolesPaginator {
	if params == nil {
		params = &ListAccountRolesInput{}
	}
	return &ListAccountRolesPaginator{client: client, params: *params, pages: newPages(params.NextToken)}
}

// HasMorePages reports whether NextPage has a page to get. It is false after
// a page without a next token, or whose next token is one sent before.
func (p *ListAccountRolesPaginator) HasMorePages() bool { return p.more() }

// NextPage gets the next page, with the client's options changed by optFns.
func (p *ListAccountRolesPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ListAccountRolesOutput, error) {
	if !p.more() {
		return nil, errNoMorePages
	}
	in := p.params
	in.NextToken = p.next
	out, err := p.client.ListAccountRoles(ctx, &in, optFns...)
	if err != nil {
		return nil, err
	}
	p.got(out.NextToken)
	return out, nil
}
