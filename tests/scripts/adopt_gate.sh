#!/bin/sh
# Adopting compose-lint on day one (tests/fixtures/adopt/): the default gate
# fails on errors only (--fail-on, fail_on:, --max-warnings); exclude_services
# with reasons, counted apart and carried as suppressed in JSON and SARIF (the
# inline comment as inSource); `init` writes a baseline after which check
# passes while a new service with the same problem still fails, and refuses
# to replace a configuration without --force; extends/include files that
# cannot be read are errors naming them, and SARIF says what was not linted.
set -u
CL=${CL:-build/asan/compose-lint}
CL=$(cd "$(dirname "$CL")" && pwd)/$(basename "$CL")
T=build/adopt-gate
rm -rf "$T"; mkdir -p "$T"
cp tests/fixtures/adopt/*.yaml "$T/"
cd "$T" || exit 1
fail=0
ok() { [ "$1" = "$2" ] || { echo "FAIL $3: expected $2, got $1"; fail=1; }; }
has() { printf '%s\n' "$1" | grep -qF -- "$2" || { echo "FAIL $3: no '$2' in:"; printf '%s\n' "$1" | head -20; fail=1; }; }
hasnt() { printf '%s\n' "$1" | grep -qF -- "$2" && { echo "FAIL $3: '$2' in:"; printf '%s\n' "$1" | head -20; fail=1; }; }

# the gate: warnings are shown, only errors fail by default
printf 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n' > clean.yaml
printf 'version: "3"\nservices:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n' > warn.yaml
out=$("$CL" --no-color warn.yaml 2>&1); ok $? 0 "a warning alone passes by default"
has "$out" "warning: the top-level 'version' field" "the warning is shown"
"$CL" -q --fail-on warning warn.yaml; ok $? 1 "--fail-on warning"
"$CL" -q --fail-on warning --max-warnings 1 warn.yaml; ok $? 0 "--max-warnings 1 allows one"
"$CL" -q --max-warnings 0 warn.yaml; ok $? 1 "--max-warnings 0 fails on one warning"
mkdir gate && cp warn.yaml gate/compose.yaml && printf 'fail_on: warning\n' > gate/.compose-lint.yaml
"$CL" -q gate/compose.yaml; ok $? 1 "fail_on: warning in the configuration"
"$CL" -q --fail-on error gate/compose.yaml; ok $? 0 "--fail-on beats fail_on:"
printf 'fail_on: sometimes\n' > gate/.compose-lint.yaml
out=$("$CL" gate/compose.yaml 2>&1); ok $? 2 "bad fail_on"
has "$out" "'fail_on' must be info, warning or error" "bad fail_on message"

# exclusions with reasons
out=$("$CL" --no-color compose.yaml 2>&1); ok $? 1 "privileged fails"
cat > .compose-lint.yaml <<'YAML'
rules:
  privileged:
    exclude_services: {traefik: "SEC-1234: socket proxy planned"}
  no-version-field: {exclude_files: [compose.yaml]}
YAML
out=$("$CL" --no-color compose.yaml 2>&1); ok $? 1 "web is still privileged"
has "$out" "service 'web' runs privileged" "web reported"
hasnt "$out" "service 'traefik' runs privileged" "traefik excluded"
hasnt "$out" "no-version-field" "file exclusion"
has "$out" "2 findings excluded by configuration" "excluded counted apart"
json=$("$CL" --format json compose.yaml 2>&1)
has "$json" '"suppressed": {"kind": "external", "justification": "SEC-1234: socket proxy planned"}' "JSON external"
has "$json" '"suppressed": {"kind": "external", "justification": null}' "JSON list form has no reason"
has "$json" '"suppressed": {"kind": "inSource", "justification": "SEC-99: read-only proxy next sprint"}' "JSON inSource"
has "$json" '"suppressed": 3}' "JSON summary"
sarif=$("$CL" --format sarif compose.yaml 2>&1)
has "$sarif" '"suppressions": [{"kind": "external", "justification": "SEC-1234: socket proxy planned"}]' "SARIF external"
has "$sarif" '"suppressions": [{"kind": "inSource", "justification": "SEC-99: read-only proxy next sprint"}]' "SARIF inSource"
has "$sarif" '"name": "privileged"' "SARIF rule"
printf '%s\n' "$sarif" | grep '"name": "privileged"' | grep -q '"security-severity": "8.5"' \
  || { echo "FAIL SARIF security-severity of privileged"; fail=1; }
has "$sarif" '"executionSuccessful": true' "SARIF run successful"
cat > .compose-lint.yaml <<'YAML'
rules:
  privileged: {exclude_services: {traefik: [no]}}
YAML
out=$("$CL" compose.yaml 2>&1); ok $? 2 "a reason that is no string"
printf 'rules:\n  yaml-syntax: {exclude_services: [web]}\n' > .compose-lint.yaml
out=$("$CL" compose.yaml 2>&1); ok $? 2 "a fatal rule cannot be excluded"
has "$out" "rule 'yaml-syntax' cannot be excluded" "fatal exclusion message"

# init: a baseline after which check passes, a new service still fails
rm .compose-lint.yaml
out=$("$CL" init compose.yaml 2>&1); ok $? 0 "init"
has "$out" "wrote .compose-lint.yaml" "init says what it wrote"
cfg=$(cat .compose-lint.yaml)
has "$cfg" '"traefik": "TODO: baseline, 1 finding"' "per service, TODO reason"
has "$cfg" 'exclude_files:' "file-scoped for findings about no service"
hasnt "$cfg" ': off' "never a global off"
"$CL" -q --fail-on info compose.yaml; ok $? 0 "check after init passes, whatever the gate"
printf '  new:\n    image: busybox:1.36\n    restart: unless-stopped\n    privileged: true\n' >> compose.yaml
out=$("$CL" --no-color compose.yaml 2>&1); ok $? 1 "a new privileged service still fails"
has "$out" "service 'new' runs privileged" "the new service is reported"
out=$("$CL" init compose.yaml 2>&1); ok $? 2 "init refuses to replace"
has "$out" ".compose-lint.yaml exists" "init says why"
"$CL" -q init --force compose.yaml 2>/dev/null; ok $? 0 "init --force"
"$CL" -q compose.yaml; ok $? 0 "check after init --force"

# coverage is never partial in silence
out=$("$CL" --no-color extends-missing.yaml 2>&1); ok $? 1 "missing extends file fails"
has "$out" "missing-base.yaml" "the extends file is named"
out=$("$CL" --no-color include-missing.yaml 2>&1); ok $? 1 "missing include file fails"
has "$out" "missing-include.yaml" "the include file is named"
sarif=$("$CL" --format sarif include-missing.yaml nothere.yaml 2>/dev/null)
has "$sarif" '"executionSuccessful": false' "SARIF run unsuccessful"
has "$sarif" '"text": "nothere.yaml was not linted: ' "SARIF names the unreadable input"
has "$sarif" 'not linted, or not completely: cannot read ' "SARIF names the include that was not linted"
[ $fail = 0 ] && echo "adopt_gate: ok"
exit $fail
