// Command tokenfloor is the floor of the token cold-start benchmark
// (token-coldstart.sh): the least a Go program can do to print a cached
// token, reading the one file named on its command line, decoding its
// accessToken and printing it.
package main

import (
	"encoding/json"
	"fmt"
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
	fmt.Println(t.AccessToken)
}
