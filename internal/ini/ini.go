// Package ini reads the AWS shared config file (~/.aws/config) and shared
// credentials file (~/.aws/credentials) the way the AWS CLI does.
//
// The CLI reads both files with botocore's configloader, which is Python's
// configparser.RawConfigParser with its default settings plus a little
// post-processing. This package reproduces that behaviour, including the
// parts that surprise people, because a profile must mean the same thing to
// this SDK as to the `aws` command a user checks it with:
//
//   - A line is split at the first "=" or ":". The key is lower-cased; the
//     value keeps its case; both are stripped of whitespace. Empty values are
//     allowed. "key" alone, or "= value", is an error.
//   - Only whole-line comments exist: a line whose first non-blank character
//     is "#" or ";". There are no inline comments: in "region = x ; note"
//     the value is "x ; note" (configparser's inline_comment_prefixes is
//     unset and botocore does not set it).
//   - A line indented deeper than the line that started the current key
//     continues that key's value. Blank lines inside the block are kept,
//     comment lines are dropped, trailing blank lines are trimmed. A value
//     whose first line was empty ("s3 =") and that has continuation lines is
//     a nested sub-section of "name = value" lines, split at "=" only, with
//     names kept as written; any other continued value is its lines joined
//     by "\n".
//   - A section header is a line whose text starts with "[" (and that does
//     not continue a value); the name is everything up to the last "]" and
//     is not trimmed, and text after that "]" is ignored. "[ profile foo ]"
//     is therefore not a profile.
//   - In the config file, a header starting with "profile", "sso-session" or
//     "services" names that kind of section if shell-style splitting gives
//     exactly two words; the second is the name. So "[profile  foo]" is
//     profile foo, `[profile "a b"]` is profile "a b", and "[profile]" and
//     "[profile a b]" define nothing. "[default]" is the default profile; so
//     is "[profile default]", and if both appear the later one in the file
//     replaces the earlier one entirely. In the credentials file a header is
//     the profile name as written: "[profile x]" is a profile named
//     "profile x".
//   - "[DEFAULT]" (upper case) is configparser's default section: its keys
//     are inherited by every other section of the same file.
//   - Within one file a section header or key may not repeat: the CLI
//     rejects the whole file, and so does Parse.
//   - A profile found in both files has the credentials file's keys
//     override the config file's, key by key.
//   - Lines end with "\n", "\r\n" or "\r". The file must be UTF-8.
//
// Deliberate differences from the CLI: a UTF-8 byte order mark at the start
// of a file is skipped (the CLI fails on it), and a file that exists but
// cannot be read is an error (the CLI skips it silently).
//
// Error messages name the file, the line and at most the key: never a
// value or the text of a line, since values hold secrets.
package ini

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind says which shared file a File holds, which decides how section
// headers name profiles.
type Kind uint8

const (
	// Config is the shared config file: [default], [profile NAME],
	// [sso-session NAME] and [services NAME].
	Config Kind = iota + 1
	// Credentials is the shared credentials file, where every header is a
	// profile name as written.
	Credentials
)

// File is one parsed config or credentials file. It is immutable and safe
// for concurrent use.
type File struct {
	name     string
	kind     Kind
	sections []section
	entries  []entry // section i owns entries[sections[i].start:sections[i].end]
	defaults []entry // keys of [DEFAULT], inherited by every section
}

// class is what a section header defines.
type class uint8

const (
	classOther class = iota // e.g. [preview], or [profile a b]: defines nothing
	classProfile
	classSSOSession
	classServices
)

type section struct {
	header     string // raw text between the brackets
	name       string // profile, sso-session or services name
	class      class
	line       int
	start, end int
}

// entry is one key. A nested value has sub != nil; otherwise value holds it.
type entry struct {
	key   string
	value string
	sub   []pair
	line  int
}

type pair struct{ key, value string }

type deferredErr struct {
	key string
	err *ParseError
}

// ParseError reports where and why a file is malformed. Its message never
// contains a value or the text of a line, only at most the key's name.
type ParseError struct {
	File string // the name given to Parse, or the path given to Load
	Line int    // 1-based
	msg  string
}

// Error returns "file:line: reason".
func (e *ParseError) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.msg
}

// piece is one line of a possibly continued value.
type piece struct {
	text string
	line int
}

// Duplicate keys and sections are found by comparing one by one up to this
// many, then through a map: the usual file (a few dozen profiles of a
// dozen keys) allocates no map, and a pathological one is not quadratic.
const (
	dupScan        = 32 // keys in a section
	dupScanHeaders = 64 // section headers in a file
)

// Parse parses the contents of one shared file. name is used only in error
// messages. The file must be UTF-8; a leading byte order mark is skipped.
func Parse(name string, data []byte, kind Kind) (*File, error) {
	if kind != Config && kind != Credentials {
		return nil, fmt.Errorf("ini: parsing %s: unknown file kind %d", name, kind)
	}
	// One copy up front; every key, value and header below is a substring of
	// it, so the common case allocates nothing per line.
	return parse(name, string(data), kind)
}

