package serde

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth caps how deeply objects and arrays may nest, counting the body's
// own object as 1. Unknown members are skipped recursively, so the cap also
// bounds the stack a hostile body can make the decoder use.
const maxDepth = 1000

// DecodeError reports a response body that could not be decoded. Its text
// names the member and the byte offset but never quotes a string from the
// body: string members carry tokens and secrets.
type DecodeError struct {
	Member string // member path, like "expiresIn" or "scope[2]"; empty outside members
	Offset int    // byte offset into the body where the problem was found
	Reason string // what was wrong
}

// Error implements error, as "serde: member: reason at offset N".
func (e *DecodeError) Error() string {
	member := ""
	if e.Member != "" {
		member = e.Member + ": "
	}
	return "serde: " + member + e.Reason + " at offset " + strconv.Itoa(e.Offset)
}

// decoder reads one response body. s is the body converted to a string
// once; unescaped string values are returned as substrings of it.
type decoder struct {
	s   string
	pos int
}

func (d *decoder) fail(member string, off int, reason string) error {
	return &DecodeError{Member: member, Offset: off, Reason: reason}
}

// unexpected reports the byte at off (or the end of the body) as a syntax
// error; where says what the decoder was looking for. It is only used
// outside strings, so the byte it shows is never part of a string value.
func (d *decoder) unexpected(member string, off int, where string) error {
	if off >= len(d.s) {
		return d.fail(member, len(d.s), "unexpected end of body "+where)
	}
	return d.fail(member, off, "invalid character "+describe(d.s[off])+" "+where)
}

// describe renders a byte for an error message.
func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + string(hexDigits[c>>4]) + string(hexDigits[c&0xf])
}

