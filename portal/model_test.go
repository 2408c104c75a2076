package portal

// This test holds the Go code to the Smithy model in testdata/sso-portal.json
// (a copy of the spec's model.json): every operation, member, type, required
// trait, sensitive trait, HTTP binding (method, URI, header, query), error
// shape and paginator. When the model changes, its failures say what to add
// or change.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/ssooidc-go/ssooidc/internal/serde"
	"github.com/ssooidc-go/ssooidc/internal/smithymodel"
	"github.com/ssooidc-go/ssooidc/internal/transport"
	"github.com/ssooidc-go/ssooidc/portal/types"
)

const modelNS = "com.amazonaws.sso#"

type (
	modelShape  = smithymodel.Shape
	modelMember = smithymodel.Member
)

func loadModel(t *testing.T) map[string]modelShape {
	t.Helper()
	shapes, err := smithymodel.Load("testdata/sso-portal.json")
	if err != nil {
		t.Fatal(err)
	}
	return shapes
}

// TestModelMatchesSpec checks the hermetic copy of the model against the
// shared spec when the checkout has it.
func TestModelMatchesSpec(t *testing.T) {
	spec, err := os.ReadFile("/work/shared/spec/sso-portal/model.json")
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("spec not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	local, err := os.ReadFile("testdata/sso-portal.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(local, spec) {
		t.Error("testdata/sso-portal.json differs from the spec's sso-portal/model.json")
	}
}

// The Go side of the model.
var (
	goOperations = map[string]*transport.Operation{
		"GetRoleCredentials": &opGetRoleCredentials,
		"ListAccountRoles":   &opListAccountRoles,
		"ListAccounts":       &opListAccounts,
		"Logout":             &opLogout,
	}
	goShapes = map[string]reflect.Type{
		"GetRoleCredentialsRequest":  reflect.TypeFor[GetRoleCredentialsInput](),
		"GetRoleCredentialsResponse": reflect.TypeFor[GetRoleCredentialsOutput](),
		"ListAccountRolesRequest":    reflect.TypeFor[ListAccountRolesInput](),
		"ListAccountRolesResponse":   reflect.TypeFor[ListAccountRolesOutput](),
		"ListAccountsRequest":        reflect.TypeFor[ListAccountsInput](),
		"ListAccountsResponse":       reflect.TypeFor[ListAccountsOutput](),
		"LogoutRequest":              reflect.TypeFor[LogoutInput](),
		"AccountInfo":                reflect.TypeFor[types.AccountInfo](),
		"RoleInfo":                   reflect.TypeFor[types.RoleInfo](),
		"RoleCredentials":            reflect.TypeFor[types.RoleCredentials](),
		"InvalidRequestException":    reflect.TypeFor[types.InvalidRequestException](),
		"ResourceNotFoundException":  reflect.TypeFor[types.ResourceNotFoundException](),
		"TooManyRequestsException":   reflect.TypeFor[types.TooManyRequestsException](),
		"UnauthorizedException":      reflect.TypeFor[types.UnauthorizedException](),
	}
	// The paginated operations' paginator constructors.
	goPaginators = map[string]any{
		"ListAccounts":     NewListAccountsPaginator,
		"ListAccountRoles": NewListAccountRolesPaginator,
	}
)

func short(target string) string { return strings.TrimPrefix(target, modelNS) }

var goFieldName = smithymodel.GoFieldName

// goTypeOf is the Go type a member must have: a pointer for a member that
// may be absent, a value for one with a default (RoleCredentials.expiration).
func goTypeOf(shapes map[string]modelShape, m modelMember) (reflect.Type, bool) {
	s := shapes[m.Target]
	hasDefault := m.Has("smithy.api#default") || s.Has("smithy.api#default")
	switch s.Type {
	case "string":
		return reflect.TypeFor[*string](), true
	case "integer":
		if hasDefault {
			return reflect.TypeFor[int32](), true
		}
		return reflect.TypeFor[*int32](), true
	case "long":
		if hasDefault {
			return reflect.TypeFor[int64](), true
		}
		return reflect.TypeFor[*int64](), true
	case "list":
		if t, ok := goShapes[short(s.Member.Target)]; ok {
			return reflect.SliceOf(t), true
		}
	case "structure":
		if t, ok := goShapes[short(m.Target)]; ok {
			return reflect.PointerTo(t), true
		}
	}
	return nil, false
}

func TestModelShapes(t *testing.T) {
	shapes := loadModel(t)
	var names []string
	for name, s := range shapes {
		if s.Type == "structure" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	covered := map[string]bool{}
	for _, name := range names {
		s, n := shapes[name], short(name)
		gt, ok := goShapes[n]
		if !ok {
			t.Errorf("model structure %s has no Go type: add it (portal/types for shared shapes and errors, api_*.go for operation inputs and outputs) and list it in goShapes", n)
			continue
		}
		covered[n] = true
		checkStructMembers(t, shapes, n, s, gt)
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
		if isError && member == "message" {
			fname = "Message"
		}
		want[fname] = true
		wt, ok := goTypeOf(shapes, m)
		f, found := gt.FieldByName(fname)
		switch {
		case !found:
			t.Errorf("%s.%s: missing: add field %s %v to %s", n, member, fname, wt, gt)
			continue
		case !ok:
			t.Errorf("%s.%s: target %s (%s) has no Go mapping in this test", n, member, short(m.Target), shapes[m.Target].Type)
		case f.Type != wt:
			t.Errorf("%s.%s: field %s is %v, want %v", n, member, fname, f.Type, wt)
		}
		sensitive := shapes[m.Target].Has("smithy.api#sensitive")
		if got := f.Tag.Get("sensitive") == "true"; got != sensitive {
			t.Errorf("%s.%s: sensitive tag %v, want %v (model trait smithy.api#sensitive on %s)", n, member, got, sensitive, short(m.Target))
		}
	}
	for i := 0; i < gt.NumField(); i++ {
		f := gt.Field(i)
		switch {
		case want[f.Name]:
		case f.Name == "ResultMetadata" && strings.HasSuffix(n, "Response"):
		case isError && f.Name == "ErrorCodeOverride":
		default:
			t.Errorf("%s: Go field %s.%s is not in the model: remove it", n, gt, f.Name)
		}
	}
	if isError {
		checkErrorShape(t, n, s, gt)
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
	if want := map[string]smithy.ErrorFault{"client": smithy.FaultClient, "server": smithy.FaultServer}[fault]; e.ErrorFault() != want {
		t.Errorf("error %s: ErrorFault() = %v, model says %q", n, e.ErrorFault(), fault)
	}
	msg := "m"
	got := modeledError(n, serde.ErrorBody{Message: &msg})
	if reflect.TypeOf(got) != reflect.PointerTo(gt) {
		t.Errorf("error %s: modeledError gave %T: add a case to modeledError in client.go", n, got)
	} else if ae := got.(smithy.APIError); ae.ErrorMessage() != "m" {
		t.Errorf("error %s: ErrorMessage() = %q, want the message", n, ae.ErrorMessage())
	}
}

func TestModelOperations(t *testing.T) {
	shapes := loadModel(t)
	svc := shapes[modelNS+"SWBPortalService"]
	if len(svc.Operations) != len(goOperations) {
		t.Errorf("model has %d operations, Go has %d", len(svc.Operations), len(goOperations))
	}
	for _, ref := range svc.Operations {
		name := short(ref.Target)
		op := shapes[ref.Target]
		goOp, ok := goOperations[name]
		if !ok {
			t.Errorf("operation %s: missing: add api_*.go with the method, its input and output, and list op%s in goOperations", name, name)
			continue
		}
		if _, ok := reflect.TypeFor[*Client]().MethodByName(name); !ok {
			t.Errorf("operation %s: (*Client).%s is missing", name, name)
		}
		if _, ok := reflect.TypeFor[API]().MethodByName(name); !ok {
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
		if binding.Method != goOp.Method || binding.URI != goOp.Path || goOp.Query != "" || binding.Code != http.StatusOK {
			t.Errorf("operation %s: Go %s %s?%s, model %s %s (success %d)", name, goOp.Method, goOp.Path, goOp.Query, binding.Method, binding.URI, binding.Code)
		}
		var schemes []string
		if err := json.Unmarshal(op.Traits["smithy.api#auth"], &schemes); err != nil || len(schemes) != 0 || goOp.Signed {
			t.Errorf("operation %s: the model's smithy.api#auth is %s; Go signed = %v", name, op.Traits["smithy.api#auth"], goOp.Signed)
		}
		if got := goShapes[short(op.Input.Target)]; got == nil || got.Name() != name+"Input" {
			t.Errorf("operation %s: input shape %s maps to %v, want %sInput", name, short(op.Input.Target), got, name)
		}
		wantOut := goShapes[short(op.Output.Target)]
		if op.Output.Target == "smithy.api#Unit" {
			wantOut = reflect.TypeFor[LogoutOutput]()
			if name != "Logout" || wantOut.NumField() != 1 {
				t.Errorf("operation %s: the Unit output must be an output with only ResultMetadata", name)
			}
		}
		if wantOut == nil || wantOut.Name() != name+"Output" {
			t.Errorf("operation %s: output shape %s maps to %v, want %sOutput", name, short(op.Output.Target), wantOut, name)
		}
		for _, e := range op.Errors {
			if _, ok := goShapes[short(e.Target)]; !ok {
				t.Errorf("operation %s: error %s has no Go type", name, short(e.Target))
			}
		}
		checkPaginator(t, name, op)
		t.Run(name+"/required", func(t *testing.T) { checkRequired(t, name, shapes[op.Input.Target]) })
		t.Run(name+"/wire", func(t *testing.T) { checkWire(t, shapes, name, op) })
	}
}

// checkPaginator: a paginated operation has a paginator, and its tokens and
// page size are the members the Go paginator uses.
func checkPaginator(t *testing.T, name string, op modelShape) {
	raw, paginated := op.Traits["smithy.api#paginated"]
	_, hasGo := goPaginators[name]
	if paginated != hasGo {
		t.Errorf("operation %s: paginated %v in the model, paginator %v in Go (New%sPaginator)", name, paginated, hasGo, name)
	}
	if !paginated {
		return
	}
	var p struct{ InputToken, OutputToken, Items, PageSize string }
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.InputToken != "nextToken" || p.OutputToken != "nextToken" || p.PageSize != "maxResults" {
		t.Errorf("operation %s: paginated by %+v; the paginators use nextToken and maxResults", name, p)
	}
	if _, ok := goShapes[name+"Response"].FieldByName(goFieldName(p.Items)); !ok {
		t.Errorf("operation %s: output lacks the items member %s", name, p.Items)
	}
}

// checkRequired: with every required member set the input validates;
// leaving out any one of them fails before sending, naming the member.
func checkRequired(t *testing.T, name string, in modelShape) {
	gt := goShapes[name+"Request"]
	var required []string
	for member, m := range in.Members {
		if m.Has("smithy.api#required") {
			required = append(required, goFieldName(member))
		}
	}
	full := reflect.New(gt)
	for _, f := range required {
		full.Elem().FieldByName(f).Set(reflect.ValueOf(new(string)))
	}
	client := New(Options{Region: "us-east-1", HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}"))}, nil
	})})
	call := reflect.ValueOf(client).MethodByName(name)
	if err, _ := call.Call([]reflect.Value{reflect.ValueOf(context.Background()), full})[1].Interface().(error); err != nil {
		t.Errorf("%s with all required members set: %v", name, err)
	}
	for _, f := range required {
		in := reflect.New(gt)
		in.Elem().Set(full.Elem())
		in.Elem().FieldByName(f).SetZero()
		client := New(Options{Region: "us-east-1", HTTPClient: refuseAll{t}})
		err, _ := reflect.ValueOf(client).MethodByName(name).Call([]reflect.Value{reflect.ValueOf(context.Background()), in})[1].Interface().(error)
		var ipe smithy.InvalidParamsError
		if err == nil || !errors.As(err, &ipe) || !strings.Contains(err.Error(), f) {
			t.Errorf("%s without required %s: error %v, want an InvalidParamsError naming it", name, f, err)
		}
	}
}

// refuseAll is an HTTPClient for calls that must fail before sending.
type refuseAll struct{ t *testing.T }

func (r refuseAll) Do(*http.Request) (*http.Response, error) {
	r.t.Error("a request was sent")
	return nil, errors.New("refused")
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// checkWire sends an input with every member set and checks each travels
// where the model binds it (header, query, or body); then answers with
// every output member, nested ones too, and checks each lands in its Go
// field.
func checkWire(t *testing.T, shapes map[string]modelShape, name string, op modelShape) {
	in := shapes[op.Input.Target]
	gin := reflect.New(goShapes[short(op.Input.Target)])
	for member := range in.Members {
		f := gin.Elem().FieldByName(goFieldName(member))
		switch f.Type() {
		case reflect.TypeFor[*string]():
			s := "v-" + member
			f.Set(reflect.ValueOf(&s))
		case reflect.TypeFor[*int32]():
			n := int32(42)
			f.Set(reflect.ValueOf(&n))
		default:
			t.Fatalf("%s.%s: no test value for %v", name, member, f.Type())
		}
	}
	respBody := fillResponse(shapes, shapes[op.Output.Target])
	raw, _ := json.Marshal(respBody)
	var sent *http.Request
	var sentBody []byte
	client := New(Options{Region: "us-east-1", HTTPClient: doerFunc(func(r *http.Request) (*http.Response, error) {
		sent = r
		if r.Body != nil {
			sentBody, _ = io.ReadAll(r.Body)
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(raw))}, nil
	})})
	res := reflect.ValueOf(client).MethodByName(name).Call([]reflect.Value{reflect.ValueOf(context.Background()), gin})
	if err, _ := res[1].Interface().(error); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	query := sent.URL.Query()
	for member, m := range in.Members {
		want := "v-" + member
		if shapes[m.Target].Type == "integer" {
			want = "42"
		}
		switch {
		case m.Has("smithy.api#httpHeader"):
			if got := sent.Header.Get(m.Trait("smithy.api#httpHeader")); got != want {
				t.Errorf("%s: header %s = %q, want %q", name, m.Trait("smithy.api#httpHeader"), got, want)
			}
		case m.Has("smithy.api#httpQuery"):
			if got := query[m.Trait("smithy.api#httpQuery")]; len(got) != 1 || got[0] != want {
				t.Errorf("%s: query %s = %q, want %q", name, m.Trait("smithy.api#httpQuery"), got, want)
			}
			query.Del(m.Trait("smithy.api#httpQuery"))
		default:
			t.Errorf("%s.%s: bound to the body, which this client never sends", name, member)
		}
	}
	if len(query) != 0 || len(sentBody) != 0 || sent.Header.Get("Content-Type") != "" {
		t.Errorf("%s: sent query members %v and body %q (Content-Type %q) the model does not define", name, query, sentBody, sent.Header.Get("Content-Type"))
	}
	if op.Output.Target == "smithy.api#Unit" {
		return
	}
	checkDecoded(t, shapes, name, shapes[op.Output.Target], respBody, res[0].Elem())
}

// fillResponse returns a JSON value setting every member of s, nested
// structures and one-element lists included: strings to "o-" + member,
// numbers to 42.
func fillResponse(shapes map[string]modelShape, s modelShape) map[string]any {
	body := map[string]any{}
	for member, m := range s.Members {
		switch ts := shapes[m.Target]; ts.Type {
		case "string":
			body[member] = "o-" + member
		case "integer", "long":
			body[member] = 42
		case "structure":
			body[member] = fillResponse(shapes, ts)
		case "list":
			body[member] = []any{fillResponse(shapes, shapes[ts.Member.Target])}
		}
	}
	return body
}

// checkDecoded checks every member of want landed in its field of got.
func checkDecoded(t *testing.T, shapes map[string]modelShape, path string, s modelShape, want map[string]any, got reflect.Value) {
	for member, m := range s.Members {
		f := got.FieldByName(goFieldName(member))
		p := path + "." + member
		if !f.IsValid() || f.IsZero() {
			t.Errorf("%s was not decoded", p)
			continue
		}
		switch ts := shapes[m.Target]; ts.Type {
		case "string":
			if f.Elem().String() != want[member] {
				t.Errorf("%s = %q, want %q", p, f.Elem().String(), want[member])
			}
		case "integer", "long":
			if f.Int() != 42 {
				t.Errorf("%s = %d, want 42", p, f.Int())
			}
		case "structure":
			checkDecoded(t, shapes, p, ts, want[member].(map[string]any), f.Elem())
		case "list":
			if f.Len() != 1 {
				t.Errorf("%s has %d elements, want 1", p, f.Len())
				continue
			}
			checkDecoded(t, shapes, p+"[0]", shapes[ts.Member.Target], want[member].([]any)[0].(map[string]any), f.Index(0))
		}
	}
}

// TestSensitiveMembersMatchModel holds the log redaction list to the model:
// every member marked sensitive that travels in a JSON body, by its name,
// and nothing else. (Sensitive headers are the call path's: the access
// token's is among them.)
func TestSensitiveMembersMatchModel(t *testing.T) {
	shapes := loadModel(t)
	want := map[string]bool{}
	for _, s := range shapes {
		for member, m := range s.Members {
			inBody := !m.Has("smithy.api#httpHeader") && !m.Has("smithy.api#httpQuery")
			if shapes[m.Target].Has("smithy.api#sensitive") && inBody {
				want[member] = true
			}
		}
	}
	if !reflect.DeepEqual(want, sensitiveMembers) {
		t.Errorf("sensitiveMembers = %v, the model's = %v", sensitiveMembers, want)
	}
}
