package ini

import (
	"errors"
	"strings"
	"testing"
)

// sentinel is planted in every value by markValues. It is letters only, so
// it changes no parsing decision.
const sentinel = "QzSeCrEtqZ"

// FuzzParse checks that Parse never panics, that its errors are
// *ParseErrors with a line inside the file, that every section and key it
// accepts can be looked up, and that no error ever repeats a value: the
// input is parsed again with sentinel planted in each value and in each
// line that is neither a header nor a comment, and no error may contain it.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.config))
		f.Add([]byte(tc.credentials))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := countLines(string(data))
		for _, kind := range []Kind{Config, Credentials} {
			file, err := Parse("fuzz", data, kind)
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != "fuzz" || pe.Line < 1 || pe.Line > lines {
					t.Fatalf("bad error %#v for %d lines", err, lines)
				}
			} else {
				checkLookups(t, file, lines)
			}

			_, err = Parse("fuzz", markValues(data), kind)
			if err != nil && strings.Contains(err.Error(), sentinel) {
				t.Fatalf("error repeats a value: %q", err)
			}
		}
	})
}

// checkLookups resolves every section of file through the public API.
func checkLookups(t *testing.T, file *File, lines int) {
	var s *Sections
	if file.kind == Config {
		s = Merge(file, nil)
	} else {
		s = Merge(nil, file)
	}
	for _, sec := range file.sections {
		var got Section
		var ok bool
		switch sec.class {
		case classOther:
			continue
		case classProfile:
			got, ok = s.Profile(sec.name)
		case classSSOSession:
			got, ok = s.SSOSession(sec.name)
		case classServices:
			got, ok = s.Services(sec.name)
		}
		if !ok {
			t.Fatalf("section [%s] not found as %q", sec.header, sec.name)
		}
		for _, l := range got.layers[:got.n] {
			for _, e := range l.entries {
				_, isStr := got.String(e.key)
				_, isSub := got.Sub(e.key)
				if isStr == isSub {
					t.Fatalf("key %q: String ok %v, Sub ok %v", e.key, isStr, isSub)
				}
				if name, line := got.Source(e.key); name != "fuzz" || line < 1 || line > lines {
					t.Fatalf("key %q: Source = %s:%d", e.key, name, line)
				}
			}
		}
	}
}

// countLines counts lines as Python's universal newlines do.
func countLines(s string) int {
	n := 0
	for s != "" {
		n++
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			break
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return n
}

// markValues plants sentinel right after the first "=" or ":" of each
// line, and at the start of the text of each other line that is not
// blank, a comment or a section header: everywhere a value or a stray
// secret could be.
func markValues(data []byte) []byte {
	var b strings.Builder
	s := string(data)
	for s != "" {
		line := s
		end := ""
		if i := strings.IndexAny(s, "\r\n"); i >= 0 {
			line = s[:i]
			j := i + 1
			if s[i] == '\r' && j < len(s) && s[j] == '\n' {
				j++
			}
			end = s[i:j]
		}
		s = s[len(line)+len(end):]

		text, _ := trimLeft(line)
		lead := line[:len(line)-len(text)]
		switch {
		case trimRight(text) == "", text[0] == '#', text[0] == ';',
			text[0] == '[' && strings.LastIndexByte(text, ']') > 1: // the parser's header rule
			b.WriteString(line)
		default:
			if d := strings.IndexAny(text, "=:"); d >= 0 {
				b.WriteString(lead + text[:d+1] + sentinel + text[d+1:])
			} else {
				b.WriteString(lead + sentinel + text)
			}
		}
		b.WriteString(end)
	}
	return []byte(b.String())
}
