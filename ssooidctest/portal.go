package ssooidctest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// The operations of the Portal API, served at the same base URL as SSO OIDC.
const (
	opGetRoleCredentials = "GetRoleCredentials"
	opListAccounts       = "ListAccounts"
	opListAccountRoles   = "ListAccountRoles"
	opLogout             = "Logout"
)

// bearerHeader carries the access token of every Portal API call.
const bearerHeader = "X-Amz-Sso_bearer_token"

// maxResult is the largest max_result the model allows.
const maxResult = 100

// RoleCredentialsInfo describes role credentials GetRoleCredentials issued.
type RoleCredentialsInfo struct {
	AccountID string
	RoleName  string
	Subject   string // the user the access token was issued to
	ExpiresAt time.Time
}

type getRoleCredentialsOutput struct {
	RoleCredentials roleCredentials `json:"roleCredentials"`
}

type roleCredentials struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken"`
	Expiration      int64  `json:"expiration"` // epoch milliseconds
}

type listAccountsOutput struct {
	NextToken   string        `json:"nextToken,omitempty"`
	AccountList []accountInfo `json:"accountList"`
}

type accountInfo struct {
	AccountID    string `json:"accountId"`
	AccountName  string `json:"accountName"`
	EmailAddress string `json:"emailAddress"`
}

type listAccountRolesOutput struct {
	NextToken string     `json:"nextToken,omitempty"`
	RoleList  []roleInfo `json:"roleList"`
}

type roleInfo struct {
	RoleName  string `json:"roleName"`
	AccountID string `json:"accountId"`
}

// portal runs the faults, checks the bearer token and runs a Portal API
// operation. The input is in the query; a body is ignored. Logout returns
// no output: it ends the token's session, its access and refresh tokens.
// Role credentials already issued stay valid until they expire, as with
// the service.
func (e *Emulator) portal(r *http.Request, op string) (any, *apiError) {
	if aerr := e.faults(r.Context(), true); aerr != nil {
		return nil, aerr
	}
	q := r.URL.Query()
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	g := e.access[r.Header.Get(bearerHeader)]
	if g == nil || !g.live(now) {
		return nil, errUnauthorized()
	}
	switch op {
	case opGetRoleCredentials:
		return e.getRoleCredentials(g, q.Get("account_id"), q.Get("role_name"), now)
	case opListAccounts:
		return e.listAccounts(q)
	case opListAccountRoles:
		return e.listAccountRoles(q)
	default:
		g.session.ended = true
		return nil, nil
	}
}

// account returns the assigned account id, nil if there is none.
func (e *Emulator) account(id string) *Account {
	i := slices.IndexFunc(e.opts.Accounts, func(a Account) bool { return a.ID == id })
	if i < 0 {
		return nil
	}
	return &e.opts.Accounts[i]
}

// getRoleCredentials issues role credentials to the user of g. The caller
// holds e.mu.
func (e *Emulator) getRoleCredentials(g *accessGrant, accountID, roleName string, now time.Time) (any, *apiError) {
	switch {
	case roleName == "":
		return nil, errPortalRequest("role_name is required")
	case accountID == "":
		return nil, errPortalRequest("account_id is required")
	}
	if a := e.account(accountID); a == nil || !slices.Contains(a.Roles, roleName) {
		return nil, errNoAccess()
	}
	// The forms of STS temporary credentials: an ASIA key id of 20
	// characters, a secret of 40, a long session token.
	id := "ASIA" + base32.StdEncoding.EncodeToString(randomBytes(10))
	expiresAt := now.Add(e.opts.RoleTTL).Truncate(time.Millisecond)
	e.roleCreds[id] = RoleCredentialsInfo{AccountID: accountID, RoleName: roleName, Subject: g.subject, ExpiresAt: expiresAt}
	return getRoleCredentialsOutput{roleCredentials{
		AccessKeyID:     id,
		SecretAccessKey: base64.StdEncoding.EncodeToString(randomBytes(30)),
		SessionToken:    base64.StdEncoding.EncodeToString(randomBytes(300)),
		Expiration:      expiresAt.UnixMilli(),
	}}, nil
}

func (e *Emulator) listAccounts(q url.Values) (any, *apiError) {
	p, aerr := e.parsePage(q, "accounts")
	if aerr != nil {
		return nil, aerr
	}
	accounts, next := paged(e, p, e.opts.Accounts)
	out := listAccountsOutput{NextToken: next, AccountList: []accountInfo{}}
	for _, a := range accounts {
		out.AccountList = append(out.AccountList, accountInfo{AccountID: a.ID, AccountName: a.Name, EmailAddress: a.Email})
	}
	return out, nil
}

func (e *Emulator) listAccountRoles(q url.Values) (any, *apiError) {
	accountID := q.Get("account_id")
	if accountID == "" {
		return nil, errPortalRequest("account_id is required")
	}
	p, aerr := e.parsePage(q, "roles/"+accountID)
	if aerr != nil {
		return nil, aerr
	}
	a := e.account(accountID)
	if a == nil {
		return nil, errResourceNotFound("the account is not assigned to the user")
	}
	roles, next := paged(e, p, a.Roles)
	out := listAccountRolesOutput{NextToken: next, RoleList: []roleInfo{}}
	for _, r := range roles {
		out.RoleList = append(out.RoleList, roleInfo{RoleName: r, AccountID: a.ID})
	}
	return out, nil
}

// page is one page of a list call: what is listed ("accounts", or "roles/"
// and the account id), the first item and the most items.
type page struct {
	list   string
	offset int
	size   int
}

// parsePage reads max_result and next_token. A next token is the offset of
// the page's first item and a MAC of the list and offset: opaque, the same
// for the same page, and good for its list only.
func (e *Emulator) parsePage(q url.Values, list string) (page, *apiError) {
	p := page{list: list, size: e.opts.PageSize}
	if s := q.Get("max_result"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxResult {
			return page{}, errPortalRequest("max_result must be an integer from 1 to 100")
		}
		p.size = min(p.size, n)
	}
	if s := q.Get("next_token"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(b) != 4+pageMACSize {
			return page{}, errPortalRequest("invalid next_token")
		}
		offset := binary.BigEndian.Uint32(b)
		if !hmac.Equal(b[4:], e.pageMAC(list, offset)) {
			return page{}, errPortalRequest("invalid next_token")
		}
		p.offset = int(offset)
	}
	return p, nil
}

const pageMACSize = 16

func (e *Emulator) pageMAC(list string, offset uint32) []byte {
	m := hmac.New(sha256.New, e.key)
	m.Write(binary.BigEndian.AppendUint32(nil, offset))
	m.Write([]byte(list))
	return m.Sum(nil)[:pageMACSize]
}

// paged returns the items of page p and the next token, "" on the last
// page.
func paged[T any](e *Emulator, p page, items []T) ([]T, string) {
	start := min(p.offset, len(items))
	end := start + min(p.size, len(items)-start)
	if end == len(items) {
		return items[start:end], ""
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(end))
	b = append(b, e.pageMAC(p.list, uint32(end))...)
	return items[start:end], base64.RawURLEncoding.EncodeToString(b)
}

// LookupRoleCredentials returns what role credentials GetRoleCredentials
// issued, named by their access key id, are for. It reports false for an
// unknown access key id or expired credentials. Logout does not end them.
func (e *Emulator) LookupRoleCredentials(accessKeyID string) (RoleCredentialsInfo, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	info, ok := e.roleCreds[accessKeyID]
	if !ok || !e.now().Before(info.ExpiresAt) {
		return RoleCredentialsInfo{}, false
	}
	return info, true
}
