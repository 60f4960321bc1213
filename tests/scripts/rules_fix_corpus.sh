#!/bin/sh
# --fix over the whole shared corpus (copies in build/): --fix twice equals
# --fix once, every fixed file still parses and has no more errors than
# before, and nothing outside the edits the report announced changed
# (tests/tools/fix_corpus_check.py). All rules on (--select all).
set -u
command -v python3 >/dev/null 2>&1 || sh scripts/deps.sh python3 || exit 1
work="$(pwd)/build/fix-corpus"; rm -rf "$work"; mkdir -p "$work"
: > "$work/empty.yaml"
(cd "$SHARED/corpus" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) | sed 's|^\./||' | sort) > "$work/files.txt"
for d in orig once twice; do
  (cd "$SHARED/corpus" && tar cf - $(cat "$work/files.txt")) | (mkdir -p "$work/$d" && cd "$work/$d" && tar xf -)
done
# corpus file names have no spaces
run() { dir=$1; shift; (cd "$work/$dir" && "$@" $(cat "$work/files.txt")); }
opts="--config $work/empty.yaml --select all"
# shellcheck disable=SC2086
run orig "$CL_REL" $opts --format json > "$work/orig.json"
# shellcheck disable=SC2086
run once "$CL" $opts --fix --format compact > "$work/once.log" 2>&1
rc=$?; [ "$rc" -le 1 ] || { echo "--fix failed (exit $rc)"; tail "$work/once.log"; exit 1; }
# shellcheck disable=SC2086
run twice "$CL_REL" $opts --fix -q
# shellcheck disable=SC2086
run once "$CL_REL" $opts --format json > "$work/once.json"
echo "fix passes thrown away: $(grep -c 'fix-discarded' "$work/once.log")"
python3 tests/tools/fix_corpus_check.py "$work"
