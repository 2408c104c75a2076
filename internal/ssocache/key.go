package ssocache

import (
	"crypto/sha1"
	"encoding/hex"
)

// fileName is the AWS CLI's cache file name for a key: lowercase hex SHA-1
// of its UTF-8 bytes, then ".json".
func fileName(key []byte) string {
	sum := sha1.Sum(key)
	return hex.EncodeToString(sum[:]) + ".json"
}

// RegistrationKey names a registration file. The AWS CLI names it by the
// SHA-1 of Python's json.dumps(args, sort_keys=True) of
// {"region", "scopes", "session_name", "startUrl", "tool": "botocore"}.
type RegistrationKey struct {
	Region      string
	Scopes      []string // nil is written null, as the CLI does with no sso_registration_scopes
	SessionName string   // "" (a legacy profile) is written null
	StartURL    string
	// GrantTypes, when not nil, adds a "grantTypes" member to the key: a
	// name of its own, which no AWS CLI reads. A PKCE registration goes
	// there, so that an older CLI, which reuses the shared file without
	// looking at its grant types, never finds a client that cannot do its
	// device code login.
	GrantTypes []string
}

// json is the key's json.dumps(sort_keys=True) text; the members are
// written in sorted order.
func (k RegistrationKey) json() []byte {
	b := []byte{'{'}
	if k.GrantTypes != nil {
		b = append(b, `"grantTypes": `...)
		b = append(appendPyStrings(b, k.GrantTypes), ", "...)
	}
	b = append(b, `"region": `...)
	b = appendPyString(b, k.Region)
	b = append(b, `, "scopes": `...)
	if k.Scopes == nil {
		b = append(b, "null"...)
	} else {
		b = appendPyStrings(b, k.Scopes)
	}
	b = append(b, `, "session_name": `...)
	if k.SessionName == "" {
		b = append(b, "null"...)
	} else {
		b = appendPyString(b, k.SessionName)
	}
	b = append(b, `, "startUrl": `...)
	b = appendPyString(b, k.StartURL)
	return append(b, `, "tool": "botocore"}`...)
}
