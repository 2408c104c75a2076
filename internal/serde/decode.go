package serde

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth caps how deeply objects and arrays may nest, counting the body's
// own object as 1. Unknown members are skipped without recursion, so the cap
// guards against work, not against stack growth.
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
	var b strings.Builder
	b.WriteString("serde: ")
	if e.Member != "" {
		b.WriteString(e.Member)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	b.WriteString(" at offset ")
	b.WriteString(strconv.Itoa(e.Offset))
	return b.String()
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
	if d.pos >= len(d.s) {
		return d.unexpected(member, d.pos, "looking for beginning of value")
	}
	k := kindOf(d.s[d.pos])
	if k == "" {
		return d.unexpected(member, d.pos, "looking for beginning of value")
	}
	return d.fail(member, d.pos, "expected "+want+", found "+k)
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
	s := d.s
	start := d.pos
	i := start
	if i < len(s) && s[i] == 'n' {
		return 0, d.literal(member, "null")
	}
	if i >= len(s) || (s[i] != '-' && (s[i] < '0' || s[i] > '9')) {
		return 0, d.wrongType(member, "number")
	}
	neg := s[i] == '-'
	if neg {
		i++
	}
	digits := i
	end, err := d.scanNumber(member, start)
	if err != nil {
		return 0, err
	}
	d.pos = end
	// scanNumber accepted the grammar; digits run until '.', 'e', 'E' or end.
	intEnd := digits
	for intEnd < end && s[intEnd] >= '0' && s[intEnd] <= '9' {
		intEnd++
	}
	if intEnd != end {
		return 0, d.fail(member, start, "number "+clip(s[start:end])+" is not an integer")
	}
	limit := uint64(1)<<(bits-1) - 1 // most positive value
	if neg {
		limit++ // two's complement reaches one further down
	}
	var u uint64
	if end-digits > 19 { // 20 digits always exceed int64
		return 0, d.rangeErr(member, start, end, bits)
	}
	for j := digits; j < end; j++ {
		u = u*10 + uint64(s[j]-'0')
	}
	if u > limit {
		return 0, d.rangeErr(member, start, end, bits)
	}
	if neg {
		return -int64(u), nil // -(1<<63) wraps to itself, as wanted
	}
	return int64(u), nil
}

func (d *decoder) rangeErr(member string, start, end, bits int) error {
	return d.fail(member, start, "number "+clip(d.s[start:end])+" out of range for int"+strconv.Itoa(bits))
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
	// Size the result once: escapes only shrink, so the raw length is
	// enough unless invalid UTF-8 (1 byte becomes 3) turns up.
	end := i
	for end < len(s) && s[end] != '"' {
		if s[end] == '\\' {
			end++
		}
		end++
	}
	var b strings.Builder
	b.Grow(min(end, len(s)) - start)
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

// skipString checks and skips the string at d.pos (a '"') without decoding
// it. Invalid UTF-8 is accepted, as everywhere in JSON strings.
func (d *decoder) skipString() error {
	s := d.s
	i := d.pos + 1
	for {
		if i = plainRun(s, i); i == len(s) {
			break
		}
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			i++
		case c == '"':
			d.pos = i + 1
			return nil
		case c == '\\':
			if i+1 >= len(s) {
				return d.fail("", len(s), "unexpected end of body in string")
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, err := d.hex4("", i); err != nil {
					return err
				}
				i += 6
			default:
				return d.fail("", i, "invalid escape in string")
			}
		default:
			return d.fail("", i, "control character in string")
		}
	}
	return d.fail("", len(s), "unexpected end of body in string")
}

// skipKey skips an object key and the ':' after it, at d.pos.
func (d *decoder) skipKey() error {
	d.skipWS()
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		return d.unexpected("", d.pos, "looking for beginning of object key string")
	}
	if err := d.skipString(); err != nil {
		return err
	}
	d.skipWS()
	if d.pos >= len(d.s) || d.s[d.pos] != ':' {
		return d.unexpected("", d.pos, "after object key")
	}
	d.pos++
	return nil
}

// skipValue checks and skips one JSON value of any type at d.pos (an unknown
// member's). depth is the nesting depth of the object holding the member.
// It walks nested containers with a loop and a bit stack instead of
// recursion, so hostile nesting costs no stack.
func (d *decoder) skipValue(depth int) error {
	var objs [maxDepth/64 + 1]uint64 // bit n set: level n is an object
	base := depth
	for {
		// Here a value must start.
		d.skipWS()
		if d.pos >= len(d.s) {
			return d.unexpected("", d.pos, "looking for beginning of value")
		}
		switch c := d.s[d.pos]; c {
		case '{', '[':
			if depth >= maxDepth {
				return d.fail("", d.pos, "nesting deeper than "+strconv.Itoa(maxDepth)+" levels")
			}
			lvl := depth - base
			if c == '{' {
				objs[lvl/64] |= 1 << (lvl % 64)
			} else {
				objs[lvl/64] &^= 1 << (lvl % 64)
			}
			depth++
			d.pos++
			d.skipWS()
			if d.pos < len(d.s) && d.s[d.pos] == c+2 { // '{'+2 == '}', '['+2 == ']'
				d.pos++
				depth--
				break
			}
			if c == '{' {
				if err := d.skipKey(); err != nil {
					return err
				}
			}
			continue
		case '"':
			if err := d.skipString(); err != nil {
				return err
			}
		case 't':
			if err := d.literal("", "true"); err != nil {
				return err
			}
		case 'f':
			if err := d.literal("", "false"); err != nil {
				return err
			}
		case 'n':
			if err := d.literal("", "null"); err != nil {
				return err
			}
		default:
			if c != '-' && (c < '0' || c > '9') {
				return d.unexpected("", d.pos, "looking for beginning of value")
			}
			end, err := d.scanNumber("", d.pos)
			if err != nil {
				return err
			}
			d.pos = end
		}
		// A value ended: close finished containers, or step to the next
		// element or member.
	next:
		for {
			if depth == base {
				return nil
			}
			d.skipWS()
			lvl := depth - base - 1
			isObj := objs[lvl/64]>>(lvl%64)&1 == 1
			if d.pos >= len(d.s) {
				return d.unexpected("", d.pos, "in "+containerName(isObj))
			}
			switch c := d.s[d.pos]; {
			case c == ',':
				d.pos++
				if isObj {
					if err := d.skipKey(); err != nil {
						return err
					}
				}
				break next
			case isObj && c == '}', !isObj && c == ']':
				d.pos++
				depth--
			case isObj:
				return d.unexpected("", d.pos, "after object member")
			default:
				return d.unexpected("", d.pos, "after array element")
			}
		}
	}
}

func containerName(isObj bool) string {
	if isObj {
		return "object"
	}
	return "array"
}
