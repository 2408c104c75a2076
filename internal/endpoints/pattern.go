package endpoints

import (
	"errors"
	"fmt"
)

// pattern is a compiled regionRegex. The partitions data uses a small subset
// of regular expressions: literals, escaped punctuation, \w and \d with an
// optional +, groups of alternatives, and ^ and $. Matching that subset
// here keeps the regexp package, about 90 KB, out of every program that
// links this SDK. Anything outside the subset fails to compile, and a test
// compiles the embedded data and checks it against package regexp.
type pattern []node

type nodeKind uint8

const (
	literal nodeKind = iota
	word             // \w: [0-9A-Za-z_]
	digit            // \d: [0-9]
	group            // (a|b|...)
)

type node struct {
	kind nodeKind
	lit  byte
	plus bool      // one or more, greedy
	alts []pattern // for group
}

var errUnsupported = errors.New("unsupported regular expression syntax")

// compilePattern parses expr. The match is always of the whole string, as
// the rules engine's reference implementation does, so ^ and $ at the ends
// are accepted and implied when absent.
func compilePattern(expr string) (pattern, error) {
	s := expr
	if len(s) > 0 && s[0] == '^' {
		s = s[1:]
	}
	if len(s) > 0 && s[len(s)-1] == '$' && (len(s) < 2 || s[len(s)-2] != '\\') {
		s = s[:len(s)-1]
	}
	p, rest, err := parseAlternative(s, 0)
	if err == nil && rest != "" {
		err = errUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("%q: %w", expr, err)
	}
	return p, nil
}

// parseAlternative parses a sequence up to an unnested '|' or ')'.
func parseAlternative(s string, depth int) (pattern, string, error) {
	var p pattern
	for len(s) > 0 {
		c := s[0]
		var n node
		switch {
		case c == '|' || c == ')':
			if depth == 0 {
				return nil, "", errUnsupported
			}
			return p, s, nil
		case c == '\\':
			if len(s) < 2 {
				return nil, "", errUnsupported
			}
			switch e := s[1]; {
			case e == 'w':
				n.kind = word
			case e == 'd':
				n.kind = digit
			case isPunct(e):
				n.lit = e
			default:
				return nil, "", errUnsupported
			}
			s = s[2:]
		case c == '(':
			if depth > 8 {
				return nil, "", errUnsupported
			}
			n.kind = group
			s = s[1:]
			for {
				alt, rest, err := parseAlternative(s, depth+1)
				if err != nil {
					return nil, "", err
				}
				n.alts = append(n.alts, alt)
				if rest == "" {
					return nil, "", errUnsupported // unclosed group
				}
				s = rest[1:]
				if rest[0] == ')' {
					break
				}
			}
		case isPunct(c):
			return nil, "", errUnsupported // an operator we do not implement
		default:
			n.lit = c
			s = s[1:]
		}
		if len(s) > 0 && s[0] == '+' {
			n.plus = true
			s = s[1:]
		}
		p = append(p, n)
	}
	if depth > 0 {
		return p, "", nil
	}
	return p, s, nil
}

func isPunct(c byte) bool {
	switch c {
	case '-', '.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\', '/':
		return true
	}
	return false
}

// matches reports whether p matches all of s.
func (p pattern) matches(s string) bool {
	return p.match(s, 0, func(i int) bool { return i == len(s) })
}

// match matches p at s[i:] and calls then with where it ended, trying
// shorter runs of a + when then fails: a small backtracking matcher, which
// suits patterns a few nodes long.
func (p pattern) match(s string, i int, then func(int) bool) bool {
	if len(p) == 0 {
		return then(i)
	}
	n, rest := p[0], p[1:]
	if n.kind == group {
		return n.matchGroup(s, i, rest, then)
	}
	end := i
	for end < len(s) && n.accepts(s[end]) {
		end++
		if !n.plus {
			break
		}
	}
	for ; end > i; end-- {
		if rest.match(s, end, then) {
			return true
		}
	}
	return false
}

func (n node) matchGroup(s string, i int, rest pattern, then func(int) bool) bool {
	var next func(int) bool
	next = func(j int) bool {
		if rest.match(s, j, then) {
			return true
		}
		// One more repetition of the group, for (…)+.
		return n.plus && j > i && n.matchGroup(s, j, rest, then)
	}
	for _, alt := range n.alts {
		if alt.match(s, i, next) {
			return true
		}
	}
	return false
}

func (n node) accepts(c byte) bool {
	switch n.kind {
	case word:
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
	case digit:
		return c >= '0' && c <= '9'
	}
	return c == n.lit
}
