package ssooidc

// This test holds the Go code to the Smithy model in testdata/sso-oidc.json:
// every operation, member, type, required trait, sensitive trait, HTTP
// binding, error shape and enum value. When the model changes, its failures
// say what to add or change.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/smithymodel"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/types"
)

const modelNS = "com.amazonaws.ssooidc#"

type modelShape = smithymodel.Shape

func loadModel(t *testing.T) map[string]modelShape {
	t.Helper()
	shapes, err := smithymodel.Load("testdata/sso-oidc.json")
	if err != nil {
		t.Fatal(err)
	}
	return shapes
}

// The Go side of the model: what each operation and shape is in this package.
var (
	goOperations = map[string]*transport.Operation{
		"RegisterClient":           &opRegisterClient,
		"StartDeviceAuthorization": &opStartDeviceAuthorization,
		"CreateToken":              &opCreateToken,
		"CreateTokenWithIAM":       &opCreateTokenWithIAM,
	}
	goShapes = map[string]reflect.Type{
		"RegisterClientRequest":            reflect.TypeFor[RegisterClientInput](),
		"RegisterClientResponse":           reflect.TypeFor[RegisterClientOutput](),
		"StartDeviceAuthorizationRequest":  reflect.TypeFor[StartDeviceAuthorizationInput](),
		"StartDeviceAuthorizationResponse": reflect.TypeFor[StartDeviceAuthorizationOutput](),
		"CreateTokenRequest":               reflect.TypeFor[CreateTokenInput](),
		"CreateTokenResponse":              reflect.TypeFor[CreateTokenOutput](),
		"CreateTokenWithIAMRequest":        reflect.TypeFor[CreateTokenWithIAMInput](),
		"CreateTokenWithIAMResponse":       reflect.TypeFor[CreateTokenWithIAMOutput](),
		"AwsAdditionalDetails":             reflect.TypeFor[types.AwsAdditionalDetails](),
		"AccessDeniedExceptionReason":      reflect.TypeFor[types.AccessDeniedExceptionReason](),
		"InvalidRequestExceptionReason":    reflect.TypeFor[types.InvalidRequestExceptionReason](),
		"AccessDeniedException":            reflect.TypeFor[types.AccessDeniedException](),
		"AuthorizationPendingException":    reflect.TypeFor[types.AuthorizationPendingException](),
		"ExpiredTokenException":            reflect.TypeFor[types.ExpiredTokenException](),
		"InternalServerException":          reflect.TypeFor[types.InternalServerException](),
		"InvalidClientException":           reflect.TypeFor[types.InvalidClientException](),
		"InvalidClientMetadataException":   reflect.TypeFor[types.InvalidClientMetadataException](),
		"InvalidGrantException":            reflect.TypeFor[types.InvalidGrantException](),
		"InvalidRedirectUriException":      reflect.TypeFor[types.InvalidRedirectUriException](),
		"InvalidRequestException":          reflect.TypeFor[types.InvalidRequestException](),
		"InvalidRequestRegionException":    reflect.TypeFor[types.InvalidRequestRegionException](),
		"InvalidScopeException":            reflect.TypeFor[types.InvalidScopeException](),
		"SlowDownException":                reflect.TypeFor[types.SlowDownException](),
		"UnauthorizedClientException":      reflect.TypeFor[types.UnauthorizedClientException](),
		"UnsupportedGrantTypeException":    reflect.TypeFor[types.UnsupportedGrantTypeException](),
	}
	// Members the model does not mark sensitive that we redact anyway, on
	// purpose (every member the model marks stays sensitive too): the
	// authorization code is a short-lived credential, and whoever holds the
	// device code can collect the user's tokens once the user approves
	// (RFC 8628, section 5.2; issue 10). The user code is meant to be shown.
	extraSensitive = map[string]bool{
		"CreateTokenRequest.code":                     true,
		"CreateTokenWithIAMRequest.code":              true,
		"CreateTokenRequest.deviceCode":               true,
		"StartDeviceAuthorizationResponse.deviceCode": true,
	}
)

func short(target string) string { return strings.TrimPrefix(target, modelNS) }

func goFieldName(member string) string {
	switch member {
	case "error":
		return "Error_" // Error would clash with the error interface's method
	case "error_description":
		return "Error_description"
	}
	return smithymodel.GoFieldName(member)
}

