#!/bin/sh
# Report plumbing: --output-file replaces its target atomically (no temp file
# left, the old report untouched when writing fails), --quiet prints nothing
# but keeps the exit code, an unknown --format is a usage error, colour only
# on a terminal or when asked, NO_COLOR honoured, and --max-warnings /
# --severity are accepted.
set -u
T=$(pwd)/build/reports-cli
rm -rf "$T"; mkdir -p "$T"
BAD=tests/fixtures/yaml/duplicate-key.yaml
GOOD=tests/fixtures/clean/compose.yaml   # passes every default rule
fail=0
check() { if [ "$2" != "$3" ]; then echo "FAIL $1"; echo "  expected: $2"; echo "  got:      $3"; fail=1; fi; }

echo old > "$T/report.json"
out=$("$CL" --format json -o "$T/report.json" "$BAD" 2>&1); rc=$?
check "output file: nothing on stdout, exit 1" "1 " "$rc $out"
grep -q '"rule": "yaml-duplicate-key"' "$T/report.json" || { echo "FAIL output file content"; fail=1; }
check "output file: no temporary file left" "report.json" "$(ls -A "$T")"

mkdir "$T/adir"
out=$("$CL" --format json -o "$T/adir" "$BAD" 2>&1); rc=$?
check "output file that cannot be replaced: exit 2" 2 "$rc"
check "output file that cannot be replaced: no temporary file left" "" "$(ls -A "$T/adir")"
ls "$T" | grep -q tmp && { echo "FAIL temp file left beside the target"; fail=1; }
out=$("$CL" -o "$T/no/such/dir/r.txt" "$GOOD" 2>&1); rc=$?
check "output file in a missing folder: exit 2" 2 "$rc"

out=$("$CL" --quiet "$BAD" 2>&1); rc=$?
check "quiet: nothing printed, exit 1" "1 " "$rc $out"
out=$("$CL" -q -o "$T/q.txt" "$BAD" 2>&1); rc=$?
check "quiet with --output-file: the file is still written" "1 " "$rc $out"
grep -q "yaml-duplicate-key" "$T/q.txt" || { echo "FAIL quiet output file"; fail=1; }

out=$("$CL" --format xml "$GOOD" 2>&1); rc=$?
check "unknown format: usage error" 2 "$rc"
printf '%s' "$out" | grep -q "one of: text compact json sarif junit github gitlab checkstyle" || { echo "FAIL format list: $out"; fail=1; }

out=$("$CL" "$GOOD" 2>&1); rc=$?
check "clean file: exit 0, no output" "0 " "$rc $out"
out=$("$CL" --max-warnings 0 --severity warning "$BAD" 2>&1); rc=$?
check "errors fail whatever --max-warnings says" 1 "$rc"
out=$("$CL" --severity error "$GOOD" 2>&1); rc=$?
check "--severity error on a clean file" 0 "$rc"
out=$("$CL" --max-warnings x "$GOOD" 2>&1); rc=$?
check "--max-warnings needs a number" 2 "$rc"
# --docs-url must be an absolute URL (SARIF's helpUri is one)
for u in "" docs/rules "https:" "ht tp://x"; do
  out=$("$CL" --format sarif --docs-url "$u" "$GOOD" 2>&1); rc=$?
  check "--docs-url '$u' refused" "2 yes" "$rc $(echo "$out" | grep -q 'absolute URL' && echo yes)"
