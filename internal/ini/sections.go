package ini

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// Sections is the merged view of a config file and a credentials file,
// either of which may be absent. It is immutable and safe for concurrent
// use. The zero value and nil have no sections.
type Sections struct {
	config      *File
	credentials *File
}

// Merge combines a parsed config file and credentials file; either may be
// nil. Profiles are looked up in both, the credentials file winning key by
// key; sso-session and services sections come from the config file only,
// as in the CLI.
func Merge(config, credentials *File) *Sections {
	return &Sections{config: config, credentials: credentials}
}

// Load reads and parses the config file and the credentials file at the
// given paths and merges them. An empty path, a path that does not exist, or
// one that is not a regular file (e.g. /dev/null) counts as an absent file,
// as in the CLI. A file that exists but cannot be read is an error, unlike
// in the CLI, which skips it silently and so hides why credentials vanish.
// Paths are used as given: expanding "~" or environment variables is the
// caller's job.
func Load(configPath, credentialsPath string) (*Sections, error) {
	config, err := loadFile(configPath, Config)
	if err != nil {
		return nil, err
	}
	credentials, err := loadFile(credentialsPath, Credentials)
	if err != nil {
		return nil, err
	}
	return Merge(config, credentials), nil
}

// readFile is os.ReadFile, replaceable by tests: running as root, as CI
// does, no permission bits make a file unreadable.
var readFile = os.ReadFile

func loadFile(path string, kind Kind) (*File, error) {
	if path == "" {
		return nil, nil
	}
	// Stat first: botocore requires os.path.isfile, and opening a FIFO
	// would block.
	fi, err := os.Stat(path)
	if err == nil && !fi.Mode().IsRegular() {
		return nil, nil
	}
	var data []byte
	if err == nil {
		data, err = readFile(path)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, nil
		}
		return nil, fmt.Errorf("ini: reading shared %s file: %w", kind, err)
	}
	return Parse(path, data, kind)
}

// String returns "config" or "credentials".
func (k Kind) String() string {
	switch k {
	case Config:
		return "config"
	case Credentials:
		return "credentials"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Profile returns the named profile ("default" for the default one) and
// whether either file defines it.
func (s *Sections) Profile(name string) (Section, bool) {
	sec := Section{Name: name}
	if s == nil {
		return sec, false
	}
	// Precedence, highest first, is botocore's: the credentials section
	// (with its file's [DEFAULT] keys) overrides the config section (with
	// its [DEFAULT] keys) key by key.
	found := sec.add(s.credentials, classProfile, name)
	found = sec.add(s.config, classProfile, name) || found
	return sec, found
}

// SSOSession returns the config file's [sso-session NAME] section.
func (s *Sections) SSOSession(name string) (Section, bool) {
	sec := Section{Name: name}
	if s == nil {
		return sec, false
	}
	return sec, sec.add(s.config, classSSOSession, name)
}

// Services returns the config file's [services NAME] section, whose keys
// are usually nested per service, e.g. Sub("sso_oidc").
func (s *Sections) Services(name string) (Section, bool) {
	sec := Section{Name: name}
	if s == nil {
		return sec, false
	}
	return sec, sec.add(s.config, classServices, name)
}

// Section is one resolved profile, sso-session or services section: its
// keys, possibly gathered from both files. The zero value has no keys.
type Section struct {
	// Name is the name that was looked up, e.g. "default" or "dev".
	Name string

	// layers are searched in order; the first holding a key wins. At most
	// four: credentials section, its [DEFAULT], config section, its
	// [DEFAULT]. Keeping layers instead of merging avoids copying.
	layers [4]layer
	n      int
}

type layer struct {
	file    string
	entries []entry
}

// add appends the layers f has for the section, reporting whether f
// defines it. Where several headers name the same section (e.g. [default]
// and [profile default]), the last one wins whole, as in botocore.
func (s *Section) add(f *File, c class, name string) bool {
	if f == nil {
		return false
	}
	for i := len(f.sections) - 1; i >= 0; i-- {
		sec := &f.sections[i]
		if sec.class != c || sec.name != name {
			continue
		}
		s.push(f.name, f.entries[sec.start:sec.end])
		s.push(f.name, f.defaults)
		return true
	}
	return false
}

func (s *Section) push(file string, entries []entry) {
	if len(entries) > 0 {
		s.layers[s.n] = layer{file, entries}
		s.n++
	}
}

func (s *Section) lookup(key string) (*entry, string) {
	if s.n == 0 {
		return nil, ""
	}
	key = lowerKey(key)
	for _, l := range s.layers[:s.n] {
		for i := range l.entries {
			if l.entries[i].key == key {
				return &l.entries[i], l.file
			}
		}
	}
	return nil, ""
}

// String returns the value of key (keys are case-insensitive) and whether
// it is set to a plain value. A nested value is not a string: use Sub.
// A continued value has its lines joined by "\n".
func (s Section) String(key string) (string, bool) {
	e, _ := s.lookup(key)
	if e == nil || e.sub != nil {
		return "", false
	}
	return e.value, true
}

// Sub returns the nested sub-section under key, such as s3's settings in
//
//	s3 =
//	  max_concurrent_requests = 10
//
// and whether key holds one. Sub-keys keep their case, as in botocore. The
// map is new on each call and the caller may keep or change it.
func (s Section) Sub(key string) (map[string]string, bool) {
	e, _ := s.lookup(key)
	if e == nil || e.sub == nil {
		return nil, false
	}
	m := make(map[string]string, len(e.sub))
	for _, p := range e.sub {
		m[p.key] = p.value
	}
	return m, true
}

// Source returns the file and 1-based line where the value of key was set,
// for callers' error messages, or ("", 0) if key is not set.
func (s Section) Source(key string) (file string, line int) {
	e, file := s.lookup(key)
	if e == nil {
		return "", 0
	}
	return file, e.line
}
