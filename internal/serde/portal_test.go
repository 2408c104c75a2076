package serde

import (
	"strings"
	"testing"
)

func TestUnmarshalGetRoleCredentialsResponseCases(t *testing.T) {
	type R = GetRoleCredentialsResponse
	cases := []struct {
		name, body string
		want       R
		err        string
	}{
		{name: "full", body: `{"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"SECRET","sessionToken":"TOKEN","expiration":1700003600000}}`,
			want: R{RoleCredentials: &RoleCredentials{AccessKeyId: ptr("AKID"), SecretAccessKey: ptr("SECRET"), SessionToken: ptr("TOKEN"), Expiration: 1700003600000}}},
		{name: "expiration is milliseconds, beyond int32", body: `{"roleCredentials":{"expiration":253402300799999}}`,
			want: R{RoleCredentials: &RoleCredentials{Expiration: 253402300799999}}},
		{name: "expiration out of range", body: `{"roleCredentials":{"expiration":9223372036854775808}}`,
			err: "serde: roleCredentials.expiration: number 9223372036854775808 out of range for int64 at offset 33"},
		{name: "expiration exponent", body: `{"roleCredentials":{"expiration":1.7e12}}`, err: "roleCredentials.expiration: number 1.7e12 is not an integer"},
		{name: "expiration string", body: `{"roleCredentials":{"expiration":"1700003600000"}}`, err: "roleCredentials.expiration: expected number, found string"},
		{name: "secret of wrong type", body: `{"roleCredentials":{"secretAccessKey":1}}`, err: "roleCredentials.secretAccessKey: expected string, found number"},
		{name: "credentials of wrong type", body: `{"roleCredentials":"x"}`, err: "roleCredentials: expected object, found string"},
		{name: "null credentials", body: `{"roleCredentials":null}`},
		{name: "repeated credentials replaced whole", body: `{"roleCredentials":{"accessKeyId":"a","expiration":1},"roleCredentials":{"sessionToken":"s"}}`,
			want: R{RoleCredentials: &RoleCredentials{SessionToken: ptr("s")}}},
		{name: "unknown members", body: `{"x":[1],"roleCredentials":{"y":{"z":null},"accessKeyId":"a"}}`,
			want: R{RoleCredentials: &RoleCredentials{AccessKeyId: ptr("a")}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got R
			err := UnmarshalGetRoleCredentialsResponse([]byte(tc.body), &got)
			checkCase(t, tc.body, got, err, tc.want, tc.err, wrapRef(refGetRoleCredentialsResponse))
		})
	}
}

func TestUnmarshalListResponsesCases(t *testing.T) {
	type A = ListAccountsResponse
	type R = ListAccountRolesResponse
	cases := []struct {
		name, body string
		want       any
		err        string
	}{
		{name: "accounts", body: `{"nextToken":"n","accountList":[{"accountId":"1","accountName":"a","emailAddress":"e"},{"accountId":"2"}]}`,
			want: A{NextToken: ptr("n"), AccountList: []AccountInfo{{AccountId: ptr("1"), AccountName: ptr("a"), EmailAddress: ptr("e")}, {AccountId: ptr("2")}}}},
		{name: "empty account list", body: `{"accountList":[ ]}`, want: A{AccountList: []AccountInfo{}}},
		{name: "null account list", body: `{"accountList":null}`, want: A{}},
		{name: "null account elements", body: `{"accountList":[null,{},null]}`, want: A{AccountList: []AccountInfo{{}, {}, {}}}},
		{name: "account element of wrong type", body: `{"accountList":[{},"2"]}`, err: "accountList[1]: expected object, found string"},
		{name: "account list of wrong type", body: `{"accountList":{}}`, err: "accountList: expected array, found object"},
		{name: "trailing comma", body: `{"accountList":[{},]}`, err: "accountList[1]: invalid character ']' looking for beginning of value"},
		{name: "missing comma", body: `{"accountList":[{} {}]}`, err: "accountList: invalid character '{' after array element"},
		{name: "account member of wrong type", body: `{"accountList":[{"emailAddress":[]}]}`, err: "accountList.emailAddress: expected string, found array"},
		{name: "roles", body: `{"roleList":[{"roleName":"ReadOnly","accountId":"1","other":{"x":[]}}],"nextToken":null}`,
			want: R{RoleList: []RoleInfo{{RoleName: ptr("ReadOnly"), AccountId: ptr("1")}}}},
		{name: "last next token wins", body: `{"nextToken":"a","nextToken":"b","roleList":[]}`, want: R{NextToken: ptr("b"), RoleList: []RoleInfo{}}},
		{name: "role element of wrong type", body: `{"roleList":[[]]}`, err: "roleList[0]: expected object, found array"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.body, `"roleList"`) {
				var got, want R
				err := UnmarshalListAccountRolesResponse([]byte(tc.body), &got)
				if tc.want != nil {
					want = tc.want.(R)
				}
				checkCase(t, tc.body, got, err, want, tc.err, wrapRef(refListAccountRolesResponse))
				return
			}
			var got, want A
			err := UnmarshalListAccountsResponse([]byte(tc.body), &got)
			if tc.want != nil {
				want = tc.want.(A)
			}
			checkCase(t, tc.body, got, err, want, tc.err, wrapRef(refListAccountsResponse))
		})
	}
}
