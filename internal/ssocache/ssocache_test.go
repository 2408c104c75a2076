package ssocache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var cmpOpts = cmp.AllowUnexported(Token{}, Registration{}, member{})

func TestKeys(t *testing.T) {
	c := Cache{Dir: "d"}
	if got := filepath.Base(c.TokenPath("my-sso")); got != "0ad374308c5a4e22f723adf10145eafad7c4031c.json" {
		t.Errorf("TokenPath = %s", got)
	}
	k := RegistrationKey{Region: "us-east-1", Scopes: []string{"sso:account:access"}, SessionName: "my-sso", StartURL: "https://my-sso-portal.awsapps.com/start"}
	if got := filepath.Base(c.RegistrationPath(k)); got != "c5cfae6e3e4f067423a532368c8b514b6a4b0ace.json" {
		t.Errorf("RegistrationPath = %s", got)
	}
}

// TestGolden reads each file botocore wrote (testdata/botocore_golden.py)
// and writes it back: the bytes must not change.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*/*.json")
	if len(files) < 7 {
		t.Fatalf("%d golden files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var out []byte
		var err error
		if bytes.Contains(b, []byte(`"accessToken"`)) {
			var tok *Token
			if tok, err = decodeToken(b); err == nil {
				out, err = encodeToken(tok)
			}
		} else {
			var r *Registration
			if r, err = decodeRegistration(b); err == nil {
				out, err = encodeRegistration(r)
			}
		}
		if err != nil || !bytes.Equal(out, b) {
			t.Errorf("%s: err %v\n got %s\nwant %s", f, err, out, b)
		}
	}
	// The names botocore gave them are ours too.
	c := Cache{Dir: "testdata/golden/cli"}
	for _, p := range []string{
		c.TokenPath("my-sso"), c.TokenPath("https://d-1234567890.awsapps.com/start#"), c.TokenPath("m\u00fcnchen \U0001f600"),
		c.RegistrationPath(RegistrationKey{Region: "eu-west-1", StartURL: "https://d-1234567890.awsapps.com/start#"}),
		c.RegistrationPath(RegistrationKey{Region: "ap-south-1", StartURL: "https://x.awsapps.com/start/\u00e9t\u00e9", SessionName: "m\u00fcnchen \U0001f600"}),
	} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// TestBotocore has botocore write the golden files again and rewrite files
// this package wrote: both directions byte for byte.
func TestBotocore(t *testing.T) {
	needBotocore(t)
	dir := t.TempDir()
	if out, err := exec.Command("python3", "testdata/botocore_golden.py", "write", dir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	files, _ := filepath.Glob("testdata/golden/*/*.json")
	for _, f := range files {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(dir, filepath.Base(filepath.Dir(f)), filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: botocore now writes %s (%v)", f, got, err)
		}
	}
	c := Cache{Dir: t.TempDir()}
	tok := &Token{StartURL: "https://a/\u00e9\"\\\n\x7f", Region: "r", AccessToken: "a", ExpiresAt: time.Unix(1e9, 0).UTC(), RefreshToken: "x",
		extra: []member{{"z\u00fc", []byte(`{"a":[1,2.50,1e20,-0,true,null,"\ud83d\ude00"],"b":{}}`)}}}
	reg := &Registration{ClientID: "c", ClientSecret: "s", ExpiresAt: time.Unix(2e9, 0).UTC(), Scopes: []string{}, GrantTypes: []string{"a", "b"}}
	if err := c.WriteToken("k", tok); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteRegistration(RegistrationKey{}, reg); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	names, _ := filepath.Glob(filepath.Join(c.Dir, "*.json"))
	for _, n := range names {
		before[n], _ = os.ReadFile(n)
	}
	if out, err := exec.Command("python3", "testdata/botocore_golden.py", "rewrite", c.Dir).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for n, b := range before {
		if after, _ := os.ReadFile(n); !bytes.Equal(after, b) {
			t.Errorf("botocore rewrote\n%s\nas\n%s", b, after)
		}
	}
	keys := []RegistrationKey{
		{Region: "us-east-1", StartURL: "u"},
		{Region: "r\u00e9", Scopes: []string{}, SessionName: "s \U0001f600\"", StartURL: "u\t"},
		{Region: "r", Scopes: []string{"a", "b"}, SessionName: "s", StartURL: "u", GrantTypes: []string{"authorization_code", "refresh_token"}},
	}
	var in strings.Builder
	in.WriteString("[")
	for i, k := range keys {
		if i > 0 {
			in.WriteString(",")
		}
		in.Write(k.json())
	}
	in.WriteString("]")
	cmd := exec.Command("python3", "testdata/botocore_golden.py", "keys")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Fields(string(out)) {
		if got := strings.TrimSuffix(filepath.Base(Cache{}.RegistrationPath(keys[i])), ".json"); got != line {
			t.Errorf("key %d: %s, python %s", i, got, line)
		}
	}
}

func TestDecode(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want *Token
	}{
		{`{"expiresAt": "2026-01-02T03:04:05.999Z"}`, &Token{ExpiresAt: at}},
		{`{"expiresAt": "2026-01-02T05:04:05+02:00"}`, &Token{ExpiresAt: at}},
		{`{"expiresAt": "2026-01-02T03:04:05UTC"}`, &Token{ExpiresAt: at}},
		{`{"expiresAt": "2026-01-02T02:04:05-0100"}`, &Token{ExpiresAt: at}},
		{`{"ACCESSTOKEN": "b", "accessToken": "a", "x": 1, "x": [2]}`, &Token{AccessToken: "a", extra: []member{{"x", []byte("[2]")}}}},
		{` {"refreshToken": null} `, &Token{}},
	} {
		got, err := decodeToken([]byte(tc.in))
		if err != nil || !cmp.Equal(got, tc.want, cmpOpts) {
			t.Errorf("%s: %v %v", tc.in, err, cmp.Diff(tc.want, got, cmpOpts))
		}
	}
	for _, in := range []string{"", " ", `{"accessToken": "a"`, `[]`, `{} {}`, `{"expiresAt": 1}`, `{"expiresAt": "soon"}`, `{"accessToken": 1}`, `{"expiresAt": "0000-01-01T00:00:00+01:00"}`} {
		if _, err := decodeToken([]byte(in)); err == nil {
			t.Errorf("%q decodes", in)
		}
	}
}

func TestFiles(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "a", "cache")}
	if _, err := c.ReadToken("k"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent: %v", err)
	}
	tok := &Token{AccessToken: "secret-access", RefreshToken: "secret-refresh", ClientSecret: "secret-client"}
	if err := c.WriteToken("k", tok); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{c.Dir, c.TokenPath("k")} {
		fi, _ := os.Stat(p)
		if want := fs.FileMode(0o600); fi.IsDir() {
			if fi.Mode().Perm() != 0o700 {
				t.Errorf("%s: %v", p, fi.Mode())
			}
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s: %v", p, fi.Mode())
		}
	}
	if s := fmt.Sprintf("%v %+v %#v", tok, tok, *tok); strings.Contains(s, "secret") {
		t.Errorf("secret printed: %s", s)
	}
	os.WriteFile(c.TokenPath("k"), []byte(`{"accessToken": "secret-acc`), 0o600)
	if _, err := c.ReadToken("k"); !errors.Is(err, ErrCorrupt) || strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "ssocache") {
		t.Errorf("truncated: %v", err)
	}
	// A failed write leaves the target alone and no temporary file.
	os.MkdirAll(filepath.Join(c.TokenPath("x"), "d"), 0o700)
	if err := c.WriteToken("x", tok); err == nil {
		t.Error("write over a folder succeeded")
	}
	if tmp, _ := filepath.Glob(filepath.Join(c.Dir, "*.tmp")); len(tmp) > 0 {
		t.Errorf("left %v", tmp)
	}
	if err := c.RemoveToken("k"); err != nil || c.RemoveToken("k") != nil {
		t.Errorf("remove: %v", err)
	}
}

