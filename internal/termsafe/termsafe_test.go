package termsafe

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain text: café, 日本, \uFFFD", "plain text: café, 日本, \uFFFD"},
		{"\x1b]0;pwned\x07\x1b[2J", `\x1b]0;pwned\x07\x1b[2J`},
		{"one\ntwo\r\tthree", `one\x0atwo\x0d\x09three`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b2J \u0085", `c1 \u009b2J \u0085`},
		{"raw \x9b2J", `raw \x9b2J`},
		{"\xe2\x80", `\xe2\x80`},
		{"abc\u202edcba \u202a\u202b\u202c\u202d \u2066\u2067\u2068\u2069", `abc\u202edcba \u202a\u202b\u202c\u202d \u2066\u2067\u2068\u2069`},
		{"\u2029 \u200f", "\u2029 \u200f"},
		{`a\x1b`, `a\x1b`},
	} {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Text without anything to escape is returned without a copy.
func TestEscapeNoAlloc(t *testing.T) {
	s := strings.Repeat("an ordinary error message, ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = Escape(s) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// Writer escapes all but newlines and reports the length it was given.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	in := "line one \x1b[31m\nline two \u202e\n"
	n, err := Writer{&b}.Write([]byte(in))
	if err != nil || n != len(in) {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if want := "line one \\x1b[31m\nline two \\u202e\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b]0;x\x07", "\u202e", "\xc2\x9b", "\x9b", "\xff\xfe", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if !utf8.ValidString(e) || Escape(e) != e {
			t.Fatalf("Escape(%q) = %q: not valid UTF-8 or not stable", s, e)
		}
		for i, r := range e {
			if unsafe(r, utf8.RuneLen(r)) {
				t.Fatalf("Escape(%q) = %q keeps %U at %d", s, e, r, i)
			}
		}
	})
}

// A Write with nothing to escape copies p once, to a string.
func TestWriterAllocs(t *testing.T) {
	p := []byte(strings.Repeat("an ordinary line\n", 10))
	w := Writer{io.Discard}
	if n := testing.AllocsPerRun(100, func() { w.Write(p) }); n > 1 {
		t.Errorf("%v allocations", n)
	}
}
