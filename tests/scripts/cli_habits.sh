#!/bin/sh
# The command line as people type it (issue "Findings people trust and a CLI
# that fits their habits"): options before the command, a mistyped command,
# folders in validate, an empty folder, --fix on stdin, --diff, long lines and
# binary bytes in code frames, the summary, FORCE_COLOR, the not-a-compose-file
# hint, quiet `make demo`, the version, `make dist` and `make install`.
set -u
ROOT=$(pwd)
T=$ROOT/build/cli-habits
R=build/cli-habits   # how reports show $T: paths under the current folder relative to it
rm -rf "$T"; mkdir -p "$T"
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL $1"; echo "  expected: $2"; echo "  got:      $3"; fail=1; fi; }
has() { case "$2" in *"$3"*) ;; *) echo "FAIL $1: no '$3' in:"; printf '%s\n' "$2" | head -20; fail=1;; esac; }
hasnt() { case "$2" in *"$3"*) echo "FAIL $1: '$3' in:"; printf '%s\n' "$2" | head -20; fail=1;; esac; }

# 1. options before the command; a mistyped command; a file still works
mkdir -p "$T/proj"
printf 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n  dbg:\n    image: busybox:1.36\n    restart: always\n    profiles: [debug]\n' > "$T/proj/compose.yaml"
out=$(cd "$T/proj" && "$CL" -f compose.yaml config 2>&1); rc=$?
check "-f FILE before config: exit" 0 "$rc"
has "-f FILE before config prints the project" "$out" "image: nginx:1.27"
out=$(cd "$T/proj" && "$CL" --profile debug config 2>&1); rc=$?
check "--profile before config: exit" 0 "$rc"
has "--profile before config activates the profile" "$out" "image: busybox:1.36"
out=$(cd "$T/proj" && "$CL" --format compact check compose.yaml 2>&1); rc=$?
check "--format before check: exit" 0 "$rc"
out=$(cd "$T/proj" && "$CL" chek 2>&1); rc=$?
check "mistyped command" "2 compose-lint: unknown command 'chek' (did you mean 'check'?)" "$rc $out"
out=$(cd "$T/proj" && "$CL" valdiate compose.yaml 2>&1); rc=$?
check "mistyped command (swap)" "2 compose-lint: unknown command 'valdiate' (did you mean 'validate'?)" "$rc $out"
out=$(cd "$T/proj" && "$CL" --format compact compose.yaml 2>&1); rc=$?
check "a file as the first word is checked" 0 "$rc"
cp "$T/proj/compose.yaml" "$T/proj/chek"
out=$(cd "$T/proj" && "$CL" --format compact chek 2>&1); rc=$?
check "an existing file that looks like a command is a file" "0 " "$rc $out"
out=$(cd "$T/proj" && "$CL" missing-file 2>&1); rc=$?
check "a missing file far from any command" "2 compose-lint: missing-file: cannot open: No such file or directory" "$rc $out"

# 2. validate walks folders as check does
mkdir -p "$T/tree/sub" "$T/tree/other"
cp "$T/proj/compose.yaml" "$T/tree/sub/compose.yaml"
printf 'services:\n  web:\n    imag: nginx\n' > "$T/tree/other/docker-compose.yml"
out=$("$CL" validate --format compact "$T/tree" 2>&1); rc=$?
check "validate DIR: walks the folder" "1 $R/tree/other/docker-compose.yml:3:5: error [schema-unknown-key]" "$rc $(printf '%s' "$out" | cut -d' ' -f1-3)"
out=$("$CL" validate "$T/tree/sub" 2>&1); rc=$?
check "validate DIR: a valid folder" "0 " "$rc $out"

