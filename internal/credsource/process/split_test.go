package process

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitCases were computed with Python: posix is shlex.split(line), windows
// is botocore.compat._windows_shell_split(line); nil means a ValueError.
var splitCases = []struct {
	line           string
	posix, windows []string
}{
	{`helper`, []string{`helper`}, []string{`helper`}},
	{`  helper   --flag  value `, []string{`helper`, `--flag`, `value`}, []string{`helper`, `--flag`, `value`}},
	{`helper 'single quoted' arg`, []string{`helper`, `single quoted`, `arg`}, []string{`helper`, `'single`, `quoted'`, `arg`}},
	{`helper "double quoted"`, []string{`helper`, `double quoted`}, []string{`helper`, `double quoted`}},
	{`helper \"escaped\"`, []string{`helper`, `"escaped"`}, []string{`helper`, `"escaped"`}},
	{`helper "a \"b\" c"`, []string{`helper`, `a "b" c`}, []string{`helper`, `a "b" c`}},
	{`helper "back\\slash"`, []string{`helper`, `back\slash`}, []string{`helper`, `back\\slash`}},
	{`helper 'no \escape'`, []string{`helper`, `no \escape`}, []string{`helper`, `'no`, `\escape'`}},
	{`helper "keep \n"`, []string{`helper`, `keep \n`}, []string{`helper`, `keep \n`}},
	{`a\ b c`, []string{`a b`, `c`}, []string{`a\`, `b`, `c`}},
	{`a "" b`, []string{`a`, ``, `b`}, []string{`a`, ``, `b`}},
	{`a '' b`, []string{`a`, ``, `b`}, []string{`a`, `''`, `b`}},
	{`a"b"c`, []string{`abc`}, []string{`abc`}},
	{`a'b'c"d"`, []string{`abcd`}, []string{`a'b'cd`}},
	{"x\ty\nz", []string{`x`, `y`, `z`}, []string{`x`, "y\nz"}},
	{`C:\Program Files\helper.exe`, []string{`C:Program`, `Fileshelper.exe`}, []string{`C:\Program`, `Files\helper.exe`}},
	{`"C:\Program Files\helper.exe" --profile dev`, []string{`C:\Program Files\helper.exe`, `--profile`, `dev`}, []string{`C:\Program Files\helper.exe`, `--profile`, `dev`}},
	{`a\\"b c"`, []string{`a\b c`}, []string{`a\b c`}},
	{`a\\\"b`, []string{`a\"b`}, []string{`a\"b`}},
	{`trailing\\`, []string{`trailing\`}, []string{`trailing\\`}},
	{`a#b # c`, []string{`a#b`, `#`, `c`}, []string{`a#b`, `#`, `c`}},
	{`$HOME ~/x *.txt | y > z`, []string{`$HOME`, `~/x`, `*.txt`, `|`, `y`, `>`, `z`}, []string{`$HOME`, `~/x`, `*.txt`, `|`, `y`, `>`, `z`}},
	{`unicode "héllo wörld"`, []string{`unicode`, `héllo wörld`}, []string{`unicode`, `héllo wörld`}},
	{`"unterminated`, nil, nil},
	{`'unterminated`, nil, []string{`'unterminated`}},
	{`ends\`, nil, []string{`ends\`}},
}

func TestSplitPOSIXMatchesShlex(t *testing.T) {
	for _, c := range splitCases {
		got, err := SplitPOSIX(c.line)
		if c.posix == nil {
			assert.Error(t, err, "%q", c.line)
			continue
		}
		require.NoError(t, err, "%q", c.line)
		assert.Equal(t, c.posix, got, "%q", c.line)
	}
}

func TestSplitWindowsMatchesBotocore(t *testing.T) {
	for _, c := range splitCases {
		got, err := SplitWindows(c.line)
		if c.windows == nil {
			assert.Error(t, err, "%q", c.line)
			continue
		}
		require.NoError(t, err, "%q", c.line)
		assert.Equal(t, c.windows, got, "%q", c.line)
	}
}

func TestSplitEmpty(t *testing.T) {
	for _, f := range []func(string) ([]string, error){SplitPOSIX, SplitWindows, Split} {
		got, err := f("")
		assert.NoError(t, err)
		assert.Empty(t, got)
		got, err = f(" \t ")
		assert.NoError(t, err)
		assert.Empty(t, got)
	}
}

func TestSplitErrorsDoNotQuoteTheLine(t *testing.T) {
	for _, line := range []string{`helper --password "hunter2`, `helper --password 'hunter2`, `helper hunter2\`} {
		_, err := SplitPOSIX(line)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "hunter2")
	}
	_, err := SplitWindows(`helper --password "hunter2`)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}
