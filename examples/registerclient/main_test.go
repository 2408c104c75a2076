package main

import (
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, "us-east-1", false); err != nil {
		t.Fatal(err)
	}
	// Printed outputs show secrets only as [REDACTED].
	if strings.Contains(out.String(), "{") && !strings.Contains(out.String(), "[REDACTED]") {
		t.Errorf("an output was printed without redaction:\n%s", out.String())
	}
	t.Log(out.String())
}
