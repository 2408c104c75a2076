// Package ini reads the AWS shared config file (~/.aws/config) and shared
// credentials file (~/.aws/credentials).
//
// It follows the format all AWS SDKs share, as the cross-SDK test suites
// run by the SDKs for Java v2, Kotlin and Rust define it
// (profile-parser-tests.json and file-location-tests.json, copied in
// testdata; aws-sdk-go-v2 behaves the same way). Locate finds the files.
// Parse reads them in two stages: a line reader that knows nothing of
// profiles, then a normaliser per file kind.
//
//   - Lines end with "\n", "\r\n" or "\r"; a leading byte order mark is
//     skipped. Blank lines, and lines whose first non-blank character is
//     "#" or ";", are ignored.
//   - A header is "[", text, "]": the text up to the last "]", trimmed;
//     anything after it, such as "; a comment", is ignored.
//   - A property is "name = value", split at the first "="; both are
//     trimmed and the name is lower-cased. On the property's own line a
//     "#" or ";" after whitespace starts a comment ("us-west-2 # prod" is
//     us-west-2; "value#1" is kept).
//   - A line indented deeper than its property's line continues the value:
//     trimmed, joined with "\n", comment characters kept. If the property's
//     line has no value, the continuation lines are sub-properties and must
//     be "name = value" (see Section.Sub).
//   - A section or property that appears again is merged; the later value
//     wins.
//   - In the config file, [default], [profile NAME], [sso-session NAME] and
//     [services NAME] count, with spaces or tabs after the prefix; other
//     headers are ignored. [profile default] wins over [default], whichever
//     comes first. In the credentials file [NAME] is profile NAME, and
//     [profile NAME] is ignored.
//   - A section or property whose name has a character other than A-Z, a-z,
//     0-9 and _ - / . % @ : + is ignored, not an error.
//   - Where both files set a property of a profile, the credentials file
//     wins.
//
// One rule goes beyond the suite: a file the AWS CLI (botocore) reads is
// never rejected, so a profile that works with the aws command works here
// too. Hence these deliberate differences from the suite:
//
//   - A line with no "=" but a ":" is split at the ":", as the CLI reads
//     "key : value" (the suite: an error).
//   - A sub-property with no name ("= value") has the name "" (the suite:
//     an error).
//   - In the config file a name wholly in quotes is read as the CLI reads
//     it: [profile "my profile"] is profile `my profile`, and
//     [sso-session 'my sso'] is session `my sso` (the suite ignores both).
//     The login code keys its token cache by the session name as the CLI
//     reads it.
//   - Indentation counts as in the CLI: only a line indented deeper than
//     its property's line continues it, and an indented line with no
//     property above it is a property (the suite: any indented line
//     continues, or is an error). Whitespace is what Python's str.isspace
//     accepts.
//   - [DEFAULT] is an ordinary header, with no inheritance; the CLI checks
//     its sub-properties only where another section inherits them, so they
//     are not checked.
//
// So a file is an error only where the CLI fails too: a property before
// the first header, a line that is no header, property or comment, a
// property with no name, or a sub-property line without "=". Errors are
// *ParseError, naming the file and line but never a value. Unlike the CLI,
// a file may start with a byte order mark and hold bytes that are not
// UTF-8 (they are passed through), and a file that cannot be read, or a
// directory, is an error rather than an absent file.
package ini

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Sections is what a config file and a credentials file define. It is
// immutable and safe for concurrent use.
type Sections struct {
	profiles, ssoSessions, services map[string]Section
	ignored                         map[string]section // by header, the first of each
}

// Section is one profile, sso-session or services section. The zero value
// has no properties.
type Section struct {
	// Name is the section's name, e.g. "default" or "dev".
	Name  string
	props map[string]property
	file  string // where its first header is
	line  int
}

// Load reads and parses the config file and the credentials file at the
// given paths. An empty path, a path that does not exist, or a device
// such as /dev/null is an absent file, as in the CLI. A directory, or a
// file that exists but cannot be read, is an error, unlike in the CLI,
// which skips it silently and so hides why credentials vanish.
func Load(configPath, credentialsPath string) (*Sections, error) {
	config, err := readFile(configPath, "config")
	if err != nil {
		return nil, err
	}
	credentials, err := readFile(credentialsPath, "credentials")
	if err != nil {
		return nil, err
	}
	return Parse(configPath, config, credentialsPath, credentials)
}

