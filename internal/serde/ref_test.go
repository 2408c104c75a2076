package serde

// Reference decoders built on encoding/json, used to cross-check ours.
//
// A plain json.Unmarshal into a tagged struct differs from the wire rules in
// three ways (it folds key case, keeps an int on a later null, and merges a
// repeated object), so the references walk the top-level object in order
// with json.Decoder and decode each known member with encoding/json under
// the same rules as ours: exact keys (ASCII-folded "message" in error
// bodies), last wins, null unsets, list elements must be strings or null,
// an empty body is the empty structure, and an error body may be any JSON. For plain
// bodies the tests also compare against a tagged-struct json.Unmarshal.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/go-cmp/cmp"
)

func diffAny(got, want any) string { return cmp.Diff(got, want) }

// refMembers calls fn for each member of the object that data must be. An
// empty or all-whitespace body has no members (the empty structure).
func refMembers(data []byte, fn func(key string, raw json.RawMessage) error) error {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return nil
	}
	if !json.Valid(data) {
		return errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("not an object: %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if err := fn(tok.(string), raw); err != nil {
			return err
		}
	}
	_, err = dec.Token()
	return err
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

func refString(raw json.RawMessage, dst **string) error {
	if isNull(raw) {
		*dst = nil
		return nil
	}
	if raw[0] != '"' {
		return errors.New("not a string")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return err
	}
	*dst = &s
	return nil
}

func refInt[T int32 | int64](raw json.RawMessage, dst *T) error {
	if isNull(raw) {
		*dst = 0
		return nil
	}
	if c := raw[0]; c != '-' && (c < '0' || c > '9') {
		return errors.New("not a number")
	}
	return json.Unmarshal(raw, dst) // rejects fractions, exponents, overflow
}

func refList(raw json.RawMessage, dst *[]string) error {
	if isNull(raw) {
		*dst = nil
		return nil
	}
	if raw[0] != '[' {
		return errors.New("not an array")
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return err
	}
	l := make([]string, len(elems))
	for i, e := range elems {
		if isNull(e) {
			continue // the zero value in its place, as aws-sdk-go-v2
		}
		if e[0] != '"' {
			return errors.New("element not a string")
		}
		if err := json.Unmarshal(e, &l[i]); err != nil {
			return err
		}
	}
	*dst = l
	return nil
}

func refRegisterClientResponse(data []byte) (v RegisterClientResponse, err error) {
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "clientId":
			return refString(raw, &v.ClientId)
		case "clientSecret":
			return refString(raw, &v.ClientSecret)
		case "clientIdIssuedAt":
			return refInt(raw, &v.ClientIdIssuedAt)
		case "clientSecretExpiresAt":
			return refInt(raw, &v.ClientSecretExpiresAt)
		case "authorizationEndpoint":
			return refString(raw, &v.AuthorizationEndpoint)
		case "tokenEndpoint":
			return refString(raw, &v.TokenEndpoint)
		}
		return nil
	})
	return v, err
}

func refStartDeviceAuthorizationResponse(data []byte) (v StartDeviceAuthorizationResponse, err error) {
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "deviceCode":
			return refString(raw, &v.DeviceCode)
		case "userCode":
			return refString(raw, &v.UserCode)
		case "verificationUri":
			return refString(raw, &v.VerificationUri)
		case "verificationUriComplete":
			return refString(raw, &v.VerificationUriComplete)
		case "expiresIn":
			return refInt(raw, &v.ExpiresIn)
		case "interval":
			return refInt(raw, &v.Interval)
		}
		return nil
	})
	return v, err
}

func refCreateTokenResponse(data []byte) (v CreateTokenResponse, err error) {
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "accessToken":
			return refString(raw, &v.AccessToken)
		case "tokenType":
			return refString(raw, &v.TokenType)
		case "expiresIn":
			return refInt(raw, &v.ExpiresIn)
		case "refreshToken":
			return refString(raw, &v.RefreshToken)
		case "idToken":
			return refString(raw, &v.IdToken)
		}
		return nil
	})
	return v, err
}

func refCreateTokenWithIAMResponse(data []byte) (v CreateTokenWithIAMResponse, err error) {
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "accessToken":
			return refString(raw, &v.AccessToken)
		case "tokenType":
			return refString(raw, &v.TokenType)
		case "expiresIn":
			return refInt(raw, &v.ExpiresIn)
		case "refreshToken":
			return refString(raw, &v.RefreshToken)
		case "idToken":
			return refString(raw, &v.IdToken)
		case "issuedTokenType":
			return refString(raw, &v.IssuedTokenType)
		case "scope":
			return refList(raw, &v.Scope)
		case "awsAdditionalDetails":
			if isNull(raw) {
				v.AwsAdditionalDetails = nil
				return nil
			}
			if raw[0] != '{' {
				return errors.New("not an object")
			}
			details := new(AwsAdditionalDetails)
			v.AwsAdditionalDetails = details
			return refMembers(raw, func(k string, raw json.RawMessage) error {
				if k == "identityContext" {
					return refString(raw, &details.IdentityContext)
				}
				return nil
			})
		}
		return nil
	})
	return v, err
}

