#!/usr/bin/env bash
# Cold start of `ssooidc token` on a fresh cached token (issues 13 and 19):
# what a credential helper or a shell prompt runs before every command.
# One hyperfine run, in rounds, each program with profile bench and with
# profile bench-ca, the same plus ca_bundle (150 certificates,
# bench/cmd/cabundle): what AWS_CA_BUNDLE sets, by the same code in both
# SDKs. A profile, because hyperfine -N cannot give one command a variable
# and a wrapper such as env would add its own start to those rows only.
#   floor     bench/cmd/tokenfloor: read the one token file, decode, print
#   net/http  bench/cmd/tokenhttp: the same, in a program that links
#             net/http's client (the floor of a program that can refresh)
#   ssooidc   ssooidc token --profile P (LoadConfig, login.Session.Token),
#             built as the README installs it (CGO_ENABLED=0)
#   go-v2     bench/cmd/tokengov2 P: LoadDefaultConfig + ssocreds.SSOTokenProvider
#   botocore  python3 + botocore's SSOTokenProvider (when botocore is
#             installed; profile bench only)
# floor and net/http read no profile: they run in both halves as the
# baselines of each.
# All read the same token file, valid for 8 hours, under a temporary HOME.
# Writes out/token-coldstart.json (hyperfine) and out/token-coldstart.md
# (the table with ratios to the floor and to the net/http program with the
# same profile), and prints the table.
#
# Environment: ROUNDS (default 20), RUNS per round (default 20), WARMUP per
# round (default 3). Needs hyperfine (apt-get install hyperfine). About two
# minutes.
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-20}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
OUT=$(pwd)/out
mkdir -p "$OUT/coldstart"
BIN=$OUT/coldstart
export PATH="$PATH:/usr/local/go/bin"
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine"; exit 1; }

# All static, as CGO_ENABLED=0 go install builds ssooidc (with cgo, net's
# resolver links libc dynamically and every start pays the loader). The
# linker writes through mmap, which leaves the file in the page cache in
# small pages, and a start then takes more page faults than the start of a
# binary read from disk: each is copied once, so that all start alike.
build() { # name, package, dir
  (cd "$3" && CGO_ENABLED=0 go build -o "$BIN/$1.build" "$2")
  cat "$BIN/$1.build" > "$BIN/$1" && chmod +x "$BIN/$1" && rm "$BIN/$1.build"
}
build ssooidc ./cmd/ssooidc ..
build tokenfloor ./cmd/tokenfloor .
build tokenhttp ./cmd/tokenhttp .
build tokengov2 ./cmd/tokengov2 .
go run ./cmd/cabundle -n 150 -o "$BIN/ca-bundle.pem" >/dev/null

. ./coldstart-home.sh
coldstart_home "[profile bench]
sso_session = bench
region = us-east-1

[profile bench-ca]
sso_session = bench
region = us-east-1
ca_bundle = $BIN/ca-bundle.pem"

# Each must print the token; a program that fails is not measured.
check() { [ "$("${clean[@]}" $1)" = "$token" ] || { echo "$1 did not print the token"; exit 1; }; }
# The run is ROUNDS rounds of every command, RUNS runs each, so that the
# machine's drift (2 shared cores) falls on all programs alike; each
# program's times are pooled over the rounds.
progs=()
for p in bench bench-ca; do
  for c in "floor=$BIN/tokenfloor $file" "net/http=$BIN/tokenhttp $file" \
    "ssooidc=$BIN/ssooidc token --profile $p" "go-v2=$BIN/tokengov2 $p"; do
    check "${c#*=}"
    progs+=("${c%%=*} [$p]=${c#*=}")
  done
done
cmds=()
for ((r = 1; r <= ROUNDS; r++)); do
  for c in "${progs[@]}"; do cmds+=(-n "${c%%=*} #$r" "${c#*=}"); done
done
if python3 -c 'import botocore' 2>/dev/null; then
  check "python3 $(pwd)/tokenstart/botocore_token.py"
  cmds+=(-n "botocore [bench] #1" "python3 $(pwd)/tokenstart/botocore_token.py")
fi

"${clean[@]}" hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
  --export-json "$OUT/token-coldstart.json" "${cmds[@]}" >&2

python3 - "$OUT/token-coldstart.json" > "$OUT/token-coldstart.md" <<'PY'
import json, statistics as st, sys
times = {}  # (program, profile) -> the times of all its rounds
for r in json.load(open(sys.argv[1]))["results"]:
    prog, _, profile = r["command"].rpartition(" #")[0].partition(" [")
    times.setdefault((prog, profile.rstrip("]")), []).extend(r["times"])
print("| program | profile | median ms | mean ms | min ms | median / floor | median / net/http | mean / net/http |")
print("| --- | --- | --: | --: | --: | --: | --: | --: |")
for (prog, profile), t in times.items():
    floor, http = times["floor", profile], times["net/http", profile]
    print(f"| {prog} | {profile} | {st.median(t)*1e3:.2f} | {st.mean(t)*1e3:.2f} | {min(t)*1e3:.2f} "
          f"| {st.median(t)/st.median(floor):.2f}x | {st.median(t)/st.median(http):.2f}x | {st.mean(t)/st.mean(http):.2f}x |")
PY
cat "$OUT/token-coldstart.md"
