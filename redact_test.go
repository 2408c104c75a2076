package ssooidc

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/ssooidc-go/ssooidc/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var printVerbs = []string{"%v", "%+v", "%#v", "%s"}

// fillStrings sets every string member of the struct v points to to
// prefix+FieldName, and every list to one such element, recursing into
// nested structs, and returns the values it set by field name.
func fillStrings(v reflect.Value, prefix string) map[string]string {
	set := map[string]string{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		val := prefix + f.Name + "~" // the ~ keeps one marker from being a prefix of another
		switch {
		case f.Type == reflect.TypeFor[*string]():
			fv.Set(reflect.ValueOf(&val))
		case f.Type == reflect.TypeFor[string]():
			fv.SetString(val)
		case f.Type == reflect.TypeFor[[]string]():
			fv.Set(reflect.ValueOf([]string{val}))
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			fv.Set(reflect.New(f.Type.Elem()))
			for k, s := range fillStrings(fv.Elem(), prefix) {
				set[k] = s
			}
			continue
		default:
			continue
		}
		set[f.Name] = val
	}
	return set
}

func TestRedactedPrinting(t *testing.T) {
	values := []any{
		&RegisterClientInput{}, &RegisterClientOutput{},
		&StartDeviceAuthorizationInput{}, &StartDeviceAuthorizationOutput{},
		&CreateTokenInput{}, &CreateTokenOutput{},
		&CreateTokenWithIAMInput{}, &CreateTokenWithIAMOutput{},
		&Credentials{},
	}
	sensitiveSeen := 0
	for _, p := range values {
		v := reflect.ValueOf(p).Elem()
		name := v.Type().Name()
		set := fillStrings(v, "MARK-")
		for _, verb := range printVerbs {
			for _, x := range []any{p, v.Interface()} {
				out := fmt.Sprintf(verb, x)
				for i := 0; i < v.NumField(); i++ {
					f := v.Type().Field(i)
					val, ok := set[f.Name]
					if !ok {
						continue
					}
					if f.Tag.Get("sensitive") == "true" {
						assert.NotContains(t, out, val, "%s: %s printed secret %s", name, verb, f.Name)
						assert.Contains(t, out, "[REDACTED]")
					} else {
						// Non-secrets stay visible: a redactor that hides
						// everything would pass the check above too.
						assert.Contains(t, out, val, "%s: %s hid %s", name, verb, f.Name)
					}
				}
			}
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Tag.Get("sensitive") == "true" {
				sensitiveSeen++
			}
		}
	}
	// The model marks 15 members of the inputs and outputs sensitive; we add
	// the authorization code of both token operations, the device code of
	// StartDeviceAuthorizationOutput and CreateTokenInput, and the two
	// secrets of Credentials.
	assert.Equal(t, 21, sensitiveSeen)

	// The device code is a secret and the user code is not, whatever the
	// tags say: a removed tag must fail here, not just change the count.
	for _, p := range []any{
		&StartDeviceAuthorizationOutput{DeviceCode: strPtr("MARK-dc~"), UserCode: strPtr("MARK-uc~")},
		&CreateTokenInput{DeviceCode: strPtr("MARK-dc~"), ClientId: strPtr("MARK-uc~")},
	} {
		for _, verb := range printVerbs {
			for _, x := range []any{p, reflect.ValueOf(p).Elem().Interface()} {
				out := fmt.Sprintf(verb, x)
				assert.NotContains(t, out, "MARK-dc~", "%T %s printed the device code", x, verb)
				assert.Contains(t, out, "MARK-uc~", "%T %s hid the user code or client ID", x, verb)
			}
		}
	}

	in := CreateTokenInput{ClientId: nil}
	assert.Equal(t, "{<nil> <nil> <nil> <nil> <nil> <nil> [] <nil> <nil>}", fmt.Sprintf("%v", in))
	assert.Equal(t, `ssooidc.CreateTokenInput{ClientId:"c", ClientSecret:"[REDACTED]", GrantType:nil, DeviceCode:nil, Code:nil, RefreshToken:nil, Scope:[]string(nil), RedirectUri:nil, CodeVerifier:nil}`,
		fmt.Sprintf("%#v", CreateTokenInput{ClientId: strPtr("c"), ClientSecret: strPtr("s")}))
}

func strPtr(s string) *string { return &s }

// TestSecretsNeverInErrors runs every operation with every secret set, against
// a server that answers each failure the client can meet, and checks no
// secret appears in any error string.
func TestSecretsNeverInErrors(t *testing.T) {
	responses := []struct {
		status int
		header string
		body   string
	}{
		{400, "InvalidGrantException", `{"error":"invalid_grant","error_description":"nope"}`},
		{400, "", `{"error":"weird"}`},
		{200, "", `{"accessToken":`},
		{200, "", `{"expiresIn":"x","clientIdIssuedAt":"x"}`},
		{500, "", `not json`},
	}
	inputs := []any{&RegisterClientInput{}, &StartDeviceAuthorizationInput{}, &CreateTokenInput{}, &CreateTokenWithIAMInput{}}
	for _, r := range responses {
		r := r
		c := setup(t, func(w http.ResponseWriter, req *http.Request) {
			io.Copy(io.Discard, req.Body)
			if r.header != "" {
				w.Header().Set("X-Amzn-Errortype", r.header)
			}
			w.WriteHeader(r.status)
			io.WriteString(w, r.body)
		}, func(o *Options) {
			o.Credentials = NewStaticCredentialsProvider("AKID", "MARK-SecretAccessKey", "MARK-SessionToken")
		})
		for _, in := range inputs {
			v := reflect.ValueOf(in).Elem()
			set := fillStrings(v, "MARK-")
			method := reflect.ValueOf(c).MethodByName(strings.TrimSuffix(v.Type().Name(), "Input"))
			res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(in)})
			err, _ := res[1].Interface().(error)
			require.Error(t, err)
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if f.Tag.Get("sensitive") != "true" {
					continue
				}
				for _, verb := range printVerbs {
					assert.NotContains(t, fmt.Sprintf(verb, err), set[f.Name])
				}
			}
			for _, verb := range printVerbs {
				s := fmt.Sprintf(verb, err)
				assert.NotContains(t, s, "MARK-SecretAccessKey")
				assert.NotContains(t, s, "MARK-SessionToken")
			}
		}
	}
}

