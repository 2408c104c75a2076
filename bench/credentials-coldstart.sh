#!/usr/bin/env bash
# Cold start of `ssooidc credentials` on cached role credentials (issue 18):
# what the AWS CLI or an SDK runs as credential_process each time it loads
# a profile, beside `ssooidc token` on a cached token. One hyperfine run,
# side by side, each program built as go install builds it (cgo, libc
# linked) and as CGO_ENABLED=0 builds it (static):
#   token        ssooidc token --profile bench (LoadConfig, login.Session.Token)
#   credentials  ssooidc credentials --profile bench (LoadConfig,
#                login.Session.RoleCredentials: the role file in
#                ~/.aws/cli/cache, no token read, no call)
#   version      ssooidc version: the binary's start-up alone
# The token and the credentials are valid for 8 hours, under a temporary
# HOME. Writes out/credentials-coldstart.json (hyperfine) and
# out/credentials-coldstart.md (the table with ratios to ssooidc token of
# the same build), and prints the table.
#
# Environment: RUNS (default 200), WARMUP (default 20). Needs hyperfine
# (apt-get install hyperfine) and python3. Under a minute.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
OUT=$(pwd)/out
mkdir -p "$OUT"
export PATH="$PATH:/usr/local/go/bin"
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine"; exit 1; }

(cd .. && go build -o "$OUT/ssooidc" ./cmd/ssooidc)
(cd .. && CGO_ENABLED=0 go build -o "$OUT/ssooidc-static" ./cmd/ssooidc)

. ./coldstart-home.sh
coldstart_home "[profile bench]
sso_session = bench
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-1"

# The role credentials file, named and written as the AWS CLI does: the
# SHA-1 of the sorted, compact JSON of the account, role and session.
key='{"accountId":"111111111111","roleName":"ReadOnly","sessionName":"bench"}'
role="$home/.aws/cli/cache/$(printf %s "$key" | sha1sum | cut -d' ' -f1).json"
keyid="ASIA$(head -c 10 /dev/urandom | base32 | tr -d '=')"
secret=$(head -c 30 /dev/urandom | base64 -w0)
session=$(head -c 600 /dev/urandom | base64 -w0)
cat > "$role" <<ROLE
{"ProviderType": "sso", "Credentials": {"AccessKeyId": "$keyid", "SecretAccessKey": "$secret", "SessionToken": "$session", "Expiration": "$expires", "AccountId": "111111111111"}}
ROLE
chmod 600 "$role"
# Each must print what was cached; a program that fails is not measured.
for bin in "$OUT/ssooidc" "$OUT/ssooidc-static"; do
  [ "$("${clean[@]}" "$bin" token --profile bench)" = "$token" ] || { echo "$bin token did not print the token"; exit 1; }
  "${clean[@]}" "$bin" credentials --profile bench | grep -q "\"AccessKeyId\":\"$keyid\"" ||
    { echo "$bin credentials did not print the cached credentials"; exit 1; }
done
cmds=(-n "token (cgo)" "$OUT/ssooidc token --profile bench"
  -n "credentials (cgo)" "$OUT/ssooidc credentials --profile bench"
  -n "version (cgo)" "$OUT/ssooidc version"
  -n "token (CGO_ENABLED=0)" "$OUT/ssooidc-static token --profile bench"
  -n "credentials (CGO_ENABLED=0)" "$OUT/ssooidc-static credentials --profile bench"
  -n "version (CGO_ENABLED=0)" "$OUT/ssooidc-static version")

"${clean[@]}" hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT/credentials-coldstart.json" "${cmds[@]}" >&2

python3 - "$OUT/credentials-coldstart.json" > "$OUT/credentials-coldstart.md" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
token = {r["command"].split(" ", 1)[1]: r for r in results if r["command"].startswith("token ")}
print("| ssooidc | mean ms | median ms | min ms | mean / token | median / token |")
print("| --- | --- | --- | --- | --- | --- |")
for r in results:
    t = token[r["command"].split(" ", 1)[1]]
    print(f'| {r["command"]} | {r["mean"]*1e3:.2f} ± {r["stddev"]*1e3:.2f} | {r["median"]*1e3:.2f} | {r["min"]*1e3:.2f} '
          f'| {r["mean"]/t["mean"]:.2f}x | {r["median"]/t["median"]:.2f}x |')
PY
cat "$OUT/credentials-coldstart.md"
