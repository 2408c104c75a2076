package redact

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// JSON returns body, a JSON document, compacted, with object members in
// name order and the value of every member whose name is in sensitive
// replaced by Marker, at any depth. A body that is not valid JSON is not
// returned at all, only described: without structure there is no telling
// where a secret sits in it.
func JSON(body []byte, sensitive map[string]bool) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers are logged as written
	var v any
	if err := dec.Decode(&v); err != nil {
		return "<" + strconv.Itoa(len(body)) + " bytes, not valid JSON: not logged>"
	}
	if _, err := dec.Token(); err != io.EOF {
		return "<" + strconv.Itoa(len(body)) + " bytes, not valid JSON: not logged>"
	}
	hide(v, sensitive)
	out, _ := json.Marshal(v)
	return string(out)
}

// hide replaces the sensitive members' values in v, in place.
func hide(v any, sensitive map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, member := range v {
			if sensitive[k] {
				v[k] = Marker
			} else {
				hide(member, sensitive)
			}
		}
	case []any:
		for _, e := range v {
			hide(e, sensitive)
		}
	}
}
