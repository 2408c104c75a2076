// Package smithymodel reads a Smithy JSON model (the AST form of the
// service models in testdata), for the tests that hold the Go code to it.
package smithymodel

import (
	"encoding/json"
	"os"
	"strings"
)

// Shape is a shape of the model, with the parts the tests read.
type Shape struct {
	Type       string            `json:"type"`
	Members    map[string]Member `json:"members"`
	Member     *Member           `json:"member"`
	Operations []struct {
		Target string `json:"target"`
	} `json:"operations"`
	Input  *Member                    `json:"input"`
	Output *Member                    `json:"output"`
	Errors []Member                   `json:"errors"`
	Traits map[string]json.RawMessage `json:"traits"`
}

// Member is a member, or another reference to a shape: an operation's
// input, output or error.
type Member struct {
	Target string                     `json:"target"`
	Traits map[string]json.RawMessage `json:"traits"`
}

// Has reports whether the shape has the trait.
func (s Shape) Has(trait string) bool { _, ok := s.Traits[trait]; return ok }

// Has reports whether the member has the trait.
func (m Member) Has(trait string) bool { _, ok := m.Traits[trait]; return ok }

// Trait returns the value of a member's string trait, or "".
func (m Member) Trait(name string) string {
	var s string
	_ = json.Unmarshal(m.Traits[name], &s)
	return s
}

// Load reads the model file at path and returns its shapes by their full
// names ("namespace#Name").
func Load(path string) (map[string]Shape, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m struct {
		Shapes map[string]Shape `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	return m.Shapes, nil
}

// GoFieldName is the Go name of a member: its name with the first letter
// upper-cased.
func GoFieldName(member string) string { return strings.ToUpper(member[:1]) + member[1:] }
