// Package tokenfile is the work of the token cold-start floors
// (cmd/tokenfloor, cmd/tokenhttp): the least a Go program can do to get a
// cached token.
package tokenfile

import (
	"encoding/json"
	"os"
)

// AccessToken reads the token file at path and decodes its accessToken.
func AccessToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var t struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return "", err
	}
	return t.AccessToken, nil
}
