package endpoints

import (
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestPatternAgreesWithRegexp: for every regionRegex of the embedded data
// and extra expressions of the same shape, compilePattern matches exactly
// the strings package regexp matches (anchored), on hand-picked and random
// candidates.
func TestPatternAgreesWithRegexp(t *testing.T) {
	var f partitionsFile
	if err := json.Unmarshal(partitionsJSON, &f); err != nil {
		t.Fatal(err)
	}
	exprs := []string{`^x\-\w+\-\d+$`, `^(ab|a)(bc|c)\-\w+\-\d+$`, `^(a|ab)b\-\w+\-\d+$`, `^eu\-(a|b)\-(c|d1)\-\w+\-\d+$`}
	for _, p := range f.Partitions {
		exprs = append(exprs, p.RegionRegex)
	}
	candidates := []string{"", "us-east-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1",
		"us-isof-south-1", "cn-north-1", "eusc-de-east-1", "eusc-fr-east-1", "mars-east-1", "us-east-1\n", " us-east-1",
		"us-east-", "us--1", "us-east_1-2", "US-EAST-1", "us-east-1a", "abcd", "abcbd", "abc", "ac", "abbc", "x_y1", "xy1",
		"12", "1", "abab", "aab", "ab", "ababab", "x-y-1", "x-_-09", "x-y-", "x--1", "x-y-1-2", "abc-e-1", "ac-e-1", "abbc-e-1",
		"ab-e-1", "abb-e-1", "eu-b-d1-x-7", "eu-a-d-x-7"}
	alphabet := []byte("abcdeusgovisofn---_019xyz\n")
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

// Any other shape is an error, not a wrong match.
func TestPatternRejectsUnsupported(t *testing.T) {
	const tail = `\-\w+\-\d+$`
	for _, expr := range []string{`a*`, `^us\-\w+$`, `us` + tail, `^us` + tail[:len(tail)-1], `^a*` + tail, `^a?` + tail,
		`^[a-z]` + tail, `^a{2}` + tail, `^a.b` + tail, `^(a` + tail, `^a)` + tail, `^a|b` + tail, `^\s` + tail,
		`^\` + tail, `^(?:a)` + tail, `^(a||b)` + tail, `^(a(b))` + tail, `^(a\-b)` + tail, `^a-b` + tail, `^a+` + tail} {
		if _, err := compilePattern(expr); err == nil {
			t.Errorf("compilePattern(%q) accepted unsupported syntax", expr)
		}
	}
}
