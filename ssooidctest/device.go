package ssooidctest

import (
	"crypto/rand"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
)

// userCodeAlphabet has no vowels and no look-alike digits, so a user code
// spells no word and reads unambiguously (RFC 8628, section 6.1).
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

// Errors of Approve and Deny.
var (
	// ErrUnknownUserCode: no device authorization has this user code.
	ErrUnknownUserCode = errors.New("ssooidctest: unknown user code")
	// ErrExpiredUserCode: the device authorization expired.
	ErrExpiredUserCode = errors.New("ssooidctest: the user code expired")
	// ErrAlreadyDecided: the device authorization was already approved or
	// denied.
	ErrAlreadyDecided = errors.New("ssooidctest: the user code was already approved or denied")
)

type startDeviceAuthorizationOutput struct {
	DeviceCode              string `json:"deviceCode"`
	UserCode                string `json:"userCode"`
	VerificationURI         string `json:"verificationUri"`
	VerificationURIComplete string `json:"verificationUriComplete"`
	ExpiresIn               int32  `json:"expiresIn"`
	Interval                int32  `json:"interval"`
}

// startDeviceAuthorization implements StartDeviceAuthorization.
func (e *Emulator) startDeviceAuthorization(b *body, base string) (any, *apiError) {
	id := b.str("clientId")
	secret := b.str("clientSecret")
	startURL := b.str("startUrl")
	if b.err != nil {
		return nil, b.err
	}
	switch {
	case id == "":
		return nil, errInvalidRequest("clientId is required")
	case secret == "":
		return nil, errInvalidRequest("clientSecret is required")
	case startURL == "":
		return nil, errInvalidRequest("startUrl is required")
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	c, aerr := e.authClient(id, secret)
	if aerr != nil {
		return nil, aerr
	}
	if !c.allows(grantDeviceCode) {
		return nil, errUnauthorizedClient("the client was not registered for the " + grantDeviceCode + " grant")
	}
	if !isHTTPURL(startURL) {
		return nil, errInvalidRequest("startUrl must be the absolute https URL of an AWS access portal")
	}
	now := e.now()
	d := &deviceAuth{
		deviceCode: randomToken(48),
		userCode:   e.newUserCode(),
		clientID:   c.id,
		clientName: c.name,
		scopes:     c.scopes,
		startURL:   startURL,
		createdAt:  now,
		expiresAt:  now.Add(e.opts.DeviceCodeTTL),
		interval:   e.opts.Interval,
		seq:        len(e.devices),
	}
	e.devices[d.deviceCode] = d
	e.userCodes[normalizeUserCode(d.userCode)] = d
	return startDeviceAuthorizationOutput{
		DeviceCode:              d.deviceCode,
		UserCode:                d.userCode,
		VerificationURI:         base + "/device",
		VerificationURIComplete: base + "/device?user_code=" + url.QueryEscape(d.userCode),
		ExpiresIn:               seconds(e.opts.DeviceCodeTTL),
		Interval:                seconds(e.opts.Interval),
	}, nil
}

// newUserCode returns an unused user code in the service's XXXX-XXXX form.
// The caller holds e.mu.
func (e *Emulator) newUserCode() string {
	for {
		var code [9]byte
		for i := 0; i < len(code); {
			if i == 4 {
				code[i] = '-'
				i++
				continue
			}
			var b [1]byte
			_, _ = rand.Read(b[:])
			// 240 is the largest multiple of 20 below 256: rejecting
			// the bytes above it keeps every letter equally likely.
			if b[0] >= 240 {
				continue
			}
			code[i] = userCodeAlphabet[int(b[0])%len(userCodeAlphabet)]
			i++
		}
		s := string(code[:])
		if e.userCodes[normalizeUserCode(s)] == nil {
			return s
		}
	}
}

// normalizeUserCode makes user code entry forgiving, as RFC 8628 (section
// 6.1) advises: case-insensitive, with dashes and spaces ignored.
func normalizeUserCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// settle applies the automatic approval due at now. The caller holds e.mu.
func (e *Emulator) settle(d *deviceAuth, now time.Time) {
	if d.state == statePending && e.opts.AutoApprove && now.Before(d.expiresAt) &&
		!now.Before(d.createdAt.Add(e.opts.AutoApproveDelay)) {
		d.state = stateApproved
		d.subject = e.opts.Subject
	}
}

// Approve approves the device authorization of userCode, as a user who
// signed in and clicked Approve on the verification page. The code is
// matched case-insensitively, dashes ignored.
func (e *Emulator) Approve(userCode string) error { return e.decide(userCode, true) }

// Deny denies the device authorization of userCode; the client's next poll
// gets AccessDeniedException.
func (e *Emulator) Deny(userCode string) error { return e.decide(userCode, false) }

func (e *Emulator) decide(userCode string, approve bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.userCodes[normalizeUserCode(userCode)]
	if d == nil {
		return ErrUnknownUserCode
	}
	now := e.now()
	e.settle(d, now)
	if !now.Before(d.expiresAt) {
		return ErrExpiredUserCode
	}
	if d.state != statePending {
		return ErrAlreadyDecided
	}
	if approve {
		d.state = stateApproved
		d.subject = e.opts.Subject
	} else {
		d.state = stateDenied
	}
	return nil
}

// PendingUserCodes returns the user codes that wait for a decision, oldest
// first: a test of code that starts a device login without showing its
// user code can approve it with these.
func (e *Emulator) PendingUserCodes() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	var pending []*deviceAuth
	for _, d := range e.devices {
		e.settle(d, now)
		if d.state == statePending && now.Before(d.expiresAt) {
			pending = append(pending, d)
		}
	}
	slices.SortFunc(pending, func(a, b *deviceAuth) int { return a.seq - b.seq })
	codes := make([]string, len(pending))
	for i, d := range pending {
		codes[i] = d.userCode
	}
	return codes
}
