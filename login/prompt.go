package login

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/ssooidc-go/ssooidc/internal/termsafe"
)

// DefaultPrompt is the Prompt a login uses when Options.Prompt is nil: it
// prints the prompt's Note and what the AWS CLI prints to o.Stdout and,
// unless o.NoBrowser or o.Paste, opens the page with o.OpenBrowser
// (default: BROWSER, else the platform's opener, which is never started
// where no browser can open; see FlowAuto). The service's text (URIs, user
// code) is printed with control characters and bidi overrides escaped. A
// Prompt that shows more, such as a QR code, calls it first.
func DefaultPrompt(o Options) func(ctx context.Context, p Prompt) error {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.OpenBrowser == nil {
		getenv := o.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		// Where no browser can open, none is started.
		o.NoBrowser = o.NoBrowser || noBrowser(getenv, runtime.GOOS) != ""
		o.OpenBrowser = browserOpener(getenv, runtime.GOOS, nil)
	}
	return func(ctx context.Context, p Prompt) error {
		w := termsafe.Writer{W: o.Stdout} // the URIs and the code are the service's text
		if p.Note != "" {
			fmt.Fprintf(w, "%s\n\n", p.Note)
		}
		open := ""
		switch {
		case p.Flow == FlowDeviceCode && o.NoBrowser:
			fmt.Fprintf(w, "Browser will not be automatically opened.\nPlease visit the following URL:\n\n%s\n", p.VerificationURI)
			fmt.Fprintf(w, "\nThen enter the code:\n\n%s\n", p.UserCode)
			if p.VerificationURIComplete != "" {
				fmt.Fprintf(w, "\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n%s\n", p.VerificationURIComplete)
			}
		case p.Flow == FlowDeviceCode:
			fmt.Fprintf(w, "Attempting to open your default browser.\nIf the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n%s\n", p.VerificationURI)
			fmt.Fprintf(w, "\nThen enter the code:\n\n%s\n", p.UserCode)
			open = p.VerificationURIComplete
			if open == "" {
				open = p.VerificationURI
			}
		case p.Paste:
			fmt.Fprintf(w, "Open the following URL in a browser on any machine:\n\n%s\n\n", p.AuthorizeURL)
			fmt.Fprintf(w, "After you approve, the browser is sent to a page on 127.0.0.1 that does not load.\nCopy that page's address from the address bar and paste it here:\n")
		case o.NoBrowser:
			fmt.Fprintf(w, "Browser will not be automatically opened.\nPlease visit the following URL:\n\n%s\n", p.AuthorizeURL)
		default:
			fmt.Fprintf(w, "Attempting to open your default browser. If the browser does not open, open the following URL.\n"+
				"If you are unable to open the URL on this device, run this command again with the '--use-device-code' option.\n\n%s\n\n", p.AuthorizeURL)
			open = p.AuthorizeURL
		}
		if open != "" && !o.NoBrowser {
			// The URL is on screen: a browser that does not open fails
			// nothing.
			_ = o.OpenBrowser(open)
		}
		return nil
	}
}

// browserOpener opens a URL with the commands of BROWSER (separated by
// the list separator, as Python's webbrowser reads it; %s is the URL,
// else it is appended), else the platform's opener.
func browserOpener(getenv func(string) string, goos string, logf func(string, ...any)) func(url string) error {
	return func(url string) error {
		var cmds [][]string
		for b := range strings.SplitSeq(getenv("BROWSER"), string(os.PathListSeparator)) {
			args := strings.Fields(b)
			if len(args) == 0 {
				continue
			}
			for i, a := range args {
				args[i] = strings.ReplaceAll(a, "%s", url)
			}
			if !strings.Contains(b, "%s") {
				args = append(args, url)
			}
			cmds = append(cmds, args)
		}
		switch goos {
		case "darwin":
			cmds = append(cmds, []string{"open", url})
		case "windows":
			cmds = append(cmds, []string{"rundll32", "url.dll,FileProtocolHandler", url})
		default:
			cmds = append(cmds, []string{"xdg-open", url})
		}
		var errs []error
		for _, args := range cmds {
			cmd := exec.Command(args[0], args[1:]...)
			if err := cmd.Start(); err != nil {
				errs = append(errs, err)
				continue
			}
			go cmd.Wait() // reap it; its exit status says nothing about the login
			return nil
		}
		err := errors.Join(errs...)
		if logf != nil {
			logf("login: could not open a browser: %v", err)
		}
		return err
	}
}
