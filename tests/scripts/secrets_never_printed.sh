#!/bin/sh
# Values that look like secrets never appear in any report format, whatever
# diagnostics point at them (schema errors, rules, code frames), nor in the
# outputs of validate, rules' fixes listing, or convert's warnings.
set -u
F=tests/fixtures/secrets/compose.yaml
# (the last four are the values of the env files of literal-secret-in-environment's fixtures)
SECRETS='Sup3rS3cretPassw0rd|tok_live_8c1f0e3b9d|wJalrXUtnFEMIK7MDENG|r3d1sPassw0rdXYZ|ghp_16C7e42F292c6912|BEGIN-PRIVATE-KEY|pgPassw0rdInAList'
SECRETS="$SECRETS|EnvF1leS3cretPw|tok_envfile_5d2c9a|L0calOnlyPassw0rd|0utsideTheF0lder"
fail=0; n=0
# leaks WHAT OUT: a failure when OUT, what WHAT printed, holds a secret
leaks() {
  if printf '%s' "$2" | grep -Eq "$SECRETS"; then
    echo "FAIL $1 prints a secret:"; printf '%s\n' "$2" | grep -E "$SECRETS" | head -3; fail=$((fail+1))
  fi
}
for fmt in text compact json sarif junit github gitlab checkstyle; do
  for color in never always; do
    n=$((n+1))
    out=$("$CL" --format "$fmt" --color "$color" "$F" 2>&1)
    rc=$?
    [ "$rc" -eq 1 ] || { echo "FAIL $fmt: exit $rc (want 1: the fixture has findings)"; fail=$((fail+1)); }
    leaks "$fmt/$color" "$out"
  done
done
# the report must still say something about the file (the test is not vacuous)
"$CL" --format compact "$F" | grep -q "compose.yaml:" || { echo "FAIL: no findings reported"; fail=$((fail+1)); }
# other commands that print diagnostics about the file (a --diff shows the
# user's own file so that patch(1) can apply it: its lines are not reports)
for cmd in "validate" "check --unsafe-fixes --format json"; do
  n=$((n+1))
  # shellcheck disable=SC2086
  out=$("$CL" $cmd "$F" 2>&1)
  leaks "'$cmd'" "$out"
done
# env_file contents (literal-secret-in-environment reads them): the finding
# names the keys and the file, never a value, in any format; a git-ignored
# file is not flagged, and files outside the project folder (../, a symbolic
# link) are never judged.
E=tests/fixtures/rules/literal-secret-in-environment
for fmt in text compact json sarif junit github gitlab checkstyle; do
  for f in "$E/fail.yaml" "$E/pass.yaml" "$E/outside/compose.yaml"; do
    n=$((n+1))
    out=$("$CL" --format "$fmt" --color always "$f" 2>&1)
    rc=$?
    [ "$rc" -le 1 ] || { echo "FAIL $fmt $f: exit $rc"; fail=$((fail+1)); }
    leaks "$fmt $f" "$out"
  done
done
out=$("$CL" --select literal-secret-in-environment --format compact "$E/fail.yaml" "$E/pass.yaml" "$E/outside/compose.yaml")
printf '%s\n' "$out" | grep -q "fail.yaml:32:15: info .*gets DB_PASSWORD, API_TOKEN from app.env" ||
  { echo "FAIL: no env_file finding for fail.yaml"; fail=$((fail+1)); }
if printf '%s\n' "$out" | grep -Eq "(pass|compose)\.yaml:"; then
  echo "FAIL: a git-ignored or outside env file was judged:"; printf '%s\n' "$out" | grep -E "(pass|compose)\.yaml:"; fail=$((fail+1))
fi
echo "secrets: $n report runs, $fail failures"
[ "$fail" -eq 0 ]
