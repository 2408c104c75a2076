package ini

import (
	"errors"
	"strings"
	"testing"
)

// sentinel is planted in every value by markValues. It is letters only, so
// it changes no parsing decision that matters for errors.
const sentinel = "QzSeCrEtqZ"

// FuzzParse checks that Parse never panics, that its errors are
// *ParseErrors naming the file and a line inside it, that every section
// and key it accepts can be looked up, and that no error repeats a value:
// the input is parsed again with sentinel planted in each value and in
// each line that is neither a header nor a comment, and no error may
// contain it.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.config))
		f.Add([]byte(tc.credentials))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := 0
		for s := string(data); s != ""; lines++ {
			_, s = cutLine(s)
		}
		for _, file := range []string{"c", "k"} {
			config, credentials := data, []byte(nil)
			if file == "k" {
				config, credentials = nil, data
			}
			s, err := Parse("c", config, "k", credentials)
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != file || pe.Line < 1 || pe.Line > lines {
					t.Fatalf("bad error %#v for %d lines", err, lines)
				}
			} else {
				checkLookups(t, s, lines)
			}
			config, credentials = markValues(config), markValues(credentials)
			if _, err := Parse("c", config, "k", credentials); err != nil && strings.Contains(err.Error(), sentinel) {
				t.Fatalf("error repeats a value: %q", err)
			}
		}
	})
}

// checkLookups resolves every section of s through the public API.
func checkLookups(t *testing.T, s *Sections, lines int) {
	for _, g := range []struct {
		m   map[string]Section
		get func(string) (Section, bool)
	}{{s.profiles, s.Profile}, {s.ssoSessions, s.SSOSession}, {s.services, s.Services}} {
		for name, sec := range g.m {
			got, ok := g.get(name)
			if !ok || got.Name != name {
				t.Fatalf("section %q not found", name)
			}
			for key := range sec.props {
				_, isStr := got.String(key)
				_, isSub := got.Sub(key)
				if isStr == isSub {
					t.Fatalf("key %q: String ok %v, Sub ok %v", key, isStr, isSub)
				}
				if file, line := got.Source(key); file == "" || line < 1 || line > lines {
					t.Fatalf("key %q: Source = %s:%d", key, file, line)
				}
			}
		}
	}
}

// markValues plants sentinel where the parser splits each line (the first
// "=", else the first ":"), and at the start of the text of each other
// line that is not blank, a comment or a header: everywhere a value or a
// stray secret could be.
func markValues(data []byte) []byte {
	var b strings.Builder
	for s := string(data); s != ""; {
		line, rest := cutLine(s)
		end := s[len(line) : len(s)-len(rest)]
		s = rest
		text := strings.TrimLeftFunc(line, isSpace)
		lead := line[:len(line)-len(text)]
		d := strings.IndexByte(text, '=')
		if d < 0 {
			d = strings.IndexByte(text, ':')
		}
		switch {
		case trim(text) == "", text[0] == '#', text[0] == ';',
			text[0] == '[' && strings.LastIndexByte(text, ']') > 1: // the parser's header rule
			b.WriteString(line)
		case d >= 0:
			b.WriteString(lead + text[:d+1] + sentinel + text[d+1:])
		default:
			b.WriteString(lead + sentinel + text)
		}
		b.WriteString(end)
	}
	return []byte(b.String())
}