# 3. a folder with no compose file is an error, for check and validate
mkdir -p "$T/nothing"; printf 'a: 1\n' > "$T/nothing/values.yaml"
out=$("$CL" "$T/nothing" 2>&1); rc=$?
check "check: empty folder" "2 compose-lint: no compose files found under $T/nothing" "$rc $out"
out=$("$CL" validate "$T/nothing" 2>&1); rc=$?
check "validate: empty folder" "2 compose-lint: no compose files found under $T/nothing" "$rc $out"

# 4. --fix - prints the fixed text on stdout and the report on stderr; a count
# of the fixes on stderr (not with -q); --diff prints only the diff on stdout
printf 'version: "3"\nservices:\n  web:\n    image: nginx:1.27\n    restart: always\n' > "$T/fix.yaml"
out=$("$CL" --fix - < "$T/fix.yaml" 2>"$T/fix.err"); rc=$?
check "--fix -: exit" 0 "$rc"
check "--fix -: fixed text on stdout" "services:
  web:
    image: nginx:1.27
    restart: always" "$out"
check "--fix -: the count on stderr" "Fixed 1 problem in 1 file" "$(cat "$T/fix.err")"
out=$("$CL" --fix -q - < "$T/fix.yaml" 2>&1); rc=$?
check "--fix -q -: no count" "0 services:" "$rc $(printf '%s' "$out" | head -1)"
out=$(printf 'services:\n  web:\n    image: nginx\n    image: httpd\n' | "$CL" --fix - 2>"$T/fix.err"); rc=$?
check "--fix - unfixable: the text unchanged on stdout" "1 services:
  web:
    image: nginx
    image: httpd" "$rc $out"
has "--fix - unfixable: the report on stderr" "$(cat "$T/fix.err")" "<stdin>:4:5: error: duplicate key 'image'"
cp "$T/fix.yaml" "$T/fix1.yaml"; cp "$T/fix.yaml" "$T/fix2.yaml"
out=$(cd "$T" && "$CL" --fix fix1.yaml fix2.yaml 2>&1); rc=$?
check "--fix FILES: the count" "0 Fixed 2 problems in 2 files" "$rc $out"
out=$(cd "$T" && "$CL" --diff fix.yaml 2>"$T/diff.err"); rc=$?
check "--diff: only the diff on stdout" "--- a/fix.yaml
+++ b/fix.yaml
@@ -1,4 +1,3 @@
-version: \"3\"
 services:
   web:
     image: nginx:1.27" "$out"
check "--diff: the count on stderr" "Would fix 1 problem in 1 file" "$(cat "$T/diff.err")"
out=$(cd "$T" && "$CL" --diff -o diff-report.txt fix.yaml 2>/dev/null >/dev/null; cat diff-report.txt)
has "--diff -o FILE: the report goes there" "$out" "[no-version-field]"

