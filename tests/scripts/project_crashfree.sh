#!/bin/sh
# Loading a project never crashes, whatever its files hold, and one broken
# project never costs the report of the others:
# - config/check -f a -f b -f c where a extends (or includes) another file
#   (that file's document is added to the project while the three are walked);
# - top-level resources written as null or ~ through check, config and every
#   converter; `extends: {file: ~}` names no file, nor does an include's
#   `env_file: ~` or `project_directory: ~` (they were read as the home folder);
# - a folder walk over projects that are broken in every way the loader has
#   crashed on still reports every other file, whatever --jobs is.
# Run on the sanitized build: a sanitizer report is a failure.
set -u
root=$(pwd)
P=tests/fixtures/projects
fail=0
err="$root/build/project_crashfree.err"
check() { if [ "$2" != "$3" ]; then echo "FAIL $1"; echo "  expected: $2"; echo "  got:      $3"; fail=1; fi; }
clean() { if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$err"; then echo "FAIL $1: sanitizer report"; head -30 "$err"; fail=1; fi; }

for d in extends-three include-three; do
  out=$(cd "$P/$d" && "$CL" config -f a.yaml -f b.yaml -f c.yaml 2>"$err"); rc=$?
  clean "config $d"
  check "config $d: exit code" 0 "$rc"
  got=$(printf '%s\n' "$out" | sed -n '/^services:/,/^[a-z]/p' | grep -E '^  [a-z]+:$' | tr -d ' \n')
  case $d in
    extends-three) check "config $d: services" "web:worker:" "$got" ;;
    include-three) check "config $d: services" "db:web:" "$got" ;;
  esac
  (cd "$P/$d" && "$CL" check -f a.yaml -f b.yaml -f c.yaml >/dev/null 2>"$err"); rc=$?
  clean "check $d"
  check "check $d: exit code (0 or findings)" "ok" "$([ "$rc" -le 1 ] && echo ok || echo "$rc")"
done

N=tests/fixtures/fuzz/null-resources.yaml
# config refuses it (a null secret or config is a schema error, as docker
# compose says) but must not crash on the way
out=$("$CL" config -f "$N" 2>"$err"); rc=$?
clean "config null resources"
check "config null resources: exit code (schema errors)" 1 "$rc"
check "config null resources: says why" yes "$(grep -q 'schema-type' "$err" && echo yes || echo no)"
"$CL" check "$N" >/dev/null 2>"$err"; rc=$?
clean "check null resources"
check "check null resources: exit code (findings)" 1 "$rc"
for t in swarm kubernetes run; do
  "$CL" convert --to "$t" -f "$N" >/dev/null 2>"$err"; rc=$?
  clean "convert --to $t null resources"
  check "convert --to $t null resources: exit code (0 or findings)" "ok" "$([ "$rc" -le 1 ] && echo ok || echo "$rc")"
done

T="$root/build/project-crashfree"
rm -rf "$T"; mkdir -p "$T"
printf 'services:\n  a:\n    extends: {file: ~, service: b}\n  b: {image: x}\n' > "$T/compose.yaml"
# convert, like config and docker compose, refuses the null (schema): with that rule
# off the model reads it as "this file"
out=$(cd "$T" && HOME="$T" "$CL" convert --to swarm -q 2>&1 >/dev/null); rc=$?
check "extends file: ~ is refused by the schema" "1 " "$rc $out"
out=$(cd "$T" && HOME="$T" "$CL" convert --to swarm --ignore schema-type -q 2>&1 >/dev/null); rc=$?
check "extends file: ~ extends in the same file" "0 " "$rc $out"
mkdir -p "$T/inc"
printf 'include: [{path: inc.yaml, env_file: ~, project_directory: ~}]\nservices: {a: {image: x}}\n' > "$T/inc/compose.yaml"
printf 'services: {b: {image: y}}\n' > "$T/inc/inc.yaml"
out=$(cd "$T/inc" && HOME="$T" "$CL" convert --to swarm --ignore schema-type -q 2>&1 >/dev/null); rc=$?
check "include env_file: ~, project_directory: ~ are left out" "0 " "$rc $out"

# the folder walk: one project per subfolder, all but good/ broken
W=$P/broken-folder
for j in 1 2; do
  out=$("$CL" --format compact -j "$j" "$W" 2>"$err"); rc=$?
  clean "walk -j $j"
  check "walk -j $j: exit code" 1 "$rc"
  for f in bad-extends/compose.yaml bad-yaml/compose.yaml good/compose.yaml null-resource/compose.yaml override-null/compose.yaml; do
    check "walk -j $j: $f reported" yes "$(printf '%s\n' "$out" | grep -q "^$W/$f:" && echo yes || echo no)"
  done
  check "walk -j $j: the good file's finding" 1 "$(printf '%s\n' "$out" | grep -c "^$W/good/compose.yaml:3:12: warning \[image-latest-tag\]")"
  check "walk -j $j: the file beside the null resources" 1 "$(printf '%s\n' "$out" | grep -c "^$W/null-resource/compose.yaml:4:12: warning \[image-latest-tag\]")"
done
[ "$fail" -eq 0 ] && echo "projects load without crashing; a broken one costs no other report"
exit "$fail"
