package login

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/internal/ssocache"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

const vanityURL = "https://sso.example.com/start"

// network is the network of a vanity start URL test, an http.RoundTripper:
// sso.example.com redirects to location, every oidc.REGION.amazonaws.com
// and portal.sso.REGION.amazonaws.com is the emulator, 127.0.0.1 is
// itself, and nothing else exists. It records the requests (without
// their query), with the URL members of their JSON bodies.
type network struct {
	emu      *url.URL
	location string

	mu   sync.Mutex
	reqs []string // "POST https://oidc.eu-west-1.amazonaws.com/device_authorization startUrl=https://..."
}

func (n *network) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	if r.URL.Hostname() == "127.0.0.1" {
		r.Body = io.NopCloser(bytes.NewReader(body))
		return http.DefaultTransport.RoundTrip(r)
	}
	line := r.Method + " " + r.URL.Scheme + "://" + r.URL.Host + r.URL.Path
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		for _, k := range []string{"startUrl", "issuerUrl"} {
			if v, ok := m[k]; ok {
				line += fmt.Sprintf(" %s=%v", k, v)
			}
		}
	}
	n.mu.Lock()
	n.reqs = append(n.reqs, line)
	n.mu.Unlock()
	switch h := r.URL.Hostname(); {
	case h == "sso.example.com":
		return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {n.location}}, Body: http.NoBody, Request: r}, nil
	case n.emu != nil && (strings.HasPrefix(h, "oidc.") || strings.HasPrefix(h, "portal.sso.")) && strings.HasSuffix(h, ".amazonaws.com"):
		out := r.Clone(r.Context())
		out.URL.Scheme, out.URL.Host, out.Host = n.emu.Scheme, n.emu.Host, n.emu.Host
		out.Body = io.NopCloser(bytes.NewReader(body))
		return http.DefaultTransport.RoundTrip(out)
	}
	return nil, &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), IsNotFound: true}
}

// requests are the requests so far, and forgets them.
func (n *network) requests() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	r := n.reqs
	n.reqs = nil
	return r
}

func (n *network) client() *http.Client { return &http.Client{Transport: n} }

// vanityEnv is an emulator and a session of it, of sso-session
// testSession with StartURL vanityURL and no Region, changed by mutate,
// whose requests go over a network that redirects vanityURL to location.
func vanityEnv(t *testing.T, location string, mutate ...func(*Config)) (*env, *network) {
	t.Helper()
	n := &network{location: location}
	e := newEnv(t, ssooidctest.Options{AutoApprove: true}, append([]func(*Config){func(c *Config) {
		c.StartURL, c.Region = vanityURL, ""
		c.Client, c.Portal = nil, nil // the session's own, for the Region it finds
		c.HTTPClient = n.client()
	}}, mutate...)...)
	var err error
	if n.emu, err = url.Parse(e.srv.URL); err != nil {
		t.Fatal(err)
	}
	return e, n
}

// polls collapses the repeated CreateToken polls of a device code login.
func polls(reqs []string) []string {
	var out []string
	for _, r := range reqs {
		if len(out) == 0 || r != out[len(out)-1] || !strings.HasSuffix(r, "/token") {
			out = append(out, r)
		}
	}
	return out
}

