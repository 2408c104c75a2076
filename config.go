package ssooidc

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/ssooidc-go/ssooidc/internal/endpoints"
	"github.com/ssooidc-go/ssooidc/internal/ini"
	"github.com/ssooidc-go/ssooidc/internal/redact"
	"github.com/ssooidc-go/ssooidc/internal/starturl"
	"github.com/ssooidc-go/ssooidc/internal/transport"
)

// Config is the resolved configuration of a client: what LoadConfig found in
// its options, the environment and the shared files. Pass it to
// NewFromConfig.
type Config struct {
	// Region is the AWS Region of the service.
	Region string

	// Credentials sign CreateTokenWithIAM. Never nil after LoadConfig; it
	// may be a provider that reports why no credentials were found.
	Credentials CredentialsProvider

	// BaseEndpoint replaces the endpoint resolved from the Region.
	BaseEndpoint *string

	// PortalEndpoint replaces the endpoint of the IAM Identity Center
	// portal (package portal) resolved from the Region, as BaseEndpoint
	// does for SSO OIDC, from the portal's settings: AWS_ENDPOINT_URL_SSO
	// and the [services] key sso.
	PortalEndpoint *string

	UseFIPS      bool
	UseDualStack bool

	RetryMaxAttempts int
	RetryMode        RetryMode

	// HTTPClient is set when the configuration needs its own transport
	// (a CA bundle); otherwise the client's default is used.
	HTTPClient HTTPClient

	// RetryMaxBackoff caps the wait between attempts (Options.RetryMaxBackoff).
	RetryMaxBackoff time.Duration

	// Timeout bounds the time to establish a connection, not the call
	// (Options.Timeout).
	Timeout time.Duration

	// CloseConnection closes the HTTP connection after each call.
	CloseConnection bool

	// AppID is added to the User-Agent header.
	AppID string

	// Logger and ClientLogMode select what the client logs, and where
	// (Options.Logger, Options.ClientLogMode).
	Logger        logging.Logger
	ClientLogMode ClientLogMode

	// Profile is the shared-config profile that was used.
	Profile string

	// SSOProfile is set when Profile has no SSO settings but a profile of
	// its source_profile chain has: the first such, which a login is for.
	// SSO holds Profile's settings, not SSOProfile's.
	SSOProfile string

	// SSO holds the profile's IAM Identity Center settings, which a login
	// needs: the start URL and the Region of the instance. A login uses
	// SSO.Region (sso_region), not Region: the login package always does,
	// while a client from NewFromConfig calls Region.
	SSO SSOConfig
}

// SSOConfig is the IAM Identity Center part of a profile: its own sso_*
// keys, or those of the [sso-session] it names.
type SSOConfig struct {
	// SessionName is the profile's sso_session, empty for legacy profiles.
	SessionName string
	// StartURL is the access portal URL (sso_start_url).
	StartURL string
	// StartURLSource is where StartURL is set, as errors name it
	// ("FILE:LINE: sso_start_url").
	StartURLSource string
	// Region is the Region of the IAM Identity Center instance
	// (sso_region). It may be empty when StartURL is on the customer's own
	// domain: a login then finds it where StartURL redirects.
	Region string
	// RegistrationScopes are the scopes to register the client with
	// (sso_registration_scopes).
	RegistrationScopes []string
	// AccountID and RoleName select the role a login gives credentials for.
	AccountID string
	RoleName  string
}

// RetryMode selects how failed calls are retried.
type RetryMode string

// The retry modes.
const (
	// RetryModeStandard retries with exponential backoff, under a retry
	// quota. The default.
	RetryModeStandard RetryMode = transport.RetryModeStandard
	// RetryModeAdaptive adds client-side rate limiting when the service
	// throttles.
	RetryModeAdaptive RetryMode = transport.RetryModeAdaptive
)

// LoadOptions are explicit settings for LoadConfig. They win over the
// environment and the shared files.
type LoadOptions struct {
	Region      string
	Profile     string
	Credentials CredentialsProvider
	// Endpoint is the complete URL of the services, SSO OIDC and the
	// portal, such as "http://127.0.0.1:8080".
	Endpoint string

	UseFIPS      *bool
	UseDualStack *bool

	RetryMaxAttempts int
	RetryMode        RetryMode
	RetryMaxBackoff  time.Duration

	HTTPClient      HTTPClient
	Timeout         time.Duration
	CloseConnection bool
	AppID           string
	Logger          logging.Logger
	ClientLogMode   ClientLogMode

	// SSOSession selects an [sso-session NAME] section for Config.SSO,
	// in place of the profile's sso_* settings.
	SSOSession string

	// ConfigFile and CredentialsFile replace the shared files' paths
	// (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws/...).
	ConfigFile      string
	CredentialsFile string
}

