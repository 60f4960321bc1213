#!/bin/sh
# --fix loses nothing when writing fails: a read-only folder, a full disk
# (simulated with ulimit -f) and a file changed on disk after it was read all
# leave the original byte-identical, leave no temporary file behind, and end
# with a clear message and exit 2. Uses the release binary where a sanitizer
# runtime would get in the way (LD_PRELOAD, setpriv).
set -u
fail=0
T=$(mktemp -d /tmp/cl-fixw.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
check() { # check NAME WANT_RC PATTERN RC OUTPUT FILE ORIG
  if [ "$4" -ne "$2" ] || ! printf '%s\n' "$5" | grep -q -- "$3"; then
    echo "FAIL $1: exit $4 (want $2), output:"; printf '%s\n' "$5" | head -5; fail=$((fail+1)); return
  fi
  if ! cmp -s "$6" "$7"; then echo "FAIL $1: the original file was changed"; fail=$((fail+1)); return; fi
  if ls "$(dirname "$6")" | grep -q "cl-tmp"; then echo "FAIL $1: a temporary file was left behind"; fail=$((fail+1)); return; fi
  echo "ok   $1"
}
mkfix() { printf 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.25\n%s' "${1:-}" > "$2"; cp "$2" "$2.orig"; }

# 0. the fixture really is fixable (otherwise the checks below prove nothing)
mkfix "" "$T/ok.yaml"
"$CL_REL" --fix "$T/ok.yaml" >/dev/null 2>&1
if cmp -s "$T/ok.yaml" "$T/ok.yaml.orig"; then echo "FAIL: the fixture has nothing to fix"; fail=$((fail+1)); else echo "ok   fixture is fixable"; fi

# 1. read-only folder: run as nobody in a folder only root may write
mkdir "$T/ro"; chmod 755 "$T/ro"
mkfix "" "$T/ro/compose.yaml"; chmod 644 "$T/ro/compose.yaml"
if command -v setpriv >/dev/null 2>&1; then
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$CL_REL" --fix "$T/ro/compose.yaml" 2>&1); rc=$?
  check read-only-folder 2 "cannot create a temporary file beside" $rc "$out" "$T/ro/compose.yaml" "$T/ro/compose.yaml.orig"
else echo "FAIL: setpriv (util-linux) missing"; fail=$((fail+1)); fi

# 2. full disk: the fixed file is larger than the file-size limit (ulimit -f 1 = one block)
pad=$(awk 'BEGIN{for(i=0;i<120;i++) printf "      LABEL_%03d: \"some value that takes room\"\n", i}')
mkfix "    labels:
$pad
" "$T/big.yaml"
out=$( (ulimit -f 1; "$CL_REL" --fix "$T/big.yaml") 2>&1); rc=$?
check full-disk 2 "cannot write .*File too large" $rc "$out" "$T/big.yaml" "$T/big.yaml.orig"

# 3. the file changes on disk between reading and writing
# (a preloaded library needs the release build linked dynamically: build/dyn)
make --no-print-directory -s build/touch_before_write.so build/dyn/compose-lint
mkfix "" "$T/race.yaml"
cp "$T/race.yaml" "$T/race.yaml.before"
out=$(CL_TEST_TOUCH="$T/race.yaml" LD_PRELOAD="$(pwd)/build/touch_before_write.so" "$(pwd)/build/dyn/compose-lint" --fix "$T/race.yaml" 2>&1); rc=$?
# what must survive is the other writer's version: the original plus its line
cp "$T/race.yaml.before" "$T/race.yaml.orig"; echo "# edited by someone else meanwhile" >> "$T/race.yaml.orig"
check changed-on-disk 2 "changed on disk since it was read" $rc "$out" "$T/race.yaml" "$T/race.yaml.orig"

echo "$fail failures"
[ "$fail" -eq 0 ]
