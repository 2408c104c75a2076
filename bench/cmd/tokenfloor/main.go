// Command tokenfloor is the floor of the token cold-start benchmark
// (token-coldstart.sh): the least a Go program can do to print a cached
// token, reading the one file named on its command line, decoding its
// accessToken and printing it.
package main

import (
	"fmt"
	"os"

	"github.com/ssooidc-go/ssooidc/bench/internal/tokenfile"
)

func main() {
	tok, err := tokenfile.AccessToken(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(tok)
}