// osReadFile is replaceable by tests: running as root, as CI does, no
// permission bits make a file unreadable.
var osReadFile = os.ReadFile

func readFile(path, kind string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	// Stat first: the CLI requires a regular file, and opening a FIFO
	// would block. A directory is no way to say "no file", unlike
	// /dev/null: it is an error, which the CLI hides.
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return nil, fmt.Errorf("the shared %s file %s is a directory", kind, path)
	}
	if err == nil && !fi.Mode().IsRegular() {
		return nil, nil
	}
	var data []byte
	if err == nil {
		data, err = osReadFile(path)
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the shared %s file: %w", kind, err)
	}
	return data, nil
}

// Parse parses the contents of a config file and a credentials file
// (nil or empty for an absent file). The names are used in errors and by
// Section.Source.
func Parse(configName string, config []byte, credentialsName string, credentials []byte) (*Sections, error) {
	cfg, err := readLines(configName, string(config))
	if err != nil {
		return nil, err
	}
	cred, err := readLines(credentialsName, string(credentials))
	if err != nil {
		return nil, err
	}
	s := &Sections{profiles: map[string]Section{}, ssoSessions: map[string]Section{}, services: map[string]Section{}, ignored: map[string]section{}}
	// The second stage. The config file comes first so that the credentials
	// file wins key by key; a bare [default] only counts when there is no
	// [profile default].
	var bare []section
	for _, sec := range cfg {
		if sec.header == "default" {
			bare = append(bare, sec)
		} else if m, name := s.configSection(sec.header); m != nil {
			add(m, name, sec)
		} else {
			s.ignore(sec)
		}
	}
	if _, ok := s.profiles["default"]; !ok {
		for _, sec := range bare {
			add(s.profiles, "default", sec)
		}
	}
	for _, sec := range cred {
		if validName(sec.header) {
			add(s.profiles, sec.header, sec)
		} else {
			s.ignore(sec)
		}
	}
	return s, nil
}

func (s *Sections) ignore(sec section) {
	if _, ok := s.ignored[sec.header]; !ok {
		s.ignored[sec.header] = sec
	}
}

// configSection returns the map a config-file header's section belongs in
// and its name, or nil for a header that defines nothing.
func (s *Sections) configSection(h string) (map[string]Section, string) {
	i := strings.IndexAny(h, " \t")
	if i < 0 {
		return nil, ""
	}
	var m map[string]Section
	switch h[:i] {
	case "profile":
		m = s.profiles
	case "sso-session":
		m = s.ssoSessions
	case "services":
		m = s.services
	default:
		return nil, ""
	}
	if name, ok := unquote(trim(h[i:])); ok {
		return m, name
	}
	return nil, ""
}

// unquote returns a name, taking the quotes off one that is wholly in
// double or single quotes, as the CLI's shell-style split does.
func unquote(n string) (string, bool) {
	if len(n) > 2 && (n[0] == '"' || n[0] == '\'') && n[len(n)-1] == n[0] && !strings.ContainsRune(n[1:len(n)-1], rune(n[0])) {
		return n[1 : len(n)-1], true
	}
	return n, validName(n)
}

// validName reports whether n is a profile, section or property name the
// SDKs accept.
func validName(n string) bool {
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_-/.%@:+", c) >= 0) {
			return false
		}
	}
	return n != ""
}

// add merges the properties of from into the section name of m, later
// values winning.
func add(m map[string]Section, name string, from section) {
	sec, ok := m[name]
	if !ok {
		sec = Section{Name: name, props: map[string]property{}, file: from.file, line: from.line}
		m[name] = sec
	}
	for _, p := range from.props {
		if validName(p.name) {
			sec.props[strings.ToLower(p.name)] = p.property
		}
	}
}

// Profile returns the named profile ("default" for the default one) and
// whether either file defines it.
func (s *Sections) Profile(name string) (Section, bool) { return get(s.profiles, name) }

