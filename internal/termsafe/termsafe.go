// Package termsafe makes text that came from the network safe to print on
// a terminal: it cannot move the cursor, set the title, clear the screen
// or reorder the text around it.
package termsafe

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Escape returns s with each character that could control a terminal
// written as a Go escape: C0 controls (newline and tab too, so that an
// error stays one line), DEL and C1 controls as \x1b, \x7f, \u009b; the
// Unicode bidirectional embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069) as \u202e; bytes that are not UTF-8 (a lone 0x9b is an
// 8-bit CSI) as \x9b. Other text is returned as it is, without a copy; the
// backslash is left alone, so Escape(Escape(s)) == Escape(s).
func Escape(s string) string { return escape(s, false) }

// escape is Escape, leaving newlines alone when keepNewline is true.
func escape(s string, keepNewline bool) string {
	must := func(r rune, n int) bool { return unsafe(r, n) && !(keepNewline && r == '\n') }
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if must(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !must(r, n):
			b.WriteString(s[i : i+n])
		case n == 1: // ASCII, or a byte that is not UTF-8
			hex(&b, `\x`, uint32(s[i]), 2)
		default:
			hex(&b, `\u`, uint32(r), 4)
		}
		i += n
	}
	return b.String()
}

// unsafe reports whether the rune r, n bytes long, must be escaped.
func unsafe(r rune, n int) bool {
	switch {
	case r == utf8.RuneError:
		return n == 1 // not UTF-8; U+FFFD itself is 3 bytes and harmless
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	}
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

func hex(b *strings.Builder, prefix string, v uint32, digits int) {
	const hexDigits = "0123456789abcdef"
	b.WriteString(prefix)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[v>>shift&0xf])
	}
}

// Writer writes to W what it is given, escaped as Escape does except for
// newlines: the last line of defense for a stream of messages, such as a
// command's standard error. Each Write is escaped on its own (a UTF-8
// character split across two writes shows as escaped bytes).
type Writer struct {
	W io.Writer
}

// Write writes p, escaped, and returns len(p) when all of it was written.
func (w Writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.W, escape(string(p), true)); err != nil {
		return 0, err
	}
	return len(p), nil
}
