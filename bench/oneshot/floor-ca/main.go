// Command floor-ca is the floor program (one CreateToken with net/http
// and encoding/json) that also honours AWS_CA_BUNDLE the least way: it
// reads the PEM file into the TLS roots of its transport. It is the base
// of the start-up measurement with AWS_CA_BUNDLE set.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	client := http.DefaultClient
	if path := os.Getenv("AWS_CA_BUNDLE"); path != "" {
		pem, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fmt.Fprintln(os.Stderr, "no certificate in", path)
			os.Exit(1)
		}
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		client = &http.Client{Transport: t}
	}
	body, err := json.Marshal(map[string]string{
		"clientId": "client-id", "clientSecret": "client-secret",
		"grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": "device-code",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	resp, err := client.Post(os.Args[1]+"/token", "application/json", bytes.NewReader(body))
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