# 5. code frames: a window around the span on a long line; control bytes escaped
python3 -c "import sys; sys.stdout.write('services: {web: {image: nginx:1.27, restart: always, labels: {a: \"' + 'x' * 1100000 + '\"}, bogus: 1}}\\n')" > "$T/long.yaml"
out=$("$CL" "$T/long.yaml" 2>&1); rc=$?
check "long line: exit" 1 "$rc"
bytes=$(printf '%s' "$out" | wc -c)
[ "$bytes" -lt 2000 ] || { echo "FAIL long line: the report is $bytes bytes"; fail=1; }
frame=$(printf '%s\n' "$out" | sed -n 2p); carets=$(printf '%s\n' "$out" | sed -n 3p)
x106=$(python3 -c "print('x' * 106)")
check "long line: 120 columns around the span, cut with a mark" "    1 | …$x106\"}, bogus: 1}}" "$frame"
check "long line: the caret under the key" "      | $(python3 -c "print(' ' * 111)")^^^^^" "$carets"
python3 -c "import sys; sys.stdout.write('services: {web: {image: nginx:1.27, restart: always, bogus: 1, labels: {a: \"' + 'x' * 500000 + '\"}}}\\n')" > "$T/long2.yaml"
out=$("$CL" "$T/long2.yaml" 2>&1)
check "long line: 40 columns before the span, cut on both sides" "    1 | …$(head -c 133 "$T/long2.yaml" | tail -c 120)…" "$(printf '%s\n' "$out" | sed -n 2p)"
printf 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    b\001\033[31mx: 1\n' > "$T/ctl.yaml"
out=$("$CL" "$T/ctl.yaml" 2>&1)
check "control bytes escaped in the frame" "    5 |     b\\x01\\x1b[31mx: 1
      |     ^^^^^^^^^^^^^^" "$(printf '%s\n' "$out" | sed -n 2,3p)"
printf 'services:\n  web:\n    image: "a\000b"\n' > "$T/nul.yaml"
out=$("$CL" "$T/nul.yaml" 2>&1)
printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\016-\037]')" && { echo "FAIL raw control bytes in the report"; fail=1; }
has "NUL byte shown escaped" "$out" 'a\x00b'
LC_ALL=C tr -dc '\000-\377' < /bin/ls | head -c 4000 > "$T/binary.yaml"
"$CL" "$T/binary.yaml" > "$T/binary.out" 2>&1
LC_ALL=C grep -q "$(printf '[\001-\010\016-\037]')" "$T/binary.out" && { echo "FAIL raw control bytes in a binary file's report"; fail=1; }
[ "$(tr -cd '\000' < "$T/binary.out" | wc -c)" = 0 ] || { echo "FAIL a NUL byte in a binary file's report"; fail=1; }

# 6. the summary counts the notes; FORCE_COLOR forces colour (not over NO_COLOR or --color never)
printf 'services:\n  web:\n    image: nginx:1.27\n    command: [\n      "serve"\n    ]\n  db:\n    image: postgres:16\n    command: [\n      "run"\n    ]\n' > "$T/notes.yaml"
out=$("$CL" "$T/notes.yaml" 2>&1)
check "summary counts notes" "0 errors, 0 warnings, 2 notes" "$(printf '%s\n' "$out" | tail -1)"
esc=$(printf '\033')
out=$(FORCE_COLOR=1 "$CL" "$T/notes.yaml" 2>&1)
has "FORCE_COLOR: colour into a pipe" "$out" "${esc}["
out=$(FORCE_COLOR=1 NO_COLOR=1 "$CL" "$T/notes.yaml" 2>&1)
hasnt "NO_COLOR wins over FORCE_COLOR" "$out" "${esc}["
out=$(FORCE_COLOR=1 "$CL" --color never "$T/notes.yaml" 2>&1)
hasnt "--color never wins over FORCE_COLOR" "$out" "${esc}["
out=$(NO_COLOR=1 "$CL" --color always "$T/notes.yaml" 2>&1)
has "--color always wins over NO_COLOR" "$out" "${esc}["
out=$(FORCE_COLOR='' "$CL" "$T/notes.yaml" 2>&1)
hasnt "an empty FORCE_COLOR forces nothing" "$out" "${esc}["
out=$(FORCE_COLOR=1 "$CL" validate "$T/tree/other/docker-compose.yml" 2>&1)
has "FORCE_COLOR: validate too" "$out" "${esc}["

# 7. a Kubernetes manifest or a GitHub workflow gets one hint besides the errors
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' > "$T/deploy.yaml"
printf 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n' > "$T/ci.yml"
out=$("$CL" --format compact "$T/deploy.yaml" "$T/ci.yml" 2>&1); rc=$?
check "foreign files: exit" 1 "$rc"
check "foreign files: one hint each" "$R/ci.yml:2:1: info [not-compose-file] this looks like a GitHub Actions workflow (top-level 'on' and 'jobs'), not a compose file
$R/deploy.yaml:1:1: info [not-compose-file] this looks like a Kubernetes manifest (top-level 'apiVersion' and 'kind'), not a compose file" "$(printf '%s\n' "$out" | grep not-compose-file)"
has "foreign files: the unknown-key errors stay" "$out" "$R/deploy.yaml:2:1: error [schema-unknown-key]"
out=$("$CL" validate --format compact "$T/deploy.yaml" 2>&1)
has "validate: the hint too" "$out" "[not-compose-file]"
printf -- 'apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Pod\n' > "$T/multi.yaml"
out=$("$CL" --format compact "$T/multi.yaml" 2>&1)
check "a multi-document manifest: one hint" 1 "$(printf '%s\n' "$out" | grep -c not-compose-file)"
out=$("$CL" --format compact "$T/proj/compose.yaml" 2>&1)
hasnt "no hint on a compose file" "$out" "not-compose-file"

