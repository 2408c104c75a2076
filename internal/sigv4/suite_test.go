package sigv4

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	suiteRoot     = "testdata/sigv4-test-suite"
	cAuthRoot     = "testdata/sigv4-test-suite/aws-c-auth/v4"
	suiteAccessID = "AKIDEXAMPLE"
	suiteSecret   = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	suiteRegion   = "us-east-1"
	suiteService  = "service"
)

var suiteTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBotocoreSuite signs every case of the AWS SigV4 test suite (botocore
// copy) and compares the canonical request (.creq), string to sign (.sts),
// Authorization header (.authz) and whole signed request (.sreq).
func TestBotocoreSuite(t *testing.T) {
	var cases []string // case directories, relative to suiteRoot
	err := filepath.WalkDir(suiteRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "aws-c-auth" {
			return filepath.SkipDir // the other suite, tested below
		}
		if !d.IsDir() && strings.HasSuffix(path, ".req") {
			dir := filepath.Dir(path)
			if filepath.Base(dir)+".req" != d.Name() {
				t.Errorf("unexpected request file %s", path)
			}
			rel, _ := filepath.Rel(suiteRoot, dir)
			cases = append(cases, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 34 {
		t.Fatalf("found %d cases, the suite has 34", len(cases))
	}

	// The session token of the post-sts-token cases is the last line of
	// readme.txt.
	readme := strings.TrimSpace(readFile(t, filepath.Join(suiteRoot, "post-sts-token", "readme.txt")))
	stsToken := readme[strings.LastIndexByte(readme, '\n')+1:]
	if !strings.HasPrefix(stsToken, "AQoDYXdzEPT//") {
		t.Fatalf("could not find the session token in readme.txt: %q", stsToken)
	}

	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			base := filepath.Join(suiteRoot, filepath.FromSlash(c), filepath.Base(c))
			creq := readFile(t, base+".creq")
			sts := readFile(t, base+".sts")
			authz := readFile(t, base+".authz")
			raw, err := parseRawRequest([]byte(readFile(t, base+".req")))
			if err != nil {
				t.Fatal(err)
			}
			wantSigned, err := parseRawRequest([]byte(readFile(t, base+".sreq")))
			if err != nil {
				t.Fatal(err)
			}

			var s Signer
			creds := Credentials{AccessKeyID: suiteAccessID, SecretAccessKey: suiteSecret}
			switch c {
			case "post-sts-token/post-sts-header-before":
				creds.SessionToken = stsToken
			case "post-sts-token/post-sts-header-after":
				// The token is added after the signature is computed, which
				// SSO OIDC does not want.
				t.Skip("unsigned session token: not supported")
			case "get-vanilla-with-session-token":
				// botocore's addition gives its token only in the .creq.
				_, after, ok := strings.Cut(creq, "\nx-amz-security-token:")
				if !ok {
					t.Fatal("no x-amz-security-token line in .creq")
				}
				creds.SessionToken, _, _ = strings.Cut(after, "\n")
			}

			req := raw.httpRequest()
			var dbg debugInfo
			if err := s.sign(req, &creds, PayloadHash(raw.body), suiteService, suiteRegion, suiteTime, &dbg); err != nil {
				t.Fatal(err)
			}
			if dbg.canonicalRequest != creq {
				t.Errorf("canonical request:\n got %q\nwant %q", dbg.canonicalRequest, creq)
			}
			if dbg.stringToSign != sts {
				t.Errorf("string to sign:\n got %q\nwant %q", dbg.stringToSign, sts)
			}
			if got := req.Header.Get("Authorization"); got != authz {
				t.Errorf("Authorization:\n got %q\nwant %q", got, authz)
			}

			if c == "get-vanilla-with-session-token" {
				// Known data defect: this .sreq carries the Authorization
				// header of get-vanilla (signature 5fa00fa3...), not the one
				// in its own .authz (07ec1639...). Check that the defect is
				// still there, then compare the rest against .authz.
				fixed := false
				for i, h := range wantSigned.headers {
					if strings.EqualFold(h.name, "Authorization") && strings.TrimSpace(h.value) != authz {
						wantSigned.headers[i].value = authz
						fixed = true
					}
				}
				if !fixed {
					t.Error("the .sreq Authorization of this case now matches .authz; drop this exception")
				}
			}
			checkSignedRequest(t, req, wantSigned)
		})
	}
}

// cAuthContext is context.json of an aws-c-auth case. Unknown fields are an
// error so that no setting can be ignored silently.
type cAuthContext struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		Token           string `json:"token"`
	} `json:"credentials"`
	ExpirationInSeconds int    `json:"expiration_in_seconds"`
	Normalize           bool   `json:"normalize"`
	Region              string `json:"region"`
	Service             string `json:"service"`
	SignBody            bool   `json:"sign_body"`
	Timestamp           string `json:"timestamp"`
	OmitSessionToken    bool   `json:"omit_session_token"`
}