// LoadOption sets a LoadOptions field.
type LoadOption func(*LoadOptions) error

// WithRegion sets the Region.
func WithRegion(region string) LoadOption {
	return func(o *LoadOptions) error { o.Region = region; return nil }
}

// WithProfile selects a shared-config profile.
func WithProfile(name string) LoadOption {
	return func(o *LoadOptions) error { o.Profile = name; return nil }
}

// WithCredentials sets the credentials provider, replacing the default
// chain.
func WithCredentials(p CredentialsProvider) LoadOption {
	return func(o *LoadOptions) error { o.Credentials = p; return nil }
}

// WithStaticCredentials sets fixed credentials. sessionToken may be empty.
func WithStaticCredentials(accessKeyID, secretAccessKey, sessionToken string) LoadOption {
	return WithCredentials(NewStaticCredentialsProvider(accessKeyID, secretAccessKey, sessionToken))
}

// WithAnonymousCredentials makes the client use no credentials: the three
// unsigned operations work, and CreateTokenWithIAM fails before sending.
func WithAnonymousCredentials() LoadOption {
	return WithCredentials(AnonymousCredentials{})
}

// WithEndpoint sets the complete URL of the services, SSO OIDC and the
// portal.
func WithEndpoint(endpoint string) LoadOption {
	return func(o *LoadOptions) error { o.Endpoint = endpoint; return nil }
}

// WithCloseConnection closes the HTTP connection after each call.
func WithCloseConnection(close bool) LoadOption {
	return func(o *LoadOptions) error { o.CloseConnection = close; return nil }
}

// WithTimeout sets how long a connection attempt may take (default 60s).
// It is a connect timeout, not a limit on a call: bound a call with its
// context.
func WithTimeout(d time.Duration) LoadOption {
	return func(o *LoadOptions) error {
		if d < 0 {
			return fmt.Errorf("timeout %v is negative", d)
		}
		o.Timeout = d
		return nil
	}
}

// WithRetryMaxAttempts sets the number of attempts per call.
func WithRetryMaxAttempts(n int) LoadOption {
	return func(o *LoadOptions) error {
		if n < 1 {
			return fmt.Errorf("retry max attempts %d: must be at least 1", n)
		}
		o.RetryMaxAttempts = n
		return nil
	}
}

// WithRetryMaxBackoff caps the wait between attempts (default 20s).
func WithRetryMaxBackoff(d time.Duration) LoadOption {
	return func(o *LoadOptions) error {
		if d < 0 {
			return fmt.Errorf("retry max backoff %v is negative", d)
		}
		o.RetryMaxBackoff = d
		return nil
	}
}

// WithLogger sets the logger of the clients made from the Config; mode
// selects what they log (see ClientLogMode). Secrets are never logged.
func WithLogger(l logging.Logger, mode ClientLogMode) LoadOption {
	return func(o *LoadOptions) error { o.Logger, o.ClientLogMode = l, mode; return nil }
}

// WithRetryMode sets the retry mode.
func WithRetryMode(m RetryMode) LoadOption {
	return func(o *LoadOptions) error {
		if _, err := parseRetryMode(string(m)); err != nil {
			return err
		}
		o.RetryMode = m
		return nil
	}
}

// WithHTTPClient sets the HTTP client.
func WithHTTPClient(c HTTPClient) LoadOption {
	return func(o *LoadOptions) error { o.HTTPClient = c; return nil }
}

// WithUseFIPS selects (or not) the FIPS endpoint.
func WithUseFIPS(v bool) LoadOption {
	return func(o *LoadOptions) error { o.UseFIPS = &v; return nil }
}

// WithUseDualStack selects (or not) the dual-stack endpoint.
func WithUseDualStack(v bool) LoadOption {
	return func(o *LoadOptions) error { o.UseDualStack = &v; return nil }
}

// WithAppID sets the application ID added to the User-Agent header.
func WithAppID(id string) LoadOption {
	return func(o *LoadOptions) error { o.AppID = id; return nil }
}

