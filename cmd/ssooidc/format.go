package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ssooidc-go/ssooidc/internal/termsafe"
	"github.com/ssooidc-go/ssooidc/login"
)

// tokenOutput is what token prints.
type tokenOutput struct {
	AccessToken string
	ExpiresAt   time.Time
	StartURL    string
	Region      string
}

// rfc3339 is t in UTC, whole seconds, as the cache files write it.
func rfc3339(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// formatToken renders t as token --format says: text, json or env. format
// has been checked.
func formatToken(t tokenOutput, format string) string {
	switch format {
	case "json":
		return jsonLine(struct {
			AccessToken string `json:"accessToken"`
			ExpiresAt   string `json:"expiresAt"`
			StartURL    string `json:"startUrl"`
			Region      string `json:"region"`
		}{t.AccessToken, rfc3339(t.ExpiresAt), t.StartURL, t.Region})
	case "env":
		return "export AWS_SSO_ACCESS_TOKEN=" + shellQuote(t.AccessToken) + "\n" +
			"export AWS_SSO_ACCESS_TOKEN_EXPIRATION=" + shellQuote(rfc3339(t.ExpiresAt)) + "\n"
	}
	return t.AccessToken + "\n"
}

// jsonLine is v as one line of JSON, HTML characters left alone.
func jsonLine(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // cannot fail: v holds only strings, numbers, bools, slices of them and pointers
	return b.String()
}

// formatCredentials renders c as credentials --format says: process (the
// credential_process JSON), env or json. format has been checked.
func formatCredentials(c login.RoleCredentials, format string) string {
	exp := rfc3339(c.Expiration)
	switch format {
	case "env":
		return "export AWS_ACCESS_KEY_ID=" + shellQuote(c.AccessKeyID) + "\n" +
			"export AWS_SECRET_ACCESS_KEY=" + shellQuote(c.SecretAccessKey) + "\n" +
			"export AWS_SESSION_TOKEN=" + shellQuote(c.SessionToken) + "\n" +
			"export AWS_CREDENTIAL_EXPIRATION=" + shellQuote(exp) + "\n"
	case "json":
		return jsonLine(struct {
			AccessKeyID     string `json:"accessKeyId"`
			SecretAccessKey string `json:"secretAccessKey"`
			SessionToken    string `json:"sessionToken"`
			Expiration      string `json:"expiration"`
		}{c.AccessKeyID, c.SecretAccessKey, c.SessionToken, exp})
	}
	return jsonLine(struct {
		Version         int
		AccessKeyID     string `json:"AccessKeyId"`
		SecretAccessKey string
		SessionToken    string
		Expiration      string
	}{1, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, exp})
}

// formatAccounts renders accounts as accounts --format says: an aligned
// table (text) or json. The table's text from the network is escaped.
func formatAccounts(accounts []login.Account, format string) string {
	if format == "json" {
		type account struct {
			AccountID    string   `json:"accountId"`
			AccountName  string   `json:"accountName"`
			EmailAddress string   `json:"emailAddress"`
			Roles        []string `json:"roles"`
		}
		out := []account{}
		for _, a := range accounts {
			out = append(out, account{a.ID, a.Name, a.Email, append([]string{}, a.Roles...)})
		}
		return jsonLine(out)
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tNAME\tEMAIL\tROLES")
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termsafe.Escape(a.ID), termsafe.Escape(a.Name), termsafe.Escape(a.Email), termsafe.Escape(strings.Join(a.Roles, ", ")))
	}
	_ = tw.Flush() // cannot fail: a strings.Builder
	return b.String()
}

// shellQuote quotes s for a POSIX shell: in single quotes, each ' written
// as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellWord is s as one shell word: itself when that is safe, else quoted.
func shellWord(s string) string {
	if s == "" {
		return "''"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@+=,", r)) {
			return shellQuote(s)
		}
	}
	return s
}

// statusReport is what status prints: the session's Status and how the
// user named it.
type statusReport struct {
	Profile      string // "" with --sso-session alone
	SSOSession   string // "" for a legacy profile
	LoginCommand string
	Now          time.Time // the time Status was taken at: "expired" and "in 7h 58m" are told against it
	login.Status
}

// formatStatus renders r as status --format says: text or json.
func formatStatus(r statusReport, format string) string {
	if format == "json" {
		return jsonLine(struct {
			Profile               *string `json:"profile"`
			SSOSession            *string `json:"ssoSession"`
			StartURL              string  `json:"startUrl"`
			Region                string  `json:"region"`
			CacheFile             string  `json:"cacheFile"`
			Key                   string  `json:"key"`
			ExpiresAt             *string `json:"expiresAt"`
			Expired               *bool   `json:"expired"`
			Refreshable           bool    `json:"refreshable"`
			Reason                string  `json:"reason"`
			RegistrationExpiresAt *string `json:"registrationExpiresAt"`
			LoginRequired         bool    `json:"loginRequired"`
		}{nonEmpty(r.Profile), nonEmpty(r.SSOSession), r.StartURL, r.Region, r.CacheFile, r.Key,
			timeOrNull(r.ExpiresAt), r.expired(), r.Refreshable, r.Reason, timeOrNull(r.RegistrationExpiresAt), r.LoginRequired})
	}
	var b strings.Builder
	line := func(name, value string) { fmt.Fprintf(&b, "%-14s %s\n", name+":", value) }
	if r.Profile != "" {
		line("Profile", r.Profile)
	}
	if r.SSOSession != "" {
		line("SSO session", r.SSOSession)
	} else {
		line("SSO session", "none (legacy profile: the cache key is the start URL)")
	}
	line("Start URL", r.StartURL)
	line("SSO region", r.Region)
	line("Cache key", r.Key)
	line("Cache file", r.CacheFile)
	if r.ExpiresAt.IsZero() {
		line("Token", "none cached")
	} else {
		line("Token", expiry(r.ExpiresAt, r.Now))
	}
	if r.Refreshable {
		line("Refreshable", "yes")
	} else {
		line("Refreshable", "no: "+orUnknown(r.Reason))
	}
	if r.RegistrationExpiresAt.IsZero() {
		line("Registration", "unknown")
	} else {
		line("Registration", expiry(r.RegistrationExpiresAt, r.Now))
	}
	if r.LoginRequired {
		line("Login", "required: run "+r.LoginCommand)
	} else {
		line("Login", "not required")
	}
	return b.String()
}

// expired says whether the cached token has expired; nil when there is
// none. A token is expired from its ExpiresAt on, as login.Session sees it.
func (r statusReport) expired() *bool {
	if r.ExpiresAt.IsZero() {
		return nil
	}
	expired := !r.Now.Before(r.ExpiresAt)
	return &expired
}

// expiry tells t for people, absolute and relative to now:
// "expires 2026-12-03T09:04:05Z (in 7h 58m)" or
// "expired 2026-12-03T09:04:05Z (3m 20s ago)".
func expiry(t, now time.Time) string {
	if now.Before(t) {
		return "expires " + rfc3339(t) + " (in " + span(t.Sub(now)) + ")"
	}
	return "expired " + rfc3339(t) + " (" + span(now.Sub(t)) + " ago)"
}

// span is d, not negative, in its two largest units, whole ones: "2d 4h",
// "7h 58m", "3m 20s", "45s". What remains is cut, never rounded up: a token
// said to expire in 7h 58m has at least that long.
func span(d time.Duration) string {
	days, h, m, s := d/(24*time.Hour), d/time.Hour%24, d/time.Minute%60, d/time.Second%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc3339(t)
	return &s
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
