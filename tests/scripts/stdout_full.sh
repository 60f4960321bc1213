#!/bin/sh
# stdout_full.sh - output that cannot reach standard output (a full disk:
# /dev/full) is said and exits 2 for every command, so that a CI gate or a
# script never takes a cut-short report, stack or project for a good one.
# The same commands to a working stdout exit as usual (0 or 1).
set -u
[ -w /dev/full ] || { echo "FAIL: /dev/full is needed (Linux)"; exit 1; }
fail=0
T=build/stdout-full; rm -rf "$T"; mkdir -p "$T"
bad=tests/fixtures/reports/bad.compose.yaml
# each line: the arguments, and the exit code expected on a working stdout
while IFS='|' read -r args ok; do
  [ -n "$args" ] || continue
  # shellcheck disable=SC2086
  "$CL" $args >/dev/full 2>"$T/err"; rc=$?
  if [ "$rc" -ne 2 ] || ! grep -q "cannot write to standard output" "$T/err"; then
    echo "FAIL: '$args' > /dev/full: exit $rc, stderr: $(tail -1 "$T/err")"; fail=1
  fi
  # shellcheck disable=SC2086
  "$CL" $args >"$T/out" 2>"$T/err"; rc=$?
  [ "$rc" -eq "$ok" ] || { echo "FAIL: '$args' to a file: exit $rc, expected $ok"; fail=1; }
  [ -s "$T/out" ] || { echo "FAIL: '$args' printed nothing to a file"; fail=1; }
done <<LIST
check $bad|1
check --format json $bad|1
check --format sarif examples/compose.yaml|1
validate tests/fixtures/yaml/duplicate-key.yaml|1
config examples/compose.yaml|0
convert --to swarm examples/compose.yaml|0
convert --to kubernetes examples/compose.yaml|0
convert --to run examples/compose.yaml|0
rules|0
explain image-latest-tag|0
--version|0
--help|0
LIST
[ "$fail" -eq 0 ] && echo "stdout_full: every command says a failed standard output and exits 2"
exit "$fail"