// kindOf names the JSON type a value starting with c would have, or ""
// when no value starts with c.
func kindOf(c byte) string {
	switch {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return ""
}

// wrongType reports the value at d.pos as not being of the wanted type.
func (d *decoder) wrongType(member, want string) error {
	if d.pos < len(d.s) && kindOf(d.s[d.pos]) != "" {
		return d.fail(member, d.pos, "expected "+want+", found "+kindOf(d.s[d.pos]))
	}
	return d.unexpected(member, d.pos, "looking for beginning of value")
}

func (d *decoder) skipWS() {
	for d.pos < len(d.s) {
		switch d.s[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// openBody consumes the '{' that must open the body. It reports false for
// an empty or all-whitespace body, which restJson1 clients must read as the
// empty structure (a 204, or a 200 with no content).
func (d *decoder) openBody() (bool, error) {
	d.skipWS()
	if d.pos >= len(d.s) {
		return false, nil
	}
	c := d.s[d.pos]
	if c == '{' {
		d.pos++
		return true, nil
	}
	if k := kindOf(c); k != "" {
		return false, d.fail("", d.pos, "expected a JSON object, found "+k)
	}
	return false, d.unexpected("", d.pos, "looking for beginning of object")
}

// closeBody checks that only whitespace follows the body's object.
func (d *decoder) closeBody() error {
	d.skipWS()
	if d.pos < len(d.s) {
		return d.unexpected("", d.pos, "after top-level object")
	}
	return nil
}

// openObject consumes the '{' of a member's object value. It reports false
// and consumes the literal for null.
func (d *decoder) openObject(member string) (bool, error) {
	if d.pos < len(d.s) {
		switch d.s[d.pos] {
		case '{':
			d.pos++
			return true, nil
		case 'n':
			return false, d.literal(member, "null")
		}
	}
	return false, d.wrongType(member, "object")
}

// nextKey reads the key of the next member of an object whose '{' has been
// consumed, then the ':' and the whitespace after it, leaving d.pos at the
// member's value. At the object's closing '}' it consumes it and returns
// ok == false. first must be true on the first call for an object. member is
// the object's own path, for errors.
func (d *decoder) nextKey(member string, first bool) (key string, ok bool, err error) {
	d.skipWS()
	if d.pos >= len(d.s) {
		return "", false, d.unexpected(member, d.pos, "in object")
	}
	c := d.s[d.pos]
	if c == '}' {
		d.pos++
		return "", false, nil
	}
	if !first {
		if c != ',' {
			return "", false, d.unexpected(member, d.pos, "after object member")
		}
		d.pos++
		d.skipWS()
		if d.pos >= len(d.s) {
			return "", false, d.unexpected(member, d.pos, "looking for beginning of object key string")
		}
		c = d.s[d.pos]
	}
	if c != '"' {
		return "", false, d.unexpected(member, d.pos, "looking for beginning of object key string")
	}
	if key, err = d.readString(member); err != nil {
		return "", false, err
	}
	d.skipWS()
	if d.pos >= len(d.s) || d.s[d.pos] != ':' {
		return "", false, d.unexpected(member, d.pos, "after object key")
	}
	d.pos++
	d.skipWS()
	return key, true, nil
}

// literal consumes the literal lit (true, false or null) at d.pos.
func (d *decoder) literal(member, lit string) error {
	rest := d.s[d.pos:]
	if strings.HasPrefix(rest, lit) {
		d.pos += len(lit)
		return nil
	}
	i := 0 // find the first byte that differs, or the end of the body
	for i < len(rest) && rest[i] == lit[i] {
		i++
	}
	return d.unexpected(member, d.pos+i, "in literal "+lit)
}

// stringValue reads a string member's value into *slot and returns slot, or
// returns nil for null (a null member is unset).
func (d *decoder) stringValue(member string, slot *string) (*string, error) {
	if d.pos < len(d.s) {
		switch d.s[d.pos] {
		case '"':
			s, err := d.readString(member)
			if err != nil {
				return nil, err
			}
			*slot = s
			return slot, nil
		case 'n':
			return nil, d.literal(member, "null")
		}
	}
	return nil, d.wrongType(member, "string")
}

// stringList reads a list-of-strings member, appending the elements to buf
// (a zero-length slice whose spare capacity saves an allocation). null
// yields nil; [] yields a non-nil empty slice; a null element yields "".
func (d *decoder) stringList(member string, buf []string) ([]string, error) {
	if d.pos >= len(d.s) || d.s[d.pos] != '[' {
		if d.pos < len(d.s) && d.s[d.pos] == 'n' {
			return nil, d.literal(member, "null")
		}
		return nil, d.wrongType(member, "array")
	}
	d.pos++
	l := buf[:0]
	if l == nil {
		l = []string{} // [] is a non-nil empty list
	}
	d.skipWS()
	if d.pos < len(d.s) && d.s[d.pos] == ']' {
		d.pos++
		return l, nil
	}
	for {
		d.skipWS()
		var s string
		switch {
		case d.pos < len(d.s) && d.s[d.pos] == '"':
			var err error
			if s, err = d.readString(member); err != nil {
				return nil, err
			}
		case d.pos < len(d.s) && d.s[d.pos] == 'n':
			// A null element is the zero value in its place, as
			// aws-sdk-go-v2 decodes it.
			if err := d.literal(member, "null"); err != nil {
				return nil, err
			}
		default:
			return nil, d.wrongType(member+"["+strconv.Itoa(len(l))+"]", "string")
		}
		l = append(l, s)
		d.skipWS()
		if d.pos >= len(d.s) {
			return nil, d.unexpected(member, d.pos, "after array element")
		}
		switch d.s[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return l, nil
		default:
			return nil, d.unexpected(member, d.pos, "after array element")
		}
	}
}

// intValue reads an integer member that must fit in bits (32 or 64) bits.
// null yields 0 (the member is unset). Fractions, exponents and values out
// of range are errors: the model's integer and long shapes are exact.
func (d *decoder) intValue(member string, bits int) (int64, error) {
	s, start := d.s, d.pos
	if start < len(s) && s[start] == 'n' {
		return 0, d.literal(member, "null")
	}
	if start >= len(s) || (s[start] != '-' && (s[start] < '0' || s[start] > '9')) {
		return 0, d.wrongType(member, "number")
	}
	end, err := d.scanNumber(member, start)
	if err != nil {
		return 0, err
	}
	d.pos = end
	// scanNumber accepted the grammar, so anything but digits after an
	// optional '-' is a fraction or an exponent.
	if strings.ContainsAny(s[start:end], ".eE") {
		return 0, d.fail(member, start, "number "+clip(s[start:end])+" is not an integer")
	}
	n, err := strconv.ParseInt(s[start:end], 10, bits)
	if err != nil {
		return 0, d.fail(member, start, "number "+clip(s[start:end])+" out of range for int"+strconv.Itoa(bits))
	}
	return n, nil
}

// clip shortens a number's text for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// scanNumber checks the JSON number grammar from start and returns the
// offset just past the number.
func (d *decoder) scanNumber(member string, start int) (int, error) {
	s := d.s
	i := start
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return 0, d.unexpected(member, i, "in numeric literal")
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return 0, d.unexpected(member, i, "in numeric literal")
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, d.unexpected(member, i, "after decimal point in numeric literal")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, d.unexpected(member, i, "in exponent of numeric literal")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i, nil
}

// readString reads the JSON string starting at d.pos (a '"') and returns
// its value. A string with no escapes and valid UTF-8, the norm, is a
// substring of the body and costs no allocation.
func (d *decoder) readString(member string) (string, error) {
	s := d.s
	start := d.pos + 1
	i := start
	for i < len(s) {
		i = plainRun(s, i)
		if i == len(s) {
			break
		}
		c := s[i]
		if c == '"' {
			d.pos = i + 1
			return s[start:i], nil
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
		}
		// An escape, a control byte or invalid UTF-8: build a new string.
		return d.readStringSlow(member, start, i)
	}
	return "", d.fail(member, len(s), "unexpected end of body in string")
}

// readStringSlow decodes a string whose bytes from start to i are plain and
// from i on need work. Like encoding/json it turns invalid UTF-8 bytes and
// lone surrogate escapes into U+FFFD.
func (d *decoder) readStringSlow(member string, start, i int) (string, error) {
	s := d.s
	var b strings.Builder
	b.WriteString(s[start:i])
	for i < len(s) {
		c := s[i]
		switch {
		case plain[c]:
			j := plainRun(s, i+1)
			b.WriteString(s[i:j])
			i = j
		case c == '"':
			d.pos = i + 1
			return b.String(), nil
		case c == '\\':
			if i+1 >= len(s) {
				return "", d.fail(member, len(s), "unexpected end of body in string")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, err := d.hex4(member, i)
				if err != nil {
					return "", err
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// Pair a high surrogate with a following \u low
					// surrogate; anything else is a lone surrogate.
					r2 := rune(-1)
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if x, err := d.hex4(member, i); err == nil {
							r2 = x
						}
					}
					if r = utf16.DecodeRune(r, r2); r != utf8.RuneError {
						i += 6
					}
				}
				b.WriteRune(r)
				continue
			default:
				return "", d.fail(member, i, "invalid escape in string")
			}
			i += 2
		case c < 0x20:
			return "", d.fail(member, i, "control character in string")
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteString("\uFFFD")
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
		}
	}
	return "", d.fail(member, len(s), "unexpected end of body in string")
}

// hex4 decodes the four hex digits of the \u escape at i.
func (d *decoder) hex4(member string, i int) (rune, error) {
	s := d.s
	var r rune
	for j := i + 2; j < i+6; j++ {
		if j >= len(s) {
			return 0, d.fail(member, len(s), "unexpected end of body in string")
		}
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, d.fail(member, i, "invalid \\u escape in string")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// skipValue checks and skips one JSON value of any type at d.pos (an unknown
// member's). depth is the nesting depth of the object holding the member;
// maxDepth bounds the recursion.
func (d *decoder) skipValue(depth int) error {
	d.skipWS()
	if d.pos >= len(d.s) {
		return d.unexpected("", d.pos, "looking for beginning of value")
	}
	switch c := d.s[d.pos]; c {
	case '{', '[':
		if depth >= maxDepth {
			return d.fail("", d.pos, "nesting deeper than "+strconv.Itoa(maxDepth)+" levels")
		}
		d.pos++
		if c == '{' {
			for first := true; ; first = false {
				_, more, err := d.nextKey("", first)
				if err != nil || !more {
					return err
				}
				if err := d.skipValue(depth + 1); err != nil {
					return err
				}
			}
		}
		d.skipWS() // an array
		if d.pos < len(d.s) && d.s[d.pos] == ']' {
			d.pos++
			return nil
		}
		for {
			if err := d.skipValue(depth + 1); err != nil {
				return err
			}
			d.skipWS()
			switch {
			case d.pos >= len(d.s):
				return d.unexpected("", d.pos, "in array")
			case d.s[d.pos] == ',':
				d.pos++
			case d.s[d.pos] == ']':
				d.pos++
				return nil
			default:
				return d.unexpected("", d.pos, "after array element")
			}
		}
	case '"':
		// Read like any string: unknown strings with escapes are rare
		// enough that decoding them costs nothing that matters.
		_, err := d.readString("")
		return err
	case 't':
		return d.literal("", "true")
	case 'f':
		return d.literal("", "false")
	case 'n':
		return d.literal("", "null")
	}
	if c := d.s[d.pos]; c != '-' && (c < '0' || c > '9') {
		return d.unexpected("", d.pos, "looking for beginning of value")
	}
	end, err := d.scanNumber("", d.pos)
	if err != nil {
		return err
	}
	d.pos = end
	return nil
}