// goTypeOf is the Go type a member targeting shape must have.
func goTypeOf(shapes map[string]modelShape, target string) (reflect.Type, bool) {
	s := shapes[target]
	switch s.Type {
	case "string":
		return reflect.TypeFor[*string](), true
	case "integer":
		return reflect.TypeFor[int32](), true
	case "long":
		return reflect.TypeFor[int64](), true
	case "list":
		if shapes[s.Member.Target].Type == "string" {
			return reflect.TypeFor[[]string](), true
		}
	case "enum":
		if t, ok := goShapes[short(target)]; ok {
			return t, true
		}
	case "structure":
		if t, ok := goShapes[short(target)]; ok {
			return reflect.PointerTo(t), true
		}
	}
	return nil, false
}

func TestModelShapes(t *testing.T) {
	shapes := loadModel(t)
	var names []string
	for name := range shapes {
		names = append(names, name)
	}
	sort.Strings(names)
	covered := map[string]bool{}
	for _, name := range names {
		s := shapes[name]
		n := short(name)
		switch s.Type {
		case "structure":
			gt, ok := goShapes[n]
			if !ok {
				t.Errorf("model structure %s has no Go type: add it (types/ for shared shapes and errors, api_*.go for operation inputs and outputs) and list it in goShapes", n)
				continue
			}
			covered[n] = true
			checkStructMembers(t, shapes, n, s, gt)
		case "enum":
			gt, ok := goShapes[n]
			if !ok {
				t.Errorf("model enum %s has no Go type in types/: add a string type with a constant per value and a Values method", n)
				continue
			}
			covered[n] = true
			checkEnum(t, n, s, gt)
		}
	}
	for n := range goShapes {
		if !covered[n] {
			t.Errorf("Go type for %s has no shape in the model: remove it", n)
		}
	}
}

func checkStructMembers(t *testing.T, shapes map[string]modelShape, n string, s modelShape, gt reflect.Type) {
	t.Helper()
	isError := s.Has("smithy.api#error")
	want := map[string]bool{}
	for member, m := range s.Members {
		fname := goFieldName(member)
		want[fname] = true
		f, ok := gt.FieldByName(fname)
		if !ok {
			wt, _ := goTypeOf(shapes, m.Target)
			t.Errorf("%s.%s: missing: add field %s %v to %s", n, member, fname, wt, gt)
			continue
		}
		wt, ok := goTypeOf(shapes, m.Target)
		if !ok {
			t.Errorf("%s.%s: target %s (%s) has no Go mapping in this test", n, member, short(m.Target), shapes[m.Target].Type)
		} else if f.Type != wt {
			t.Errorf("%s.%s: field %s is %v, want %v", n, member, fname, f.Type, wt)
		}
		sensitive := shapes[m.Target].Has("smithy.api#sensitive") || extraSensitive[n+"."+member]
		if got := f.Tag.Get("sensitive") == "true"; got != sensitive {
			t.Errorf("%s.%s: sensitive tag %v, want %v (model trait smithy.api#sensitive on %s)", n, member, got, sensitive, short(m.Target))
		}
	}
	for i := 0; i < gt.NumField(); i++ {
		f := gt.Field(i)
		switch {
		case want[f.Name]:
		case f.Name == "ResultMetadata" && strings.HasSuffix(n, "Response"):
		case isError && (f.Name == "Message" || f.Name == "ErrorCodeOverride"):
		default:
			t.Errorf("%s: Go field %s.%s is not in the model: remove it", n, gt, f.Name)
		}
	}
	if isError {
		checkErrorShape(t, n, s, gt)
	}
}

func checkEnum(t *testing.T, n string, s modelShape, gt reflect.Type) {
	t.Helper()
	var want []string
	for _, m := range s.Members {
		var v string
		if err := json.Unmarshal(m.Traits["smithy.api#enumValue"], &v); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		want = append(want, v)
	}
	values := reflect.Zero(gt).MethodByName("Values")
	if !values.IsValid() {
		t.Errorf("enum %s: %v has no Values method", n, gt)
		return
	}
	var got []string
	out := values.Call(nil)[0]
	for i := 0; i < out.Len(); i++ {
		got = append(got, out.Index(i).String())
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("enum %s: Go values %q, model values %q: add a constant for each missing value and list it in Values", n, got, want)
	}
}

