package interop_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	ours "github.com/ssooidc-go/ssooidc"
	"github.com/ssooidc-go/ssooidc/interop"
	"github.com/ssooidc-go/ssooidc/login"
	"github.com/ssooidc-go/ssooidc/portal"
	"github.com/ssooidc-go/ssooidc/ssooidctest"
)

// go-v2's credentials cache gets the role's credentials through the
// adapter: the portal's, once; a session that needs a login says so
// through it.
func TestAWSCredentials(t *testing.T) {
	log := &requestLog{}
	srv := ssooidctest.NewServer(ssooidctest.Options{AutoApprove: true, Logf: log.logf})
	defer srv.Close()
	sess, err := login.New(login.Config{SessionName: ssoSession, StartURL: ssoStartURL, Region: srv.Region(),
		Scopes: []string{"sso:account:access"}, Client: srv.Client(),
		Portal:   portal.New(portal.Options{Region: srv.Region(), BaseEndpoint: &srv.URL}),
		CacheDir: t.TempDir(), CLICacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	role := login.Role{AccountID: ssooidctest.DefaultAccountID, RoleName: "ReadOnly"}
	cache := aws.NewCredentialsCache(interop.AWSCredentials{Session: sess, Role: role})
	if _, err := cache.Retrieve(context.Background()); !errors.Is(err, login.ErrLoginRequired) {
		t.Fatalf("before a login: %v", err)
	}
	if _, err := sess.Login(context.Background(), login.Options{Flow: login.FlowDeviceCode, Prompt: func(context.Context, login.Prompt) error { return nil }}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		c, err := cache.Retrieve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		info, ok := srv.LookupRoleCredentials(c.AccessKeyID)
		if !ok || info.RoleName != "ReadOnly" || !c.CanExpire || c.Expires.Before(time.Now().Add(50*time.Minute)) || c.AccountID != role.AccountID {
			t.Fatalf("credentials %+v (%+v, %v)", c, info, ok)
		}
	}
	if n := log.count("GetRoleCredentials 200"); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d, want 1", n)
	}
	var _ ours.CredentialsProvider = sess.CredentialsProvider(role) // the root package's kind, for CreateTokenWithIAM
}
