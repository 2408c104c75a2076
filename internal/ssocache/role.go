package ssocache

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/redact"
)

// DefaultCLIDir is the folder where the AWS CLI caches credentials:
// $HOME/.aws/cli/cache.
func DefaultCLIDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder for the AWS CLI's credentials cache (set HOME): %w", err)
	}
	return filepath.Join(home, ".aws", "cli", "cache"), nil
}

// RoleKey names a role credentials file as the AWS CLI (botocore's
// SSOCredentialFetcher) names it: the SHA-1 of json.dumps(args,
// sort_keys=True, separators=(",", ":")) of {"accountId", "roleName",
// "sessionName"}, with "startUrl" instead of "sessionName" for a legacy
// profile.
type RoleKey struct {
	AccountID   string
	RoleName    string
	SessionName string // "" for a legacy profile
	StartURL    string // used only when SessionName is ""
}

// json is the key's text; the members are written in sorted order.
func (k RoleKey) json() []byte {
	b := []byte(`{"accountId":`)
	b = appendPyString(b, k.AccountID)
	b = append(b, `,"roleName":`...)
	b = appendPyString(b, k.RoleName)
	if k.SessionName != "" {
		b = append(b, `,"sessionName":`...)
		b = appendPyString(b, k.SessionName)
	} else {
		b = append(b, `,"startUrl":`...)
		b = appendPyString(b, k.StartURL)
	}
	return append(b, '}')
}

// RoleCredentials are an SSO role credentials file's content:
// {"ProviderType": "sso", "Credentials": {...}}. Members a file has beyond
// these are kept and written back after the known ones.
type RoleCredentials struct {
	AccessKeyID     string
	SecretAccessKey string `sensitive:"true"`
	SessionToken    string `sensitive:"true"`
	// Expiration is UTC, whole seconds.
	Expiration time.Time
	// AccountID is written by botocore 1.43 and later, not by AWS CLI
	// 2.9.19; "" when absent.
	AccountID string

	extra, credsExtra []member
}

// Format prints the credentials with their secrets redacted, for any verb.
func (r RoleCredentials) Format(f fmt.State, verb rune) { redact.Format(f, verb, r) }

var (
	roleNames  = []string{"ProviderType", "Credentials"}
	credsNames = []string{"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "AccountId"}
)

// errNotSSO: a credentials file of another provider (assume role, say).
const errNotSSO = errFormat("it does not hold SSO role credentials")

func decodeRole(b []byte) (*RoleCredentials, error) {
	v, extra, err := decodeMembers(b, roleNames)
	if err != nil {
		return nil, err
	}
	if v.str("ProviderType") != "sso" {
		return nil, errNotSSO
	}
	raw := v.raw["Credentials"]
	if isNull(raw) {
		return nil, errFormat("member Credentials is missing")
	}
	c, credsExtra, err := decodeMembers(raw, credsNames)
	if err != nil {
		return nil, errFormat("member Credentials is not a JSON object")
	}
	r := &RoleCredentials{
		AccessKeyID:     c.str("AccessKeyId"),
		SecretAccessKey: c.str("SecretAccessKey"),
		SessionToken:    c.str("SessionToken"),
		Expiration:      c.time("Expiration"),
		AccountID:       c.str("AccountId"),
		extra:           extra,
		credsExtra:      credsExtra,
	}
	if err := cmp.Or(v.err, c.err); err != nil {
		return nil, err
	}
	return r, nil
}

// encodeRole writes r as botocore 1.43's JSONFileCache does.
func encodeRole(r *RoleCredentials) ([]byte, error) {
	var c pyWriter
	c.stringMember("AccessKeyId", r.AccessKeyID)
	c.stringMember("SecretAccessKey", r.SecretAccessKey)
	c.stringMember("SessionToken", r.SessionToken)
	c.timeMember("Expiration", r.Expiration)
	c.stringMember("AccountId", r.AccountID)
	creds, err := c.finish(r.credsExtra)
	if err != nil {
		return nil, err
	}
	var w pyWriter
	w.stringMember("ProviderType", "sso")
	w.name("Credentials")
	w.buf = append(w.buf, creds...)
	return w.finish(r.extra)
}

// RolePath is the role credentials file for k.
func (c Cache) RolePath(k RoleKey) string {
	return filepath.Join(c.Dir, fileName(k.json()))
}

// ReadRole reads the role credentials file for k, with the errors of
// ReadToken; a file of another credential provider is ErrCorrupt.
func (c Cache) ReadRole(k RoleKey) (*RoleCredentials, error) {
	return read(c.RolePath(k), decodeRole)
}

// WriteRole replaces the role credentials file for k as WriteToken does.
func (c Cache) WriteRole(k RoleKey, r *RoleCredentials) error {
	return write(c.RolePath(k), r, encodeRole)
}

// RemoveRole removes the role credentials file for k; nil when there is
// none.
func (c Cache) RemoveRole(k RoleKey) error {
	return remove(c.RolePath(k))
}

// LockRole locks the role credentials file for k, as Lock does the token
// file.
func (c Cache) LockRole(ctx context.Context, k RoleKey, intent string, busy func(holder string) error) (unlock func(), err error) {
	return lock(ctx, c.RolePath(k)+".lock", intent, busy)
}

// RemoveAllRoles removes every SSO role credentials file in the folder, as
// aws sso logout does (files whose ProviderType is "sso"), and returns
// their paths. Other files are left alone.
func (c Cache) RemoveAllRoles() ([]string, error) {
	var removed []string
	var errs []error
	err := each(c.Dir, decodeRole, func(path string, _ *RoleCredentials) {
		if err := remove(path); err != nil {
			errs = append(errs, err)
			return
		}
		removed = append(removed, path)
	})
	if err != nil {
		return nil, err
	}
	return removed, errors.Join(errs...)
}

// TokenFile is a token file found in the folder: its path and content.
type TokenFile struct {
	Path  string
	Token *Token
}

// Tokens reads every token file in the folder (files with an accessToken
// member, as aws sso logout finds them); files that are not tokens are
// left out.
func (c Cache) Tokens() ([]TokenFile, error) {
	var files []TokenFile
	err := each(c.Dir, decodeToken, func(path string, t *Token) {
		if t.AccessToken != "" {
			files = append(files, TokenFile{Path: path, Token: t})
		}
	})
	return files, err
}

// each calls f with every regular .json file in dir that read decodes, and
// its content; files it cannot read or decode are not ours to judge and are
// skipped. A folder that does not exist holds none.
func each[T any](dir string, decode func([]byte) (*T, error), f func(path string, v *T)) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return ioError(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if v, err := read(path, decode); err == nil {
			f(path, v)
		}
	}
	return nil
}

// RemoveFile removes a file Tokens found; nil when it is gone.
func (c Cache) RemoveFile(path string) error { return remove(path) }

// remove removes path; nil when there is none.
func remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ioError(err)
	}
	return nil
}
