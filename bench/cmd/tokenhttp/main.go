// Command tokenhttp is the floor of the token cold-start benchmark
// (token-coldstart.sh) for a program that can also refresh: tokenfloor's
// work, in a program that links net/http's client and TLS the way a
// refresh would. It calls them only when the file named first holds no
// token and a URL is named second.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/ssooidc-go/ssooidc/bench/internal/tokenfile"
)

func main() {
	tok, err := tokenfile.AccessToken(os.Args[1])
	if err == nil && tok == "" && len(os.Args) > 2 {
		tok, err = fetch(os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(tok)
}

func fetch(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