// WithSSOSession makes Config.SSO come from the [sso-session NAME] section
// of the config file, whatever the profile says: a login that needs no
// profile. The profile, if any, still supplies the other settings.
func WithSSOSession(name string) LoadOption {
	return func(o *LoadOptions) error {
		if name == "" {
			return fmt.Errorf("sso-session name is empty")
		}
		o.SSOSession = name
		return nil
	}
}

// WithSharedConfigFiles replaces the paths of the shared config and
// credentials files; an empty path keeps the default.
func WithSharedConfigFiles(configFile, credentialsFile string) LoadOption {
	return func(o *LoadOptions) error {
		o.ConfigFile, o.CredentialsFile = configFile, credentialsFile
		return nil
	}
}

// NewFromConfig returns a client configured by cfg, changed by optFns.
//
// The client calls the service in cfg.Region, the profile's region, as
// "aws sso-oidc" does. A login belongs to the IAM Identity Center
// instance's Region instead, cfg.SSO.Region (sso_region), which the login
// package always uses; the two differ when the profile works in another
// Region than its instance.
func NewFromConfig(cfg Config, optFns ...func(*Options)) *Client {
	return New(Options{
		Region:           cfg.Region,
		BaseEndpoint:     cfg.BaseEndpoint,
		UseFIPS:          cfg.UseFIPS,
		UseDualStack:     cfg.UseDualStack,
		Credentials:      cfg.Credentials,
		HTTPClient:       cfg.HTTPClient,
		RetryMaxAttempts: cfg.RetryMaxAttempts,
		RetryMode:        cfg.RetryMode,
		RetryMaxBackoff:  cfg.RetryMaxBackoff,
		Timeout:          cfg.Timeout,
		CloseConnection:  cfg.CloseConnection,
		AppID:            cfg.AppID,
		Logger:           cfg.Logger,
		ClientLogMode:    cfg.ClientLogMode,
	}, optFns...)
}

// LoadConfig resolves the configuration the way the AWS CLI and SDKs do:
// explicit options first, then environment variables, then the shared
// config and credentials files, then defaults. Nothing is fetched over the
// network: credential sources such as instance metadata are asked only when
// a signed call needs them.
//
// Any invalid setting is an error naming the variable, or the file and line,
// it came from; a Config is returned only when all of it is valid.
func LoadConfig(ctx context.Context, opts ...LoadOption) (Config, error) {
	var lo LoadOptions
	for _, fn := range opts {
		if err := fn(&lo); err != nil {
			return Config{}, fmt.Errorf("ssooidc: %w", err)
		}
	}
	cfg, err := resolveConfig(&lo, os.Getenv)
	if err != nil {
		return Config{}, fmt.Errorf("ssooidc: %w", err)
	}
	return cfg, nil
}

// loader resolves one setting at a time from the three layers.
type loader struct {
	opts       *LoadOptions
	getenv     func(string) string
	files      *ini.Sections
	configPath string
	profile    ini.Section
	home       string // the home directory, for "~" in paths
}

