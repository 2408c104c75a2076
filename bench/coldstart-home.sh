# Sourced by token-coldstart.sh and credentials-coldstart.sh: their
# temporary HOME, removed on exit.
# coldstart_home PROFILES writes ~/.aws/config with the profile sections
# PROFILES and [sso-session bench], an empty ~/.aws/credentials, and the
# token file of sso-session "bench", valid for 8 hours. It sets home, file
# (the token file), token, expires and clean (the command prefix for a clean
# environment: PATH, HOME and AWS_PROFILE=bench only).
coldstart_home() {
  home=$(mktemp -d)
  trap 'rm -rf "$home"' EXIT
  mkdir -p -m 700 "$home/.aws/sso/cache" "$home/.aws/cli/cache"
  cat > "$home/.aws/config" <<CONFIG
$1

[sso-session bench]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
CONFIG
  : > "$home/.aws/credentials"
  # The token file of sso-session "bench": sha1("bench").json.
  file="$home/.aws/sso/cache/$(printf %s bench | sha1sum | cut -d' ' -f1).json"
  expires=$(date -u -d '+8 hours' +%Y-%m-%dT%H:%M:%SZ)
  local regexp
  regexp=$(date -u -d '+60 days' +%Y-%m-%dT%H:%M:%SZ)
  token="aoa$(head -c 600 /dev/urandom | base64 -w0 | tr -d '+/=')"
  cat > "$file" <<TOKEN
{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "$token", "expiresAt": "$expires", "refreshToken": "aor-bench", "clientId": "bench-client", "clientSecret": "bench-secret", "registrationExpiresAt": "$regexp"}
TOKEN
  chmod 600 "$file"
  clean=(env -i "PATH=$PATH" "HOME=$home" AWS_PROFILE=bench)
}
