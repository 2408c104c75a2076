#!/usr/bin/env bash
# Runs every benchmark of issue 6 and writes bench/RESULTS.md:
#   - the contract and connection-reuse tests (go test),
#   - the per-operation benchmarks against the loopback fake and the signing
#     benchmarks, in ROUNDS rounds of -count=1 each (so ROUNDS samples of
#     every benchmark, floor/ours/official taking turns within a round; the
#     main module's internal/sigv4 BenchmarkSignHTTP runs in the same rounds),
#   - benchstat over those samples,
#   - the binary size of the one-call programs and where ours' extra bytes go,
#   - start-up time to the first completed call, RUNS runs of each program,
#   - CPU and memory profiles of this SDK's calls (go tool pprof -top),
# then prints the tables (ratios to the floor of the same run). Sections of
# RESULTS.md after the hand-written marker line are kept as they are.
#
# Environment: ROUNDS (default 10), BENCHTIME (default 0.5s), RUNS (default 30),
# PROFILE (default 1; 0 skips the profiles). About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
BENCH_DIR=$(pwd)
ROUNDS=${ROUNDS:-10}
BENCHTIME=${BENCHTIME:-0.5s}
RUNS=${RUNS:-30}
PROFILE=${PROFILE:-1}
OUT=$BENCH_DIR/out
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH)/bin"
export GOFLAGS=-buildvcs=false
start=$(date +%s)
step() { echo "--- $* ($(( $(date +%s) - start ))s)"; }

rm -rf "$OUT" && mkdir -p "$OUT"

if ! command -v benchstat >/dev/null 2>&1; then
  step "installing benchstat"
  go install golang.org/x/perf/cmd/benchstat@latest
fi

step "vet and tests (contract, connection reuse)"
test -z "$(gofmt -l .)" || { echo "gofmt would change: $(gofmt -l .)"; exit 1; }
go vet ./...
go build -o "$OUT/fakeoidc" ./cmd/fakeoidc
export FAKEOIDC_BIN=$OUT/fakeoidc
go test -count=1 -run 'Test' .

step "building the benchmark binaries"
go test -c -o "$OUT/bench.test" .
(cd .. && go test -c -o "$OUT/sigv4.test" ./internal/sigv4)

for r in $(seq 1 "$ROUNDS"); do
  step "round $r of $ROUNDS"
  if ! (cd "$OUT" && ./bench.test -test.run '^$' -test.bench '^(BenchmarkCall|BenchmarkSign|BenchmarkSignOverhead)$' \
    -test.benchmem -test.count 1 -test.benchtime "$BENCHTIME") > "$OUT/round.txt" 2>&1; then
    cat "$OUT/round.txt"; echo "benchmarks failed in round $r"; exit 1
  fi
  cat "$OUT/round.txt" >> "$OUT/bench.txt"
  grep -E '^Benchmark' "$OUT/round.txt" | sed 's/^/    /'
  if ! (cd "$BENCH_DIR/../internal/sigv4" && "$OUT/sigv4.test" -test.run '^$' -test.bench '^BenchmarkSignHTTP$' \
    -test.benchmem -test.count 1 -test.benchtime "$BENCHTIME") > "$OUT/round.txt" 2>&1; then
    cat "$OUT/round.txt"; echo "internal/sigv4 benchmarks failed in round $r"; exit 1
  fi
  cat "$OUT/round.txt" >> "$OUT/sigv4.txt"
done
rm -f "$OUT/round.txt"

step "benchstat"
{
  benchstat -col /impl -filter '.name:Call' "$OUT/bench.txt"
  echo
  benchstat -col /impl -filter '.name:SignOverhead' "$OUT/bench.txt"
  echo
  benchstat "$OUT/sigv4.txt"
  echo
  benchstat -filter '.name:Sign' "$OUT/bench.txt"
} > "$OUT/benchstat.txt" 2>&1

