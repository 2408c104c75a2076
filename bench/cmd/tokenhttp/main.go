// Command tokenhttp is the floor of the token cold-start benchmark
// (token-coldstart.sh) for a program that can also refresh: tokenfloor's
// work (read the token file named first, decode accessToken, print it),
// linking net/http's client and TLS the way a refresh would. It only calls
// them when the file holds no token and a URL is named second.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var t struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if t.AccessToken == "" && len(os.Args) > 2 {
		resp, err := http.Get(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		t.AccessToken = string(b)
	}
	fmt.Println(t.AccessToken)
}
