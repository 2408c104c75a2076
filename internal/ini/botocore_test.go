package ini

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBotocoreReadsNothingWeReject checks the rule on top of the suite: no
// file the AWS CLI reads is rejected here. It runs the suite's inputs, the
// table cases and thousands of generated file pairs through the real
// botocore (testdata/botocore_dump.py) and through Parse, and fails on any
// pair botocore loads and Parse rejects. It needs python3 with botocore
// and skips without them, or with -short.
func TestBotocoreReadsNothingWeReject(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command(python, "-c", "import botocore").Run(); err != nil {
		t.Skip("botocore not installed")
	}

	type input struct{ name, config, credentials string }
	var inputs []input
	var suite struct {
		Tests []struct {
			Name  string
			Input struct{ ConfigFile, CredentialsFile string }
		}
	}
	readJSON(t, "profile-parser-tests.json", &suite)
	for _, tc := range suite.Tests {
		inputs = append(inputs, input{"suite: " + tc.Name, tc.Input.ConfigFile, tc.Input.CredentialsFile})
	}
	for _, tc := range parseCases {
		inputs = append(inputs, input{tc.name, tc.config, tc.credentials})
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed: failures must reproduce
	for i := range 4000 {
		var cred string
		if rng.IntN(2) == 0 {
			cred = genFile(rng)
		}
		inputs = append(inputs, input{"generated " + strconv.Itoa(i), genFile(rng), cred})
	}

	dir := t.TempDir()
	for i, in := range inputs {
		d := filepath.Join(dir, strconv.Itoa(i))
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string]string{"config": in.config, "credentials": in.credentials} {
			if err := os.WriteFile(filepath.Join(d, name), []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command(python, filepath.Join("testdata", "botocore_dump.py"), dir, strconv.Itoa(len(inputs)))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_dump.py: %v\n%s", err, stderr.String())
	}
	var botoErr []*string
	if err := json.Unmarshal(out, &botoErr); err != nil {
		t.Fatal(err)
	}
	if len(botoErr) != len(inputs) {
		t.Fatalf("%d results for %d inputs", len(botoErr), len(inputs))
	}

	read, bothReject, onlyBotoRejects := 0, 0, 0
	for i, in := range inputs {
		_, err := Parse("config", []byte(in.config), "credentials", []byte(in.credentials))
		switch {
		case botoErr[i] == nil && err != nil:
			t.Errorf("%s: botocore reads it, Parse fails: %v\nconfig:\n%q\ncredentials:\n%q", in.name, err, in.config, in.credentials)
		case botoErr[i] == nil:
			read++
		case err != nil:
			bothReject++
		default:
			onlyBotoRejects++
		}
	}
	t.Logf("%d inputs: %d read by botocore, %d rejected by both, %d rejected only by botocore", len(inputs), read, bothReject, onlyBotoRejects)
	// The generator must exercise both sides, or the check is hollow.
	if read < len(inputs)/4 || bothReject < len(inputs)/20 {
		t.Errorf("generator unbalanced: %d read, %d rejected by both, of %d", read, bothReject, len(inputs))
	}
}

// genFile makes a small file from fragments chosen where the suite and
// botocore differ: comments after values, ":" and "=", indentation (ASCII
// and Unicode), sub-properties, odd and quoted headers, [DEFAULT], line
// breaks inside lines and every line ending.
func genFile(rng *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var b strings.Builder
	if rng.IntN(10) != 0 {
		b.WriteString(pick("[default]", "[profile a]", "[DEFAULT]", "[a]", "\ufeff[default]") + "\n")
	}
	for range 1 + rng.IntN(12) {
		switch r := rng.IntN(100); {
		case r < 20:
			b.WriteString(pick("[default]", "[profile a]", "[profile  a ]", "[ profile a]", "[profile]",
				"[profile a b]", `[profile "a b"]`, `[profile 'a']`, `[profile a\ b]`, `[profile "a]`,
				"[sso-session s]", `[sso-session "s t"]`, "[services x]", "[DEFAULT]", "[a]", "[a",
				"[]", "[]]", "[] = x", "[x=y", "[a] junk", "[profiles a]", "[profile default]",
				"[profile b]#c", "[profile b] ; c ]", "\t[profile a]", "  [default]", "[profile\ta]"))
		case r < 60:
			if rng.IntN(15) == 0 {
				b.WriteString(pick("= v", ": v", "k", "junk", "  k", "k # c = v", ": a = b"))
				break
			}
			b.WriteString(pick("", "", " ", "\t", "\u00a0"))
			b.WriteString(pick("k", "K", "region", "s3", "a", "in valid", "a:b", "[x", "Ä", "k#"))
			b.WriteString(pick(" = ", "=", ": ", " :", "\t=\t", " =", "= ", "=#", " = #", " = ;"))
			b.WriteString(pick("", "", "v", "a=b", "b#c", "x ; y", "x # y", "http://h:1/", "# only", ";", "\u3000w"))
		case r < 82:
			b.WriteString(pick(" ", "  ", "\t", "    ", "\u00a0", "\u2003 ", "\x1c"))
			b.WriteString(pick("a = b", "B = c", "= e", "junk", "# c", "; c", "x:y", "q = 1\vr = 2",
				"[profile a]", "k = v # c", "a = 1\u2028b", "j\u2028a = 1", "\v", "\x85"))
		case r < 90:
			b.WriteString(pick("# c", "; c", "  # c", "#[default]", ";k = v"))
		default:
			b.WriteString(pick("", "  ", "\t", "\u00a0", "\x0b", "\x1f"))
		}
		b.WriteString(pick("\n", "\n", "\n", "\n", "\r\n", "\r"))
	}
	return b.String()
}
