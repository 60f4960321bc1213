#!/bin/sh
# Values that look like secrets never appear in any report format, whatever
# diagnostics point at them (schema errors, rules, code frames), nor in the
# outputs of validate, rules' fixes listing, or convert's warnings.
set -u
F=tests/fixtures/secrets/compose.yaml
SECRETS='Sup3rS3cretPassw0rd|tok_live_8c1f0e3b9d|wJalrXUtnFEMIK7MDENG|r3d1sPassw0rdXYZ|ghp_16C7e42F292c6912|BEGIN-PRIVATE-KEY|pgPassw0rdInAList'
fail=0; n=0
for fmt in text compact json sarif junit github gitlab checkstyle; do
  for color in never always; do
    n=$((n+1))
    out=$("$CL" --format "$fmt" --color "$color" "$F" 2>&1)
    rc=$?
    [ "$rc" -eq 1 ] || { echo "FAIL $fmt: exit $rc (want 1: the fixture has findings)"; fail=$((fail+1)); }
    if printf '%s' "$out" | grep -Eq "$SECRETS"; then
      echo "FAIL $fmt/$color prints a secret:"; printf '%s\n' "$out" | grep -E "$SECRETS" | head -3; fail=$((fail+1))
    fi
  done
done
# the report must still say something about the file (the test is not vacuous)
"$CL" --format compact "$F" | grep -q "compose.yaml:" || { echo "FAIL: no findings reported"; fail=$((fail+1)); }
# other commands that print diagnostics about the file
for cmd in "validate" "check --diff --unsafe-fixes"; do
  n=$((n+1))
  # shellcheck disable=SC2086
  out=$("$CL" $cmd "$F" 2>&1)
  if printf '%s' "$out" | grep -v '^[-+]' | grep -Eq "$SECRETS"; then
    echo "FAIL '$cmd' prints a secret outside diff lines:"; printf '%s\n' "$out" | grep -E "$SECRETS" | head -3; fail=$((fail+1))
  fi
done
echo "secrets: $n report runs, $fail failures"
[ "$fail" -eq 0 ]