done
out=$("$CL" --format sarif --docs-url file:///usr/share/doc/compose-lint/rules "$GOOD" 2>&1); rc=$?
check "--docs-url file:/// accepted" 0 "$rc"

# warnings (one no-version-field warning): shown but exit 0 by default (the gate is
# --fail-on error); exit 1 with --fail-on warning or more than --max-warnings; the gate
# reads findings --severity hides too
W="--select no-version-field tests/fixtures/reports/version.compose.yaml"
# shellcheck disable=SC2086
{
out=$("$CL" --format compact $W 2>&1); rc=$?
check "a warning is shown and does not fail by default" "0 tests/fixtures/reports/version.compose.yaml:1:1: warning [no-version-field] the top-level 'version' field is obsolete and ignored by docker compose; remove it" "$rc $out"
out=$("$CL" --format compact --fail-on warning $W 2>&1); rc=$?
check "--fail-on warning: a warning fails the run" 1 "$rc"
out=$("$CL" --format compact --fail-on info --select no-restart-policy tests/fixtures/reports/version.compose.yaml 2>&1); rc=$?
check "--fail-on info: a note fails the run" "1 1" "$rc $(printf '%s\n' "$out" | grep -c info)"
out=$("$CL" --format compact --fail-on warning --max-warnings 1 $W 2>&1); rc=$?
check "--max-warnings 1 allows one warning (still reported)" "0 1" "$rc $(printf '%s\n' "$out" | grep -c warning)"
out=$("$CL" --format compact --max-warnings 0 $W 2>&1); rc=$?
check "--max-warnings 0" 1 "$rc"
out=$("$CL" --format compact --severity error $W 2>&1); rc=$?
check "--severity error hides warnings and passes" "0 " "$rc $out"
out=$("$CL" --format compact --severity error --fail-on warning $W 2>&1); rc=$?
check "--fail-on warning fails on a warning --severity hides" "1 " "$rc $out"
out=$("$CL" --fail-on warnings $W 2>&1); rc=$?
check "--fail-on takes info, warning or error" "2 compose-lint: --fail-on takes info, warning or error, got 'warnings'" "$rc $out"
}
# colour: never into a pipe, always when asked, on a terminal unless NO_COLOR is set
esc=$(printf '\033')
"$CL" "$BAD" | grep -q "$esc" && { echo "FAIL colour in a pipe"; fail=1; }
"$CL" --color always "$BAD" | grep -q "$esc\[1;31m" || { echo "FAIL --color always"; fail=1; }
if command -v script >/dev/null 2>&1; then
  script -qec "$CL $BAD" /dev/null > "$T/tty.txt" 2>&1
  grep -q "$esc\[" "$T/tty.txt" || { echo "FAIL no colour on a terminal"; fail=1; }
  NO_COLOR=1 script -qec "$CL $BAD" /dev/null > "$T/tty2.txt" 2>&1
  grep -q "$esc\[" "$T/tty2.txt" && { echo "FAIL colour despite NO_COLOR"; fail=1; }
fi
# the text report: location, message, code frame with the span underlined, summary
out=$("$CL" "$BAD" 2>&1)
check "text report" "$BAD:4:5: error: duplicate key 'image' (first defined at 3:5) [yaml-duplicate-key]
    4 |     image: httpd
      |     ^^^^^
  note: $BAD:3:5: first definition

1 error, 0 warnings" "$out"
# --help and the man page name every option the parser knows
for opt in $(grep -o 'TAKES("--[a-z-]*"\|strcmp(a, "--[a-z-]*")' cli/options.c | grep -o -- '--[a-z-]*'); do
  "$CL" --help | grep -q -- "$opt" || { echo "FAIL --help does not mention $opt"; fail=1; }
  grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" compose-lint.1 || { echo "FAIL compose-lint.1 does not mention $opt"; fail=1; }
done
# the man page is valid roff and `make install` installs it
command -v groff >/dev/null 2>&1 || sh scripts/deps.sh groff >/dev/null 2>&1
if command -v groff >/dev/null 2>&1; then
  w=$(groff -man -Tutf8 -ww -z compose-lint.1 2>&1)
  check "compose-lint.1 renders without warnings" "" "$w"
else
  echo "FAIL groff is missing and could not be installed"; fail=1
fi
make -s install DESTDIR="$T/inst" PREFIX=/usr >/dev/null 2>&1
[ -f "$T/inst/usr/share/man/man1/compose-lint.1" ] && [ -x "$T/inst/usr/bin/compose-lint" ] \
  || { echo "FAIL make install did not install the binary and the man page"; fail=1; }
exit $fail