// Errors print their members, none of which is secret, with their code.
func TestErrorStrings(t *testing.T) {
	e := &types.InvalidRequestException{Error_: strPtr("invalid_request"), Error_description: strPtr("bad input"), Reason: types.InvalidRequestExceptionReasonKmsKeyNotFound}
	assert.Equal(t, "InvalidRequestException: bad input (reason: KMS_NotFoundException)", e.Error())
	p := &types.AuthorizationPendingException{}
	assert.Equal(t, "AuthorizationPendingException", p.Error())
	o := &types.SlowDownException{ErrorCodeOverride: strPtr("Other")}
	assert.Equal(t, "Other", o.ErrorCode())
}

// TestLogsNeverHoldSecrets runs every operation with full logging, with a
// marker in every sensitive input member and every sensitive response
// member, success and error alike, and checks no marker reaches the log,
// the printed inputs and outputs, or the errors.
func TestLogsNeverHoldSecrets(t *testing.T) {
	var logBuf strings.Builder
	var logMu sync.Mutex
	logger := logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(&logBuf, format+"\n", v...)
	})
	respSecrets := map[string]string{}
	body := "{"
	// The device code is listed by name too, so that dropping it from
	// sensitiveMembers cannot drop it from this test.
	for _, member := range append(slices.Collect(maps.Keys(sensitiveMembers)), "deviceCode") {
		respSecrets[member] = "RESPMARK-" + member + "~"
		body += fmt.Sprintf("%q:%q,", member, respSecrets[member])
	}
	body += `"tokenType":"Bearer","clientId":"visible-client-id","userCode":"visible-user-code"}`
	var fail atomic.Bool
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Set-Cookie", "session=RESPMARK-cookie~")
		if fail.Load() {
			w.Header().Set("X-Amzn-Errortype", "InvalidGrantException")
			w.WriteHeader(400)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"bad grant","refreshToken":"RESPMARK-errbody~"}`)
			return
		}
		io.WriteString(w, body)
	}, func(o *Options) {
		o.Logger = logger
		o.ClientLogMode = LogRequest | LogRequestWithBody | LogResponse | LogResponseWithBody | LogRetries | LogSigning
		o.Credentials = NewStaticCredentialsProvider("AKID", "MARK-SecretAccessKey~", "MARK-SessionToken~")
	})
	var printed strings.Builder
	for _, failing := range []bool{false, true} {
		fail.Store(failing)
		for _, in := range []any{&RegisterClientInput{}, &StartDeviceAuthorizationInput{}, &CreateTokenInput{}, &CreateTokenWithIAMInput{}} {
			v := reflect.ValueOf(in).Elem()
			fillStrings(v, "MARK-")
			res := reflect.ValueOf(c).MethodByName(strings.TrimSuffix(v.Type().Name(), "Input")).
				Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(in)})
			for _, verb := range printVerbs {
				fmt.Fprintf(&printed, verb+"\n", in)
				if !res[0].IsNil() {
					fmt.Fprintf(&printed, verb+"\n", res[0].Interface())
				}
				if !res[1].IsNil() {
					fmt.Fprintf(&printed, verb+"\n", res[1].Interface())
				}
			}
		}
	}
	logs := logBuf.String()
	require.Contains(t, logs, "POST /token?aws_iam=t", "requests were logged")
	require.Contains(t, logs, "visible-client-id", "response bodies were logged")
	require.Contains(t, logs, "Signed request with AWS4-HMAC-SHA256 Credential=AKID/")
	for name, out := range map[string]string{"log": logs, "printed values": printed.String()} {
		for _, secret := range []string{"MARK-ClientSecret~", "MARK-RefreshToken~", "MARK-CodeVerifier~", "MARK-Code~",
			"MARK-DeviceCode~", "MARK-Assertion~", "MARK-SubjectToken~", "MARK-SecretAccessKey~", "MARK-SessionToken~", "RESPMARK-"} {
			assert.NotContains(t, out, secret, "%s holds a secret", name)
		}
	}
	// Non-secret input members are logged: the redaction is selective.
	assert.Contains(t, logs, "MARK-ClientName~")
	assert.Contains(t, logs, "MARK-SubjectTokenType~")
	// The user code is meant to be shown: it stays in logs and printed outputs.
	assert.Contains(t, logs, "visible-user-code")
	assert.Contains(t, printed.String(), "visible-user-code")
}

// TestSensitiveMembersMatchModel holds the log redaction list to the
// model: every member of an operation shape marked sensitive, by its JSON
// name, and nothing else.
func TestSensitiveMembersMatchModel(t *testing.T) {
	shapes := loadModel(t)
	want := map[string]bool{}
	for name, s := range shapes {
		if !strings.HasSuffix(name, "Request") && !strings.HasSuffix(name, "Response") {
			continue
		}
		for member, m := range s.Members {
			if shapes[m.Target].Has("smithy.api#sensitive") || extraSensitive[short(name)+"."+member] {
				want[member] = true
			}
		}
	}
	assert.Equal(t, want, sensitiveMembers)
}
