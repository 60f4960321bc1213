#!/bin/sh
# Each folder tests/fixtures/semantics/CASE holds compose files, a `cmd` file
# (the command line, run with sh in that folder, $CL = compose-lint) and
# `expected`: "exit=N", the command's stdout, then "--- diagnostics" and the
# header line of each diagnostic on stderr. The environment is fixed (env -i)
# and the fixture's absolute path is written as @DIR@.
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
root="$(pwd)"
fail=0; n=0
for dir in tests/fixtures/semantics/*/; do
  dir="${dir%/}"; [ -f "$dir/cmd" ] || continue
  n=$((n+1))
  abs="$(cd "$dir" && pwd)"
  got="$(cd "$dir" && env -i PATH="$PATH" HOME=/home/tester CL="$CL" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
          UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" sh ./cmd >"$root/build/sem.out" 2>"$root/build/sem.err"; rc=$?
         echo "exit=$rc"; cat "$root/build/sem.out"; echo "--- diagnostics"
         grep -E '(^|: )(error|warning|info): ' "$root/build/sem.err" | grep -v '^[0-9]* errors*,')"
  got="$(printf '%s\n' "$got" | sed "s#$abs#@DIR@#g")"
  if grep -q 'AddressSanitizer\|runtime error' "$root/build/sem.err"; then
    echo "FAIL $dir: sanitizer report"; cat "$root/build/sem.err"; fail=$((fail+1)); continue
  fi
  if [ "${UPDATE:-}" = 1 ]; then printf '%s\n' "$got" > "$dir/expected"; continue; fi
  if [ "$got" != "$(cat "$dir/expected")" ]; then
    echo "FAIL $dir"; printf '%s\n' "$got" | diff -u "$dir/expected" - | head -40; fail=$((fail+1))
  fi
done
echo "semantics fixtures: $((n-fail)) of $n as expected"
[ "$fail" -eq 0 ]
