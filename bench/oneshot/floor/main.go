// Command floor makes one CreateToken with net/http and encoding/json
// alone: the least a program making this call can be.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	body, err := json.Marshal(map[string]string{
		"clientId": "client-id", "clientSecret": "client-secret",
		"grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": "device-code",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	resp, err := http.Post(os.Args[1]+"/token", "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken  string `json:"accessToken"`
		TokenType    string `json:"tokenType"`
		ExpiresIn    int32  `json:"expiresIn"`
		RefreshToken string `json:"refreshToken"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || out.AccessToken == "" {
		fmt.Fprintln(os.Stderr, "CreateToken:", resp.Status, err)
		os.Exit(1)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
}