// TestWriteReplaces: a reader that opened the token file before a write
// reads the old file whole: the new one is renamed in, not written in place.
func TestWriteReplaces(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows renames over no open file")
	}
	c := Cache{Dir: t.TempDir()}
	c.WriteToken("k", &Token{AccessToken: "old"})
	f, err := os.Open(c.TokenPath("k"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := c.WriteToken("k", &Token{AccessToken: "new"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(f); string(b) != `{"accessToken": "old"}` {
		t.Errorf("the open file now reads %s", b)
	}
}

// TestWriteSyncs: the new file is synced before it is renamed in, and the
// folder after, so a crash leaves the old file or the new one, whole.
func TestWriteSyncs(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	c.WriteToken("k", &Token{AccessToken: "old"})
	var got []string
	syncFile = func(f *os.File) error {
		synced := "folder"
		if f.Name() != c.Dir {
			b, _ := os.ReadFile(f.Name())
			synced = string(b)
		}
		token, _ := os.ReadFile(c.TokenPath("k"))
		got = append(got, synced+" synced; token file "+string(token))
		return f.Sync()
	}
	defer func() { syncFile = (*os.File).Sync }()
	if err := c.WriteToken("k", &Token{AccessToken: "new"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"accessToken": "new"} synced; token file {"accessToken": "old"}`,
		`folder synced; token file {"accessToken": "new"}`,
	}
	if !cmp.Equal(got, want) {
		t.Errorf("syncs (-want +got):\n%s", cmp.Diff(want, got))
	}
}

const childEnv = "SSOCACHE_TEST_CHILD"

// TestMain runs the child processes of the lock tests.
func TestMain(m *testing.M) {
	switch mode, dir := os.Getenv(childEnv), os.Getenv("SSOCACHE_TEST_DIR"); mode {
	case "count":
		for range 200 {
			unlock, err := Cache{Dir: dir}.Lock(context.Background(), "k", "count", nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			p := filepath.Join(dir, "count")
			b, _ := os.ReadFile(p)
			n, _ := strconv.Atoi(string(b))
			os.WriteFile(p, []byte(strconv.Itoa(n+1)), 0o600)
			unlock()
		}
		os.Exit(0)
	case "hold":
		if _, err := (Cache{Dir: dir}).Lock(context.Background(), "k", "hold", nil); err != nil {
			os.Exit(1)
		}
		fmt.Println("locked")
		time.Sleep(time.Hour)
	}
	os.Exit(m.Run())
}

func child(t *testing.T, mode, dir string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "SSOCACHE_TEST_DIR="+dir)
	return cmd
}

func TestLockExcludesProcesses(t *testing.T) {
	dir := t.TempDir()
	var cmds []*exec.Cmd
	for range 4 {
		cmd := child(t, "count", dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "count")); string(b) != "800" {
		t.Errorf("count %s, want 800: increments were lost", b)
	}
}

func TestLockDiesWithHolder(t *testing.T) {
	dir := t.TempDir()
	cmd := child(t, "hold", dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked" {
		t.Fatalf("child: %q %v", buf, err)
	}
	c := Cache{Dir: dir}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	var holders []string
	_, err := c.Lock(ctx, "k", "wait", func(h string) error { holders = append(holders, h); return nil })
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), fmt.Sprint("hold ", cmd.Process.Pid)) {
		t.Fatalf("lock while held: %v", err)
	}
	if len(holders) == 0 || holders[0] != fmt.Sprint("hold ", cmd.Process.Pid) {
		t.Fatalf("busy saw holders %q", holders)
	}
	// busy's error ends the wait.
	stop := errors.New("stop")
	if _, err := c.Lock(context.Background(), "k", "wait", func(string) error { return stop }); err != stop {
		t.Fatalf("lock with busy failing: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	unlock, err := c.Lock(ctx2, "k", "after", nil)
	if err != nil {
		t.Fatalf("lock after the holder died: %v", err)
	}
	// The file names the holder while held, and nobody after.
	if b, _ := os.ReadFile(c.TokenPath("k") + ".lock"); string(b) != fmt.Sprint("\nafter ", os.Getpid(), "\n") {
		t.Errorf("lock file while held: %q", b)
	}
	unlock()
	unlock()
	if b, _ := os.ReadFile(c.TokenPath("k") + ".lock"); len(b) != 0 {
		t.Errorf("lock file after unlock: %q", b)
	}
}

// TestHolderEscaped: what a lock file names reaches a terminal in a
// message; a bidi override or an escape sequence in it is shown, not obeyed.
func TestHolderEscaped(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "k.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("\nrefresh \u202e42\x1b[2J\x9b\nrest")
	if got, want := holder(f), `refresh \u202e42\x1b[2J\x9b`; got != want {
		t.Errorf("holder = %q, want %q", got, want)
	}
}
