package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/ssooidc-go/ssooidc/login"
)

func runLogin(ctx context.Context, e *env, o *opts) int {
	// Ctrl-C ends a login cleanly ("login cancelled", the listener closed).
	// Only login installs the handler: it costs the other commands' start-up.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.demo {
		return runDemo(ctx, e, o)
	}
	t, ok := open(ctx, e, o, nil)
	if !ok {
		return exitError
	}
	_, code := logIn(ctx, e, o, t, nil)
	return code
}

// logIn logs t in as o says and prints what the AWS CLI prints. visit,
// when set, plays the user's browser (the demo's): it gets the page the
// user would open, and no browser is started.
func logIn(ctx context.Context, e *env, o *opts, t *target, visit func(url string)) (login.Token, int) {
	lo := login.Options{
		NoBrowser: o.noBrowser || visit != nil,
		Paste:     o.paste,
		Stdout:    e.stdout,
		Stdin:     e.stdin,
		Getenv:    e.getenv,
	}
	switch {
	case o.deviceCode:
		lo.Flow = login.FlowDeviceCode
	case visit != nil:
		lo.Flow = login.FlowPKCE
	}
	var countdown *countdown
	show := login.DefaultPrompt(lo)
	lo.Prompt = func(ctx context.Context, p login.Prompt) error {
		if err := show(ctx, p); err != nil {
			return err
		}
		if visit != nil {
			visit(cmp.Or(p.AuthorizeURL, p.VerificationURIComplete, p.VerificationURI))
		}
		if o.qr && p.VerificationURIComplete != "" {
			if err := writeQR(e.stdout, p.VerificationURIComplete); err != nil {
				return err
			}
		}
		// The countdown would garble the paste prompt's input line.
		if e.stdoutTTY && !p.Paste && !p.ExpiresAt.IsZero() {
			countdown = startCountdown(e.stdout, p.ExpiresAt)
		}
		return nil
	}
	tok, err := t.sess.Login(ctx, lo)
	if countdown != nil {
		countdown.stop()
	}
	if err != nil {
		return login.Token{}, fail(e, loginError(err))
	}
	fmt.Fprintf(e.stdout, "Successfully logged into Start URL: %s\n", t.sess.StartURL())
	return tok, exitOK
}

// loginError says what to do after a failed login.
func loginError(err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("login cancelled")
	case errors.Is(err, login.ErrDenied):
		return fmt.Errorf("%w; ask your administrator for access, or log in as another user", err)
	case errors.Is(err, login.ErrExpired):
		return fmt.Errorf("%w; run the login again and approve it sooner", err)
	}
	return err
}

// countdown shows, on a terminal, how long the user has left to approve.
type countdown struct {
	done chan struct{}
	wg   sync.WaitGroup
}

func startCountdown(w io.Writer, until time.Time) *countdown {
	c := &countdown{done: make(chan struct{})}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			left := max(time.Until(until), 0).Round(time.Second)
			fmt.Fprintf(w, "\rWaiting for approval, %d:%02d left ", int(left.Minutes()), int(left.Seconds())%60)
			select {
			case <-c.done:
				fmt.Fprint(w, "\r\033[K") // clear the line for what comes next
				return
			case <-tick.C:
			}
		}
	}()
	return c
}

func (c *countdown) stop() {
	close(c.done)
	c.wg.Wait()
}
