// Package bench compares github.com/ssooidc-go/ssooidc with the official
// AWS SDK for Go v2 SSO OIDC client and with a hand-written net/http +
// encoding/json client (the floor), against a fake of the service running
// in its own process on 127.0.0.1. It is a module of its own so that the
// main module neither depends on the official SDK nor runs these
// benchmarks in its go test ./...; run.sh runs everything and writes
// RESULTS.md.
package bench
