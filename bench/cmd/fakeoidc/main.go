// Command fakeoidc runs the benchmarks' fake SSO OIDC service on
// 127.0.0.1 in a process of its own. It prints one line,
//
//	fakeoidc service=http://127.0.0.1:PORT admin=http://127.0.0.1:PORT
//
// and serves until its standard input is closed (so it ends with the
// process that started it) or it gets SIGINT or SIGTERM.
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/ssooidc-go/ssooidc/bench/internal/fake"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("fakeoidc: ")
	svc, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	admin, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s := fake.NewServer()
	go func() { log.Fatal(s.Serve(svc)) }()
	go func() { log.Fatal(s.ServeAdmin(admin)) }()
	fmt.Printf("fakeoidc service=http://%s admin=http://%s\n", svc.Addr(), admin.Addr())

	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-done:
	case <-sig:
	}
}
