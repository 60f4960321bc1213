#!/bin/sh
# valgrind memcheck over the whole ../shared/corpus and the fixtures, through
# the check pipeline, every report format and every emitter (one process, see
# tests/tools/memcheck_driver.c): no errors and no leaks. Besides each file
# alone, the projects of several files as `check -f a -f b` and
# `config -f a -f b` load them: each folder of tests/fixtures/projects and
# tests/fixtures/semantics with its a.yaml (or compose.yaml) and the files
# merged on it (compose.*.yaml, b.yaml, c.yaml); a lone file that extends or
# includes another gets an empty override, so that it goes the same way.
set -eu
sh scripts/deps.sh valgrind
make --no-print-directory -s build/memcheck_driver
# tests/fixtures/fuzz too: for misindented-block-scalar.yaml libfyaml would hand
# back text it never wrote (its bug); the parser refuses that block scalar
# from the source alone and never asks for the text (parser/events.c), so no
# uninitialised byte may decide what is reported (one did, differently on
# CI's machine). libfyaml's own error-path leak is suppressed, as under LSan
# (tests/valgrind.supp).
files=$(find "$SHARED/corpus" tests/fixtures -type f \( -name '*.yaml' -o -name '*.yml' \) -print | sort)
empty=build/memcheck-empty.override.yaml
: > "$empty"
projects=""
for d in $(find tests/fixtures/projects tests/fixtures/semantics -type d | sort); do
  if [ -f "$d/a.yaml" ]; then base="$d/a.yaml"; elif [ -f "$d/compose.yaml" ]; then base="$d/compose.yaml"; else continue; fi
  more=$(find "$d" -maxdepth 1 -type f \( -name 'compose.*.yaml' -o -name b.yaml -o -name c.yaml \) | sort | tr '\n' ' ')
  if [ -z "$more" ]; then
    grep -qE '^ *(extends|include):' "$base" || continue
    more=$empty
  fi
  projects="$projects --project $base $more"
done
# shellcheck disable=SC2086
valgrind --quiet --suppressions=tests/valgrind.supp --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible build/memcheck_driver $files $projects >build/memcheck.out 2>build/memcheck.err </dev/null \
  && rc=0 || rc=$?
cat build/memcheck.out
if [ "$rc" -ne 0 ] || [ -s build/memcheck.err ]; then
  echo "valgrind reported problems (exit $rc):"; head -80 build/memcheck.err; exit 1
fi
grep -q "files" build/memcheck.out
# every project given was loaded
want=$(printf '%s\n' "$projects" | grep -o -- '--project' | wc -l)
grep -q " $want projects of several files" build/memcheck.out || { echo "expected $want projects"; exit 1; }
