// Package redact prints structs for fmt with their secret members hidden.
//
// A struct field tagged `sensitive:"true"` prints as [REDACTED] when set,
// whatever the verb (%v, %+v, %#v, %s). Printing is not on any hot path, so
// this uses reflection rather than a generated printer per type.
package redact

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Marker replaces the value of every set sensitive member.
const Marker = "[REDACTED]"

// Format writes v, a struct, to f the way fmt would, but with sensitive
// fields replaced by Marker. Pointers are printed as the value they point to,
// which is what a reader of a log wants from *string members.
func Format(f fmt.State, verb rune, v any) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			f.Write([]byte("<nil>"))
			return
		}
		rv = rv.Elem()
	}
	p := printer{f: f, sharp: f.Flag('#'), names: f.Flag('+') || f.Flag('#')}
	p.structValue(rv)
}

type printer struct {
	f     fmt.State
	sharp bool // %#v: Go syntax
	names bool // %+v or %#v: field names
}

func (p printer) str(s string) { p.f.Write([]byte(s)) }

func (p printer) structValue(rv reflect.Value) {
	rt := rv.Type()
	if p.sharp {
		p.str(rt.String())
	}
	p.str("{")
	first := true
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		if !sf.IsExported() {
			continue
		}
		if !first {
			if p.sharp {
				p.str(", ")
			} else {
				p.str(" ")
			}
		}
		first = false
		if p.names {
			p.str(sf.Name + ":")
		}
		fv := rv.Field(i)
		if sf.Tag.Get("sensitive") == "true" && !fv.IsZero() {
			if p.sharp {
				p.str(strconv.Quote(Marker))
			} else {
				p.str(Marker)
			}
			continue
		}
		p.value(fv)
	}
	p.str("}")
}

func (p printer) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			if p.sharp {
				p.str("nil")
			} else {
				p.str("<nil>")
			}
			return
		}
		p.value(v.Elem())
	case reflect.String:
		if p.sharp {
			p.str(strconv.Quote(v.String()))
		} else {
			p.str(v.String())
		}
	case reflect.Struct:
		// A struct that prints itself (time.Time, a nested redacting type)
		// is handed to fmt; walking its fields would print {} for
		// unexported ones.
		switch v.Interface().(type) {
		case fmt.Formatter, fmt.Stringer, fmt.GoStringer:
			p.other(v)
			return
		}
		p.structValue(v)
	default:
		p.other(v)
	}
}

// other hands a value without secrets back to fmt with the same flags.
func (p printer) other(v reflect.Value) {
	verb := "%v"
	switch {
	case p.sharp:
		verb = "%#v"
	case p.names:
		verb = "%+v"
	}
	fmt.Fprintf(p.f, verb, v.Interface())
}

// URL is s, a URL as given, with the password of its user info replaced by
// "xxxxx", for quoting in an error. It works on text url.Parse rejects, and
// takes all up to the last "@" for user info: a password typed unescaped
// may hold any character.
func URL(s string) string {
	rest := s
	if _, after, ok := strings.Cut(s, "//"); ok {
		rest = after
	}
	at, colon := strings.LastIndexByte(rest, '@'), strings.IndexByte(rest, ':')
	if colon < 0 || colon > at {
		return s
	}
	start := len(s) - len(rest)
	return s[:start+colon+1] + "xxxxx" + s[start+at:]
}
