package ini

import (
	"encoding/json"
	"testing"
)

// parseBoth parses config and credentials contents the way Load would
// (nil for a file given as "" so the file is absent, as botocore sees it).
func parseBoth(config, credentials string) (*Sections, error) {
	var cfg, cred *File
	var err error
	if config != "" {
		if cfg, err = Parse("config", []byte(config), Config); err != nil {
			return nil, err
		}
	}
	if credentials != "" {
		if cred, err = Parse("credentials", []byte(credentials), Credentials); err != nil {
			return nil, err
		}
	}
	return Merge(cfg, cred), nil
}

// dump renders every section s resolves to, in the JSON shape that
// testdata/botocore_dump.py prints for botocore, with empty groups left
// out: {"profiles": {name: {key: value-or-{sub: value}}}, "sso": ...,
// "services": ...}.
func dump(s *Sections) map[string]any {
	out := map[string]any{}
	group := func(name string, names []string, get func(string) (Section, bool)) {
		if len(names) == 0 {
			return
		}
		g := map[string]any{}
		for _, n := range names {
			sec, ok := get(n)
			if !ok {
				panic("listed section not found: " + n)
			}
			g[n] = sectionMap(sec)
		}
		out[name] = g
	}
	group("profiles", s.names(classProfile), s.Profile)
	group("sso", s.names(classSSOSession), s.SSOSession)
	group("services", s.names(classServices), s.Services)
	return out
}

// names lists the distinct names of sections of class c in either file.
func (s *Sections) names(c class) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range []*File{s.config, s.credentials} {
		if f == nil || (c != classProfile && f == s.credentials) {
			continue
		}
		for _, sec := range f.sections {
			if sec.class == c && !seen[sec.name] {
				seen[sec.name] = true
				out = append(out, sec.name)
			}
		}
	}
	return out
}

// sectionMap lists every key of sec through the public accessors.
func sectionMap(sec Section) map[string]any {
	m := map[string]any{}
	for _, l := range sec.layers[:sec.n] {
		for _, e := range l.entries {
			if _, done := m[e.key]; done {
				continue
			}
			if sub, ok := sec.Sub(e.key); ok {
				mm := map[string]any{}
				for k, v := range sub {
					mm[k] = v
				}
				m[e.key] = mm
			} else if v, ok := sec.String(e.key); ok {
				m[e.key] = v
			} else {
				panic("key neither plain nor nested: " + e.key)
			}
		}
	}
	return m
}

// normalize turns botocore's output into dump's shape: empty groups
// dropped, and any error reduced to {"error": true}.
func normalize(v map[string]any) map[string]any {
	if _, ok := v["error"]; ok {
		return map[string]any{"error": true}
	}
	out := map[string]any{}
	for k, g := range v {
		if m, ok := g.(map[string]any); ok && len(m) == 0 {
			continue
		}
		out[k] = g
	}
	return out
}

func mustJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("bad want JSON %s: %v", s, err)
	}
	return m
}
