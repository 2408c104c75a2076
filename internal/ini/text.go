package ini

import (
	"strings"
	"unicode/utf8"
)

// The helpers here reproduce the few Python string operations that botocore's
// parsing rests on (str.strip, str.lower, str.splitlines, shlex.split), so
// that a file means the same thing to this package as to the AWS CLI.
// Each has an ASCII fast path: real config files are ASCII.

// asciiSpace marks the ASCII characters Python's str.isspace accepts. Python
// also counts the separators 0x1c-0x1f, which Go's unicode.IsSpace does not.
var asciiSpace = [utf8.RuneSelf]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true, ' ': true,
}

// isPySpace reports whether Python's str.isspace (and re's \s) holds for r.
// The list was checked against CPython 3.11 over every code point.
func isPySpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	switch {
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// trimLeft strips leading Python whitespace and also returns how many code
// points it stripped: configparser measures indentation in code points.
func trimLeft(s string) (string, int) {
	n := 0
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isPySpace(r) {
				break
			}
			i += size
		}
		n++
	}
	return s[i:], n
}

// trimRight strips trailing Python whitespace.
func trimRight(s string) string {
	for len(s) > 0 {
		c := s[len(s)-1]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			s = s[:len(s)-1]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s)
		if !isPySpace(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// trim is Python's str.strip().
func trim(s string) string {
	s, _ = trimLeft(s)
	return trimRight(s)
}

// lowerKey is Python's str.lower, configparser's optionxform. It returns s
// itself, without allocating, when s is already lower case.
func lowerKey(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return lowerUnicode(s)
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// lowerUnicode lowers a key that is not ASCII. It is strings.ToLower, which
// differs from Python's str.lower in two special cases (U+0130 and a final
// capital sigma) and wherever the Unicode versions differ. Matching those
// would link Unicode category tables into every program for keys no AWS
// tool reads.
func lowerUnicode(s string) string { return strings.ToLower(s) }

// isLineBreak reports whether Python's str.splitlines breaks at r, other than
// at '\n' and '\r', which never occur inside one line of a file.
func isLineBreak(r rune) bool {
	switch r {
	case '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// nextLine splits s at its first str.splitlines break: botocore splits a
// nested value with splitlines, which breaks at more than file reading did.
func nextLine(s string) (line, rest string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e) {
				return s[:i], s[i+1:]
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isLineBreak(r) {
			return s[:i], s[i+size:]
		}
		i += size
	}
	return s, ""
}

// shlexSecond is botocore's _parse_section: shlex.split the header and, if
// that gives exactly two words, the second is the name ("profile foo" →
// "foo"). ok is false for any other count and for input shlex rejects
// (unclosed quote, trailing backslash), which botocore silently ignores.
func shlexSecond(h string) (name string, ok bool) {
	for i := 0; i < len(h); i++ {
		if c := h[i]; c == '"' || c == '\'' || c == '\\' {
			return shlexSecondSlow(h)
		}
	}
	// No quoting: shlex just splits at its own whitespace, which is ASCII
	// only, so the name is a substring of the header (no allocation).
	words := 0
	for i := 0; i < len(h); {
		for i < len(h) && isShlexSpace(h[i]) {
			i++
		}
		if i == len(h) {
			break
		}
		start := i
		for i < len(h) && !isShlexSpace(h[i]) {
			i++
		}
		words++
		if words == 2 {
			name = h[start:i]
		}
	}
	return name, words == 2
}

func isShlexSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// shlexSecondSlow follows shlex.shlex's read_token in POSIX mode with
// whitespace_split=True and no comment characters: quotes concatenate with
// adjacent text, "" is an (empty) word, backslash escapes any character
// outside quotes but only " and \ inside double quotes, and nothing inside
// single quotes. Quotes and backslash are ASCII, so working on bytes is safe.
func shlexSecondSlow(h string) (string, bool) {
	const (
		between = iota // skipping whitespace between words
		word           // inside a word, outside quotes
		squote         // inside '...'
		dquote         // inside "..."
	)
	var (
		words  int
		second string
		cur    []byte
		quoted bool // current word had quotes, so it counts even if empty
		state  = between
	)
	emit := func() {
		words++
		if words == 2 {
			second = string(cur)
		}
		cur = cur[:0]
		quoted = false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch state {
		case between, word:
			switch {
			case isShlexSpace(c):
				if state == word && (len(cur) > 0 || quoted) {
					emit()
				}
				state = between
			case c == '\\':
				i++
				if i == len(h) {
					return "", false // "No escaped character"
				}
				cur = append(cur, h[i])
				state = word
			case c == '\'':
				state, quoted = squote, true
			case c == '"':
				state, quoted = dquote, true
			default:
				cur = append(cur, c)
				state = word
			}
		case squote:
			if c == '\'' {
				state = word
			} else {
				cur = append(cur, c)
			}
		case dquote:
			switch c {
			case '"':
				state = word
			case '\\':
				i++
				if i == len(h) {
					return "", false
				}
				if h[i] != '"' && h[i] != '\\' {
					cur = append(cur, '\\')
				}
				cur = append(cur, h[i])
			default:
				cur = append(cur, c)
			}
		}
	}
	switch state {
	case squote, dquote:
		return "", false // "No closing quotation"
	case word:
		if len(cur) > 0 || quoted {
			emit()
		}
	}
	return second, words == 2
}
