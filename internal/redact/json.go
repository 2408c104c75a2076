package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// JSON returns body, a JSON document, compacted and with the value of every
// object member whose name is in sensitive replaced by Marker, at any depth.
// A body that is not valid JSON is not returned at all, only described:
// without structure there is no telling where a secret sits in it.
func JSON(body []byte, sensitive map[string]bool) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out bytes.Buffer
	if err := copyValue(dec, &out, sensitive); err != nil {
		return "<" + strconv.Itoa(len(body)) + " bytes, not valid JSON: not logged>"
	}
	if _, err := dec.Token(); err != io.EOF {
		return "<" + strconv.Itoa(len(body)) + " bytes, not valid JSON: not logged>"
	}
	return out.String()
}

var errShape = errors.New("unexpected token")

// copyValue copies one JSON value from dec to out.
func copyValue(dec *json.Decoder, out *bytes.Buffer, sensitive map[string]bool) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			for first := true; dec.More(); first = false {
				if !first {
					out.WriteByte(',')
				}
				keyTok, err := dec.Token()
				if err != nil {
					return err
				}
				key, ok := keyTok.(string)
				if !ok {
					return errShape
				}
				writeString(out, key)
				out.WriteByte(':')
				if sensitive[key] {
					if err := skipValue(dec); err != nil {
						return err
					}
					writeString(out, Marker)
					continue
				}
				if err := copyValue(dec, out, sensitive); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for first := true; dec.More(); first = false {
				if !first {
					out.WriteByte(',')
				}
				if err := copyValue(dec, out, sensitive); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			out.WriteByte(']')
		default:
			return errShape
		}
	case string:
		writeString(out, t)
	case json.Number:
		out.WriteString(t.String())
	case bool:
		out.WriteString(strconv.FormatBool(t))
	case nil:
		out.WriteString("null")
	}
	return nil
}

func skipValue(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}

func writeString(out *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	out.Write(b)
}
