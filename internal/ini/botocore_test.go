package ini

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBotocoreAgrees runs the table cases and thousands of generated file
// pairs through the real botocore (testdata/botocore_dump.py) and through
// this package, and requires the same profiles, sso-sessions and services,
// or an error from both. It needs python3 with botocore installed and
// skips without them, or with -short.
//
// INI_BOTOCORE_CORPUS may name a directory of fuzz corpus files (such as
// $(go env GOCACHE)/fuzz/github.com/ssooidc-go/ssooidc/internal/ini/FuzzParse)
// to cross-check too, each input as a config and as a credentials file.
func TestBotocoreAgrees(t *testing.T) {
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
	for _, tc := range parseCases {
		if tc.deviation == "" {
			inputs = append(inputs, input{tc.name, tc.config, tc.credentials})
		}
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed: failures must reproduce
	for i := range 4000 {
		var cred string
		if rng.IntN(2) == 0 {
			cred = genFile(rng)
		}
		inputs = append(inputs, input{"generated " + strconv.Itoa(i), genFile(rng), cred})
	}

	if dir := os.Getenv("INI_BOTOCORE_CORPUS"); dir != "" {
		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, fi := range files {
			data, err := readCorpusFile(filepath.Join(dir, fi.Name()))
			if err != nil {
				t.Fatalf("%s: %v", fi.Name(), err)
			}
			if data == "" || strings.HasPrefix(data, "\ufeff") { // "" is an absent file; BOM is a known deviation
				continue
			}
			inputs = append(inputs, input{"corpus " + fi.Name(), data, ""}, input{"corpus " + fi.Name(), "", data})
		}
	}

	dir := t.TempDir()
	for i, in := range inputs {
		d := filepath.Join(dir, strconv.Itoa(i))
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string]string{"config": in.config, "credentials": in.credentials} {
			if data == "" {
				continue // absent, as parseBoth treats ""
			}
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
	var results []map[string]any
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != len(inputs) {
		t.Fatalf("%d results for %d inputs", len(results), len(inputs))
	}

	errs, fails := 0, 0
	for i, in := range inputs {
		want := normalize(results[i])
		got := map[string]any{"error": true}
		if s, err := parseBoth(in.config, in.credentials); err == nil {
			got = dump(s)
		} else {
			errs++
		}
		if diff := cmp.Diff(want, got); diff != "" {
			fails++
			if fails <= 10 {
				t.Errorf("%s: differs from botocore (-botocore +ours):\n%s\nconfig:\n%q\ncredentials:\n%q",
					in.name, diff, in.config, in.credentials)
			}
		}
	}
	t.Logf("%d inputs, %d rejected by both, %d differ", len(inputs), errs, fails)
	if errs > len(inputs)*3/4 {
		t.Errorf("generator too noisy: %d of %d inputs are errors", errs, len(inputs))
	}
}

// genFile makes a small file from fragments chosen to hit botocore's
// corner cases: odd headers, both delimiters, indentation, comments in
// blocks, [DEFAULT], unicode whitespace and every line ending.
func genFile(rng *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	// Most generated lines must be valid or nearly every file is rejected
	// (by both parsers) and little is compared: start with a header
	// usually, and vary names so they seldom repeat.
	suffix := func() string {
		if rng.IntN(3) == 0 {
			return ""
		}
		return strconv.Itoa(rng.IntN(100))
	}
	var b strings.Builder
	if rng.IntN(10) != 0 {
		b.WriteString(pick("[default]", "[profile a]", "[DEFAULT]", "[a]") + "\n")
	}
	for range 1 + rng.IntN(12) {
		switch r := rng.IntN(100); {
		case r < 10:
			b.WriteString(pick("[profile p", "[sso-session s", "[services v", "[p") + suffix() + "]")
		case r < 25:
			b.WriteString(pick("[default]", "[profile a]", "[profile  a ]", "[ profile a]", "[profile]",
				"[profile a b]", `[profile "a b"]`, `[profile 'a']`, `[profile a\ b]`, `[profile "a]`,
				`[profile a\]`, "[sso-session s]", `[sso-session "s t"]`, "[services x]", "[DEFAULT]",
				"[a]", "[b]", "[a", "[]", "[]]", "[a] junk", "[profiles a]", "[Default]",
				"[profile default]", "[profile b]#c", "\t[profile a]", "  [default]", "[services x y]"))
		case r < 65:
			if rng.IntN(20) == 0 {
				b.WriteString(pick("= v", ": v", "k", "junk", "  k"))
				break
			}
			b.WriteString(pick("", "", " ", "\t"))
			b.WriteString(pick("k", "K", "region", "Region", "s3", "S3", "a", "b", "x y", "[x", "Ä") + suffix())
			b.WriteString(pick(" = ", "=", ": ", " :", "\t=\t", " =", "= "))
			b.WriteString(pick("", "v", "V", "1", "a=b", "b#c", "x ; y", "http://h:1/", " spaced ",
				"\u00a0nb", "v\ufeff", "\u3000w"))
		case r < 82:
			b.WriteString(pick(" ", "  ", "\t", "    ", "\u00a0", "\u2003 "))
			b.WriteString(pick("a = b", "B = c", "a = b", "B = c", "junk", "# c", "; c", "x:y", "q = 1\vr = 2",
				"[profile a]", "k = v = w", "= e", "a = 1\u2028b = 2"))
		case r < 90:
			b.WriteString(pick("# c", "; c", "  # c", "#[default]", ";k = v"))
		case r < 99:
			b.WriteString(pick("", "  ", "\t", "\u00a0", "\x0b"))
		default:
			b.WriteString(pick("k = \xff", "\xc3"))
		}
		b.WriteString(pick("\n", "\n", "\n", "\n", "\r\n", "\r"))
	}
	return b.String()
}

// readCorpusFile reads a one-[]byte fuzz corpus file ("go test fuzz v1").
func readCorpusFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	_, lit, ok := strings.Cut(strings.TrimSpace(string(b)), "\n[]byte(")
	if !ok || !strings.HasSuffix(lit, ")") {
		return "", errors.New("not a []byte corpus file")
	}
	return strconv.Unquote(strings.TrimSuffix(lit, ")"))
}
