package serde

import "strings"

// The unmarshalers below share one shape: convert the body to a string once,
// read the members of the top-level object in any order, and point string
// members into one block of values allocated with it, so a typical response
// costs two allocations (body string, block). Duplicate members: the last
// one wins, and a null member is unset (nil or 0). Members absent from the
// body leave v's fields as they were, so v should start zeroed; an empty
// body (a 204, say) leaves all of them.

// UnmarshalRegisterClientResponse decodes a RegisterClient response body
// into v.
func UnmarshalRegisterClientResponse(data []byte, v *RegisterClientResponse) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	vals := new([4]string)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var n int64
		switch key {
		case "clientId":
			v.ClientId, err = d.stringValue(key, &vals[0])
		case "clientSecret":
			v.ClientSecret, err = d.stringValue(key, &vals[1])
		case "clientIdIssuedAt":
			n, err = d.intValue(key, 64)
			v.ClientIdIssuedAt = n
		case "clientSecretExpiresAt":
			n, err = d.intValue(key, 64)
			v.ClientSecretExpiresAt = n
		case "authorizationEndpoint":
			v.AuthorizationEndpoint, err = d.stringValue(key, &vals[2])
		case "tokenEndpoint":
			v.TokenEndpoint, err = d.stringValue(key, &vals[3])
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// UnmarshalStartDeviceAuthorizationResponse decodes a
// StartDeviceAuthorization response body into v.
func UnmarshalStartDeviceAuthorizationResponse(data []byte, v *StartDeviceAuthorizationResponse) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	vals := new([4]string)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var n int64
		switch key {
		case "deviceCode":
			v.DeviceCode, err = d.stringValue(key, &vals[0])
		case "userCode":
			v.UserCode, err = d.stringValue(key, &vals[1])
		case "verificationUri":
			v.VerificationUri, err = d.stringValue(key, &vals[2])
		case "verificationUriComplete":
			v.VerificationUriComplete, err = d.stringValue(key, &vals[3])
		case "expiresIn":
			n, err = d.intValue(key, 32)
			v.ExpiresIn = int32(n)
		case "interval":
			n, err = d.intValue(key, 32)
			v.Interval = int32(n)
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// UnmarshalCreateTokenResponse decodes a CreateToken response body into v.
func UnmarshalCreateTokenResponse(data []byte, v *CreateTokenResponse) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	vals := new([4]string)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var n int64
		switch key {
		case "accessToken":
			v.AccessToken, err = d.stringValue(key, &vals[0])
		case "tokenType":
			v.TokenType, err = d.stringValue(key, &vals[1])
		case "expiresIn":
			n, err = d.intValue(key, 32)
			v.ExpiresIn = int32(n)
		case "refreshToken":
			v.RefreshToken, err = d.stringValue(key, &vals[2])
		case "idToken":
			v.IdToken, err = d.stringValue(key, &vals[3])
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// iamBlock holds, in one allocation, everything a CreateTokenWithIAM
// response points to: its strings, the first few scopes and the details.
type iamBlock struct {
	vals    [5]string
	scope   [4]string
	details AwsAdditionalDetails
	context string
}

// UnmarshalCreateTokenWithIAMResponse decodes a CreateTokenWithIAM response
// body into v.
func UnmarshalCreateTokenWithIAMResponse(data []byte, v *CreateTokenWithIAMResponse) error {
	d := decoder{s: string(data)}
	if ok, err := d.openBody(); !ok {
		return err
	}
	blk := new(iamBlock)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var n int64
		switch key {
		case "accessToken":
			v.AccessToken, err = d.stringValue(key, &blk.vals[0])
		case "tokenType":
			v.TokenType, err = d.stringValue(key, &blk.vals[1])
		case "expiresIn":
			n, err = d.intValue(key, 32)
			v.ExpiresIn = int32(n)
		case "refreshToken":
			v.RefreshToken, err = d.stringValue(key, &blk.vals[2])
		case "idToken":
			v.IdToken, err = d.stringValue(key, &blk.vals[3])
		case "issuedTokenType":
			v.IssuedTokenType, err = d.stringValue(key, &blk.vals[4])
		case "scope":
			v.Scope, err = d.stringList(key, blk.scope[:0])
		case "awsAdditionalDetails":
			v.AwsAdditionalDetails, err = d.awsAdditionalDetails(key, &blk.details, &blk.context)
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}

// awsAdditionalDetails reads the AwsAdditionalDetails object into *dst,
// pointing its string at *slot, and returns dst; null yields nil. A repeated
// member replaces the earlier one whole.
func (d *decoder) awsAdditionalDetails(member string, dst *AwsAdditionalDetails, slot *string) (*AwsAdditionalDetails, error) {
	ok, err := d.openObject(member)
	if !ok || err != nil {
		return nil, err
	}
	*dst = AwsAdditionalDetails{}
	for first := true; ; first = false {
		key, ok, err := d.nextKey(member, first)
		if err != nil {
			return nil, err
		}
		if !ok {
			return dst, nil
		}
		switch key {
		case "identityContext":
			dst.IdentityContext, err = d.stringValue("awsAdditionalDetails.identityContext", slot)
		default:
			err = d.skipValue(2)
		}
		if err != nil {
			return nil, err
		}
	}
}

// UnmarshalErrorBody decodes an error response body into v. An empty body,
// or one holding JSON that is not an object, is not an error: v stays empty
// and the caller relies on headers and the status.
// The message member is matched case-insensitively since AWS sends both
// "message" and "Message" (in ASCII only: a key of seven bytes with a
// non-ASCII letter has too few letters to fold to it); every other key must
// match exactly.
func UnmarshalErrorBody(data []byte, v *ErrorBody) error {
	d := decoder{s: string(data)}
	d.skipWS()
	if d.pos < len(d.s) && d.s[d.pos] != '{' && kindOf(d.s[d.pos]) != "" {
		// null, an array or a scalar: valid JSON without error members,
		// which the caller reports by status as the official SDKs do.
		if err := d.skipValue(0); err != nil {
			return err
		}
		return d.closeBody()
	}
	if ok, err := d.openBody(); !ok {
		return err
	}
	vals := new([8]string)
	for first := true; ; first = false {
		key, ok, err := d.nextKey("", first)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch {
		case key == "code":
			v.Code, err = d.stringValue(key, &vals[0])
		case key == "__type":
			v.Type, err = d.stringValue(key, &vals[1])
		case len(key) == len("message") && strings.EqualFold(key, "message"):
			v.Message, err = d.stringValue("message", &vals[2])
		case key == "error":
			v.Error, err = d.stringValue(key, &vals[3])
		case key == "error_description":
			v.ErrorDescription, err = d.stringValue(key, &vals[4])
		case key == "reason":
			v.Reason, err = d.stringValue(key, &vals[5])
		case key == "endpoint":
			v.Endpoint, err = d.stringValue(key, &vals[6])
		case key == "region":
			v.Region, err = d.stringValue(key, &vals[7])
		default:
			err = d.skipValue(1)
		}
		if err != nil {
			return err
		}
	}
	return d.closeBody()
}