step "binary sizes"
programs="floor ours-config ours-new official-config official-new floor-ca"
: > "$OUT/sizes.tsv"
for p in $programs; do
  go build -trimpath -ldflags="-s -w" -o "$OUT/bin/$p" "./oneshot/$p"
  printf '%s\t%s\n' "$p" "$(stat -c %s "$OUT/bin/$p")" >> "$OUT/sizes.tsv"
done
for p in floor ours-config ours-new; do
  go build -trimpath -ldflags="-w" -o "$OUT/bin/$p.full" "./oneshot/$p"
done
go run ./cmd/symsize -top 30 "$OUT/bin/floor.full" "$OUT/bin/ours-config.full" > "$OUT/symsize.md"
{
  echo
  echo "Packages ours-config links that the floor does not (\`go list -deps\`):"
  echo
  comm -13 <(go list -deps ./oneshot/floor | sort) <(go list -deps ./oneshot/ours-config | sort) | grep -v '^github.com/ssooidc-go/ssooidc/bench' | sed 's/^/- /'
} >> "$OUT/symsize.md"
cat "$OUT/sizes.tsv"

step "start-up ($RUNS runs each)"
go run ./cmd/cabundle -n 150 -o "$OUT/ca-bundle.pem"
go build -o "$OUT/startup" ./cmd/startup
ca="AWS_CA_BUNDLE=$OUT/ca-bundle.pem"
"$OUT/startup" -runs "$RUNS" -o "$OUT/startup.tsv" \
  "floor=$OUT/bin/floor" "ours-config=$OUT/bin/ours-config" "ours-new=$OUT/bin/ours-new" \
  "official-config=$OUT/bin/official-config" "official-new=$OUT/bin/official-new" \
  "floor-ca=$OUT/bin/floor-ca,$ca" "ours-config+ca=$OUT/bin/ours-config,$ca" "official-config+ca=$OUT/bin/official-config,$ca"

if [ "$PROFILE" = 1 ]; then
  step "profiles of this SDK's calls"
  ./profile.sh "$OUT" > "$OUT/profiles.md"
fi

step "report"
versions=$(go list -m -f '{{.Path}} {{.Version}}' github.com/aws/aws-sdk-go-v2 github.com/aws/aws-sdk-go-v2/config \
  github.com/aws/aws-sdk-go-v2/service/ssooidc github.com/aws/smithy-go github.com/aws/smithy-go/aws-http-auth | paste -sd, - | sed 's/,/, /g')
commit=$(cd .. && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd .. && git status --porcelain -- . ':!bench' 2>/dev/null)" ]; then commit="$commit + uncommitted changes"; fi
go run ./cmd/report -bench "$OUT/bench.txt" -sigv4 "$OUT/sigv4.txt" -sizes "$OUT/sizes.tsv" -startup "$OUT/startup.tsv" \
  -symsize "$OUT/symsize.md" -benchstat "$OUT/benchstat.txt" -goversion "$(go version)" -versions "$versions" \
  -commit "$commit" -o "$OUT/RESULTS.generated.md" > /dev/null
# Hand-written sections (measured by hand, not by this script) follow the
# marker line in RESULTS.md; they are kept, marker included, after the rest.
marker='<!-- Hand-written sections: bench/run.sh keeps this line and everything below it. -->'
: > "$OUT/kept.md"
if n=$(grep -n -F -x -m1 -- "$marker" RESULTS.md | cut -d: -f1) && [ -n "$n" ]; then
  tail -n +"$n" RESULTS.md > "$OUT/kept.md"
fi
{
  cat "$OUT/RESULTS.generated.md"
  if [ -f "$OUT/profiles.md" ]; then cat "$OUT/profiles.md"; fi
  cat ANALYSIS.md
  if [ -s "$OUT/kept.md" ]; then echo; cat "$OUT/kept.md"; fi
} > RESULTS.md
sed -n '1,/^## Targets missed/{/^## Targets missed/!p}' RESULTS.md
sed -n '/^## Targets missed/,/^## benchstat/{/^## benchstat/!p}' RESULTS.md
step "done: bench/RESULTS.md"