// Profiles returns every profile either file defines, sorted by name.
func (s *Sections) Profiles() []Section {
	return slices.SortedFunc(maps.Values(s.profiles), func(a, b Section) int { return strings.Compare(a.Name, b.Name) })
}

// SSOSession returns the config file's [sso-session NAME] section.
func (s *Sections) SSOSession(name string) (Section, bool) { return get(s.ssoSessions, name) }

// Services returns the config file's [services NAME] section, whose
// properties are sub-properties per service, e.g. Sub("sso_oidc").
func (s *Sections) Services(name string) (Section, bool) { return get(s.services, name) }

// Ignored returns where the first header "[header]" is that defines
// nothing: one such as [dev] in the config file, where profile dev is
// [profile dev], or [profile dev] in the credentials file, where it is
// [dev]. Callers name it when a profile is not found.
func (s *Sections) Ignored(header string) (file string, line int, ok bool) {
	sec, ok := s.ignored[header]
	return sec.file, sec.line, ok
}

func get(m map[string]Section, name string) (Section, bool) {
	sec, ok := m[name]
	sec.Name = name
	return sec, ok
}

// String returns the value of key (keys are case-insensitive) and whether
// it is set to a plain value; a value with sub-properties is not, see Sub.
// A continued value has its lines joined by "\n".
func (s Section) String(key string) (string, bool) {
	p, ok := s.props[strings.ToLower(key)]
	return p.value, ok && !p.sub
}

// Sub returns the sub-properties under key, such as the s3 settings in
//
//	s3 =
//	  max_concurrent_requests = 10
//
// and whether key holds any. Their names keep their case, as in the CLI.
// The map is new on each call.
func (s Section) Sub(key string) (map[string]string, bool) {
	p, ok := s.props[strings.ToLower(key)]
	if !ok || !p.sub {
		return nil, false
	}
	m := map[string]string{}
	for _, l := range strings.Split(p.value[1:], "\n") {
		if k, v, ok := strings.Cut(l, "="); ok { // no "=" only in [DEFAULT]
			m[trim(k)] = trim(v)
		}
	}
	return m, true
}

// Source returns the file and 1-based line where key was set, for
// callers' error messages, or ("", 0) if it is not set.
func (s Section) Source(key string) (file string, line int) {
	p := s.props[strings.ToLower(key)]
	return p.file, p.line
}

// Header returns the file and 1-based line of the section's first header,
// or ("", 0) for the zero Section.
func (s Section) Header() (file string, line int) { return s.file, s.line }

// Locate returns the user's home directory and the paths of the shared
// config and credentials files on the platform goos (a runtime.GOOS value)
// with the environment getenv, as every AWS SDK finds them:
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else .aws/config and
// .aws/credentials in the home directory, which is HOME, else on Windows
// USERPROFILE, else HOMEDRIVE followed by HOMEPATH. With no home
// directory the default paths are empty, which Load reads as absent
// files. Paths are returned as set: ExpandHome expands "~".
func Locate(goos string, getenv func(string) string) (home, config, credentials string) {
	home, sep := getenv("HOME"), "/"
	if goos == "windows" {
		sep = `\`
		home = cmp.Or(home, getenv("USERPROFILE"))
		if home == "" && getenv("HOMEDRIVE") != "" && getenv("HOMEPATH") != "" {
			home = getenv("HOMEDRIVE") + getenv("HOMEPATH")
		}
	}
	path := func(env, name string) string {
		if p := getenv(env); p != "" {
			return p
		}
		if home == "" {
			return ""
		}
		return strings.TrimSuffix(home, sep) + sep + ".aws" + sep + name
	}
	return home, path("AWS_CONFIG_FILE", "config"), path("AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

// ExpandHome is path with a leading "~" replaced by home, the folder Locate
// found the shared files from; path as it is when home is "".
func ExpandHome(home, path string) string {
	if home != "" && (path == "~" || strings.HasPrefix(path, "~/") || strings.HasPrefix(path, `~\`)) {
		return filepath.Join(home, path[1:])
	}
	return path
}
