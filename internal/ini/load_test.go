package ini

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	cred := filepath.Join(dir, "credentials")
	write := func(path, data string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cfg, "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n")
	write(cred, "[dev]\naws_access_key_id = AKID\n")

	s, err := Load(cfg, cred)
	if err != nil {
		t.Fatal(err)
	}
	dev, ok := s.Profile("dev")
	if !ok {
		t.Fatal("dev not found")
	}
	if file, line := dev.Source("aws_access_key_id"); file != cred || line != 2 {
		t.Errorf("Source = %s:%d, want %s:2", file, line, cred)
	}
	if file, line := dev.Source("region"); file != cfg || line != 4 {
		t.Errorf("Source = %s:%d, want %s:4", file, line, cfg)
	}

	// Absent files, as botocore sees them: no path, no file, a path
	// through a regular file, a device.
	for _, path := range []string{"", filepath.Join(dir, "nope"), filepath.Join(cfg, "sub"), os.DevNull} {
		s, err := Load(path, path)
		if err != nil {
			t.Errorf("Load(%q): %v", path, err)
			continue
		}
		if _, ok := s.Profile("default"); ok {
			t.Errorf("Load(%q) has a default profile", path)
		}
	}

	// Only the credentials file.
	s, err = Load(filepath.Join(dir, "nope"), cred)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Profile("dev"); !ok {
		t.Error("dev from credentials file not found")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(good, []byte("[default]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("[default]\naws_secret_access_key SECRET\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ cfg, cred string }{{bad, good}, {good, bad}} {
		_, err := Load(tc.cfg, tc.cred)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.File != bad || pe.Line != 2 {
			t.Errorf("Load(%s, %s) = %v, want a ParseError at %s:2", tc.cfg, tc.cred, err, bad)
		} else if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error leaks a value: %v", err)
		}
	}

	// A directory in a file's place is an error, unlike in botocore: it
	// is no way to say "no file", and hiding it hides why settings vanish.
	if _, err := Load(dir, ""); err == nil || err.Error() != "the shared config file "+dir+" is a directory" {
		t.Errorf("Load(directory) = %v", err)
	}

	// A file that exists but cannot be read is an error, not an absent file.
	osReadFile = func(string) ([]byte, error) {
		return nil, &fs.PathError{Op: "open", Path: good, Err: fs.ErrPermission}
	}
	defer func() { osReadFile = os.ReadFile }()
	_, err := Load("", good)
	if !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("got %v, want a permission error", err)
	}
	if want := "cannot read the shared credentials file: open " + good + ": permission denied"; err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
}
