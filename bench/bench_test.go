package bench

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/ssooidc-go/ssooidc/bench/internal/fake"
)

// srv is the fake service, in a process of its own, started by TestMain.
var srv *fake.Proc

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "ssooidc-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin, err := fake.Binary(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if srv, err = fake.Start(bin); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Close()
	return m.Run()
}

// BenchmarkCall makes each operation with each client against the fake
// over loopback HTTP, and reports the new TCP connections per call that the
// fake accepted (0 for a client that keeps its keep-alive connection).
func BenchmarkCall(b *testing.B) {
	for _, op := range opNames {
		for _, name := range implNames {
			b.Run("op="+op+"/impl="+name, func(b *testing.B) {
				call := newImpl(name, srv.URL, nil).calls[op]
				ctx := context.Background()
				// The first call opens the connection; the loop should reuse it.
				if err := call(ctx); err != nil {
					b.Fatal(err)
				}
				before, err := srv.Stats()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if err := call(ctx); err != nil {
						b.Fatal(err)
					}
				}
				after, err := srv.Stats()
				if err != nil {
					b.Fatal(err)
				}
				if got := after.Requests - before.Requests; got != int64(b.N) {
					b.Fatalf("the fake served %d requests for %d calls", got, b.N)
				}
				b.ReportMetric(float64(after.Conns-before.Conns)/float64(b.N), "conns/op")
			})
		}
	}
}
