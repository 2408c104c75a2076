package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ssooidc-go/ssooidc"
)

// recorder sends requests on and keeps every value of a member named in
// keys, from request and response bodies alike.
type recorder struct {
	next http.Client
	keys map[string]bool
	mu   sync.Mutex
	seen map[string][]string // member name -> values
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		r.note(b)
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := r.next.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.note(b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func (r *recorder) note(body []byte) {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range m {
		if s, ok := v.(string); ok && r.keys[k] && s != "" {
			r.seen[k] = append(r.seen[k], s)
		}
	}
}

// TestRun runs the login and checks what it printed against what went over
// the wire: every secret exchanged stays out of the output, and the user
// code, which the user must see, is in it.
func TestRun(t *testing.T) {
	secrets := []string{"clientSecret", "deviceCode", "accessToken", "refreshToken", "idToken"}
	rec := &recorder{keys: map[string]bool{"userCode": true}, seen: map[string][]string{}}
	for _, k := range secrets {
		rec.keys[k] = true
	}
	var out strings.Builder
	if err := run(context.Background(), &out, func(o *ssooidc.Options) { o.HTTPClient = rec }); err != nil {
		t.Fatal(err)
	}
	printed := out.String()
	// The check below is only as good as what it saw: the client secret,
	// the device code and the access token must all have gone by.
	for _, k := range []string{"clientSecret", "deviceCode", "accessToken", "userCode"} {
		if len(rec.seen[k]) == 0 {
			t.Fatalf("no %s went over the wire; the test watches nothing", k)
		}
	}
	for _, k := range secrets {
		for _, v := range rec.seen[k] {
			if strings.Contains(printed, v) {
				t.Errorf("the output shows the %s", k)
				break
			}
		}
	}
	if !strings.Contains(printed, rec.seen["userCode"][0]) {
		t.Errorf("the output does not show the user code %q", rec.seen["userCode"][0])
	}
	if !strings.Contains(printed, "got a Bearer token") {
		t.Errorf("the output does not report the token")
	}
	if !t.Failed() {
		t.Log(printed) // only once it is known to hold no secret
	}
}
