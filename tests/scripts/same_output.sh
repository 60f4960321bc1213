#!/bin/sh
# same_output.sh - two builds must give byte-identical output: stdout, stderr
# and exit code of `check --select all --format json`, `check --select all
# --diff`, `config`, `config --format json` and the three converters, on every
# corpus file and fixture.
#
# Before/after a change that must not change behaviour (a refactor):
#   git worktree add /tmp/before <commit> && make -C /tmp/before compose-lint
#   CL_BASE=/tmp/before/compose-lint CL_NEW=./compose-lint sh tests/scripts/same_output.sh
# In `make check` (no CL_BASE) it holds the release build against the
# sanitized one, on a sample of the files: both must say the same.
set -u
BASE="${CL_BASE:-${CL_REL:-./compose-lint}}"
NEW="${CL_NEW:-${CL:-build/asan/compose-lint}}"
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
T=build/same-output
rm -rf "$T"; mkdir -p "$T"
files=$(find "$SHARED/corpus" tests/fixtures -name '*.y*ml' -type f | LC_ALL=C sort)
if [ -z "${CL_BASE:-}" ]; then
  # every seventh file keeps `make check` short; a refactor runs them all
  files=$(printf '%s\n' "$files" | awk 'NR % 7 == 1')
fi
run() { # bin cmd... -> $T/out.<tag>
  tag=$1; bin=$2; shift 2
  "$bin" "$@" >"$T/$tag.out" 2>"$T/$tag.err"; echo $? >"$T/$tag.rc"
}
n=0; bad=0
for f in $files; do
  n=$((n + 1))
  for mode in "check --select all --format json" "check --select all --diff" \
              "config" "config --format json" \
              "convert --to swarm" "convert --to kubernetes" "convert --to run"; do
    # shellcheck disable=SC2086
    run a "$BASE" $mode --color never "$f"
    # shellcheck disable=SC2086
    run b "$NEW" $mode --color never "$f"
    for k in out err rc; do
      if ! cmp -s "$T/a.$k" "$T/b.$k"; then
        echo "DIFF $f [$mode] $k:"
        diff "$T/a.$k" "$T/b.$k" | head -10
        bad=$((bad + 1))
        break
      fi
    done
  done
done
echo "same_output: $n files x 7 commands, $bad differences ($BASE vs $NEW)"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
