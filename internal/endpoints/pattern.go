package endpoints

import (
	"errors"
	"fmt"
	"strings"
)

// pattern is a compiled regionRegex: the literal prefixes it expands to.
// Every regionRegex of the partitions data has the shape
// ^PREFIX\-\w+\-\d+$, where PREFIX is letters, digits, escaped dashes and
// groups of alternatives such as (us|eu). Matching that shape here keeps
// the regexp package, about 90 KB, out of every program that links this
// SDK. An expression of another shape fails to compile, and a test checks
// the embedded data against package regexp.
type pattern []string

// regionTail is what every regionRegex ends with: -word-number.
const regionTail = `\-\w+\-\d+`

var errUnsupported = errors.New(`not of the form ^PREFIX\-\w+\-\d+$ with PREFIX made of letters, digits, \- and (a|b) groups`)

// compilePattern parses expr, expanding its prefix into every string it
// stands for.
func compilePattern(expr string) (pattern, error) {
	body, ok := strings.CutPrefix(expr, "^")
	if ok {
		body, ok = strings.CutSuffix(body, regionTail+"$")
	}
	if !ok {
		return nil, fmt.Errorf("%q: %w", expr, errUnsupported)
	}
	prefixes := pattern{""}
	for body != "" {
		var alts []string
		switch {
		case strings.HasPrefix(body, `\-`):
			alts, body = []string{"-"}, body[2:]
		case isAlnum(body[0]):
			alts, body = []string{body[:1]}, body[1:]
		case body[0] == '(':
			group, rest, ok := strings.Cut(body[1:], ")")
			alts, body = strings.Split(group, "|"), rest
			for _, a := range alts {
				ok = ok && all(a, isAlnum)
			}
			if !ok {
				return nil, fmt.Errorf("%q: %w", expr, errUnsupported)
			}
		default:
			return nil, fmt.Errorf("%q: %w", expr, errUnsupported)
		}
		var next pattern
		for _, a := range alts {
			for _, p := range prefixes {
				next = append(next, p+a)
			}
		}
		prefixes = next
	}
	return prefixes, nil
}

// matches reports whether region is one of the prefixes followed by
// -word-number. \w has no '-', so the first '-' after the prefix's own ends
// the word.
func (p pattern) matches(region string) bool {
	for _, prefix := range p {
		rest, ok := strings.CutPrefix(region, prefix+"-")
		if !ok {
			continue
		}
		word, number, ok := strings.Cut(rest, "-")
		if ok && all(word, isWordByte) && all(number, isDigit) {
			return true
		}
	}
	return false
}

// all reports whether s is not empty and every byte of it is ok.
func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }
