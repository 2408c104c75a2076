package serde

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// plain marks the bytes that stand for themselves inside a JSON string, on
// the way out and on the way in: printable ASCII other than '"' and '\\'.
// Everything else (control bytes, quote, backslash, non-ASCII) takes the
// slow path. A [256] table indexed by a byte needs no bounds check.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendString appends s to dst as a JSON string literal. Like encoding/json
// it escapes '"', '\\', control characters, U+2028 and U+2029 (which break
// JavaScript parsers), and replaces each invalid UTF-8 byte by \ufffd, so the
// output is valid JSON whatever s holds. Unlike encoding/json it leaves
// '<', '>' and '&' alone: the body is never embedded in HTML.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start, i := 0, 0
	for i < len(s) {
		// Fast path: find the end of the run of plain bytes, a word at a
		// time; the run is copied in one append when something needs
		// escaping, or at the end.
		i = plainRun(s, i)
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			// Valid multi-byte UTF-8 is copied as is, as part of the run.
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// sizeString returns exactly len(appendString(nil, s)). It walks s with the
// same fast loop as appendString, so plain ASCII costs one table lookup per
// byte and nothing is written.
func sizeString(s string) int {
	n := 2 + len(s)
	for i := 0; i < len(s); {
		i = plainRun(s, i)
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\', '\n', '\r', '\t':
				n++ // two-byte escape
			default:
				n += 5 // \u00XX
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 5 // one byte becomes \ufffd
		case r == '\u2028' || r == '\u2029':
			n += 3 // three bytes become \u202X
		}
		i += size
	}
	return n
}

