package portal

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/portal/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var printVerbs = []string{"%v", "%+v", "%#v", "%s"}

// fillStrings sets every *string member of the struct v points to to
// prefix+FieldName+"~", recursing into *struct members, and returns the
// values it set by field name.
func fillStrings(v reflect.Value, prefix string) map[string]string {
	set := map[string]string{}
	for i := 0; i < v.NumField(); i++ {
		f, fv := v.Type().Field(i), v.Field(i)
		switch {
		case f.Type == reflect.TypeFor[*string]():
			val := prefix + f.Name + "~" // the ~ keeps one marker from being a prefix of another
			fv.Set(reflect.ValueOf(&val))
			set[f.Name] = val
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			fv.Set(reflect.New(f.Type.Elem()))
			for k, s := range fillStrings(fv.Elem(), prefix) {
				set[k] = s
			}
		}
	}
	return set
}

// sensitiveFields are the names of the fields tagged sensitive in t and the
// structs it points to.
func sensitiveFields(t reflect.Type) map[string]bool {
	s := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Tag.Get("sensitive") == "true" {
			s[f.Name] = true
		}
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
			for k := range sensitiveFields(f.Type.Elem()) {
				s[k] = true
			}
		}
	}
	return s
}

// TestRedactedPrinting: no verb prints the access token, the secret access
// key or the session token; every other member stays visible.
func TestRedactedPrinting(t *testing.T) {
	values := []any{
		&GetRoleCredentialsInput{}, &GetRoleCredentialsOutput{},
		&ListAccountsInput{}, &ListAccountRolesInput{}, &LogoutInput{},
		&types.RoleCredentials{},
	}
	secrets := 0
	for _, p := range values {
		v := reflect.ValueOf(p).Elem()
		set := fillStrings(v, "MARK-")
		sensitive := sensitiveFields(v.Type())
		secrets += len(sensitive)
		for _, verb := range printVerbs {
			for _, x := range []any{p, v.Interface()} {
				out := fmt.Sprintf(verb, x)
				for name, val := range set {
					if sensitive[name] {
						assert.NotContains(t, out, val, "%T: %s printed secret %s", x, verb, name)
						assert.Contains(t, out, "[REDACTED]")
					} else {
						assert.Contains(t, out, val, "%T: %s hid %s", x, verb, name)
					}
				}
			}
		}
	}
	// The access token of each of the four inputs; the secret access key
	// and session token of RoleCredentials, on its own and in the output.
	assert.Equal(t, 4+2+2, secrets)
	assert.Equal(t, `types.RoleCredentials{AccessKeyId:"AKID", SecretAccessKey:"[REDACTED]", SessionToken:"[REDACTED]", Expiration:1700003600000}`,
		fmt.Sprintf("%#v", types.RoleCredentials{AccessKeyId: ptr.String("AKID"), SecretAccessKey: ptr.String("s"), SessionToken: ptr.String("t"), Expiration: 1700003600000}))
}

// TestLogsNeverHoldSecrets runs every operation with full logging, success
// and error alike, with a marker in the access token and in every secret of
// the responses, and checks no marker reaches the log, the printed outputs
// or the errors.
func TestLogsNeverHoldSecrets(t *testing.T) {
	var logBuf strings.Builder
	var logMu sync.Mutex
	logger := logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(&logBuf, format+"\n", v...)
	})
	var fail atomic.Bool
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=RESPMARK-cookie~")
		if fail.Load() {
			w.Header().Set("X-Amzn-Errortype", "UnauthorizedException")
			w.WriteHeader(401)
			io.WriteString(w, `{"message":"Session token not found or invalid","sessionToken":"RESPMARK-errbody~"}`)
			return
		}
		io.WriteString(w, `{"roleCredentials":{"accessKeyId":"visible-key-id","secretAccessKey":"RESPMARK-secret~","sessionToken":"RESPMARK-session~","expiration":1},`+
			`"accountList":[{"accountId":"visible-account"}],"nextToken":"visible-next"}`)
	}, func(o *Options) {
		o.Logger = logger
		o.ClientLogMode = ssooidc.LogRequest | ssooidc.LogRequestWithBody | ssooidc.LogResponse | ssooidc.LogResponseWithBody | ssooidc.LogRetries
	})
	token := ptr.String("MARK-AccessToken~")
	calls := []func() (any, error){
		func() (any, error) {
			return c.GetRoleCredentials(context.Background(), &GetRoleCredentialsInput{AccessToken: token, AccountId: ptr.String("111122223333"), RoleName: ptr.String("Admin")})
		},
		func() (any, error) {
			return c.ListAccounts(context.Background(), &ListAccountsInput{AccessToken: token})
		},
		func() (any, error) {
			return c.ListAccountRoles(context.Background(), &ListAccountRolesInput{AccessToken: token, AccountId: ptr.String("111122223333")})
		},
		func() (any, error) { return c.Logout(context.Background(), &LogoutInput{AccessToken: token}) },
	}
	var printed strings.Builder
	for _, failing := range []bool{false, true} {
		fail.Store(failing)
		for _, call := range calls {
			out, err := call()
			require.Equal(t, failing, err != nil, "%v", err)
			for _, verb := range printVerbs {
				if err != nil {
					fmt.Fprintf(&printed, verb+"\n", err)
				} else {
					fmt.Fprintf(&printed, verb+"\n", out)
				}
			}
		}
	}
	logs := logBuf.String()
	require.Contains(t, logs, "GET /federation/credentials?account_id=111122223333&role_name=Admin", "requests were logged")
	require.Contains(t, logs, "X-Amz-Sso_bearer_token: [REDACTED]")
	require.Contains(t, logs, "visible-key-id", "response bodies were logged")
	assert.Contains(t, printed.String(), "visible-key-id")
	for name, out := range map[string]string{"log": logs, "printed values": printed.String()} {
		for _, secret := range []string{"MARK-AccessToken~", "RESPMARK-"} {
			assert.NotContains(t, out, secret, "%s holds a secret", name)
		}
	}
}
