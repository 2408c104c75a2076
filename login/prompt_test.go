package login

import (
	"context"
	"strings"
	"testing"
)

// What the service sends for the prompt reaches the terminal without
// control characters or bidi overrides.
func TestDefaultPromptEscapes(t *testing.T) {
	p := Prompt{Flow: FlowDeviceCode, VerificationURI: "https://device.example/\x1b]0;pwned\x07\x1b[2J",
		UserCode: "ABCD-\u202eHGFE", VerificationURIComplete: "https://device.example/?c=\x9b2J"}
	var out strings.Builder
	o := Options{Stdout: &out, NoBrowser: true}
	if err := DefaultPrompt(o)(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u202e") || strings.Contains(out.String(), "\x9b") {
		t.Errorf("raw control characters in the prompt: %q", out.String())
	}
	for _, s := range []string{`\x1b]0;pwned\x07\x1b[2J`, `ABCD-\u202eHGFE`, `c=\x9b2J`, "\nThen enter the code:\n"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("prompt lacks %q:\n%s", s, out.String())
		}
	}
}
