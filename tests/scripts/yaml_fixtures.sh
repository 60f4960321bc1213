#!/bin/sh
# Each tests/fixtures/yaml/X.yaml gives exactly the first report line in X.expected
# (file:line:col: severity: message [code]) and exit code 1, under the sanitized build.
set -u
fail=0; n=0
for y in tests/fixtures/yaml/*.yaml; do
  n=$((n+1))
  exp="$(cat "${y%.yaml}.expected")"
  out="$("$CL" --color never "$y" 2>&1)"; rc=$?
  got="$(printf '%s\n' "$out" | head -1)"
  if [ "$rc" -ne 1 ] || [ "$got" != "$y:$exp" ]; then
    echo "FAIL $y (exit $rc)"; echo "  expected: $y:$exp"; echo "  got:      $got"; fail=$((fail+1))
  fi
done
echo "yaml fixtures: $((n-fail)) of $n as expected"
[ "$fail" -eq 0 ]
