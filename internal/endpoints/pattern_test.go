package endpoints

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestPatternAgreesWithRegexp: for every regionRegex of the embedded data
// and extra expressions of the same subset, compilePattern matches exactly
// the strings package regexp matches (anchored), on hand-picked and random
// candidates.
func TestPatternAgreesWithRegexp(t *testing.T) {
	var f partitionsFile
	if err := json.Unmarshal(partitionsJSON, &f); err != nil {
		t.Fatal(err)
	}
	exprs := []string{`^a(b|c)+d$`, `x\w+y\d`, `^(ab|a)(bc|c)$`, `^\d+\d$`, `^(a|ab)+b$`}
	for _, p := range f.Partitions {
		exprs = append(exprs, p.RegionRegex)
	}
	candidates := []string{"", "us-east-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1",
		"us-isof-south-1", "cn-north-1", "eusc-de-east-1", "eusc-fr-east-1", "mars-east-1", "us-east-1\n", " us-east-1",
		"us-east-", "us--1", "us-east_1-2", "US-EAST-1", "us-east-1a", "abcd", "abcbd", "abc", "ac", "abbc", "x_y1", "xy1",
		"12", "1", "abab", "aab", "ab", "ababab"}
	alphabet := []byte("abcdeusgovisofn-_019xyz\n")
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		b := make([]byte, r.IntN(18))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		candidates = append(candidates, string(b))
	}
	for _, expr := range exprs {
		p, err := compilePattern(expr)
		if err != nil {
			t.Fatalf("compilePattern(%q): %v", expr, err)
		}
		re := regexp.MustCompile(`^(?:` + trimAnchors(expr) + `)$`)
		for _, c := range candidates {
			if got, want := p.matches(c), re.MatchString(c); got != want {
				t.Errorf("%q on %q: %v, regexp says %v", expr, c, got, want)
			}
		}
	}
}

func trimAnchors(s string) string {
	if len(s) > 0 && s[0] == '^' {
		s = s[1:]
	}
	if len(s) > 0 && s[len(s)-1] == '$' {
		s = s[:len(s)-1]
	}
	return s
}

// Syntax outside the subset is an error, not a wrong match.
func TestPatternRejectsUnsupported(t *testing.T) {
	for _, expr := range []string{`a*`, `a?`, `[a-z]`, `a{2}`, `a.b`, `(a`, `a)`, `a|b`, `\s`, `\`, `(?:a)`} {
		if _, err := compilePattern(expr); err == nil {
			t.Errorf("compilePattern(%q) accepted unsupported syntax", expr)
		}
	}
}