func resolveConfig(lo *LoadOptions, getenv func(string) string) (Config, error) {
	l := &loader{opts: lo, getenv: getenv}
	// Settings only an option gives.
	cfg := Config{
		Timeout:          lo.Timeout,
		CloseConnection:  lo.CloseConnection,
		HTTPClient:       lo.HTTPClient,
		RetryMaxAttempts: lo.RetryMaxAttempts,
		RetryMaxBackoff:  lo.RetryMaxBackoff,
		Logger:           lo.Logger,
		ClientLogMode:    lo.ClientLogMode,
	}
	if err := l.loadFiles(); err != nil {
		return Config{}, err
	}
	cfg.Profile = l.profile.Name

	// Region: option, AWS_REGION, AWS_DEFAULT_REGION, profile.
	region, src := l.str(lo.Region, "region", "AWS_REGION", "AWS_DEFAULT_REGION")
	if region != "" && !endpoints.ValidRegion(region) {
		return Config{}, fmt.Errorf("%s %q is not a valid AWS Region name", cmp.Or(src, "region"), region)
	}
	cfg.Region = region

	var err error
	if cfg.BaseEndpoint, err = l.endpoint("AWS_ENDPOINT_URL_SSO_OIDC", "sso_oidc"); err != nil {
		return Config{}, err
	}
	if cfg.PortalEndpoint, err = l.endpoint("AWS_ENDPOINT_URL_SSO", "sso"); err != nil {
		return Config{}, err
	}
	if cfg.UseFIPS, err = l.boolean(lo.UseFIPS, "use_fips_endpoint", "AWS_USE_FIPS_ENDPOINT"); err != nil {
		return Config{}, err
	}
	if cfg.UseDualStack, err = l.boolean(lo.UseDualStack, "use_dualstack_endpoint", "AWS_USE_DUALSTACK_ENDPOINT"); err != nil {
		return Config{}, err
	}
	if cfg.RetryMaxAttempts == 0 {
		if v, src := l.str("", "max_attempts", "AWS_MAX_ATTEMPTS"); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 1 {
				return Config{}, fmt.Errorf("%s: max attempts %q is not a whole number of at least 1", src, v)
			}
			cfg.RetryMaxAttempts = n
		}
	}
	mode, src := l.str(string(lo.RetryMode), "retry_mode", "AWS_RETRY_MODE")
	if cfg.RetryMode, err = parseRetryMode(mode); err != nil {
		return Config{}, at(src, err)
	}
	cfg.AppID, _ = l.str(lo.AppID, "sdk_ua_app_id", "AWS_SDK_UA_APP_ID")

	if cfg.HTTPClient == nil {
		if bundle, src := l.str("", "ca_bundle", "AWS_CA_BUNDLE"); bundle != "" {
			if cfg.HTTPClient, err = caBundleClient(ini.ExpandHome(l.home, bundle), src, cfg.Timeout); err != nil {
				return Config{}, err
			}
		}
	}
	if cfg.SSO, err = l.sso(); err != nil {
		return Config{}, err
	}
	if cfg.Credentials, err = l.credentials(); err != nil {
		// Reported by the signed call that needs credentials: a caller that
		// only logs in must not fail on a source it never uses.
		cfg.Credentials = errorProvider{err}
	}
	if l.opts.SSOSession == "" && cfg.SSO.SessionName == "" && cfg.SSO.StartURL == "" && cfg.SSO.Region == "" {
		cfg.SSOProfile = l.ssoProfile()
	}
	return cfg, nil
}

// ssoProfile is the first profile with SSO settings of the source_profile
// chain that starts at the profile, which has none; "" if there is none.
func (l *loader) ssoProfile() string {
	p := l.profile
	for seen := map[string]bool{}; !seen[p.Name]; {
		seen[p.Name] = true
		next, _ := p.String("source_profile")
		var ok bool
		if p, ok = l.files.Profile(next); !ok {
			return ""
		}
		for _, k := range []string{"sso_session", "sso_start_url", "sso_region"} {
			if v, _ := p.String(k); v != "" {
				return p.Name
			}
		}
	}
	return ""
}

// loadFiles reads the shared files and selects the profile.
func (l *loader) loadFiles() error {
	var configPath, credsPath string
	l.home, configPath, credsPath = ini.Locate(runtime.GOOS, l.getenv)
	configPath = ini.ExpandHome(l.home, cmp.Or(l.opts.ConfigFile, configPath))
	credsPath = ini.ExpandHome(l.home, cmp.Or(l.opts.CredentialsFile, credsPath))
	files, err := ini.Load(configPath, credsPath)
	if err != nil {
		return err
	}
	l.files = files
	l.configPath = configPath

	name, src := l.opts.Profile, ""
	for _, env := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE"} {
		if name != "" {
			break
		}
		name, src = l.getenv(env), env
	}
	explicit := name != ""
	if !explicit {
		name = "default"
	}
	p, ok := files.Profile(name)
	if !ok && explicit {
		return noProfile(files, name, src, configPath, credsPath)
	}
	p.Name = name
	l.profile = p
	return nil
}

