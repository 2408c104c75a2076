#!/usr/bin/env bash
# Profiles this SDK's calls against the loopback fake and prints, as
# Markdown, `go tool pprof -top` of the CPU profile and of the allocation
# profile (every allocation sampled) per operation, next to the floor's.
# Usage: profile.sh [OUT_DIR] (needs OUT_DIR/bench.test and
# OUT_DIR/fakeoidc, which run.sh builds; builds them otherwise).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${1:-$(pwd)/out}
mkdir -p "$OUT/prof"
[ -x "$OUT/bench.test" ] || go test -c -o "$OUT/bench.test" .
[ -x "$OUT/fakeoidc" ] || go build -o "$OUT/fakeoidc" ./cmd/fakeoidc
export FAKEOIDC_BIN=$OUT/fakeoidc

echo "## Profiles of this SDK's calls (loopback fake)"
echo
echo "\`bench.test -test.bench '^BenchmarkCall\$/^op=OP\$/^impl=IMPL\$' -test.benchtime 3s -test.cpuprofile ...\` and, separately, "
echo "\`-test.memprofile ... -test.memprofilerate 1\`; \`go tool pprof -top\`, flat, trimmed."
echo
for op in ${OPS:-CreateToken Pending}; do
  for impl in ours floor; do
    p="$OUT/prof/$op-$impl"
    (cd "$OUT/prof" && "$OUT/bench.test" -test.run '^$' -test.bench "^BenchmarkCall\$/^op=$op\$/^impl=$impl\$" -test.benchtime 3s \
      -test.cpuprofile "$p.cpu" > /dev/null)
    (cd "$OUT/prof" && "$OUT/bench.test" -test.run '^$' -test.bench "^BenchmarkCall\$/^op=$op\$/^impl=$impl\$" -test.benchtime 20000x \
      -test.benchmem -test.memprofile "$p.mem" -test.memprofilerate 1 > /dev/null)
    echo "### $op, $impl"
    echo
    echo '```'
    echo "CPU (top 22, flat):"
    go tool pprof -top -nodecount 22 "$OUT/bench.test" "$p.cpu" 2>/dev/null | sed -n '/flat%/,$p'
    echo
    echo "allocations (count, top 18, flat), whole run of 20000 calls plus set-up:"
    go tool pprof -sample_index=alloc_objects -top -nodecount 18 "$OUT/bench.test" "$p.mem" 2>/dev/null | sed -n '/flat%/,$p'
    echo
    echo "bytes allocated (top 12, flat):"
    go tool pprof -sample_index=alloc_space -top -nodecount 12 "$OUT/bench.test" "$p.mem" 2>/dev/null | sed -n '/flat%/,$p'
    echo '```'
    echo
  done
done
