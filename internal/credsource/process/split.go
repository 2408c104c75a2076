package process

import (
	"errors"
	"runtime"
	"strings"
)

// Split breaks a credential_process command line into the program and its
// arguments the way botocore does on this platform: SplitWindows on Windows,
// SplitPOSIX elsewhere.
func Split(commandLine string) ([]string, error) {
	if runtime.GOOS == "windows" {
		return SplitWindows(commandLine)
	}
	return SplitPOSIX(commandLine)
}

// SplitPOSIX splits a command line like Python's shlex.split (POSIX mode),
// which is what botocore uses: words are separated by unquoted whitespace;
// single quotes keep everything literally; double quotes keep everything but
// a backslash before " or \; an unquoted backslash keeps the next character
// literally; an empty pair of quotes makes an empty word. Nothing of a shell
// happens besides: no variables, globs, pipes, redirection or "~".
//
// The error never quotes the command line, which may hold a secret.
func SplitPOSIX(s string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool // cur holds a word, perhaps empty ("")
	)
	const (
		plain = iota
		single
		double
	)
	state := plain
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch state {
		case plain:
			switch {
			case r == ' ' || r == '\t' || r == '\n' || r == '\r':
				if inWord {
					words = append(words, cur.String())
					cur.Reset()
					inWord = false
				}
			case r == '\\':
				if i+1 == len(rs) {
					return nil, errors.New("command line ends in an unescaped backslash")
				}
				i++
				cur.WriteRune(rs[i])
				inWord = true
			case r == '\'':
				state = single
				inWord = true
			case r == '"':
				state = double
				inWord = true
			default:
				cur.WriteRune(r)
				inWord = true
			}
		case single:
			if r == '\'' {
				state = plain
			} else {
				cur.WriteRune(r)
			}
		case double:
			switch {
			case r == '"':
				state = plain
			case r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
				i++
				cur.WriteRune(rs[i])
			default:
				cur.WriteRune(r)
			}
		}
	}
	switch state {
	case single:
		return nil, errors.New("command line has an unterminated single quote")
	case double:
		return nil, errors.New("command line has an unterminated double quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// SplitWindows splits a command line by the rules of the Microsoft C runtime,
// as botocore does on Windows: only space and tab separate words; double
// quotes are the only quotes; backslashes are literal unless they lead up to
// a double quote, where each pair makes one backslash and an odd one out
// escapes the quote.
//
// The error never quotes the command line, which may hold a secret.
func SplitWindows(s string) ([]string, error) {
	var (
		words      []string
		cur        strings.Builder
		inWord     bool
		quoted     bool
		backslashs int
	)
	flush := func() {
		cur.WriteString(strings.Repeat(`\`, backslashs))
		backslashs = 0
	}
	for _, r := range s {
		switch {
		case r == '\\':
			backslashs++
			inWord = true
		case r == '"':
			cur.WriteString(strings.Repeat(`\`, backslashs/2))
			odd := backslashs%2 == 1
			backslashs = 0
			inWord = true
			if odd {
				cur.WriteRune('"')
				continue
			}
			quoted = !quoted
		case (r == ' ' || r == '\t') && !quoted:
			flush()
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			flush()
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, errors.New("command line has an unterminated double quote")
	}
	flush()
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
