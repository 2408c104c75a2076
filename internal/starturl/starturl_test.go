package starturl

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// site answers each request by its method: a status and a Location. It
// records the requests, and fails a test whose request has no deadline.
type site struct {
	t       *testing.T
	answers map[string]answer // by method
	err     error             // of every request, when set

	mu   sync.Mutex
	reqs []string // "HEAD https://..."
}

type answer struct {
	status   int
	location string
}

func (s *site) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Method+" "+r.URL.String())
	s.mu.Unlock()
	if _, ok := r.Context().Deadline(); !ok {
		s.t.Errorf("%s %s has no deadline", r.Method, r.URL)
	}
	if s.err != nil {
		return nil, s.err
	}
	a, ok := s.answers[r.Method]
	if !ok {
		a = answer{status: http.StatusTeapot}
	}
	h := http.Header{}
	if a.location != "" {
		h.Set("Location", a.location)
	}
	return &http.Response{StatusCode: a.status, Header: h, Body: http.NoBody, Request: r}, nil
}

const vanity = "https://sso.example.com/start"

func TestResolve(t *testing.T) {
	head := func(status int, location string) map[string]answer {
		return map[string]answer{http.MethodHead: {status, location}}
	}
	for _, tc := range []struct {
		name       string
		startURL   string
		region     string // configured
		answers    map[string]answer
		transport  error
		wantURL    string
		wantRegion string
		wantReqs   []string
		wantErr    string // a part of the error
	}{
		{name: "302 to app.aws", answers: head(302, "https://ssoins-1234.portal.eu-west-1.app.aws/"),
			wantURL: "https://ssoins-1234.portal.eu-west-1.app.aws", wantRegion: "eu-west-1", wantReqs: []string{"HEAD " + vanity}},
		{name: "301 to portal.amazonaws.com, default port", answers: head(301, "https://ssoins-1.us-gov-west-1.portal.amazonaws.com:443/start/"),
			wantURL: "https://ssoins-1.us-gov-west-1.portal.amazonaws.com/start", wantRegion: "us-gov-west-1", wantReqs: []string{"HEAD " + vanity}},
		{name: "host region wins over sso_region", region: "us-east-1", answers: head(303, "https://ssoins-1.portal.ap-south-1.app.aws/start"),
			wantURL: "https://ssoins-1.portal.ap-south-1.app.aws/start", wantRegion: "ap-south-1", wantReqs: []string{"HEAD " + vanity}},
		{name: "upper case, query and fragment", answers: head(302, "HTTPS://SSOINS-1.PORTAL.EU-WEST-2.APP.AWS./Start?x=1#f"),
			wantURL: "https://ssoins-1.portal.eu-west-2.app.aws./Start", wantRegion: "eu-west-2", wantReqs: []string{"HEAD " + vanity}},
		{name: "other port kept", answers: head(307, "https://ssoins-1.portal.us-east-2.app.aws:8443/s"),
			wantURL: "https://ssoins-1.portal.us-east-2.app.aws:8443/s", wantRegion: "us-east-2", wantReqs: []string{"HEAD " + vanity}},
		{name: "awsapps.com with sso_region", region: "eu-central-1", answers: head(302, "https://d-1234567890.awsapps.com/start#/"),
			wantURL: "https://d-1234567890.awsapps.com/start", wantRegion: "eu-central-1", wantReqs: []string{"HEAD " + vanity}},
		{name: "awsapps.com without sso_region", answers: head(302, "https://d-1234567890.awsapps.com/start"),
			wantErr: "names no Region", wantReqs: []string{"HEAD " + vanity}},
		{name: "identitycenter.amazonaws.com with sso_region", region: "us-west-2", answers: head(308, "https://identitycenter.amazonaws.com/ssoins-1"),
			wantURL: "https://identitycenter.amazonaws.com/ssoins-1", wantRegion: "us-west-2", wantReqs: []string{"HEAD " + vanity}},
		{name: "identitycenter.amazonaws.com without sso_region", answers: head(302, "https://identitycenter.amazonaws.com/ssoins-1"),
			wantErr: "names no Region", wantReqs: []string{"HEAD " + vanity}},
		{name: "bare awsapps.com", region: "us-west-2", answers: head(302, "https://awsapps.com/start"),
			wantURL: "https://awsapps.com/start", wantRegion: "us-west-2", wantReqs: []string{"HEAD " + vanity}},
		{name: "HEAD 405, GET 302", answers: map[string]answer{"HEAD": {405, ""}, "GET": {302, "https://ssoins-1.portal.eu-north-1.app.aws"}},
			wantURL: "https://ssoins-1.portal.eu-north-1.app.aws", wantRegion: "eu-north-1", wantReqs: []string{"HEAD " + vanity, "GET " + vanity}},
		{name: "HEAD 501, GET 301", answers: map[string]answer{"HEAD": {501, ""}, "GET": {301, "https://ssoins-1.portal.eu-north-1.app.aws"}},
			wantURL: "https://ssoins-1.portal.eu-north-1.app.aws", wantRegion: "eu-north-1", wantReqs: []string{"HEAD " + vanity, "GET " + vanity}},
		{name: "HEAD 405, GET 405", answers: map[string]answer{"HEAD": {405, ""}, "GET": {405, ""}},
			wantErr: "GET " + vanity + ": HTTP 405", wantReqs: []string{"HEAD " + vanity, "GET " + vanity}},
		{name: "HEAD 405, GET 200", answers: map[string]answer{"HEAD": {405, ""}, "GET": {200, ""}},
			wantErr: "HTTP 200, not a redirect", wantReqs: []string{"HEAD " + vanity, "GET " + vanity}},
		{name: "no redirect", answers: head(200, ""), wantErr: "HEAD " + vanity + ": HTTP 200, not a redirect", wantReqs: []string{"HEAD " + vanity}},
		{name: "404", answers: head(404, ""), wantErr: "HTTP 404", wantReqs: []string{"HEAD " + vanity}},
		{name: "304 is no redirect", answers: head(304, "https://ssoins-1.portal.eu-north-1.app.aws"), wantErr: "HTTP 304", wantReqs: []string{"HEAD " + vanity}},
		{name: "no Location", answers: head(302, ""), wantErr: "HTTP 302 without a Location header", wantReqs: []string{"HEAD " + vanity}},
		{name: "not an AWS host", answers: head(302, "https://login.example.net/start"),
			wantErr: `redirects to "https://login.example.net/start", not to an AWS access portal`, wantReqs: []string{"HEAD " + vanity}},
		{name: "AWS suffix inside another domain", answers: head(302, "https://x.awsapps.com.example.net/start"),
			wantErr: "not to an AWS access portal", wantReqs: []string{"HEAD " + vanity}},
		{name: "AWS name without the dot", answers: head(302, "https://evil-awsapps.com/start"),
			wantErr: "not to an AWS access portal", wantReqs: []string{"HEAD " + vanity}},
		{name: "relative, not followed", answers: head(302, "/portal"),
			wantErr: `"https://sso.example.com/portal", not to an AWS access portal`, wantReqs: []string{"HEAD " + vanity}},
		{name: "http portal", answers: head(302, "http://ssoins-1.portal.eu-west-1.app.aws/"),
			wantErr: "does not use https", wantReqs: []string{"HEAD " + vanity}},
		{name: "bad Location", answers: head(302, "https://a b\x7f"), wantErr: `Location`, wantReqs: []string{"HEAD " + vanity}},
		{name: "network error", transport: errors.New("connection refused"), wantErr: "connection refused", wantReqs: []string{"HEAD " + vanity}},

		// AWS-owned start URLs are used as they are, with sso_region, and
		// cause no request.
		{name: "awsapps.com start URL", startURL: "https://d-1234567890.awsapps.com/start/", region: "us-east-1",
			wantURL: "https://d-1234567890.awsapps.com/start/", wantRegion: "us-east-1"},
		{name: "app.aws start URL uses sso_region", startURL: "https://ssoins-1.portal.us-west-2.app.aws", region: "us-east-1",
			wantURL: "https://ssoins-1.portal.us-west-2.app.aws", wantRegion: "us-east-1"},
		{name: "portal.amazonaws.com start URL", startURL: "https://ssoins-1.us-west-2.portal.amazonaws.com", region: "us-west-2",
			wantURL: "https://ssoins-1.us-west-2.portal.amazonaws.com", wantRegion: "us-west-2"},
		{name: "identitycenter start URL", startURL: "https://IdentityCenter.amazonaws.com./x", region: "us-west-2",
			wantURL: "https://IdentityCenter.amazonaws.com./x", wantRegion: "us-west-2"},
		{name: "http start URL", startURL: "http://sso.example.com/start", wantErr: "must use https"},
		{name: "http AWS start URL", startURL: "http://d-1.awsapps.com/start", region: "us-east-1", wantErr: "must use https"},
		{name: "no host", startURL: "https:///start", wantErr: "has no host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &site{t: t, answers: tc.answers, err: tc.transport}
			// A client that would follow redirects: Resolve must not.
			u, region, err := Resolve(context.Background(), &http.Client{Transport: s}, cmpOr(tc.startURL, vanity), tc.region)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want one with %q", err, tc.wantErr)
				}
				if tc.wantErr == "names no Region" && !errors.Is(err, ErrNoRegion) {
					t.Errorf("error %v is not ErrNoRegion", err)
				}
			} else if err != nil || u != tc.wantURL || region != tc.wantRegion {
				t.Errorf("got %q, %q, %v; want %q, %q", u, region, err, tc.wantURL, tc.wantRegion)
			}
			if err != nil && strings.ContainsFunc(err.Error(), unicode.IsControl) {
				t.Errorf("error %q holds a control character", err)
			}
			if strings.Join(s.reqs, "\n") != strings.Join(tc.wantReqs, "\n") {
				t.Errorf("requests %q, want %q", s.reqs, tc.wantReqs)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// The AWS CLI's lists (tests/unit/customizations/sso/test_resolve.py).
func TestAWSOwned(t *testing.T) {
	for _, h := range []string{
		"ssoins-abc123.portal.us-west-2.app.aws", "SSOINS-ABC123.PORTAL.US-WEST-2.APP.AWS",
		"ssoins-abc123.us-west-2.portal.amazonaws.com", "d-abc123.awsapps.com", "myalias.awsapps.com",
		"awsapps.com", "app.aws", "portal.amazonaws.com", "identitycenter.amazonaws.com", "identitycenter.amazonaws.com.",
	} {
		if !AWSOwned(h) {
			t.Errorf("AWSOwned(%q) = false", h)
		}
	}
	for _, h := range []string{
		"aws.mycompany.com", "awsapps.com.evil.net", "evil-awsapps.com", "x.app.aws.example.com",
		"amazonaws.com.example.net", "portal.amazonaws.com.evil.net", "notidentitycenter.amazonaws.com",
		"x.identitycenter.amazonaws.com", "amazonaws.com", "example.com", "",
	} {
		if AWSOwned(h) {
			t.Errorf("AWSOwned(%q) = true", h)
		}
	}
}

func TestRegionOf(t *testing.T) {
	for h, want := range map[string]string{
		"ssoins-abc.portal.us-west-2.app.aws":           "us-west-2",
		"ssoins-abc.portal.cn-north-1.app.aws":          "cn-north-1",
		"ssoins-abc.us-gov-west-1.portal.amazonaws.com": "us-gov-west-1",
		"SSOINS-ABC.US-WEST-2.PORTAL.AMAZONAWS.COM.":    "us-west-2",
		"d-abc123.awsapps.com":                          "",
		"identitycenter.amazonaws.com":                  "",
		"a.b.portal.us-west-2.app.aws":                  "",
		"portal.us-west-2.app.aws":                      "",
		"aws.mycompany.com":                             "",
	} {
		if got := regionOf(h); got != want {
			t.Errorf("regionOf(%q) = %q, want %q", h, got, want)
		}
	}
}

// FuzzRegionOf: regionOf finds what the AWS CLI's _REGION_PATTERNS find.
func FuzzRegionOf(f *testing.F) {
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`^[^.]+\.portal\.([a-z0-9-]+)\.app\.aws$`),
		regexp.MustCompile(`^[^.]+\.([a-z0-9-]+)\.portal\.amazonaws\.com$`),
	}
	for _, h := range []string{
		"ssoins-abc.portal.us-west-2.app.aws", "ssoins-abc.us-gov-west-1.portal.amazonaws.com",
		"SSOINS-ABC.US-WEST-2.PORTAL.AMAZONAWS.COM.", "a.b.portal.us-west-2.app.aws", "portal.us-west-2.app.aws",
		".portal.us-west-2.app.aws", "a.portal..app.aws", "a..portal.amazonaws.com", "a.portal.x_y.app.aws",
		"a.portal.amazonaws.com.app.aws", "é.portal.eu-west-1.app.aws", "a.portal.eu-west-1.app.aws..",
	} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, host string) {
		want := ""
		for _, re := range patterns {
			if m := re.FindStringSubmatch(strings.TrimSuffix(strings.ToLower(host), ".")); m != nil {
				want = m[1]
				break
			}
		}
		if got := regionOf(host); got != want {
			t.Errorf("regionOf(%q) = %q, the AWS CLI's patterns %q", host, got, want)
		}
	})
}

func TestVanity(t *testing.T) {
	for u, want := range map[string]bool{
		vanity:                                      true,
		"http://sso.example.com":                    true,
		"https://d-1234567890.awsapps.com/start":    false,
		"https://ssoins-1.portal.us-east-1.app.aws": false,
		"https:///start":                            false,
		"":                                          false,
		"%":                                         false,
	} {
		if got := Vanity(u); got != want {
			t.Errorf("Vanity(%q) = %v", u, got)
		}
	}
}
