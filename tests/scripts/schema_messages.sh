#!/bin/sh
# Message quality of schema validation, one fixture per kind of error:
# `compose-lint validate tests/fixtures/schema/X.yaml` must print exactly the
# report lines in X.expected (each `line:col: severity: message [code]` after
# the file name), and exit 1 (0 when X.expected is empty). Also through the
# default check command: the same lines must be among its findings.
set -u
fail=0; n=0
for y in tests/fixtures/schema/*.yaml; do
  n=$((n+1))
  exp="$(sed "s|^|$y:|" "${y%.yaml}.expected")"
  out="$("$CL" validate --color never "$y" 2>&1)"; rc=$?
  got="$(printf '%s\n' "$out" | grep "^$y:")"
  want_rc=1; [ -s "${y%.yaml}.expected" ] || want_rc=0
  if [ "$rc" -ne "$want_rc" ] || [ "$got" != "$exp" ]; then
    echo "FAIL $y (exit $rc, expected $want_rc)"; echo "  expected:"; printf '%s\n' "$exp" | sed 's/^/    /'
    echo "  got:"; printf '%s\n' "$out" | sed 's/^/    /'; fail=$((fail+1)); continue
  fi
  chk="$("$CL" check --color never "$y" 2>&1)"
  printf '%s\n' "$exp" | while IFS= read -r line; do
    [ -z "$line" ] && continue
    printf '%s\n' "$chk" | grep -qxF "$line" || { echo "FAIL $y: check does not report: $line"; exit 1; }
  done || fail=$((fail+1))
done
# unreadable input: exit 2 and a message naming the file
"$CL" validate tests/fixtures/schema/does-not-exist.yaml >/dev/null 2>build/schema-missing.err; rc=$?
if [ "$rc" -ne 2 ] || ! grep -q "does-not-exist.yaml" build/schema-missing.err; then echo "FAIL missing file: exit $rc"; fail=$((fail+1)); fi
# YAML error: invalid (exit 1); empty file: valid (exit 0), as the official schema reads it as {}
printf 'services: [\n' | "$CL" validate - >/dev/null 2>&1; rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL yaml error: exit $rc"; fail=$((fail+1)); }
printf '' | "$CL" validate - >/dev/null 2>&1; rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL empty file: exit $rc"; fail=$((fail+1)); }
echo "schema fixtures: $((n-fail)) of $n as expected"
[ "$fail" -eq 0 ]
