package ssooidctest

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestErrorsMatchModel holds every error the emulator sends to the model in
// ../testdata/sso-oidc.json: the HTTP status of smithy.api#httpError and the
// OAuth code its "error" member documents.
func TestErrorsMatchModel(t *testing.T) {
	raw, err := os.ReadFile("../testdata/sso-oidc.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Shapes map[string]struct {
			Traits  map[string]json.RawMessage `json:"traits"`
			Members map[string]struct {
				Traits map[string]json.RawMessage `json:"traits"`
			} `json:"members"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &model); err != nil {
		t.Fatal(err)
	}
	constructors := map[string]func(string) *apiError{
		"AccessDeniedException":          errAccessDenied,
		"AuthorizationPendingException":  errAuthorizationPending,
		"ExpiredTokenException":          errExpiredToken,
		"InternalServerException":        errInternal,
		"InvalidClientException":         errInvalidClient,
		"InvalidClientMetadataException": errInvalidClientMetadata,
		"InvalidGrantException":          errInvalidGrant,
		"InvalidRedirectUriException":    errInvalidRedirectURI,
		"InvalidRequestException":        errInvalidRequest,
		"InvalidScopeException":          errInvalidScope,
		"SlowDownException":              errSlowDown,
		"UnauthorizedClientException":    errUnauthorizedClient,
		"UnsupportedGrantTypeException":  errUnsupportedGrantType,
	}
	// The emulator serves one region, so it never sends this one.
	const neverSent = "InvalidRequestRegionException"
	codeInDoc := regexp.MustCompile(`<code>([a-z_]+)</code>`)
	seen := 0
	for id, shape := range model.Shapes {
		if _, isError := shape.Traits["smithy.api#error"]; !isError {
			continue
		}
		name := id[strings.LastIndexByte(id, '#')+1:]
		var status int
		if err := json.Unmarshal(shape.Traits["smithy.api#httpError"], &status); err != nil {
			t.Fatalf("%s: httpError: %v", name, err)
		}
		var doc string
		_ = json.Unmarshal(shape.Members["error"].Traits["smithy.api#documentation"], &doc)
		m := codeInDoc.FindStringSubmatch(doc)
		if m == nil {
			t.Fatalf("%s: no OAuth code in %q", name, doc)
		}
		if name == neverSent {
			continue
		}
		seen++
		ctor := constructors[name]
		if ctor == nil {
			t.Errorf("%s: the emulator cannot send this modeled error", name)
			continue
		}
		e := ctor("description")
		body := e.body()
		if e.status != status || e.code != name || body["error"] != m[1] || body["error_description"] != "description" {
			t.Errorf("%s: emulator sends %d %s %v; model says %d %s", name, e.status, e.code, body, status, m[1])
		}
	}
	if seen != len(constructors) {
		t.Errorf("the model has %d errors the emulator sends, the emulator %d", seen, len(constructors))
	}
}

// The front door errors have a message and no OAuth members.
func TestFrontDoorErrors(t *testing.T) {
	for _, e := range []*apiError{errMissingAuthentication(), errIncompleteSignature("m"), errUnrecognizedClient(), errInvalidSignature("m")} {
		b := e.body()
		if b["message"] == "" || b["error"] != "" || (e.status != http.StatusBadRequest && e.status != http.StatusForbidden) {
			t.Errorf("%s: %d %v", e.code, e.status, b)
		}
	}
}