# 9. the version comes from the git tag or the VERSION file; --version, SARIF and JSON agree
want=$( (test -e .git && git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//') || true)
[ -n "$want" ] || want=$(cat VERSION 2>/dev/null)
check "--version" "compose-lint $want" "$("$CL" --version)"
out=$("$CL" --format sarif "$T/proj/compose.yaml")
has "SARIF driver.version" "$out" "\"version\": \"$want\", \"semanticVersion\": \"$want\""
has "CHANGELOG names the version" "$(cat CHANGELOG.md)" "## [$want]"
has "README's pre-commit example pins the version" "$(cat README.md)" "rev: v$want"

# 8 + 9. make dist: the tarball unpacks and builds quietly with the README's
# `make demo` (no compiler lines, no jobserver warning), with the same version
rm -f build/compose-lint-*.tar.gz
make -s dist >/dev/null 2>&1 || { echo "FAIL make dist"; fail=1; }
tarball=$(ls build/compose-lint-*.tar.gz 2>/dev/null | head -1)
check "dist: the tarball's name" "build/compose-lint-$want.tar.gz" "$tarball"
D=$(mktemp -d /tmp/cl-dist.XXXXXX)
if tar -xzf "$tarball" -C "$D"; then
  out=$(cd "$D/compose-lint-$want" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make demo 2>&1); rc=$?   # as a user runs it, not under our own make
  check "dist: make demo exit" 0 "$rc"
  check "dist: make demo prints the result only" "== compose-lint examples/compose.yaml" "$(printf '%s\n' "$out" | head -1)"
  has "dist: make demo ends with the exit code" "$out" "(exit code 1)"
  hasnt "make demo: no jobserver warning" "$out" "jobserver"
  hasnt "make demo: no compiler lines" "$out" "-Werror"
  check "dist: --version" "compose-lint $want" "$("$D/compose-lint-$want/compose-lint" --version 2>&1)"
  # 10. make install: binary, man page and bash completion
  (cd "$D/compose-lint-$want" && make -s install DESTDIR="$D/root" PREFIX=/usr/local BASHCOMPDIR=/usr/local/share/bash-completion/completions >/dev/null 2>&1) \
    || { echo "FAIL make install"; fail=1; }
  for f in bin/compose-lint share/man/man1/compose-lint.1 share/bash-completion/completions/compose-lint; do
    [ -f "$D/root/usr/local/$f" ] || { echo "FAIL make install: no $f"; fail=1; }
  done
  comp() { PATH="$D/root/usr/local/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMPREPLY=(); _compose_lint; echo "${COMPREPLY[*]}"' _ "$D/root/usr/local/share/bash-completion/completions/compose-lint" "$@"; }
  check "completion: commands" "config convert" "$(comp compose-lint -f x.yaml con)"
  check "completion: options" "--select --service-type --severity" "$(comp compose-lint --se)"
  check "completion: rule names" "privileged,no-version-field" "$(comp compose-lint --select privileged,no-ver)"
  check "completion: explain RULE" "no-version-field" "$(comp compose-lint explain no-ver)"
else
  echo "FAIL dist: the tarball does not unpack"; fail=1
fi
rm -rf "$D"

exit $fail
