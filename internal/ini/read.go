package ini

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// section is one "[header]" of a file with its properties in file order.
// A header may appear more than once; the normaliser merges them.
type section struct {
	header string // the text between "[" and the last "]", trimmed
	file   string
	line   int
	props  []prop
}

type prop struct {
	name string // as written; the normaliser checks and lower-cases it
	property
}

// property is one value and where it was set.
type property struct {
	value string
	file  string
	line  int
	sub   bool // value is "\n" followed by "name = value" lines
}

// ParseError reports where and why a file is malformed. Its message never
// holds text from the file, which may be a secret.
type ParseError struct {
	File string // the path given to Load, or the name given to Parse
	Line int    // 1-based
	msg  string
}

// Error returns "file:line: reason".
func (e *ParseError) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.msg
}

// readLines is the first stage: it splits a file into sections and
// properties, whatever kind of file it is. It fails only where botocore
// fails too, so that no file the AWS CLI reads is rejected.
func readLines(file, s string) ([]section, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	var (
		secs   []section
		cur    *property // the property that deeper-indented lines continue
		indent int       // the indentation of cur's first line
		subOK  bool      // cur's first line was empty: its continuations are sub-properties
		// joined is cur's value with its continuation lines so far: a
		// builder, since joining with += copies the value for each line.
		joined strings.Builder
	)
	for n := 1; s != ""; n++ {
		var line string
		line, s = cutLine(s)
		text := strings.TrimLeftFunc(line, isSpace)
		lead := utf8.RuneCountInString(line[:len(line)-len(text)])
		text = strings.TrimRightFunc(text, isSpace)
		fail := func(msg string) ([]section, error) {
			return nil, &ParseError{File: file, Line: n, msg: msg}
		}
		if text == "" || text[0] == '#' || text[0] == ';' {
			continue
		}
		if cur != nil && lead > indent {
			// botocore checks sub-properties in every section but [DEFAULT],
			// whose values it reads only where another section inherits them.
			if subOK && !strings.Contains(text, "=") && secs[len(secs)-1].header != "DEFAULT" {
				return fail(`expected a sub-property "name = value"`)
			}
			cur.sub = subOK
			if joined.Len() == 0 {
				joined.WriteString(cur.value)
			}
			joined.WriteString("\n")
			joined.WriteString(text)
			cur.value = joined.String() // shares joined's bytes, which later writes do not change
			continue
		}
		cur = nil
		joined.Reset()
		// configparser's header rule: "[", at least one character, "]".
		if j := strings.LastIndexByte(text, ']'); text[0] == '[' && j > 1 {
			secs = append(secs, section{header: trim(text[1:j]), file: file, line: n})
			continue
		}
		if len(secs) == 0 {
			return fail("expected a [profile NAME] or other section header before this line")
		}
		eq := strings.IndexByte(text, '=')
		if eq < 0 {
			eq = strings.IndexByte(text, ':') // botocore reads "key : value"
		}
		if eq < 0 {
			if text[0] == '[' {
				return fail(`section header must end with "]"`)
			}
			return fail(`expected a property "name = value", a [section] header or a # comment`)
		}
		name := strings.TrimRightFunc(text[:eq], isSpace)
		if name == "" {
			return fail(`property has no name before the "="`)
		}
		sec := &secs[len(secs)-1]
		sec.props = append(sec.props, prop{name, property{value: stripComment(text[eq+1:]), file: file, line: n}})
		cur, indent = &sec.props[len(sec.props)-1].property, lead
		// Sub-properties follow where botocore expects them: nothing after
		// the first "=" or ":".
		subOK = trim(text[strings.IndexAny(text, "=:")+1:]) == ""
	}
	return secs, nil
}

// cutLine splits s after its first line, which ends at "\n", "\r\n" or
// "\r" (Python's universal newlines, as the CLI reads files).
func cutLine(s string) (line, rest string) {
	i := strings.IndexAny(s, "\r\n")
	if i < 0 {
		return s, ""
	}
	if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
		return s[:i], s[i+2:]
	}
	return s[:i], s[i+1:]
}

// stripComment trims a property's first-line value and drops a comment:
// a "#" or ";" after whitespace ("us-west-2 # prod"), not one inside a
// word ("value#1").
func stripComment(v string) string {
	for i := 1; i < len(v); i++ {
		if v[i] == '#' || v[i] == ';' {
			if r, _ := utf8.DecodeLastRuneInString(v[:i]); isSpace(r) {
				v = v[:i]
				break
			}
		}
	}
	return trim(v)
}

// isSpace is Python's str.isspace, which the CLI trims and indents by: Go's
// unicode.IsSpace and the separators U+001C to U+001F.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

func trim(s string) string { return strings.TrimFunc(s, isSpace) }
