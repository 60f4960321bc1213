#!/bin/sh
# run.sh SECONDS HARNESS... - runs each libFuzzer harness for SECONDS, seeded
# from tests/fixtures and ../shared/corpus (copied into a per-harness corpus
# folder under build/fuzz that grows across runs). Fails when a harness finds
# a crash, a leak or a timeout; the reproducer is left in build/fuzz/.
set -u
secs="$1"; shift
shared="${SHARED:-$(cd .. && pwd)/shared}"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
# fuzz_project writes each input's files into a fresh folder: in memory when it can
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && export TMPDIR=/dev/shm
rc=0
for h in "$@"; do
  name=$(basename "$h")
  corpus="build/fuzz/corpus-$name"
  mkdir -p "$corpus"
  if [ -z "$(ls -A "$corpus")" ]; then
    for f in $(find tests/fixtures fuzz/seeds "$shared/corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.env' -o -name '.env' \) 2>/dev/null); do
      cp "$f" "$corpus/$(printf '%s' "$f" | cksum | cut -d' ' -f1)" 2>/dev/null
    done
  fi
  # a harness's dictionary: fuzz/<name without fuzz_>.dict
  dict="fuzz/${name#fuzz_}.dict"
  dictarg=""
  [ -f "$dict" ] && dictarg="-dict=$dict"
  echo "== $name for ${secs}s ($(ls "$corpus" | wc -l) inputs)"
  # shellcheck disable=SC2086
  if ! "$h" $dictarg "$corpus" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="build/fuzz/$name-" -print_final_stats=1 </dev/null >"build/fuzz/$name.log" 2>&1; then
    echo "FAIL: $name found a problem:"; grep -A30 "ERROR\|WARNING: \|SUMMARY\|Test unit written" "build/fuzz/$name.log" | head -60; rc=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "build/fuzz/$name.log" | tr '\n' ' '; echo
  fi
done
exit $rc