func checkErrorShape(t *testing.T, n string, s modelShape, gt reflect.Type) {
	t.Helper()
	var fault string
	_ = json.Unmarshal(s.Traits["smithy.api#error"], &fault)
	e, ok := reflect.New(gt).Interface().(smithy.APIError)
	if !ok {
		t.Errorf("error %s: *%v does not implement smithy.APIError", n, gt)
		return
	}
	if e.ErrorCode() != n {
		t.Errorf("error %s: ErrorCode() = %q", n, e.ErrorCode())
	}
	wantFault := map[string]smithy.ErrorFault{"client": smithy.FaultClient, "server": smithy.FaultServer}[fault]
	if e.ErrorFault() != wantFault {
		t.Errorf("error %s: ErrorFault() = %v, model says %q", n, e.ErrorFault(), fault)
	}
	// The decoder must produce this type from the code.
	got := modeledError(n, serde.ErrorBody{Error: ptr.String("e"), ErrorDescription: ptr.String("d")})
	if reflect.TypeOf(got) != reflect.PointerTo(gt) {
		t.Errorf("error %s: decodeError gave %T: add a case to modeledError in errors.go", n, got)
	}
	if ae, ok := got.(smithy.APIError); ok && ae.ErrorMessage() != "d" {
		t.Errorf("error %s: ErrorMessage() = %q, want the error_description", n, ae.ErrorMessage())
	}
}

func TestModelOperations(t *testing.T) {
	shapes := loadModel(t)
	svc := shapes[modelNS+"AWSSSOOIDCService"]
	clientType := reflect.TypeFor[*Client]()
	apiType := reflect.TypeFor[API]()
	if len(svc.Operations) != len(goOperations) {
		t.Errorf("model has %d operations, Go has %d", len(svc.Operations), len(goOperations))
	}
	for _, ref := range svc.Operations {
		name := short(ref.Target)
		op := shapes[ref.Target]
		goOp, ok := goOperations[name]
		if !ok {
			t.Errorf("operation %s: missing: add api_%s.go with the method, its input and output, and list op%s in goOperations", name, strings.ToLower(name), name)
			continue
		}
		if _, ok := clientType.MethodByName(name); !ok {
			t.Errorf("operation %s: (*Client).%s is missing", name, name)
		}
		if _, ok := apiType.MethodByName(name); !ok {
			t.Errorf("operation %s: the API interface lacks %s", name, name)
		}
		var binding struct {
			Method string `json:"method"`
			URI    string `json:"uri"`
			Code   int    `json:"code"`
		}
		if err := json.Unmarshal(op.Traits["smithy.api#http"], &binding); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if binding.Method != goOp.Method {
			t.Errorf("operation %s: model method %s, Go method %s", name, binding.Method, goOp.Method)
		}
		uri := goOp.Path
		if goOp.Query != "" {
			uri += "?" + goOp.Query
		}
		if uri != binding.URI {
			t.Errorf("operation %s: Go URI %q, model URI %q", name, uri, binding.URI)
		}
		if binding.Code != http.StatusOK {
			t.Errorf("operation %s: model success code %d; the client expects 2xx", name, binding.Code)
		}
		// An empty smithy.api#auth list means unauthenticated; no trait
		// means the service's SigV4.
		signed := true
		if raw, ok := op.Traits["smithy.api#auth"]; ok {
			var schemes []string
			_ = json.Unmarshal(raw, &schemes)
			signed = len(schemes) > 0
		}
		if goOp.Signed != signed {
			t.Errorf("operation %s: signed = %v, model says %v", name, goOp.Signed, signed)
		}
		if got := goShapes[short(op.Input.Target)]; got == nil || got.Name() != name+"Input" {
			t.Errorf("operation %s: input shape %s maps to %v, want %sInput", name, short(op.Input.Target), got, name)
		}
		if got := goShapes[short(op.Output.Target)]; got == nil || got.Name() != name+"Output" {
			t.Errorf("operation %s: output shape %s maps to %v, want %sOutput", name, short(op.Output.Target), got, name)
		}
		for _, e := range op.Errors {
			if _, ok := goShapes[short(e.Target)]; !ok {
				t.Errorf("operation %s: error %s has no Go type", name, short(e.Target))
			}
		}
		t.Run(name+"/required", func(t *testing.T) { checkRequired(t, shapes, name, shapes[op.Input.Target]) })
		t.Run(name+"/wire", func(t *testing.T) { checkWire(t, shapes, name, op) })
	}
}

