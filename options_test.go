package ssooidc

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// WithAnonymousCredentials replaces the default chain, even where it would
// find keys: CreateTokenWithIAM fails before sending, the unsigned
// operations are sent unsigned.
func TestWithAnonymousCredentials(t *testing.T) {
	var sent atomic.Int32
	var authorization atomic.Value
	srv := newLocalServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		authorization.Store(r.Header.Get("Authorization"))
		io.WriteString(w, `{}`)
	}))
	cleanHome(t, "", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithAnonymousCredentials())
	require.NoError(t, err)
	c := NewFromConfig(cfg)

	_, err = c.CreateTokenWithIAM(context.Background(), validIAMInput())
	require.ErrorIs(t, err, ErrAnonymousCredentials)
	assert.Zero(t, sent.Load(), "CreateTokenWithIAM sent a request")

	_, err = c.CreateToken(context.Background(), tokenInput())
	require.NoError(t, err)
	assert.Equal(t, int32(1), sent.Load())
	assert.Equal(t, "", authorization.Load())
}

// doFunc is an HTTPClient.
type doFunc func(*http.Request) (*http.Response, error)

func (f doFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// WithHTTPClient's client sends every call of a client made from the Config.
func TestWithHTTPClient(t *testing.T) {
	srv := newLocalServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{}`) }))
	cleanHome(t, "", "")
	var through atomic.Int32
	hc := doFunc(func(r *http.Request) (*http.Response, error) {
		through.Add(1)
		return srv.Client().Do(r)
	})
	cfg, err := LoadConfig(context.Background(), WithRegion("us-east-1"), WithEndpoint(srv.URL), WithHTTPClient(hc))
	require.NoError(t, err)
	c := NewFromConfig(cfg)
	for range 2 {
		_, err = c.CreateToken(context.Background(), tokenInput())
		require.NoError(t, err)
	}
	assert.Equal(t, int32(2), through.Load())
}
