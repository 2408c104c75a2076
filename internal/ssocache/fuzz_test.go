package ssocache

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzReadToken: no file panics, every error is ErrCorrupt-shaped, and what
// decodes writes back as valid ASCII JSON that decodes to the same token.
func FuzzReadToken(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		tok, err := decodeToken(b)
		if err != nil {
			if !errors.As(err, new(errFormat)) {
				t.Fatal(err)
			}
			return
		}
		out, err := encodeToken(tok)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, out)
		again, err := decodeToken(out)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if out2, _ := encodeToken(again); !bytes.Equal(out, out2) || !cmpTokens(tok, again) {
			t.Fatalf("round trip changed\n%s\n%s", out, out2)
		}
	})
}

// FuzzReadRegistration is FuzzReadToken for registration files.
func FuzzReadRegistration(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRegistration(b)
		if err != nil {
			if !errors.As(err, new(errFormat)) {
				t.Fatal(err)
			}
			return
		}
		out, err := encodeRegistration(r)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, out)
		again, err := decodeRegistration(out)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if out2, _ := encodeRegistration(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed\n%s\n%s", out, out2)
		}
	})
}

func roundTrip(t *testing.T, out []byte) {
	if !json.Valid(out) {
		t.Fatalf("invalid JSON written: %s", out)
	}
	for _, c := range out {
		if c < 0x20 || c > 0x7e {
			t.Fatalf("non-ASCII written: %q", out)
		}
	}
}

func cmpTokens(a, b *Token) bool {
	return a.StartURL == b.StartURL && a.Region == b.Region && a.AccessToken == b.AccessToken &&
		a.ExpiresAt.Equal(b.ExpiresAt) && a.RefreshToken == b.RefreshToken && a.ClientID == b.ClientID &&
		a.ClientSecret == b.ClientSecret && a.RegistrationExpiresAt.Equal(b.RegistrationExpiresAt)
}

// FuzzReadRole is FuzzReadToken for role credentials files.
func FuzzReadRole(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeRole(b)
		if err != nil {
			if !errors.As(err, new(errFormat)) {
				t.Fatal(err)
			}
			return
		}
		out, err := encodeRole(r)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, out)
		again, err := decodeRole(out)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if out2, _ := encodeRole(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed\n%s\n%s", out, out2)
		}
	})
}