// appendStringList appends l as a JSON array of strings. A non-nil empty
// list is sent as [] (the caller omits nil lists).
func appendStringList(dst []byte, l []string) []byte {
	dst = append(dst, '[')
	for i, s := range l {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

// sizeStringList returns exactly len(appendStringList(nil, l)).
func sizeStringList(l []string) int {
	n := 2
	for _, s := range l {
		n += sizeString(s) + 1
	}
	if len(l) > 0 {
		n-- // no comma before the first element
	}
	return n
}

// appendKey appends a member's `"name":` to an object opened at mark (the
// length of dst just after its '{'), preceded by a comma unless it is the
// object's first member.
func appendKey(dst []byte, mark int, key string) []byte {
	if len(dst) > mark {
		dst = append(dst, ',')
	}
	return append(dst, key...)
}

// appendStringMember appends the member key: *p when p is set.
func appendStringMember(dst []byte, mark int, key string, p *string) []byte {
	if p == nil {
		return dst
	}
	return appendString(appendKey(dst, mark, key), *p)
}

// appendListMember appends the member key: l when l is not nil.
func appendListMember(dst []byte, mark int, key string, l []string) []byte {
	if l == nil {
		return dst
	}
	return appendStringList(appendKey(dst, mark, key), l)
}

// sizeStringMember is the encoded size of a string member including its key
// and a leading comma (the object's size drops the first member's comma).
func sizeStringMember(key string, p *string) int {
	if p == nil {
		return 0
	}
	return 1 + len(key) + sizeString(*p)
}

// sizeListMember is sizeStringMember for a list member.
func sizeListMember(key string, l []string) int {
	if l == nil {
		return 0
	}
	return 1 + len(key) + sizeStringList(l)
}

// closeSize turns the sum of member sizes (each counted with a leading comma)
// into the object's size: two braces, minus the first member's comma.
func closeSize(sum int) int {
	if sum == 0 {
		return 2
	}
	return sum + 1
}

// The member keys as they go on the wire, in model order per shape.
const (
	keyClientName             = `"clientName":`
	keyClientType             = `"clientType":`
	keyScopes                 = `"scopes":`
	keyRedirectUris           = `"redirectUris":`
	keyGrantTypes             = `"grantTypes":`
	keyIssuerUrl              = `"issuerUrl":`
	keyEntitledApplicationArn = `"entitledApplicationArn":`
	keyClientId               = `"clientId":`
	keyClientSecret           = `"clientSecret":`
	keyStartUrl               = `"startUrl":`
	keyGrantType              = `"grantType":`
	keyDeviceCode             = `"deviceCode":`
	keyCode                   = `"code":`
	keyRefreshToken           = `"refreshToken":`
	keyScope                  = `"scope":`
	keyRedirectUri            = `"redirectUri":`
	keyCodeVerifier           = `"codeVerifier":`
	keyAssertion              = `"assertion":`
	keySubjectToken           = `"subjectToken":`
	keySubjectTokenType       = `"subjectTokenType":`
	keyRequestedTokenType     = `"requestedTokenType":`
)

// AppendRegisterClientRequest appends the JSON body of a RegisterClient call
// to dst and returns the extended slice. Nil members are omitted; a nil v
// encodes as {}.
func AppendRegisterClientRequest(dst []byte, v *RegisterClientRequest) []byte {
	dst = append(dst, '{')
	if v == nil {
		return append(dst, '}')
	}
	m := len(dst)
	dst = appendStringMember(dst, m, keyClientName, v.ClientName)
	dst = appendStringMember(dst, m, keyClientType, v.ClientType)
	dst = appendListMember(dst, m, keyScopes, v.Scopes)
	dst = appendListMember(dst, m, keyRedirectUris, v.RedirectUris)
	dst = appendListMember(dst, m, keyGrantTypes, v.GrantTypes)
	dst = appendStringMember(dst, m, keyIssuerUrl, v.IssuerUrl)
	dst = appendStringMember(dst, m, keyEntitledApplicationArn, v.EntitledApplicationArn)
	return append(dst, '}')
}

// SizeRegisterClientRequest returns the exact length of
// AppendRegisterClientRequest's output, so the body is allocated once.
func SizeRegisterClientRequest(v *RegisterClientRequest) int {
	if v == nil {
		return 2
	}
	return closeSize(sizeStringMember(keyClientName, v.ClientName) +
		sizeStringMember(keyClientType, v.ClientType) +
		sizeListMember(keyScopes, v.Scopes) +
		sizeListMember(keyRedirectUris, v.RedirectUris) +
		sizeListMember(keyGrantTypes, v.GrantTypes) +
		sizeStringMember(keyIssuerUrl, v.IssuerUrl) +
		sizeStringMember(keyEntitledApplicationArn, v.EntitledApplicationArn))
}

// AppendStartDeviceAuthorizationRequest appends the JSON body of a
// StartDeviceAuthorization call to dst and returns the extended slice.
func AppendStartDeviceAuthorizationRequest(dst []byte, v *StartDeviceAuthorizationRequest) []byte {
	dst = append(dst, '{')
	if v == nil {
		return append(dst, '}')
	}
	m := len(dst)
	dst = appendStringMember(dst, m, keyClientId, v.ClientId)
	dst = appendStringMember(dst, m, keyClientSecret, v.ClientSecret)
	dst = appendStringMember(dst, m, keyStartUrl, v.StartUrl)
	return append(dst, '}')
}

// SizeStartDeviceAuthorizationRequest returns the exact length of
// AppendStartDeviceAuthorizationRequest's output.
func SizeStartDeviceAuthorizationRequest(v *StartDeviceAuthorizationRequest) int {
	if v == nil {
		return 2
	}
	return closeSize(sizeStringMember(keyClientId, v.ClientId) +
		sizeStringMember(keyClientSecret, v.ClientSecret) +
		sizeStringMember(keyStartUrl, v.StartUrl))
}

// AppendCreateTokenRequest appends the JSON body of a CreateToken call to dst
// and returns the extended slice.
func AppendCreateTokenRequest(dst []byte, v *CreateTokenRequest) []byte {
	dst = append(dst, '{')
	if v == nil {
		return append(dst, '}')
	}
	m := len(dst)
	dst = appendStringMember(dst, m, keyClientId, v.ClientId)
	dst = appendStringMember(dst, m, keyClientSecret, v.ClientSecret)
	dst = appendStringMember(dst, m, keyGrantType, v.GrantType)
	dst = appendStringMember(dst, m, keyDeviceCode, v.DeviceCode)
	dst = appendStringMember(dst, m, keyCode, v.Code)
	dst = appendStringMember(dst, m, keyRefreshToken, v.RefreshToken)
	dst = appendListMember(dst, m, keyScope, v.Scope)
	dst = appendStringMember(dst, m, keyRedirectUri, v.RedirectUri)
	dst = appendStringMember(dst, m, keyCodeVerifier, v.CodeVerifier)
	return append(dst, '}')
}

// SizeCreateTokenRequest returns the exact length of AppendCreateTokenRequest's
// output.
func SizeCreateTokenRequest(v *CreateTokenRequest) int {
	if v == nil {
		return 2
	}
	return closeSize(sizeStringMember(keyClientId, v.ClientId) +
		sizeStringMember(keyClientSecret, v.ClientSecret) +
		sizeStringMember(keyGrantType, v.GrantType) +
		sizeStringMember(keyDeviceCode, v.DeviceCode) +
		sizeStringMember(keyCode, v.Code) +
		sizeStringMember(keyRefreshToken, v.RefreshToken) +
		sizeListMember(keyScope, v.Scope) +
		sizeStringMember(keyRedirectUri, v.RedirectUri) +
		sizeStringMember(keyCodeVerifier, v.CodeVerifier))
}

// AppendCreateTokenWithIAMRequest appends the JSON body of a
// CreateTokenWithIAM call to dst and returns the extended slice.
func AppendCreateTokenWithIAMRequest(dst []byte, v *CreateTokenWithIAMRequest) []byte {
	dst = append(dst, '{')
	if v == nil {
		return append(dst, '}')
	}
	m := len(dst)
	dst = appendStringMember(dst, m, keyClientId, v.ClientId)
	dst = appendStringMember(dst, m, keyGrantType, v.GrantType)
	dst = appendStringMember(dst, m, keyCode, v.Code)
	dst = appendStringMember(dst, m, keyRefreshToken, v.RefreshToken)
	dst = appendStringMember(dst, m, keyAssertion, v.Assertion)
	dst = appendListMember(dst, m, keyScope, v.Scope)
	dst = appendStringMember(dst, m, keyRedirectUri, v.RedirectUri)
	dst = appendStringMember(dst, m, keySubjectToken, v.SubjectToken)
	dst = appendStringMember(dst, m, keySubjectTokenType, v.SubjectTokenType)
	dst = appendStringMember(dst, m, keyRequestedTokenType, v.RequestedTokenType)
	dst = appendStringMember(dst, m, keyCodeVerifier, v.CodeVerifier)
	return append(dst, '}')
}

// SizeCreateTokenWithIAMRequest returns the exact length of
// AppendCreateTokenWithIAMRequest's output.
func SizeCreateTokenWithIAMRequest(v *CreateTokenWithIAMRequest) int {
	if v == nil {
		return 2
	}
	return closeSize(sizeStringMember(keyClientId, v.ClientId) +
		sizeStringMember(keyGrantType, v.GrantType) +
		sizeStringMember(keyCode, v.Code) +
		sizeStringMember(keyRefreshToken, v.RefreshToken) +
		sizeStringMember(keyAssertion, v.Assertion) +
		sizeListMember(keyScope, v.Scope) +
		sizeStringMember(keyRedirectUri, v.RedirectUri) +
		sizeStringMember(keySubjectToken, v.SubjectToken) +
		sizeStringMember(keySubjectTokenType, v.SubjectTokenType) +
		sizeStringMember(keyRequestedTokenType, v.RequestedTokenType) +
		sizeStringMember(keyCodeVerifier, v.CodeVerifier))
}