// noProfile says why profile name, chosen by src (an environment variable,
// or "" for the option), is in neither file.
func noProfile(files *ini.Sections, name, src, configPath, credsPath string) error {
	if file, line, ok := files.Ignored(name); ok {
		return fmt.Errorf("%s:%d: [%s] is no profile in the config file: name it [profile %s]", file, line, name, name)
	}
	if file, line, ok := files.Ignored("profile " + name); ok {
		return fmt.Errorf("%s:%d: [profile %s] is no profile in the credentials file: name it [%s]", file, line, name, name)
	}
	msg := fmt.Sprintf("profile %q", name)
	if src != "" {
		msg += " (" + src + ")"
	}
	if configPath == "" && credsPath == "" {
		return errors.New(msg + ": no home directory to find the shared config files in (set HOME, or AWS_CONFIG_FILE)")
	}
	var in, missing []string
	for _, f := range [][2]string{{"config", configPath}, {"credentials", credsPath}} {
		if _, err := os.Stat(f[1]); err == nil {
			in = append(in, f[1])
		} else if f[1] != "" {
			missing = append(missing, "the "+f[0]+" file "+f[1]+" is missing")
		}
	}
	if len(in) == 0 {
		return errors.New(msg + ": " + strings.Join(missing, ", and "))
	}
	return errors.New(strings.Join(append([]string{msg + " is not in " + strings.Join(in, " or ")}, missing...), ", and "))
}

// str returns the first set value of: the option, the environment
// variables in order, the profile key; and where it came from.
func (l *loader) str(option, key string, envs ...string) (value, source string) {
	if option != "" {
		return option, ""
	}
	for _, env := range envs {
		if v := l.getenv(env); v != "" {
			return v, env
		}
	}
	if v, ok := l.profile.String(key); ok && v != "" {
		return v, l.where(key)
	}
	return "", ""
}

// at prefixes err with src, the variable or file:line: key a setting came
// from; an option ("") needs no naming.
func at(src string, err error) error {
	if src == "" {
		return err
	}
	return fmt.Errorf("%s: %w", src, err)
}

// where names the file and line of a profile key, for error messages.
func (l *loader) where(key string) string {
	file, line := l.profile.Source(key)
	return fmt.Sprintf("%s:%d: %s", file, line, key)
}

func (l *loader) boolean(option *bool, key, env string) (bool, error) {
	if option != nil {
		return *option, nil
	}
	v, src := l.str("", key, env)
	if v == "" {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is not true or false", src, v)
}

// endpoint applies the precedence of the AWS service-specific endpoints
// feature to the service whose variable is env and whose [services] key is
// key: option, env (AWS_ENDPOINT_URL_SSO_OIDC), AWS_ENDPOINT_URL, the key's
// entry (sso_oidc) of the profile's [services] section, the profile's
// endpoint_url. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile key)
// turns off all but the option.
func (l *loader) endpoint(env, key string) (*string, error) {
	if l.opts.Endpoint != "" {
		return checkedEndpoint(l.opts.Endpoint, "")
	}
	ignore, err := l.boolean(nil, "ignore_configured_endpoint_urls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if err != nil || ignore {
		return nil, err
	}
	for _, env := range []string{env, "AWS_ENDPOINT_URL"} {
		if v := l.getenv(env); v != "" {
			return checkedEndpoint(v, env)
		}
	}
	if name, ok := l.profile.String("services"); ok && name != "" {
		svc, ok := l.files.Services(name)
		if !ok {
			return nil, fmt.Errorf("%s: no [services %s] section", l.where("services"), name)
		}
		if sub, ok := svc.Sub(key); ok {
			if v := sub["endpoint_url"]; v != "" {
				file, line := svc.Source(key)
				return checkedEndpoint(v, fmt.Sprintf("%s:%d: [services %s] %s endpoint_url", file, line, name, key))
			}
		}
	}
	if v, ok := l.profile.String("endpoint_url"); ok && v != "" {
		return checkedEndpoint(v, l.where("endpoint_url"))
	}
	return nil, nil
}

// checkedEndpoint returns v if it is an http or https URL; source is where
// it came from ("" for the option).
func checkedEndpoint(v, source string) (*string, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, at(source, fmt.Errorf("endpoint %q is not an http or https URL", redact.URL(v)))
	}
	return &v, nil
}

