#!/bin/sh
# Inputs: folders are walked recursively for compose file names (compose*,
# docker-compose*, *.compose.yaml|yml), .git and node_modules are skipped,
# symlinked folders are not followed, --exclude drops paths, stdin works with
# --stdin-filename, a missing file is exit 2 while the rest is still reported,
# and the report is the same whatever --jobs is.
set -u
T=$(pwd)/build/inputs-tree
rm -rf "$T"; mkdir -p "$T/sub/deeper" "$T/.git" "$T/node_modules/x" "$T/vendor"
BAD=tests/fixtures/yaml/duplicate-key.yaml
GOOD=tests/fixtures/clean/compose.yaml   # passes every default rule
cp "$GOOD" "$T/compose.yaml"
cp "$BAD" "$T/sub/docker-compose.prod.yml"
cp "$BAD" "$T/sub/deeper/app.compose.yaml"
cp "$GOOD" "$T/sub/compose.override.yml"
cp "$BAD" "$T/sub/values.yaml"             # not a compose file name: not picked up
cp "$BAD" "$T/.git/compose.yaml"
cp "$BAD" "$T/node_modules/x/compose.yaml"
cp "$BAD" "$T/vendor/compose.yml"
ln -s .. "$T/sub/loop"                      # a symlinked folder: a cycle if followed
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL $1"; echo "  expected: $2"; echo "  got:      $3"; fail=1; fi; }

out=$(cd "$T" && "$CL" --format compact . 2>&1); rc=$?
check "walk: exit code" 1 "$rc"
check "walk: files reported" "sub/deeper/app.compose.yaml:4:5: error [yaml-duplicate-key] duplicate key 'image' (first defined at 3:5)
sub/docker-compose.prod.yml:4:5: error [yaml-duplicate-key] duplicate key 'image' (first defined at 3:5)
vendor/compose.yml:4:5: error [yaml-duplicate-key] duplicate key 'image' (first defined at 3:5)" "$out"

out=$("$CL" --format json --exclude vendor --exclude '*/deeper/*' "$T" 2>&1); rc=$?
check "exclude: exit code" 1 "$rc"
files=$(printf '%s\n' "$out" | grep -o '{"file": "[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')
check "exclude: files checked, in name order" "$T/compose.yaml $T/sub/compose.override.yml $T/sub/docker-compose.prod.yml " "$files"

out=$("$CL" --format compact --exclude '*.prod.yml' "$T/sub/docker-compose.prod.yml" "$GOOD" 2>&1); rc=$?
check "exclude applies to files named on the command line" "0 " "$rc $out"

out=$(cd "$T/sub" && "$CL" --format compact 2>&1); rc=$?
check "no argument: uses compose.yaml etc. of the current folder, none here" 2 "$rc"

mkdir -p "$T/empty/.git"; cp "$BAD" "$T/empty/.git/compose.yaml"
out=$("$CL" --format compact "$T/empty" 2>&1); rc=$?
check "a folder with no compose file: said on stderr, exit 2 (a wrong path in CI must fail)" "2 compose-lint: no compose files found under $T/empty" "$rc $out"

out=$("$CL" --format compact --stdin-filename deploy/compose.yaml - < "$BAD" 2>&1); rc=$?
check "stdin: named by --stdin-filename" "1 deploy/compose.yaml:4:5: error [yaml-duplicate-key] duplicate key 'image' (first defined at 3:5)" "$rc $out"
out=$("$CL" --format compact - < "$GOOD" 2>&1); rc=$?
check "stdin: clean" "0 " "$rc $out"

out=$("$CL" --format compact "$T/missing.yaml" "$BAD" 2>&1); rc=$?
check "missing file: exit 2, the rest still reported" "2 compose-lint: $T/missing.yaml: cannot open: No such file or directory
$BAD:4:5: error [yaml-duplicate-key] duplicate key 'image' (first defined at 3:5)" "$rc $out"

out=$("$CL" --format compact "$BAD" "./$BAD" "$BAD" 2>&1)
check "a file given twice is checked once" 1 "$(printf '%s\n' "$out" | grep -c "^$BAD:")"

# the same report whatever the number of jobs (sanitized build: races would show)
C=$SHARED/corpus
"$CL_REL" --format json -j 1 "$C"/*/*.yaml "$C"/*/*.yml "$T" > "$T/j1.json" 2>/dev/null
for j in 2 8; do
  "$CL" --format json -j $j "$C"/*/*.yaml "$C"/*/*.yml "$T" > "$T/j$j.json" 2>"$T/j$j.err"
  if ! cmp -s "$T/j1.json" "$T/j$j.json" || grep -q Sanitizer "$T/j$j.err"; then
    echo "FAIL -j $j differs from -j 1 (or sanitizer report)"; head -5 "$T/j$j.err"; fail=1
  fi
done
n=$(grep -c '"file":' "$T/j1.json")
[ "$n" -ge 302 ] || { echo "FAIL only $n files in the -j runs"; fail=1; }
echo "inputs: done ($n files in the parallel runs)"
exit $fail