func refGetRoleCredentialsResponse(data []byte) (v GetRoleCredentialsResponse, err error) {
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		if k != "roleCredentials" {
			return nil
		}
		if isNull(raw) {
			v.RoleCredentials = nil
			return nil
		}
		if raw[0] != '{' {
			return errors.New("not an object")
		}
		c := new(RoleCredentials)
		v.RoleCredentials = c
		return refMembers(raw, func(k string, raw json.RawMessage) error {
			switch k {
			case "accessKeyId":
				return refString(raw, &c.AccessKeyId)
			case "secretAccessKey":
				return refString(raw, &c.SecretAccessKey)
			case "sessionToken":
				return refString(raw, &c.SessionToken)
			case "expiration":
				return refInt(raw, &c.Expiration)
			}
			return nil
		})
	})
	return v, err
}

func refListAccountsResponse(data []byte) (v ListAccountsResponse, err error) {
	err = refPage(data, &v.NextToken, "accountList", &v.AccountList, func(e *AccountInfo, k string, raw json.RawMessage) error {
		switch k {
		case "accountId":
			return refString(raw, &e.AccountId)
		case "accountName":
			return refString(raw, &e.AccountName)
		case "emailAddress":
			return refString(raw, &e.EmailAddress)
		}
		return nil
	})
	return v, err
}

func refListAccountRolesResponse(data []byte) (v ListAccountRolesResponse, err error) {
	err = refPage(data, &v.NextToken, "roleList", &v.RoleList, func(e *RoleInfo, k string, raw json.RawMessage) error {
		switch k {
		case "roleName":
			return refString(raw, &e.RoleName)
		case "accountId":
			return refString(raw, &e.AccountId)
		}
		return nil
	})
	return v, err
}

// refPage decodes a page of a paginated list: nextToken and the list name.
func refPage[T any](data []byte, next **string, name string, list *[]T, member func(e *T, k string, raw json.RawMessage) error) error {
	return refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "nextToken":
			return refString(raw, next)
		case name:
			return refObjectList(raw, list, member)
		}
		return nil
	})
}

// refObjectList decodes a list of objects: null is nil, a null element the
// zero value in its place, each element's members in order with member.
func refObjectList[T any](raw json.RawMessage, dst *[]T, member func(e *T, k string, raw json.RawMessage) error) error {
	if isNull(raw) {
		*dst = nil
		return nil
	}
	if raw[0] != '[' {
		return errors.New("not an array")
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return err
	}
	l := make([]T, len(elems))
	for i, e := range elems {
		if isNull(e) {
			continue
		}
		if e[0] != '{' {
			return errors.New("element not an object")
		}
		if err := refMembers(e, func(k string, raw json.RawMessage) error { return member(&l[i], k, raw) }); err != nil {
			return err
		}
	}
	*dst = l
	return nil
}