// cAuthUnsupported counts the aws-c-auth cases for options the product does
// not have: no path normalization (S3), a signed X-Amz-Content-Sha256
// header or an unsigned session token.
func cAuthUnsupported(ctx *cAuthContext) bool {
	return !ctx.Normalize || ctx.OmitSessionToken || ctx.SignBody
}

// TestAWSCAuthSuite signs every aws-c-auth SigV4 case that uses the rules of
// non-S3 services with headers and compares the canonical request, string to
// sign, signature and signed request of each. ExpirationInSeconds is for the
// presigned variants, which the product does not use.
func TestAWSCAuthSuite(t *testing.T) {
	entries, err := os.ReadDir(cAuthRoot)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if !e.IsDir() {
			t.Errorf("unexpected file %s", e.Name())
			continue
		}
		cases = append(cases, e.Name())
	}
	if len(cases) != 38 {
		t.Fatalf("found %d cases, the suite has 38", len(cases))
	}

	signed, skipped := 0, 0
	for _, c := range cases {
		dir := filepath.Join(cAuthRoot, c)
		t.Run(c, func(t *testing.T) {
			var ctx cAuthContext
			dec := json.NewDecoder(strings.NewReader(readFile(t, filepath.Join(dir, "context.json"))))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&ctx); err != nil {
				t.Fatalf("context.json: %v", err)
			}
			if cAuthUnsupported(&ctx) {
				skipped++
				t.Skip("needs an option the product does not have")
			}
			signed++
			ts, err := time.Parse(time.RFC3339, ctx.Timestamp)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := parseRawRequest([]byte(readFile(t, filepath.Join(dir, "request.txt"))))
			if err != nil {
				t.Fatal(err)
			}
			creds := Credentials{
				AccessKeyID:     ctx.Credentials.AccessKeyID,
				SecretAccessKey: ctx.Credentials.SecretAccessKey,
				SessionToken:    ctx.Credentials.Token,
			}
			var s Signer
			req := raw.httpRequest()
			var dbg debugInfo
			if err := s.sign(req, &creds, PayloadHash(raw.body), ctx.Service, ctx.Region, ts, &dbg); err != nil {
				t.Fatal(err)
			}
			want := func(name string) string { return readFile(t, filepath.Join(dir, "header-"+name)) }
			if w := want("canonical-request.txt"); dbg.canonicalRequest != w {
				t.Errorf("canonical request:\n got %q\nwant %q", dbg.canonicalRequest, w)
			}
			if w := want("string-to-sign.txt"); dbg.stringToSign != w {
				t.Errorf("string to sign:\n got %q\nwant %q", dbg.stringToSign, w)
			}
			if w := strings.TrimSpace(want("signature.txt")); dbg.signature != w {
				t.Errorf("signature = %s, want %s", dbg.signature, w)
			}
			wantSigned, err := parseRawRequest([]byte(want("signed-request.txt")))
			if err != nil {
				t.Fatal(err)
			}
			checkSignedRequest(t, req, wantSigned)
		})
	}
	// 7 cases are unnormalized, 2 sign the body hash header, 1 leaves the
	// token unsigned.
	if signed != 28 || skipped != 10 {
		t.Errorf("signed %d cases and skipped %d, want 28 and 10", signed, skipped)
	}
}
