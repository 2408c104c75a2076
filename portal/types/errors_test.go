package types

import "testing"

// TestErrorsAreTerminalSafe: the service's code and message reach Error
// without the control characters that could drive a terminal, and the
// account and role, which the caller gave, quoted.
func TestErrorsAreTerminalSafe(t *testing.T) {
	msg, code := "No access\x1b]0;pwned\x07\nnext line", "Forbidden\u202eException"
	account, role := "1111\x1b[2J", "Admin\r"
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&UnauthorizedException{Message: &msg}, `UnauthorizedException: No access\x1b]0;pwned\x07\x0anext line`},
		{&ForbiddenException{Message: &msg, ErrorCodeOverride: &code, AccountId: &account, RoleName: &role},
			`Forbidden\u202eException: No access\x1b]0;pwned\x07\x0anext line: the signed-in user has no access to role "Admin\r" in account "1111\x1b[2J" (ListAccountRoles lists the roles the user has)`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %s\nwant      %s", got, tc.want)
		}
	}
}