// checkRequired: with every required member set the input validates; leaving
// out any one of them fails before sending, naming the member.
func checkRequired(t *testing.T, shapes map[string]modelShape, name string, in modelShape) {
	gt := goShapes[short(modelNS+name+"Request")]
	var required []string
	for member, m := range in.Members {
		if _, ok := m.Traits["smithy.api#required"]; ok {
			required = append(required, goFieldName(member))
		}
	}
	full := reflect.New(gt)
	for _, f := range required {
		full.Elem().FieldByName(f).Set(reflect.ValueOf(new(string)))
	}
	client := New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}, Credentials: NewStaticCredentialsProvider("AKID", "SECRET", "")})
	call := reflect.ValueOf(client).MethodByName(name)
	if err := validateAny(full.Interface()); err != nil {
		t.Errorf("%s with all required members set: %v", name, err)
	}
	for _, f := range required {
		in := reflect.New(gt)
		in.Elem().Set(full.Elem())
		in.Elem().FieldByName(f).SetZero()
		errV := call.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})[1]
		err, _ := errV.Interface().(error)
		var ipe smithy.InvalidParamsError
		if err == nil || !errors.As(err, &ipe) || !strings.Contains(err.Error(), f) {
			t.Errorf("%s without required %s: error %v, want an InvalidParamsError naming it", name, f, err)
		}
	}
}

func validateAny(in any) error {
	return in.(interface{ validate() error }).validate()
}

// refuseAll is an HTTPClient for calls that must fail before sending.
type refuseAll struct{ t *testing.T }

func (r refuseAll) Do(*http.Request) (*http.Response, error) {
	r.t.Error("a request was sent")
	return nil, errors.New("refused")
}

// checkWire sends an input with every member set and checks the body's keys
// are the model's member names; then answers with every output member and
// checks each lands in its Go field.
func checkWire(t *testing.T, shapes map[string]modelShape, name string, op modelShape) {
	in := shapes[op.Input.Target]
	out := shapes[op.Output.Target]
	gin := reflect.New(goShapes[short(op.Input.Target)])
	for member := range in.Members {
		f := gin.Elem().FieldByName(goFieldName(member))
		switch f.Kind() {
		case reflect.Pointer:
			s := "v-" + member
			f.Set(reflect.ValueOf(&s))
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"v-" + member}))
		}
	}
	respBody := map[string]any{}
	for member, m := range out.Members {
		switch shapes[m.Target].Type {
		case "string":
			respBody[member] = "o-" + member
		case "integer", "long":
			respBody[member] = 42
		case "list":
			respBody[member] = []string{"o-" + member}
		case "structure":
			inner := map[string]any{}
			for im := range shapes[m.Target].Members {
				inner[im] = "o-" + im
			}
			respBody[member] = inner
		}
	}
	raw, _ := json.Marshal(respBody)
	var sent map[string]any
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &sent); err != nil {
			t.Errorf("%s: body is not JSON: %v", name, err)
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(string(raw)))}, nil
	})
	client := New(Options{Region: "us-east-1", HTTPClient: doer, Credentials: NewStaticCredentialsProvider("AKID", "SECRET", "")})
	res := reflect.ValueOf(client).MethodByName(name).Call([]reflect.Value{reflect.ValueOf(context.Background()), gin})
	if err, _ := res[1].Interface().(error); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for member := range in.Members {
		v, ok := sent[member]
		if !ok {
			t.Errorf("%s: request body lacks member %q (serde.Append%sRequest)", name, member, name)
			continue
		}
		if s, ok := v.(string); ok && s != "v-"+member {
			t.Errorf("%s: request member %q = %q", name, member, s)
		}
	}
	for k := range sent {
		if _, ok := in.Members[k]; !ok {
			t.Errorf("%s: request body has %q, which the model does not define", name, k)
		}
	}
	gout := res[0].Elem()
	for member, m := range out.Members {
		f := gout.FieldByName(goFieldName(member))
		if !f.IsValid() || f.IsZero() {
			t.Errorf("%s: output member %q was not decoded into %s (serde.Unmarshal%sResponse)", name, member, goFieldName(member), name)
			continue
		}
		if shapes[m.Target].Type == "string" && f.Elem().String() != "o-"+member {
			t.Errorf("%s: output %s = %q", name, goFieldName(member), f.Elem().String())
		}
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }
