package ssooidc

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// configEnv lists every variable LoadConfig reads, so each test starts from
// none of them.
var configEnv = []string{
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_SSO", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_MAX_ATTEMPTS",
	"AWS_RETRY_MODE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_CA_BUNDLE", "AWS_SDK_UA_APP_ID",
	"AWS_EC2_METADATA_DISABLED", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
}

// cleanHome points HOME at a new directory holding the given ~/.aws files
// and clears the AWS environment. IMDS is disabled so no test can reach for
// 169.254.169.254.
func cleanHome(t *testing.T, config, credentials string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for _, v := range configEnv {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	require.NoError(t, os.MkdirAll(filepath.Join(home, ".aws"), 0o700))
	if config != "" {
		require.NoError(t, os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(config), 0o600))
	}
	if credentials != "" {
		require.NoError(t, os.WriteFile(filepath.Join(home, ".aws", "credentials"), []byte(credentials), 0o600))
	}
	return home
}

// knob is one setting with its three sources.
type knob struct {
	name    string
	option  func(v string) LoadOption
	env     string
	fileKey string
	values  [3]string // the value given by option, env, file
	get     func(Config) string
	// binary knobs have two values, the default and another: the winning
	// source gets the other one, the losers the default, so the result
	// still shows which source won.
	binary bool
}

var knobs = []knob{
	{"region", WithRegion, "AWS_REGION", "region", [3]string{"eu-west-1", "eu-west-2", "eu-west-3"},
		func(c Config) string { return c.Region }, false},
	{"endpoint", WithEndpoint, "AWS_ENDPOINT_URL", "endpoint_url", [3]string{"http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"},
		func(c Config) string { return ptr.ToString(c.BaseEndpoint) }, false},
	{"fips", func(v string) LoadOption { return WithUseFIPS(v == "true") }, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", [3]string{"false", "true"},
		func(c Config) string { return fmt.Sprint(c.UseFIPS) }, true},
	{"dualstack", func(v string) LoadOption { return WithUseDualStack(v == "true") }, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", [3]string{"false", "true"},
		func(c Config) string { return fmt.Sprint(c.UseDualStack) }, true},
	{"max attempts", func(v string) LoadOption {
		n := 0
		fmt.Sscan(v, &n)
		return WithRetryMaxAttempts(n)
	}, "AWS_MAX_ATTEMPTS", "max_attempts", [3]string{"7", "8", "9"},
		func(c Config) string { return fmt.Sprint(c.RetryMaxAttempts) }, false},
	{"retry mode", func(v string) LoadOption { return WithRetryMode(RetryMode(v)) }, "AWS_RETRY_MODE", "retry_mode", [3]string{"standard", "adaptive"},
		func(c Config) string { return string(c.RetryMode) }, true},
	{"app id", WithAppID, "AWS_SDK_UA_APP_ID", "sdk_ua_app_id", [3]string{"app-opt", "app-env", "app-file"},
		func(c Config) string { return c.AppID }, false},
	{"credentials", func(v string) LoadOption { return WithStaticCredentials(v, "secret", "") }, "AWS_ACCESS_KEY_ID", "aws_access_key_id", [3]string{"AKIDOPTION", "AKIDENV", "AKIDFILE"},
		func(c Config) string {
			creds, err := c.Credentials.Retrieve(context.Background())
			if err != nil {
				return "error: " + err.Error()
			}
			return creds.AccessKeyID
		}, false},
}

// TestPrecedenceMatrix: for every knob and every subset of the three
// sources, the option wins over the environment, which wins over the file.
func TestPrecedenceMatrix(t *testing.T) {
	for _, k := range knobs {
		for mask := 0; mask < 8; mask++ {
			useOpt, useEnv, useFile := mask&1 != 0, mask&2 != 0, mask&4 != 0
			k := k
			if k.binary {
				def, other := k.values[0], k.values[1]
				k.values = [3]string{def, def, def}
				switch {
				case useOpt:
					k.values[0] = other
				case useEnv:
					k.values[1] = other
				case useFile:
					k.values[2] = other
				}
			}
			t.Run(fmt.Sprintf("%s/option=%v,env=%v,file=%v", k.name, useOpt, useEnv, useFile), func(t *testing.T) {
				config := "[default]\n"
				if useFile {
					config += k.fileKey + " = " + k.values[2] + "\n"
					if k.name == "credentials" {
						config += "aws_secret_access_key = filesecret\n"
					}
				}
				cleanHome(t, config, "")
				if useEnv {
					t.Setenv(k.env, k.values[1])
					if k.name == "credentials" {
						t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
					}
				}
				var opts []LoadOption
				if useOpt {
					opts = append(opts, k.option(k.values[0]))
				}
				cfg, err := LoadConfig(context.Background(), opts...)
				require.NoError(t, err)
				got := k.get(cfg)
				switch {
				case useOpt:
					assert.Equal(t, k.values[0], got)
				case useEnv:
					assert.Equal(t, k.values[1], got)
				case useFile:
					assert.Equal(t, k.values[2], got)
				case k.binary:
					assert.Equal(t, k.values[0], got, "the default")
				default:
					assert.NotContains(t, k.values, got, "a default must not look like a configured value")
				}
			})
		}
	}
}

func TestDefaults(t *testing.T) {
	cleanHome(t, "", "")
	cfg, err := LoadConfig(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "", cfg.Region)
	assert.Nil(t, cfg.BaseEndpoint)
	assert.Equal(t, RetryModeStandard, cfg.RetryMode)
	assert.Equal(t, 0, cfg.RetryMaxAttempts)
	assert.Equal(t, "default", cfg.Profile)
	require.NotNil(t, cfg.Credentials)
	_, err = cfg.Credentials.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no AWS credentials")
	assert.Contains(t, err.Error(), "AWS_EC2_METADATA_DISABLED")
}

func TestRegionSources(t *testing.T) {
	cleanHome(t, "[default]\nregion = eu-west-3\n", "")
	t.Setenv("AWS_DEFAULT_REGION", "ap-south-1")
	cfg, err := LoadConfig(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ap-south-1", cfg.Region, "AWS_DEFAULT_REGION wins over the file")
	t.Setenv("AWS_REGION", "us-west-2")
	cfg, err = LoadConfig(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", cfg.Region, "AWS_REGION wins over AWS_DEFAULT_REGION")
}

func TestProfiles(t *testing.T) {
	config := `[default]
region = us-east-1
[profile dev]
region = eu-central-1
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-west-2
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions
[profile conflict]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
`
	credentials := "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"

	t.Run("AWS_PROFILE selects", func(t *testing.T) {
		home := cleanHome(t, config, credentials)
		t.Setenv("AWS_PROFILE", "dev")
		cfg, err := LoadConfig(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "dev", cfg.Profile)
		assert.Equal(t, "eu-central-1", cfg.Region)
		assert.Equal(t, SSOConfig{SessionName: "corp", StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1",
			StartURLSource:     filepath.Join(home, ".aws", "config") + ":12: [sso-session corp] sso_start_url",
			RegistrationScopes: []string{"sso:account:access", "codewhisperer:completions"}, AccountID: "111122223333", RoleName: "Admin"}, cfg.SSO)
		creds, err := cfg.Credentials.Retrieve(context.Background())
		require.NoError(t, err, "static keys of the credentials file win over the SSO role")
		assert.Equal(t, "AKIDDEV", creds.AccessKeyID)
	})
	t.Run("AWS_DEFAULT_PROFILE selects, option wins", func(t *testing.T) {
		home := cleanHome(t, config, credentials)
		t.Setenv("AWS_DEFAULT_PROFILE", "dev")
		cfg, err := LoadConfig(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "dev", cfg.Profile)
		cfg, err = LoadConfig(context.Background(), WithProfile("legacy"))
		require.NoError(t, err)
		assert.Equal(t, "legacy", cfg.Profile)
		assert.Equal(t, SSOConfig{StartURL: "https://legacy.awsapps.com/start", Region: "us-west-2",
			StartURLSource: filepath.Join(home, ".aws", "config") + ":9: sso_start_url"}, cfg.SSO)
	})
	t.Run("missing profile is an error", func(t *testing.T) {
		cleanHome(t, config, credentials)
		_, err := LoadConfig(context.Background(), WithProfile("nope"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `profile "nope"`)
	})
	t.Run("sso start URL conflict", func(t *testing.T) {
		cleanHome(t, config, credentials)
		_, err := LoadConfig(context.Background(), WithProfile("conflict"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sso_start_url")
		assert.Contains(t, err.Error(), "config:")
	})
	t.Run("SSO role profile: login works, signing says why not", func(t *testing.T) {
		cleanHome(t, config, "")
		cfg, err := LoadConfig(context.Background(), WithProfile("dev"))
		require.NoError(t, err)
		_, err = cfg.Credentials.Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sso_role_name")
	})
	t.Run("sso-session option replaces the profile's SSO settings", func(t *testing.T) {
		home := cleanHome(t, config, "")
		cfg, err := LoadConfig(context.Background(), WithProfile("legacy"), WithSSOSession("corp"))
		require.NoError(t, err)
		assert.Equal(t, SSOConfig{SessionName: "corp", StartURL: "https://corp.awsapps.com/start", Region: "eu-west-1",
			StartURLSource:     filepath.Join(home, ".aws", "config") + ":12: [sso-session corp] sso_start_url",
			RegistrationScopes: []string{"sso:account:access", "codewhisperer:completions"}}, cfg.SSO)
		cfg, err = LoadConfig(context.Background(), WithSSOSession("corp"))
		require.NoError(t, err, "no profile is needed")
		assert.Equal(t, "https://corp.awsapps.com/start", cfg.SSO.StartURL)
		_, err = LoadConfig(context.Background(), WithSSOSession("nope"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sso-session nope")
		_, err = LoadConfig(context.Background(), WithSSOSession(""))
		require.Error(t, err)
	})
	t.Run("shared-file suite rules and a quoted sso-session name", func(t *testing.T) {
		cleanHome(t, "[profile x] # team\nregion = us-west-2 # prod\n[profile x]\nsso_session = my sso\n"+
			"[sso-session \"my sso\"]\nsso_start_url = https://q.awsapps.com/start\nsso_region = eu-west-1\n", "")
		cfg, err := LoadConfig(context.Background(), WithProfile("x"))
		require.NoError(t, err)
		assert.Equal(t, "us-west-2", cfg.Region, "a comment after whitespace ends the value")
		cfg.SSO.StartURLSource = ""
		assert.Equal(t, SSOConfig{SessionName: "my sso", StartURL: "https://q.awsapps.com/start", Region: "eu-west-1"}, cfg.SSO,
			"repeated sections merge; the session name is read as the AWS CLI reads it")
	})
	t.Run("custom file paths", func(t *testing.T) {
		home := cleanHome(t, "", "")
		p := filepath.Join(home, "other-config")
		require.NoError(t, os.WriteFile(p, []byte("[profile x]\nregion = sa-east-1\n"), 0o600))
		t.Setenv("AWS_CONFIG_FILE", p)
		cfg, err := LoadConfig(context.Background(), WithProfile("x"))
		require.NoError(t, err)
		assert.Equal(t, "sa-east-1", cfg.Region)
	})
}

// TestEndpointPrecedence: SSO OIDC's endpoint and the portal's follow the
// same precedence, each with its own variable and [services] key, and
// neither service's own settings reach the other.
func TestEndpointPrecedence(t *testing.T) {
	config := `[default]
endpoint_url = http://127.0.0.1:5
services = local
[services local]
sso_oidc =
  endpoint_url = http://127.0.0.1:4
sso =
  endpoint_url = http://127.0.0.1:6
`
	cases := []struct {
		name             string
		env              map[string]string
		opt              string
		want, wantPortal string
	}{
		{"profile services section beats profile endpoint_url", nil, "", "http://127.0.0.1:4", "http://127.0.0.1:6"},
		{"global env beats files", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:3"}, "", "http://127.0.0.1:3", "http://127.0.0.1:3"},
		{"service env beats global env", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:3", "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:2"}, "",
			"http://127.0.0.1:2", "http://127.0.0.1:3"},
		{"the portal's service env", map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:3", "AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:7"}, "",
			"http://127.0.0.1:3", "http://127.0.0.1:7"},
		{"option beats all", map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:2", "AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:7"}, "http://127.0.0.1:1",
			"http://127.0.0.1:1", "http://127.0.0.1:1"},
		{"ignore configured endpoints", map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:2", "AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:7", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "", "", ""},
		{"ignore keeps the option", map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "http://127.0.0.1:1", "http://127.0.0.1:1", "http://127.0.0.1:1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cleanHome(t, config, "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var opts []LoadOption
			if tc.opt != "" {
				opts = append(opts, WithEndpoint(tc.opt))
			}
			cfg, err := LoadConfig(context.Background(), opts...)
			require.NoError(t, err)
			assert.Equal(t, tc.want, ptr.ToString(cfg.BaseEndpoint))
			assert.Equal(t, tc.wantPortal, ptr.ToString(cfg.PortalEndpoint))
		})
	}
}

// TestBadInput: every invalid setting is an error that names where it came
// from, and no secret appears in it.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name        string
		config      string
		credentials string
		env         map[string]string
		opts        []LoadOption
		want        []string
	}{
		{"malformed config line", "[default]\nregion = us-east-1\nthis is not ini\n", "", nil, nil, []string{"config", ":3"}},
		{"malformed credentials line", "", "[default]\naws_secret_access_key = SECRETVALUE1\n[broken\n", nil, nil, []string{"credentials", ":3"}},
		{"unknown retry mode env", "", "", map[string]string{"AWS_RETRY_MODE": "turbo"}, nil, []string{"AWS_RETRY_MODE", "turbo"}},
		{"unknown retry mode file", "[default]\nretry_mode = legacy\n", "", nil, nil, []string{"config:2", "retry_mode"}},
		{"unknown retry mode option", "", "", nil, []LoadOption{WithRetryMode("fast")}, []string{"fast"}},
		{"non-numeric max attempts env", "", "", map[string]string{"AWS_MAX_ATTEMPTS": "three"}, nil, []string{"AWS_MAX_ATTEMPTS", "three"}},
		{"non-numeric max attempts file", "[default]\n\nmax_attempts = 3x\n", "", nil, nil, []string{"config:3", "max_attempts"}},
		{"zero max attempts", "", "", map[string]string{"AWS_MAX_ATTEMPTS": "0"}, nil, []string{"AWS_MAX_ATTEMPTS"}},
		{"bad fips bool", "", "", map[string]string{"AWS_USE_FIPS_ENDPOINT": "yes"}, nil, []string{"AWS_USE_FIPS_ENDPOINT", "yes"}},
		{"bad dualstack bool in file", "[default]\nuse_dualstack_endpoint = 1\n", "", nil, nil, []string{"config:2", "use_dualstack_endpoint"}},
		{"endpoint not a URL env", "", "", map[string]string{"AWS_ENDPOINT_URL": "localhost:8080"}, nil, []string{"AWS_ENDPOINT_URL", "not an http or https URL"}},
		{"endpoint not a URL option", "", "", nil, []LoadOption{WithEndpoint("::bad")}, []string{`endpoint "::bad"`}},
		{"endpoint not a URL file", "[default]\nendpoint_url = ftp://x\n", "", nil, nil, []string{"config:2", "endpoint_url"}},
		{"portal endpoint not a URL env", "", "", map[string]string{"AWS_ENDPOINT_URL_SSO": "ftp://x"}, nil, []string{"AWS_ENDPOINT_URL_SSO", `"ftp://x" is not an http or https URL`}},
		{"portal endpoint not a URL file", "[default]\nservices = s\n[services s]\nsso =\n  endpoint_url = localhost:1\n", "", nil, nil,
			[]string{"config:4", "[services s] sso endpoint_url", `"localhost:1" is not an http or https URL`}},
		{"endpoint with a password", "[default]\nendpoint_url = htp://user:SECRETVALUE4@127.0.0.1/\n", "", nil, nil, []string{"config:2", "endpoint_url", "htp://user:xxxxx@127.0.0.1/"}},
		{"endpoint with a password url.Parse rejects", "", "", map[string]string{"AWS_ENDPOINT_URL": "http://u:SECRET/VALUE5@[::1"}, nil, []string{"AWS_ENDPOINT_URL", "http://u:xxxxx@[::1"}},
		{"endpoint with a password option", "", "", nil, []LoadOption{WithEndpoint("u:SECRETVALUE6@h")}, []string{`endpoint "u:xxxxx@h"`}},
		{"sso_start_url with a password differs", "[default]\nsso_session = s\nsso_start_url = https://u:SECRETVALUE7@x/start\n[sso-session s]\nsso_start_url = https://y/start\n", "", nil, nil,
			[]string{"config:3", "sso_start_url", "https://u:xxxxx@x/start"}},
		{"bad region", "", "", map[string]string{"AWS_REGION": "us-east-1/evil"}, nil, []string{"AWS_REGION"}},
		{"sso_region with a fragment", "[default]\nsso_start_url = https://x.awsapps.com/start\nsso_region = evil.com#\n", "", nil, nil, []string{"config:3", "sso_region", "not a valid AWS Region"}},
		{"sso_region with user info", "[default]\nsso_region = us-east-1@evil.com\n", "", nil, nil, []string{"config:2", "sso_region", "not a valid AWS Region"}},
		{"sso_region with a port", "[default]\nsso_region = 127.0.0.1:47111/\n", "", nil, nil, []string{"config:2", "sso_region", "not a valid AWS Region"}},
		{"sso-session's sso_region", "[default]\nsso_session = s\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1@evil.com\n", "", nil, nil,
			[]string{"config:5", "sso_region", "not a valid AWS Region"}},
		{"missing profile env", "", "", map[string]string{"AWS_PROFILE": "ghost"}, nil, []string{"AWS_PROFILE", "ghost"}},
		{"missing sso-session", "[default]\nsso_session = nope\n", "", nil, nil, []string{"config:2", "sso-session nope"}},
		{"sso-session without sso_region", "[default]\nsso_session = s\n\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\n", "", nil, nil,
			[]string{"config:4: [sso-session s] has no sso_region"}},
		{"sso-session option without sso_start_url", "[sso-session s]\nsso_region = us-east-1\n", "", nil, []LoadOption{WithSSOSession("s")},
			[]string{"config:1: [sso-session s] has no sso_start_url"}},
		{"[dev] in the config file", "[dev]\nregion = us-east-1\n", "", nil, []LoadOption{WithProfile("dev")}, []string{"config:1: [dev] is no profile", "[profile dev]"}},
		{"[profile dev] in the credentials file", "", "[profile dev]\naws_access_key_id = A\n", map[string]string{"AWS_PROFILE": "dev"}, nil,
			[]string{"credentials:1: [profile dev] is no profile", "[dev]"}},
		{"invalid region option", "", "", nil, []LoadOption{WithRegion("us east 1")}, []string{`ssooidc: region "us east 1" is not a valid AWS Region name`}},
		{"missing services section", "[default]\nservices = nope\n", "", nil, nil, []string{"config:2", "services nope"}},
		{"CA bundle unreadable", "", "", map[string]string{"AWS_CA_BUNDLE": "/nonexistent/ca.pem"}, nil, []string{"AWS_CA_BUNDLE"}},
		{"CA bundle not PEM", "[default]\nca_bundle = ~/.aws/config\n", "", nil, nil, []string{"config:2", "ca_bundle", "no PEM"}},
		{"negative timeout", "", "", nil, []LoadOption{WithTimeout(-1)}, []string{"negative"}},
		{"negative max backoff", "", "", nil, []LoadOption{WithRetryMaxBackoff(-time.Second)}, []string{"retry max backoff", "negative"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cleanHome(t, tc.config, tc.credentials)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := LoadConfig(context.Background(), tc.opts...)
			require.Error(t, err)
			assert.Equal(t, Config{}, cfg, "nothing half-loaded")
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "SECRETVALUE")
			assert.NotContains(t, err.Error(), "load config")
			assert.NotContains(t, err.Error(), "option:")
		})
	}
}

// TestProfileNotFound: the error says why: which file is missing, or that
// there is no home directory, set empty or not.
func TestProfileNotFound(t *testing.T) {
	home := cleanHome(t, "", "")
	config, creds := filepath.Join(home, ".aws", "config"), filepath.Join(home, ".aws", "credentials")
	load := func() string {
		t.Helper()
		_, err := LoadConfig(context.Background(), WithProfile("dev"))
		require.Error(t, err)
		return err.Error()
	}
	assert.Equal(t, `ssooidc: profile "dev": the config file `+config+` is missing, and the credentials file `+creds+` is missing`, load())
	require.NoError(t, os.WriteFile(creds, []byte("[other]\n"), 0o600))
	assert.Equal(t, `ssooidc: profile "dev" is not in `+creds+`, and the config file `+config+` is missing`, load())
	require.NoError(t, os.WriteFile(config, []byte("[profile other]\n"), 0o600))
	assert.Equal(t, `ssooidc: profile "dev" is not in `+config+` or `+creds, load())

	t.Setenv("AWS_CONFIG_FILE", home)
	assert.Equal(t, "ssooidc: the shared config file "+home+" is a directory", load())

	t.Setenv("AWS_CONFIG_FILE", "")
	t.Setenv("HOME", "")
	empty := load()
	assert.Contains(t, empty, "no home directory")
	os.Unsetenv("HOME")
	assert.Equal(t, empty, load(), "HOME unset")
}

// TestCredentialErrorsWaitForASignedCall: a credential source this SDK
// cannot use, or a half-configured one, does not fail LoadConfig, whose SSO
// settings a login needs; the error comes from Retrieve, which only a
// signed call makes, and names where the source is configured.
func TestCredentialErrorsWaitForASignedCall(t *testing.T) {
	const sso = "sso_session = corp\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
	for _, tc := range []struct {
		name, config, credentials string
		env                       map[string]string
		want                      []string
	}{
		{"role_arn", "[default]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n" + sso, "", nil, []string{"config:2", "role_arn", "AWS STS"}},
		{"web identity", "[default]\n\nweb_identity_token_file = /tmp/t\n" + sso, "", nil, []string{"config:3", "web_identity_token_file"}},
		{"credential_source", "[default]\ncredential_source = Ec2InstanceMetadata\n" + sso, "", nil, []string{"config:2", "credential_source"}},
		{"half env credentials", "[default]\n" + sso, "", map[string]string{"AWS_SECRET_ACCESS_KEY": "SECRETVALUE2"}, []string{"AWS_ACCESS_KEY_ID"}},
		{"half file credentials", "[default]\n" + sso, "[default]\n\naws_secret_access_key = SECRETVALUE3\n", nil, []string{"credentials:3", "aws_access_key_id"}},
		{"bad credential_process", "[default]\ncredential_process = \"unclosed\n" + sso, "", nil, []string{"config:2", "credential_process"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cleanHome(t, tc.config, tc.credentials)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := LoadConfig(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "https://corp.awsapps.com/start", cfg.SSO.StartURL)
			_, err = cfg.Credentials.Retrieve(context.Background())
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "SECRETVALUE")
		})
	}
}

// TestSSOProfile: a profile without SSO settings whose source_profile
// chain leads to one names it, for the error that says which profile to
// log in with.
func TestSSOProfile(t *testing.T) {
	cleanHome(t, `[profile prod]
role_arn = arn:aws:iam::1:role/deploy
source_profile = mid
[profile mid]
role_arn = arn:aws:iam::1:role/mid
source_profile = base
[profile base]
sso_session = corp
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
[profile loop]
source_profile = loop2
[profile loop2]
source_profile = loop
[profile dangling]
source_profile = ghost
`, "")
	for profile, want := range map[string]string{"prod": "base", "mid": "base", "base": "", "loop": "", "dangling": ""} {
		cfg, err := LoadConfig(context.Background(), WithProfile(profile))
		require.NoError(t, err, profile)
		assert.Equal(t, want, cfg.SSOProfile, profile)
	}
}

func TestCABundle(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"accessToken":"a"}`))
	}))
	srv.StartTLS()
	defer srv.Close()
	home := cleanHome(t, "", "")
	bundle := filepath.Join(home, "ca.pem")
	cert := srv.Certificate()
	// The preamble puts the first header across the first read (512 bytes).
	preamble := strings.Repeat("#", 499) + "\n"
	require.NoError(t, os.WriteFile(bundle, append([]byte(preamble), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})...), 0o600))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithRetryMaxAttempts(1))
	require.NoError(t, err)
	_, err = NewFromConfig(cfg).CreateToken(context.Background(), tokenInput())
	require.NoError(t, err, "the bundle's CA must be trusted")

	// Without the bundle the test server's certificate is not trusted.
	t.Setenv("AWS_CA_BUNDLE", "")
	cfg, err = LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithRetryMaxAttempts(1))
	require.NoError(t, err)
	_, err = NewFromConfig(cfg).CreateToken(context.Background(), tokenInput())
	require.Error(t, err)
	var tlsErr *tls.CertificateVerificationError
	assert.ErrorAs(t, err, &tlsErr)
}

// TestCABundleParsedOnFirstUse: LoadConfig reads AWS_CA_BUNDLE but leaves
// its certificates unparsed until a request needs them, so its cost does
// not grow with the bundle; a certificate block that does not parse fails
// the first call.
func TestCABundleParsedOnFirstUse(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.StartTLS()
	defer srv.Close()
	home := cleanHome(t, "", "")
	bundle := filepath.Join(home, "ca.pem")
	one := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(bundle, bytes.Repeat(one, 100), 0o600))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	withBundle := testing.AllocsPerRun(5, func() { LoadConfig(context.Background()) })
	t.Setenv("AWS_CA_BUNDLE", "")
	without := testing.AllocsPerRun(5, func() { LoadConfig(context.Background()) })
	assert.Less(t, withBundle, without+20, "allocations of LoadConfig with a bundle of 100 certificates")

	require.NoError(t, os.WriteFile(bundle, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not DER")}), 0o600))
	t.Setenv("AWS_CA_BUNDLE", bundle)
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithRetryMaxAttempts(1))
	require.NoError(t, err)
	_, err = NewFromConfig(cfg).CreateToken(context.Background(), tokenInput())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AWS_CA_BUNDLE: CA bundle "+bundle)
}

func TestCloseConnectionAndTimeout(t *testing.T) {
	var closeHeaders []string
	srv := newLocalServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		closeHeaders = append(closeHeaders, strings.ToLower(r.Header.Get("Connection")))
		w.Write([]byte(`{}`))
	}))
	cleanHome(t, "", "")
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithCloseConnection(true), WithTimeout(5e9))
	require.NoError(t, err)
	assert.True(t, cfg.CloseConnection)
	c := NewFromConfig(cfg)
	for i := 0; i < 2; i++ {
		_, err = c.CreateToken(context.Background(), tokenInput())
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"close", "close"}, closeHeaders)
	assert.Equal(t, cfg.Timeout, c.Options().Timeout)
}

func TestLoadedConfigDrivesClient(t *testing.T) {
	var rec recorded
	srv := newLocalServer(t, recordAndAnswer(&rec, 200, nil, `{}`))
	cleanHome(t, "[default]\nregion = eu-north-1\nsdk_ua_app_id = myapp\n", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\naws_session_token = filetoken\n")
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", srv.URL)
	cfg, err := LoadConfig(context.Background())
	require.NoError(t, err)
	_, err = NewFromConfig(cfg).CreateTokenWithIAM(context.Background(), validIAMInput())
	require.NoError(t, err)
	assert.Contains(t, rec.header.Get("Authorization"), "Credential=AKIDFILE/")
	assert.Contains(t, rec.header.Get("Authorization"), "/eu-north-1/sso-oauth/aws4_request")
	assert.Equal(t, "filetoken", rec.header.Get("X-Amz-Security-Token"))
	assert.True(t, strings.HasSuffix(rec.header.Get("User-Agent"), " app/myapp"))
}

// TestFileLocationSuite runs the cross-SDK file location cases for this
// platform through LoadConfig's resolution, every path moved under a
// temporary directory: the config file, the credentials file and the
// profile used must be those the case names. internal/ini runs all the
// cases, Windows ones included, through ini.Locate.
func TestFileLocationSuite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the suite's non-Windows cases use Unix paths")
	}
	data, err := os.ReadFile(filepath.Join("internal", "ini", "testdata", "file-location-tests.json"))
	require.NoError(t, err)
	var suite struct {
		Tests []struct {
			Name, Platform, Profile             string
			Environment                         map[string]string
			ConfigLocation, CredentialsLocation string
		}
	}
	require.NoError(t, json.Unmarshal(data, &suite))
	ran := 0
	for _, tc := range suite.Tests {
		if tc.Platform != "linux" {
			continue
		}
		ran++
		t.Run(tc.Name, func(t *testing.T) {
			root := t.TempDir()
			env := map[string]string{}
			for k, v := range tc.Environment {
				if strings.HasPrefix(v, "/") {
					v = root + v
				}
				env[k] = v
			}
			write := func(path, content string) {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
				require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			}
			profile, header := "default", "[default]"
			if tc.Profile != "" && tc.Profile != "default" {
				profile, header = tc.Profile, "[profile "+tc.Profile+"]"
			}
			// Decoys where the files would be without the overrides.
			write(env["HOME"]+"/.aws/config", header+"\nregion = eu-west-1\n")
			write(env["HOME"]+"/.aws/credentials", "["+profile+"]\naws_access_key_id = AKIDDECOY\naws_secret_access_key = s\n")
			write(root+tc.ConfigLocation, header+"\nregion = us-east-1\n")
			write(root+tc.CredentialsLocation, "["+profile+"]\naws_access_key_id = AKIDSUITE\naws_secret_access_key = s\n")

			cfg, err := resolveConfig(&LoadOptions{}, func(k string) string { return env[k] })
			require.NoError(t, err)
			assert.Equal(t, profile, cfg.Profile)
			assert.Equal(t, "us-east-1", cfg.Region, "config file")
			creds, err := cfg.Credentials.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "AKIDSUITE", creds.AccessKeyID, "credentials file")
		})
	}
	assert.Equal(t, 4, ran, "Linux cases in the suite")
}

// nonZero returns a valid non-zero value for a setting of type t, named
// name.
func nonZero(t *testing.T, name string, typ reflect.Type) reflect.Value {
	t.Helper()
	switch name {
	case "Region":
		return reflect.ValueOf("eu-west-3")
	case "Endpoint":
		return reflect.ValueOf("http://127.0.0.1:1")
	case "RetryMode":
		return reflect.ValueOf(RetryModeAdaptive)
	}
	switch typ {
	case reflect.TypeFor[CredentialsProvider]():
		return reflect.ValueOf(NewStaticCredentialsProvider("AKID", "secret", ""))
	case reflect.TypeFor[HTTPClient]():
		return reflect.ValueOf(&http.Client{})
	case reflect.TypeFor[logging.Logger]():
		return reflect.ValueOf(logging.Nop{})
	case reflect.TypeFor[*string]():
		s := "http://127.0.0.1:2"
		return reflect.ValueOf(&s)
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Uint32:
		if v.CanInt() {
			v.SetInt(7)
		} else {
			v.SetUint(7)
		}
	default:
		return reflect.Value{}
	}
	return v
}

// TestSettingsReachTheClient proves that no setting is dropped on its way:
// every LoadOptions field set reaches the Config field of its name, and
// every Config field reaches the Options field of its name through
// NewFromConfig. Adding a setting to one struct but not its copy fails here.
func TestSettingsReachTheClient(t *testing.T) {
	cleanHome(t, "[profile x]\n", "")
	var lo LoadOptions
	lv := reflect.ValueOf(&lo).Elem()
	ct := reflect.TypeFor[Config]()
	for i := range lv.NumField() {
		f := lv.Type().Field(i)
		if cf, ok := ct.FieldByName(f.Name); ok && cf.Type == f.Type {
			lv.Field(i).Set(nonZero(t, f.Name, f.Type))
		}
	}
	cfg, err := resolveConfig(&lo, os.Getenv)
	require.NoError(t, err)
	cv := reflect.ValueOf(cfg)
	for i := range lv.NumField() {
		f := lv.Type().Field(i)
		if cf, ok := ct.FieldByName(f.Name); ok && cf.Type == f.Type {
			assert.Equal(t, lv.Field(i).Interface(), cv.FieldByName(f.Name).Interface(), "LoadOptions.%s -> Config", f.Name)
		}
	}

	var c Config
	cv = reflect.ValueOf(&c).Elem()
	ot := reflect.TypeFor[Options]()
	n := 0
	for i := range cv.NumField() {
		f := ct.Field(i)
		if of, ok := ot.FieldByName(f.Name); ok && of.Type == f.Type {
			cv.Field(i).Set(nonZero(t, f.Name, f.Type))
			n++
		}
	}
	o := NewFromConfig(c).Options()
	ov := reflect.ValueOf(o)
	for i := range cv.NumField() {
		f := ct.Field(i)
		if of, ok := ot.FieldByName(f.Name); ok && of.Type == f.Type {
			assert.Equal(t, cv.Field(i).Interface(), ov.FieldByName(f.Name).Interface(), "Config.%s -> Options", f.Name)
		}
	}
	assert.GreaterOrEqual(t, n, 14, "the settings a Config carries to a client")
}

// TestLoggerAndBackoffOptions: WithLogger and WithRetryMaxBackoff reach the
// client that NewFromConfig makes.
func TestLoggerAndBackoffOptions(t *testing.T) {
	cleanHome(t, "", "")
	logger := logging.Nop{}
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithLogger(logger, LogRetries|LogSigning), WithRetryMaxBackoff(3*time.Second))
	require.NoError(t, err)
	o := NewFromConfig(cfg).Options()
	assert.Equal(t, logger, o.Logger)
	assert.Equal(t, LogRetries|LogSigning, o.ClientLogMode)
	assert.Equal(t, 3*time.Second, o.RetryMaxBackoff)
}

// TestVanityStartURL: without sso_region, a start URL on the customer's own
// domain loads (a login finds the Region where it redirects); one on an AWS
// host does not (TestBadInput).
func TestVanityStartURL(t *testing.T) {
	home := cleanHome(t, "[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://sso.example.com/start\n"+
		"[profile legacy]\nsso_start_url = https://sso.example.com/start\n", "")
	config := filepath.Join(home, ".aws", "config")
	cfg, err := LoadConfig(context.Background(), WithProfile("dev"))
	require.NoError(t, err)
	assert.Equal(t, SSOConfig{SessionName: "corp", StartURL: "https://sso.example.com/start",
		StartURLSource: config + ":4: [sso-session corp] sso_start_url"}, cfg.SSO)
	cfg, err = LoadConfig(context.Background(), WithProfile("legacy"))
	require.NoError(t, err)
	assert.Equal(t, SSOConfig{StartURL: "https://sso.example.com/start", StartURLSource: config + ":6: sso_start_url"}, cfg.SSO)
}