func parse(name, s string, kind Kind) (*File, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	f := &File{name: name, kind: kind}
	if len(s) > 0 {
		// Size for the usual file, one "=" per key, so that appending
		// rarely grows the slices.
		f.entries = make([]entry, 0, strings.Count(s, "=")+1)
		f.sections = make([]section, 0, strings.Count(s, "[")+1)
	}
	var (
		lineNo int
		cur    = -1 // index of the current section; -1 none
		inDef  bool // current section is [DEFAULT]
		opt    = -1 // index of the current key in f.entries/f.defaults; -1 none
		optDef bool // that key is in f.defaults
		indent int  // indentation of the last key or header line
		pieces []piece
		// deferred holds errors in nested [DEFAULT] values: botocore only
		// reads such a value, and fails, if some section inherits it.
		deferred []deferredErr
		secIdx   map[string]int // headers, once there are many
		keyIdx   map[string]int // current section's keys, once there are many
		defIdx   map[string]int // [DEFAULT]'s keys, which span all its blocks
		pairs    []pair         // storage for all nested values
		pieceBf  [8]piece
	)
	pieces = pieceBf[:0]
	fail := func(msg string) (*File, error) {
		return nil, &ParseError{File: name, Line: lineNo, msg: msg}
	}
	// finish stores the current key's value once all its lines are known.
	finish := func() *ParseError {
		if opt < 0 {
			return nil
		}
		target := f.entries
		if optDef {
			target = f.defaults
		}
		e := &target[opt]
		opt = -1
		// configparser joins lines with "\n" and rstrips: drop blank tails.
		for len(pieces) > 1 && pieces[len(pieces)-1].text == "" {
			pieces = pieces[:len(pieces)-1]
		}
		switch {
		case len(pieces) == 1:
			e.value = pieces[0].text
		case pieces[0].text == "":
			sub, perr := parseNested(name, e.key, pieces, &pairs)
			if perr != nil {
				if !optDef {
					return perr
				}
				deferred = append(deferred, deferredErr{e.key, perr})
			}
			e.sub = sub
		default:
			n := len(pieces) - 1
			for _, p := range pieces {
				n += len(p.text)
			}
			var b strings.Builder
			b.Grow(n)
			for i, p := range pieces {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(p.text)
			}
			e.value = b.String()
		}
		pieces = pieces[:0]
		return nil
	}
	closeSection := func() {
		if cur >= 0 && !inDef {
			f.sections[cur].end = len(f.entries)
		}
	}

	for pos := 0; pos < len(s); {
		lineNo++
		// Python's universal newlines: "\n", "\r\n" and a lone "\r" all end
		// a line.
		line := s[pos:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		next := pos + len(line) + 1
		if i := strings.IndexByte(line, '\r'); i >= 0 {
			line = line[:i]
			next = pos + i + 1
			if next < len(s) && s[next] == '\n' {
				next++
			}
		}
		pos = next
		if !utf8.ValidString(line) {
			return fail("invalid UTF-8")
		}

		content, lead := trimLeft(line)
		content = trimRight(content)
		if content == "" {
			// A blank line is part of the current value, if any.
			if opt >= 0 {
				pieces = append(pieces, piece{"", lineNo})
			}
			continue
		}
		if content[0] == '#' || content[0] == ';' {
			continue
		}
		if cur >= 0 && opt >= 0 && lead > indent {
			pieces = append(pieces, piece{content, lineNo})
			continue
		}
		indent = lead
		if err := finish(); err != nil {
			return nil, err
		}

		// A header is "[" name "]", name being all up to the last "]" and at
		// least one character (configparser's \[(?P<header>.+)\]).
		if content[0] == '[' {
			if j := strings.LastIndexByte(content, ']'); j > 1 {
				h := content[1:j]
				closeSection()
				keyIdx = nil
				if h == "DEFAULT" {
					cur, inDef = 0, true
					continue
				}
				if i, dup := f.findHeader(h, secIdx); dup {
					return fail("duplicate section [" + quoteHeader(h) + "], first defined on line " +
						strconv.Itoa(f.sections[i].line))
				}
				cl, nm := classify(kind, h)
				f.sections = append(f.sections, section{
					header: h, name: nm, class: cl, line: lineNo,
					start: len(f.entries), end: len(f.entries),
				})
				cur, inDef = len(f.sections)-1, false
				if len(f.sections) == dupScanHeaders {
					secIdx = make(map[string]int, 2*dupScanHeaders)
					for i, sec := range f.sections {
						secIdx[sec.header] = i
					}
				} else if secIdx != nil {
					secIdx[h] = cur
				}
				continue
			}
		}

		d := indexDelim(content)
		if cur < 0 {
			if d > 0 {
				return fail("key " + strconv.Quote(lowerKey(trimRight(content[:d]))) +
					" is not inside a [section]")
			}
			return fail("expected a [section] header")
		}
		if d < 0 {
			if content[0] == '[' {
				if strings.IndexByte(content, ']') < 0 {
					return fail(`section header has no closing "]"`)
				}
				return fail("section header has an empty name")
			}
			return fail(`expected "key = value", a [section] header or a comment`)
		}
		if d == 0 {
			return fail("missing key name before " + strconv.Quote(content[:1]))
		}
		key := lowerKey(trimRight(content[:d]))
		val := trim(content[d+1:])

		target, idx, start := &f.entries, &keyIdx, 0
		if inDef {
			target, idx = &f.defaults, &defIdx
		} else {
			start = f.sections[cur].start
		}
		keys := (*target)[start:]
		if i, dup := findKey(keys, key, *idx); dup {
			sec := "DEFAULT"
			if !inDef {
				sec = quoteHeader(f.sections[cur].header)
			}
			return fail("duplicate key " + strconv.Quote(key) + " in section [" + sec +
				"], first set on line " + strconv.Itoa(keys[i].line))
		}
		*target = append(*target, entry{key: key, line: lineNo})
		opt, optDef = len(*target)-1, inDef
		if n := len(*target) - start; n == dupScan {
			*idx = make(map[string]int, 2*dupScan)
			for i, e := range (*target)[start:] {
				(*idx)[e.key] = i
			}
		} else if *idx != nil {
			(*idx)[key] = n - 1
		}
		pieces = append(pieces, piece{val, lineNo})
	}
	if err := finish(); err != nil {
		return nil, err
	}
	closeSection()

	// A malformed nested [DEFAULT] value fails only if some section
	// inherits it, which is when botocore reads it.
	for _, d := range deferred {
		for _, sec := range f.sections {
			if _, ok := findKey(f.entries[sec.start:sec.end], d.key, nil); !ok {
				return nil, d.err
			}
		}
	}
	return f, nil
}

// findHeader reports whether header h is already in f, and where.
func (f *File) findHeader(h string, idx map[string]int) (int, bool) {
	if idx != nil {
		i, ok := idx[h]
		return i, ok
	}
	for i := range f.sections {
		if f.sections[i].header == h {
			return i, true
		}
	}
	return -1, false
}

// findKey reports whether key is among keys, and where; idx, if not nil,
// indexes keys.
func findKey(keys []entry, key string, idx map[string]int) (int, bool) {
	if idx != nil {
		i, ok := idx[key]
		if !ok {
			return -1, false
		}
		return i, true
	}
	for i := range keys {
		if keys[i].key == key {
			return i, true
		}
	}
	return -1, false
}

// parseNested is botocore's _parse_nested: every non-blank line of the
// block must be "name = value", split at the first "=" (a ":" does not
// count here); names keep their case; a later name wins.
// The pairs are appended to *pool, which all nested values of a file
// share to save allocations.
func parseNested(file, key string, pieces []piece, pool *[]pair) ([]pair, *ParseError) {
	if *pool == nil {
		*pool = make([]pair, 0, 32)
	}
	start := len(*pool)
	for _, p := range pieces[1:] {
		for rest := p.text; rest != ""; {
			var l string
			l, rest = nextLine(rest)
			l = trim(l)
			if l == "" {
				continue
			}
			eq := strings.IndexByte(l, '=')
			if eq < 0 {
				return nil, &ParseError{File: file, Line: p.line,
					msg: `line in the nested value of key ` + strconv.Quote(key) +
						` is not "name = value"`}
			}
			*pool = append(*pool, pair{trim(l[:eq]), trim(l[eq+1:])})
		}
	}
	// Full slice expression: a later append to the pool must not write
	// into this value's pairs.
	return (*pool)[start:len(*pool):len(*pool)], nil
}

// quoteHeader escapes a section name for an error message, as %q would,
// but without the quotes: the brackets already delimit it.
func quoteHeader(h string) string {
	q := strconv.Quote(h)
	return q[1 : len(q)-1]
}

// indexDelim returns the index of the first "=" or ":" in s, or -1: the
// option/value split of configparser's OPTCRE.
func indexDelim(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' || s[i] == ':' {
			return i
		}
	}
	return -1
}

// classify is botocore's build_profile_map for one header. Note the prefix
// test has no word boundary: "[profiles x]" is profile x, as in the CLI.
func classify(kind Kind, h string) (class, string) {
	if kind == Credentials {
		return classProfile, h
	}
	var c class
	switch {
	case strings.HasPrefix(h, "profile"):
		c = classProfile
	case strings.HasPrefix(h, "sso-session"):
		c = classSSOSession
	case strings.HasPrefix(h, "services"):
		c = classServices
	case h == "default":
		return classProfile, "default"
	default:
		return classOther, ""
	}
	name, ok := shlexSecond(h)
	if !ok {
		return classOther, ""
	}
	return c, name
}
