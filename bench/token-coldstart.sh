#!/usr/bin/env bash
# Cold start of `ssooidc token` on a fresh cached token (issue 13, "Speed"):
# what a credential helper or a shell prompt runs before every command.
# One hyperfine run, side by side:
#   floor     bench/cmd/tokenfloor: read the one token file, decode, print
#   ssooidc   ssooidc token --profile bench (LoadConfig, login.Session.Token)
#   go-v2     bench/cmd/tokengov2: LoadDefaultConfig + ssocreds.SSOTokenProvider
#   ssooidc version (static): the binary's start-up alone, no config or file
#   botocore  python3 + botocore's SSOTokenProvider (when botocore is installed)
# All read the same token file, valid for 8 hours, under a temporary HOME.
# Writes out/token-coldstart.json (hyperfine) and out/token-coldstart.md
# (the table with ratios to the floor), and prints the table.
#
# Environment: RUNS (default 200), WARMUP (default 20). Needs hyperfine
# (apt-get install hyperfine). About a minute.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
OUT=$(pwd)/out
mkdir -p "$OUT"
export PATH="$PATH:/usr/local/go/bin"
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine"; exit 1; }

# Built as `go install` builds them (with cgo where a C compiler is, as
# here: net's resolver then links libc dynamically), and ssooidc also as
# CGO_ENABLED=0 go install builds it (static).
(cd .. && go build -o "$OUT/ssooidc" ./cmd/ssooidc)
(cd .. && CGO_ENABLED=0 go build -o "$OUT/ssooidc-static" ./cmd/ssooidc)
go build -o "$OUT/tokenfloor" ./cmd/tokenfloor
go build -o "$OUT/tokengov2" ./cmd/tokengov2

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/.aws/sso/cache"
cat > "$home/.aws/config" <<CONFIG
[profile bench]
sso_session = bench
region = us-east-1

[sso-session bench]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
CONFIG
: > "$home/.aws/credentials"
# The token file of sso-session "bench": sha1("bench").json.
file="$home/.aws/sso/cache/$(printf %s bench | sha1sum | cut -d' ' -f1).json"
expires=$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ)
regexp=$(date -u -d '+60 days' +%Y-%m-%dT%H:%M:%SZ)
token="aoa$(head -c 600 /dev/urandom | base64 -w0 | tr -d '+/=')"
cat > "$file" <<TOKEN
{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "$token", "expiresAt": "$expires", "refreshToken": "aor-bench", "clientId": "bench-client", "clientSecret": "bench-secret", "registrationExpiresAt": "$regexp"}
TOKEN
chmod 600 "$file"

# A clean environment: PATH, HOME and the profile only. (An AWS_CA_BUNDLE,
# for one, makes every SDK parse the bundle at start-up.)
clean=(env -i "PATH=$PATH" "HOME=$home" AWS_PROFILE=bench)
# Each must print the token; a program that fails is not measured.
check() { [ "$("${clean[@]}" "$@")" = "$token" ] || { echo "$* did not print the token"; exit 1; }; }
check "$OUT/tokenfloor" "$file"
check "$OUT/ssooidc" token --profile bench
check "$OUT/ssooidc-static" token --profile bench
check "$OUT/tokengov2"
cmds=(-n floor "$OUT/tokenfloor $file" -n ssooidc "$OUT/ssooidc token --profile bench"
  -n "ssooidc (CGO_ENABLED=0)" "$OUT/ssooidc-static token --profile bench" -n go-v2 "$OUT/tokengov2"
  -n "ssooidc version (CGO_ENABLED=0)" "$OUT/ssooidc-static version")
if python3 -c 'import botocore' 2>/dev/null; then
  check python3 tokenstart/botocore_token.py
  cmds+=(-n botocore "python3 $(pwd)/tokenstart/botocore_token.py")
fi

"${clean[@]}" hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT/token-coldstart.json" "${cmds[@]}" >&2

python3 - "$OUT/token-coldstart.json" > "$OUT/token-coldstart.md" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r for r in results if r["command"] == "floor")
print("| program | mean ms | median ms | min ms | mean / floor | median / floor |")
print("| --- | --- | --- | --- | --- | --- |")
for r in results:
    print(f'| {r["command"]} | {r["mean"]*1e3:.2f} ± {r["stddev"]*1e3:.2f} | {r["median"]*1e3:.2f} | {r["min"]*1e3:.2f} '
          f'| {r["mean"]/floor["mean"]:.2f}x | {r["median"]/floor["median"]:.2f}x |')
PY
cat "$OUT/token-coldstart.md"
