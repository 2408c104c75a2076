package serde

import (
	"strconv"

	"github.com/ssooidc-go/ssooidc/portal/types"
)

// The IAM Identity Center portal's response shapes. Its requests have no
// body: their members are in the URI and headers.

// RoleCredentials, AccountInfo and RoleInfo are the public types: decoded
// in place, they need no copy.
type (
	RoleCredentials = types.RoleCredentials
	AccountInfo     = types.AccountInfo
	RoleInfo        = types.RoleInfo
)

// GetRoleCredentialsResponse holds the modeled members of
// GetRoleCredentialsResponse.
type GetRoleCredentialsResponse struct {
	RoleCredentials *RoleCredentials
}

// ListAccountsResponse holds the modeled members of ListAccountsResponse.
type ListAccountsResponse struct {
	NextToken   *string
	AccountList []AccountInfo
}

// ListAccountRolesResponse holds the modeled members of
// ListAccountRolesResponse.
type ListAccountRolesResponse struct {
	NextToken *string
	RoleList  []RoleInfo
}

// credentialsBlock holds, in one allocation, the RoleCredentials of a
// GetRoleCredentials response and its strings.
type credentialsBlock struct {
	creds RoleCredentials
	vals  [3]string
}

// UnmarshalGetRoleCredentialsResponse decodes a GetRoleCredentials response
// body into v. A repeated roleCredentials member replaces the earlier one
// whole.
func UnmarshalGetRoleCredentialsResponse(data []byte, v *GetRoleCredentialsResponse) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	blk := new(credentialsBlock)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch key {
		case "roleCredentials":
			v.RoleCredentials, err = d.roleCredentials(key, blk)
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// roleCredentials reads the RoleCredentials object into blk and returns it;
// null yields nil.
func (d *decoder) roleCredentials(member string, blk *credentialsBlock) (*RoleCredentials, error) {
	ok, err := d.openObject(member)
	if !ok || err != nil {
		return nil, err
	}
	dst := &blk.creds
	*dst = RoleCredentials{}
	for first := true; ; first = false {
		key, ok, err := d.nextKey(member, first)
		if err != nil {
			return nil, err
		}
		if !ok {
			return dst, nil
		}
		switch key {
		case "accessKeyId":
			dst.AccessKeyId, err = d.stringValue("roleCredentials.accessKeyId", &blk.vals[0])
		case "secretAccessKey":
			dst.SecretAccessKey, err = d.stringValue("roleCredentials.secretAccessKey", &blk.vals[1])
		case "sessionToken":
			dst.SessionToken, err = d.stringValue("roleCredentials.sessionToken", &blk.vals[2])
		case "expiration":
			dst.Expiration, err = d.intValue("roleCredentials.expiration", 64)
		default:
			err = d.skipValue(2)
		}
		if err != nil {
			return nil, err
		}
	}
}

// UnmarshalListAccountsResponse decodes a ListAccounts response body into v.
func UnmarshalListAccountsResponse(data []byte, v *ListAccountsResponse) error {
	return unmarshalPage(data, &v.NextToken, "accountList", &v.AccountList, accountInfoMember)
}

func accountInfoMember(e *AccountInfo, key string) (dst **string, slot int, path string) {
	switch key {
	case "accountId":
		return &e.AccountId, 0, "accountList.accountId"
	case "accountName":
		return &e.AccountName, 1, "accountList.accountName"
	case "emailAddress":
		return &e.EmailAddress, 2, "accountList.emailAddress"
	}
	return nil, 0, ""
}

// UnmarshalListAccountRolesResponse decodes a ListAccountRoles response
// body into v.
func UnmarshalListAccountRolesResponse(data []byte, v *ListAccountRolesResponse) error {
	return unmarshalPage(data, &v.NextToken, "roleList", &v.RoleList, roleInfoMember)
}

func roleInfoMember(e *RoleInfo, key string) (dst **string, slot int, path string) {
	switch key {
	case "roleName":
		return &e.RoleName, 0, "roleList.roleName"
	case "accountId":
		return &e.AccountId, 1, "roleList.accountId"
	}
	return nil, 0, ""
}

// unmarshalPage decodes the body of a page of a paginated list: the member
// nextToken into *next, and the member name, a list of objects whose
// members are all strings, into *list; member maps a key of an element to
// its field, its slot among the element's string values, and its path for
// errors, or returns a nil field for a key to skip. null yields a nil list,
// [] a non-nil empty one, and a null element the zero value in its place,
// as aws-sdk-go-v2 decodes it.
func unmarshalPage[T any](data []byte, next **string, name string, list *[]T, member func(e *T, key string) (**string, int, string)) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	nextSlot := new(string)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch key {
		case "nextToken":
			*next, err = d.stringValue(key, nextSlot)
		case name:
			*list, err = objectList(&d, name, member)
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// objectList reads a list of objects for unmarshalPage, with a block of
// string values per element.
func objectList[T any](d *decoder, name string, member func(e *T, key string) (**string, int, string)) ([]T, error) {
	if ok, err := d.openList(name); !ok {
		return nil, err
	}
	l := []T{}
	for i := 0; ; i++ {
		more, object, err := d.element(name, i)
		if !more || err != nil {
			return l, err
		}
		l = append(l, *new(T))
		if !object {
			continue
		}
		e, vals := &l[i], new([3]string)
		for first := true; ; first = false {
			key, ok, err := d.nextKey(name, first)
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			if dst, slot, path := member(e, key); dst != nil {
				*dst, err = d.stringValue(path, &vals[slot])
			} else {
				err = d.skipValue(3)
			}
			if err != nil {
				return nil, err
			}
		}
	}
}

// openList consumes the '[' of a member's list value. It reports false
// and consumes the literal for null.
func (d *decoder) openList(member string) (bool, error) {
	if d.pos < len(d.s) {
		switch d.s[d.pos] {
		case '[':
			d.pos++
			return true, nil
		case 'n':
			return false, d.literal(member, "null")
		}
	}
	return false, d.wrongType(member, "array")
}

// element moves to element i of a list of objects whose '[' has been
// consumed, past the ',' before it. It reports more == false at the list's
// closing ']', which it consumes. It consumes the '{' of an object element
// (object == true) and the whole of a null one.
func (d *decoder) element(member string, i int) (more, object bool, err error) {
	d.skipWS()
	end := d.pos >= len(d.s)
	switch {
	case !end && d.s[d.pos] == ']' && i == 0:
		d.pos++
		return false, false, nil // []
	case i == 0:
	case end:
		return false, false, d.unexpected(member, d.pos, "after array element")
	case d.s[d.pos] == ']':
		d.pos++
		return false, false, nil
	case d.s[d.pos] == ',':
		d.pos++
		d.skipWS()
	default:
		return false, false, d.unexpected(member, d.pos, "after array element")
	}
	if d.pos < len(d.s) {
		switch d.s[d.pos] {
		case '{':
			d.pos++
			return true, true, nil
		case 'n':
			return true, false, d.literal(member, "null")
		}
	}
	return false, false, d.wrongType(member+"["+strconv.Itoa(i)+"]", "object")
}