func checkRequests(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: requests\n\t%s\nwant\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

const (
	portalURL = "https://ssoins-7223b2f0a1b2c3d4.portal.eu-west-1.app.aws/start"
	euWest1   = "POST https://oidc.eu-west-1.amazonaws.com"
)

// A device code login of a legacy profile whose start URL is on the
// customer's domain and which has no sso_region, as the AWS CLI does it:
// one HEAD, StartDeviceAuthorization with the portal URL it redirects to,
// every call in the Region the portal's host names; the cache key and the
// token file's startUrl are the configured URL, its region the portal's.
// A session that finds the token cached makes no request, and refreshes,
// gets role credentials and logs out in the file's Region.
func TestVanityDeviceLogin(t *testing.T) {
	e, n := vanityEnv(t, portalURL+"/", func(c *Config) { c.SessionName = "" })
	ctx := context.Background()
	if _, err := e.sess.Token(ctx); !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("Token before the login: %v", err)
	}
	checkRequests(t, "Token before the login", n.requests(), nil)
	if _, err := e.sess.Login(ctx, deviceOptions()); err != nil {
		t.Fatal(err)
	}
	checkRequests(t, "login", polls(n.requests()), []string{
		"HEAD " + vanityURL,
		euWest1 + "/client/register",
		euWest1 + "/device_authorization startUrl=" + portalURL,
		euWest1 + "/token",
	})
	if e.sess.CacheFile() != e.sess.cache.TokenPath(vanityURL) {
		t.Errorf("cache file %s, want the one of %s", e.sess.CacheFile(), vanityURL)
	}
	ft, err := e.sess.cache.ReadToken(vanityURL)
	if err != nil || ft.StartURL != vanityURL || ft.Region != "eu-west-1" {
		t.Fatalf("token file %+v, %v", ft, err)
	}
	if _, err := e.sess.cache.ReadRegistration(ssocache.RegistrationKey{Region: "eu-west-1", Scopes: testScopes, StartURL: vanityURL}); err != nil {
		t.Errorf("registration: %v", err)
	}
	if e.sess.Region() != "eu-west-1" {
		t.Errorf("Region() = %q", e.sess.Region())
	}

	// Another program.
	s, err := New(Config{StartURL: vanityURL, Scopes: testScopes, HTTPClient: n.client(), CacheDir: e.sess.cfg.CacheDir, CLICacheDir: t.TempDir(), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	checkRequests(t, "Token of the cached token", n.requests(), nil)
	if s.Region() != "eu-west-1" {
		t.Errorf("Region() = %q", s.Region())
	}
	st, err := s.Status(ctx)
	if err != nil || st.Region != "eu-west-1" || st.StartURL != vanityURL {
		t.Errorf("Status %+v, %v", st, err)
	}
	e.clock.Advance(ssooidctest.DefaultAccessTokenTTL - time.Minute)
	if _, err := s.Token(ctx); err != nil {
		t.Fatal(err)
	}
	checkRequests(t, "refresh", n.requests(), []string{euWest1 + "/token"})
	if _, err := s.RoleCredentials(ctx, Role{AccountID: ssooidctest.DefaultAccountID, RoleName: "ReadOnly"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	checkRequests(t, "role credentials and logout", n.requests(), []string{
		"GET https://portal.sso.eu-west-1.amazonaws.com/federation/credentials",
		"POST https://portal.sso.eu-west-1.amazonaws.com/logout",
	})
}

// A PKCE login of an sso-session with a vanity start URL registers with
// the portal URL as issuerUrl, and sends the browser to the authorize
// endpoint of the portal's Region.
func TestVanityPKCELogin(t *testing.T) {
	e, n := vanityEnv(t, portalURL)
	var opened []string
	o := Options{Flow: FlowPKCE, Stdout: &syncBuffer{}, OpenBrowser: func(u string) error {
		opened = append(opened, u)
		resp, err := n.client().Get(u)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}}
	if _, err := e.sess.Login(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 {
		t.Fatalf("opened %q", opened)
	}
	checkRequests(t, "login", n.requests(), []string{
		"HEAD " + vanityURL,
		euWest1 + "/client/register issuerUrl=" + portalURL,
		"GET https://oidc.eu-west-1.amazonaws.com/authorize",
		euWest1 + "/token",
	})
	ft, err := e.sess.cache.ReadToken(testSession)
	if err != nil || ft.StartURL != vanityURL || ft.Region != "eu-west-1" {
		t.Fatalf("token file %+v, %v", ft, err)
	}
	k := ssocache.RegistrationKey{Region: "eu-west-1", Scopes: testScopes, SessionName: testSession, StartURL: vanityURL, GrantTypes: pkceGrants}
	if _, err := e.sess.cache.ReadRegistration(k); err != nil {
		t.Errorf("registration: %v", err)
	}
}

// The Region of the portal's host wins over sso_region, as in the AWS CLI,
// for the login and the refreshes; sso_region gives the Region of a portal
// whose host names none; a start URL on an AWS host is used as it is, with
// no request.
func TestVanityRegion(t *testing.T) {
	for _, tc := range []struct {
		name, startURL, region, location string
		want                             []string
	}{
		{"host wins", vanityURL, "us-east-1", portalURL, []string{
			"HEAD " + vanityURL,
			euWest1 + "/client/register",
			euWest1 + "/device_authorization startUrl=" + portalURL,
			euWest1 + "/token",
		}},
		{"awsapps.com and sso_region", vanityURL, "eu-central-1", "https://d-1234567890.awsapps.com/start/#/", []string{
			"HEAD " + vanityURL,
			"POST https://oidc.eu-central-1.amazonaws.com/client/register",
			"POST https://oidc.eu-central-1.amazonaws.com/device_authorization startUrl=https://d-1234567890.awsapps.com/start",
			"POST https://oidc.eu-central-1.amazonaws.com/token",
		}},
		{"AWS host", "https://d-1234567890.awsapps.com/start/", "us-east-2", "", []string{
			"POST https://oidc.us-east-2.amazonaws.com/client/register",
			"POST https://oidc.us-east-2.amazonaws.com/device_authorization startUrl=https://d-1234567890.awsapps.com/start/",
			"POST https://oidc.us-east-2.amazonaws.com/token",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, n := vanityEnv(t, tc.location, func(c *Config) { c.StartURL, c.Region = tc.startURL, tc.region })
			if _, err := e.sess.Login(context.Background(), deviceOptions()); err != nil {
				t.Fatal(err)
			}
			checkRequests(t, "login", polls(n.requests()), tc.want)
			region := strings.Split(strings.TrimPrefix(tc.want[len(tc.want)-1], "POST https://oidc."), ".")[0]
			if ft, err := e.sess.cache.ReadToken(testSession); err != nil || ft.StartURL != tc.startURL || ft.Region != region {
				t.Errorf("token file %+v, %v; want region %s", ft, err, region)
			}
			// The refresh goes where the login went, whatever sso_region says.
			e.clock.Advance(ssooidctest.DefaultAccessTokenTTL - time.Minute)
			if _, err := e.sess.Token(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkRequests(t, "refresh", n.requests(), tc.want[len(tc.want)-1:])
		})
	}
}

// A start URL that cannot be resolved fails the login before any call,
// with an error that names where it is set and what to change.
func TestVanityLoginFails(t *testing.T) {
	const source = "/h/.aws/config:4: [sso-session corp] sso_start_url"
	for _, tc := range []struct {
		name, startURL, region, location string
		want                             string
		reqs                             []string
	}{
		{"no Region", vanityURL, "", "https://d-1234567890.awsapps.com/start",
			source + ` "https://sso.example.com/start": it redirects to "https://d-1234567890.awsapps.com/start", whose host names no Region; set sso_region`,
			[]string{"HEAD " + vanityURL}},
		{"not an AWS host", vanityURL, "us-east-1", "https://idp.example.net/login",
			source + ` "https://sso.example.com/start": it redirects to "https://idp.example.net/login", not to an AWS access portal`,
			[]string{"HEAD " + vanityURL}},
		{"not https", "http://d-1234567890.awsapps.com/start", "us-east-1", "",
			source + ` "http://d-1234567890.awsapps.com/start": the start URL must use https`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := &network{location: tc.location}
			s, err := NewSession(ssooidc.Config{HTTPClient: n.client(), SSO: ssooidc.SSOConfig{
				SessionName: "corp", StartURL: tc.startURL, StartURLSource: source, Region: tc.region,
			}}, func(c *Config) { c.CacheDir = t.TempDir() })
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Login(context.Background(), deviceOptions())
			var se *StartURLError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) || errors.Is(err, ErrLoginRequired) {
				t.Errorf("error %v, want a *StartURLError with %q", err, tc.want)
			}
			checkRequests(t, "login", n.requests(), tc.reqs)
			if _, err := s.cache.ReadToken("corp"); err == nil {
				t.Error("a token was cached")
			}
		})
	}
}
