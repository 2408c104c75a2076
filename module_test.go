package ssooidc

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// minGo is the go line of every go.mod here: the oldest Go the code needs,
// not the newest release, which would raise every user's go line to it.
// Raise it only when the code needs a newer one: go vet's stdversion check
// reports standard-library symbols newer than the go line. An upgrade of a
// dependency that would raise it silently fails here instead.
const minGo = "1.24.0"

func TestGoLine(t *testing.T) {
	for _, file := range []string{"go.mod", "interop/go.mod", "bench/go.mod"} {
		b, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) && file != "go.mod" {
			continue // the nested modules are not in the module's zip
		}
		if err != nil {
			t.Fatal(err)
		}
		goLine := ""
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "toolchain ") {
				t.Errorf("%s: %q: which toolchain builds the code is the user's choice", file, line)
			}
			if v, ok := strings.CutPrefix(line, "go "); ok {
				goLine = v
			}
		}
		if goLine != minGo {
			t.Errorf("%s: go %s, want go %s", file, goLine, minGo)
		}
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Go " + strings.TrimSuffix(minGo, ".0") + " or later"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q", want)
	}
}
