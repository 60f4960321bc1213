#!/bin/sh
# run.sh - runs every unit test binary given as argument and every
# tests/scripts/*.sh (with CL=build/asan/compose-lint), then prints one
# closing line "N passed, N failed". Exits non-zero when anything failed.
# TESTS=pattern limits the scripts run (for local iteration).
set -u
pass=0; fail=0; failed=""
export CL="${CL:-$(pwd)/build/asan/compose-lint}"
export CL_REL="$(pwd)/compose-lint"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=99"
export SHARED="${SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$SHARED/corpus" ] || [ ! -f "$SHARED/schema/compose-spec.json" ]; then
  echo "tests/run.sh: the tests read the corpus and the compose-spec schema from $SHARED" >&2
  echo "  (../shared beside the checkout); put it there or set SHARED=DIR" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
for t in "$@"; do
  if "$t" >"build/$(basename "$t").log" 2>&1; then pass=$((pass+1)); echo "PASS $t";
  else fail=$((fail+1)); failed="$failed $t"; echo "FAIL $t"; tail -30 "build/$(basename "$t").log"; fi
done
for s in tests/scripts/*.sh; do
  [ -e "$s" ] || continue
  case "$s" in *${TESTS:-}*) ;; *) continue;; esac
  start=$(date +%s)
  if sh "$s" >"build/$(basename "$s").log" 2>&1; then pass=$((pass+1)); echo "PASS $s ($(( $(date +%s) - start ))s)";
  else fail=$((fail+1)); failed="$failed $s"; echo "FAIL $s"; tail -40 "build/$(basename "$s").log"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
