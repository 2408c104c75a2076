package main

import (
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"VERYLONGSECRET", "EXAMPLEACCESSTOKEN", "EXAMPLEREFRESHTOKEN", "EXAMPLEIDTOKEN"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("a secret was printed:\n%s", out.String())
		}
	}
	t.Log(out.String())
}