func refErrorBody(data []byte) (v ErrorBody, err error) {
	if t := bytes.TrimLeft(data, " \t\r\n"); json.Valid(t) && t[0] != '{' {
		return v, nil // null, an array or a scalar: no error members
	}
	err = refMembers(data, func(k string, raw json.RawMessage) error {
		switch k {
		case "code":
			return refString(raw, &v.Code)
		case "__type":
			return refString(raw, &v.Type)
		case "error":
			return refString(raw, &v.Error)
		case "error_description":
			return refString(raw, &v.ErrorDescription)
		case "reason":
			return refString(raw, &v.Reason)
		case "endpoint":
			return refString(raw, &v.Endpoint)
		case "region":
			return refString(raw, &v.Region)
		}
		if len(k) == 7 && bytes.EqualFold([]byte(k), []byte("message")) && isASCII(k) {
			return refString(raw, &v.Message)
		}
		return nil
	})
	return v, err
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Tagged mirrors of the response shapes for a plain json.Unmarshal.
type (
	jsonRegisterClientResponse struct {
		ClientId              *string `json:"clientId"`
		ClientSecret          *string `json:"clientSecret"`
		ClientIdIssuedAt      int64   `json:"clientIdIssuedAt"`
		ClientSecretExpiresAt int64   `json:"clientSecretExpiresAt"`
		AuthorizationEndpoint *string `json:"authorizationEndpoint"`
		TokenEndpoint         *string `json:"tokenEndpoint"`
	}
	jsonStartDeviceAuthorizationResponse struct {
		DeviceCode              *string `json:"deviceCode"`
		UserCode                *string `json:"userCode"`
		VerificationUri         *string `json:"verificationUri"`
		VerificationUriComplete *string `json:"verificationUriComplete"`
		ExpiresIn               int32   `json:"expiresIn"`
		Interval                int32   `json:"interval"`
	}
	jsonCreateTokenResponse struct {
		AccessToken  *string `json:"accessToken"`
		TokenType    *string `json:"tokenType"`
		ExpiresIn    int32   `json:"expiresIn"`
		RefreshToken *string `json:"refreshToken"`
		IdToken      *string `json:"idToken"`
	}
	jsonCreateTokenWithIAMResponse struct {
		AccessToken          *string  `json:"accessToken"`
		TokenType            *string  `json:"tokenType"`
		ExpiresIn            int32    `json:"expiresIn"`
		RefreshToken         *string  `json:"refreshToken"`
		IdToken              *string  `json:"idToken"`
		IssuedTokenType      *string  `json:"issuedTokenType"`
		Scope                []string `json:"scope"`
		AwsAdditionalDetails *struct {
			IdentityContext *string `json:"identityContext"`
		} `json:"awsAdditionalDetails"`
	}
	jsonRoleCredentials struct {
		AccessKeyId     *string `json:"accessKeyId"`
		SecretAccessKey *string `json:"secretAccessKey"`
		SessionToken    *string `json:"sessionToken"`
		Expiration      int64   `json:"expiration"`
	}
	jsonGetRoleCredentialsResponse struct {
		RoleCredentials *jsonRoleCredentials `json:"roleCredentials"`
	}
	jsonAccountInfo struct {
		AccountId    *string `json:"accountId"`
		AccountName  *string `json:"accountName"`
		EmailAddress *string `json:"emailAddress"`
	}
	jsonListAccountsResponse struct {
		NextToken   *string           `json:"nextToken"`
		AccountList []jsonAccountInfo `json:"accountList"`
	}
	jsonRoleInfo struct {
		RoleName  *string `json:"roleName"`
		AccountId *string `json:"accountId"`
	}
	jsonListAccountRolesResponse struct {
		NextToken *string        `json:"nextToken"`
		RoleList  []jsonRoleInfo `json:"roleList"`
	}
	jsonErrorBody struct {
		Code             *string `json:"code"`
		Type             *string `json:"__type"`
		Message          *string `json:"message"`
		Error            *string `json:"error"`
		ErrorDescription *string `json:"error_description"`
		Reason           *string `json:"reason"`
		Endpoint         *string `json:"endpoint"`
		Region           *string `json:"region"`
	}
)

// stdDecode decodes body with a plain json.Unmarshal into the tagged
// mirror of T and converts the result to T.
func stdDecode[T any](body []byte) (T, error) {
	var out T
	var err error
	switch p := any(&out).(type) {
	case *RegisterClientResponse:
		var j jsonRegisterClientResponse
		err = json.Unmarshal(body, &j)
		*p = RegisterClientResponse(j)
	case *StartDeviceAuthorizationResponse:
		var j jsonStartDeviceAuthorizationResponse
		err = json.Unmarshal(body, &j)
		*p = StartDeviceAuthorizationResponse(j)
	case *CreateTokenResponse:
		var j jsonCreateTokenResponse
		err = json.Unmarshal(body, &j)
		*p = CreateTokenResponse(j)
	case *CreateTokenWithIAMResponse:
		var j jsonCreateTokenWithIAMResponse
		err = json.Unmarshal(body, &j)
		*p = CreateTokenWithIAMResponse{
			AccessToken: j.AccessToken, TokenType: j.TokenType, ExpiresIn: j.ExpiresIn,
			RefreshToken: j.RefreshToken, IdToken: j.IdToken, IssuedTokenType: j.IssuedTokenType, Scope: j.Scope,
		}
		if j.AwsAdditionalDetails != nil {
			p.AwsAdditionalDetails = &AwsAdditionalDetails{IdentityContext: j.AwsAdditionalDetails.IdentityContext}
		}
	case *GetRoleCredentialsResponse:
		var j jsonGetRoleCredentialsResponse
		err = json.Unmarshal(body, &j)
		if j.RoleCredentials != nil {
			p.RoleCredentials = (*RoleCredentials)(j.RoleCredentials)
		}
	case *ListAccountsResponse:
		var j jsonListAccountsResponse
		err = json.Unmarshal(body, &j)
		p.NextToken = j.NextToken
		for _, e := range j.AccountList {
			p.AccountList = append(p.AccountList, AccountInfo(e))
		}
	case *ListAccountRolesResponse:
		var j jsonListAccountRolesResponse
		err = json.Unmarshal(body, &j)
		p.NextToken = j.NextToken
		for _, e := range j.RoleList {
			p.RoleList = append(p.RoleList, RoleInfo(e))
		}
	case *ErrorBody:
		var j jsonErrorBody
		err = json.Unmarshal(body, &j)
		*p = ErrorBody(j)
	default:
		panic("stdDecode: unknown type")
	}
	return out, err
}
