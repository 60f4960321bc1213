#!/bin/sh
# Builds the libFuzzer harnesses (clang + ASan + UBSan, installed when missing),
# replays every regression input in tests/fixtures/fuzz through each harness
# (each within 10 s: a slow input fails too), then fuzzes each harness for a
# short fixed time (FUZZ_SMOKE_SECONDS, 8 s).
set -eu
make --no-print-directory -s fuzz-build >build/fuzz-build.log 2>&1 || { cat build/fuzz-build.log; exit 1; }
harnesses=""
for src in fuzz/fuzz_*.c; do
  h="build/fuzz/$(basename "$src" .c)"
  harnesses="$harnesses $h"
  "$h" -runs=0 -timeout=10 tests/fixtures/fuzz/* </dev/null >"$h.replay.log" 2>&1 || { echo "regression input fails in $h"; tail -40 "$h.replay.log"; exit 1; }
  echo "replayed $(ls tests/fixtures/fuzz | wc -l) regression inputs through $h"
done
# shellcheck disable=SC2086
sh fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-8}" $harnesses