// sso reads the SSO settings: those of the sso-session option's section
// alone, or the profile's, completed by the section its sso_session names.
func (l *loader) sso() (SSOConfig, error) {
	var c SSOConfig
	name := l.opts.SSOSession
	if name == "" {
		p := l.profile
		c.AccountID, _ = p.String("sso_account_id")
		c.RoleName, _ = p.String("sso_role_name")
		c.StartURL, _ = p.String("sso_start_url")
		c.Region, _ = p.String("sso_region")
		name, _ = p.String("sso_session")
	}
	// Where the session sets them; the profile's keys are named when needed.
	var urlAt, regionAt string
	if name != "" {
		c.SessionName = name
		s, ok := l.files.SSOSession(name)
		if !ok {
			err := fmt.Errorf("no [sso-session %s] section in the config file %s", name, l.configPath)
			if l.opts.SSOSession == "" {
				err = at(l.where("sso_session"), err)
			}
			return SSOConfig{}, err
		}
		// A legacy key in the profile must agree with the session, as the
		// CLI requires.
		for _, k := range []struct {
			key     string
			dst, at *string
		}{{"sso_start_url", &c.StartURL, &urlAt}, {"sso_region", &c.Region, &regionAt}} {
			v, _ := s.String(k.key)
			if v == "" {
				// A login finds the Region of a vanity start URL.
				if *k.dst == "" && (k.key != "sso_region" || !starturl.Vanity(c.StartURL)) {
					file, line := s.Header()
					return SSOConfig{}, fmt.Errorf("%s:%d: [sso-session %s] has no %s, which a login needs", file, line, name, k.key)
				}
				continue
			}
			file, line := s.Source(k.key)
			if *k.dst != "" && *k.dst != v {
				return SSOConfig{}, fmt.Errorf("%s: %s %q differs from [sso-session %s] at %s:%d", l.where(k.key), k.key, redact.URL(*k.dst), name, file, line)
			}
			if *k.dst == "" {
				*k.at = fmt.Sprintf("%s:%d: [sso-session %s] %s", file, line, name, k.key)
			}
			*k.dst = v
		}
		scopes, _ := s.String("sso_registration_scopes")
		for scope := range strings.SplitSeq(scopes, ",") {
			if scope = strings.TrimSpace(scope); scope != "" {
				c.RegistrationScopes = append(c.RegistrationScopes, scope)
			}
		}
	}
	if c.StartURL != "" {
		if c.StartURLSource = urlAt; urlAt == "" {
			c.StartURLSource = l.where("sso_start_url")
		}
	}
	// The login endpoint is https://oidc.{sso_region}.amazonaws.com.
	if c.Region != "" && !endpoints.ValidRegion(c.Region) {
		if regionAt == "" {
			regionAt = l.where("sso_region")
		}
		return SSOConfig{}, fmt.Errorf("%s %q is not a valid AWS Region name", regionAt, c.Region)
	}
	return c, nil
}

func parseRetryMode(v string) (RetryMode, error) {
	m, err := transport.ParseRetryMode(v)
	return RetryMode(m), err
}

// caBundleClient returns an HTTP client that trusts only the certificates
// in the PEM file at path, as AWS_CA_BUNDLE means. The file must exist and
// hold a certificate block now, but is read and parsed by the first
// request: that takes 10 ms for a system bundle, which a program that finds
// a cached token and makes no call should not pay. Errors of both name
// src, where the bundle is set.
func caBundleClient(path, src string, timeout time.Duration) (HTTPClient, error) {
	if err := findPEMCertificate(path); err != nil {
		return nil, at(src, err)
	}
	return &http.Client{Transport: lazyTransport(sync.OnceValues(func() (http.RoundTripper, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, at(src, fmt.Errorf("read CA bundle: %w", err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(data) {
			return nil, at(src, fmt.Errorf("CA bundle %s holds no valid PEM certificate", path))
		}
		t := transport.NewTransport(timeout)
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		return t, nil
	}))}, nil
}

// findPEMCertificate reads the file at path up to its first PEM
// certificate header, failing if there is none.
func findPEMCertificate(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read CA bundle: %w", err)
	}
	defer f.Close()
	header := []byte("-----BEGIN CERTIFICATE-----")
	// 512 bytes: a buffer of 4 KB on the stack made the stack grow, on
	// every start with a bundle (ssooidc token 1% slower).
	buf := make([]byte, 0, 512)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case bytes.Contains(buf, header):
			return nil
		case err == io.EOF:
			return fmt.Errorf("CA bundle %s holds no PEM certificate", path)
		case err != nil:
			return fmt.Errorf("read CA bundle: %w", err)
		}
		// Keep what may be the start of a header cut by the read.
		buf = append(buf[:0], buf[len(buf)-min(len(buf), len(header)-1):]...)
	}
}

// lazyTransport is a RoundTripper made by the first request.
type lazyTransport func() (http.RoundTripper, error)

func (f lazyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t, err := f()
	if err != nil {
		if r.Body != nil {
			r.Body.Close() // as a RoundTripper must, even on error
		}
		return nil, err
	}
	return t.RoundTrip(r)
}
