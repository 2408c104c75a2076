package login

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// Stdin as a program gets it: a blocking pipe, which Go does not poll
// (os.Stdin takes no read deadline). A paste login that times out leaves
// no Read of it behind: the next line goes to the next reader.
func TestPKCEPasteBlockingStdin(t *testing.T) {
	var p [2]int
	if err := syscall.Pipe(p[:]); err != nil {
		t.Fatal(err)
	}
	stdin, w := os.NewFile(uintptr(p[0]), "stdin"), os.NewFile(uintptr(p[1]), "pipe")
	defer stdin.Close()
	defer w.Close() // ends a Read the login left behind, if any
	if err := stdin.SetReadDeadline(time.Time{}); !errors.Is(err, os.ErrNoDeadline) {
		t.Fatalf("the pipe takes a deadline (%v): it is not like os.Stdin", err)
	}
	e := newEnv(t, ssooidctest.Options{})
	o := Options{Paste: true, Stdin: stdin, Stdout: io.Discard, Timeout: 100 * time.Millisecond,
		Prompt: func(context.Context, Prompt) error { return nil }}
	if _, err := e.sess.Login(context.Background(), o); !errors.Is(err, ErrExpired) {
		t.Fatalf("err = %v, want ErrExpired", err)
	}
	if _, err := io.WriteString(w, "next\n"); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 16)
		n, _ := stdin.Read(buf)
		got <- string(buf[:n])
	}()
	select {
	case s := <-got:
		if s != "next\n" {
			t.Errorf("the next reader got %q", s)
		}
	case <-time.After(10 * time.Second): // only when the test fails
		t.Fatal("the line went to a Read the login left behind")
	}
}
