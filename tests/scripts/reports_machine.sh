#!/bin/sh
# Every machine format, read by its consumer's own definition, on a set of
# broken fixtures (odd file names included) and on the whole corpus:
#  - sarif: Microsoft's SARIF Multitool 5.7.0 `validate` reports no error, and
#    the SARIF 2.1.0 schema the Multitool ships accepts it (ajv 8);
#  - json: the project's documented schema (docs/json-format.schema.json);
#  - gitlab: Code Quality's required fields, unique fingerprints;
#  - junit, checkstyle: well-formed XML (xmllint) with the expected elements;
#  - every format reports the same number of findings.
set -u
ROOT=$(pwd)
sh scripts/deps.sh libxml2-utils >/dev/null || exit 1
command -v node >/dev/null 2>&1 || sh scripts/deps.sh nodejs npm || exit 1
NPM=$ROOT/build/npm-sarif
M=$NPM/node_modules/@microsoft/sarif-multitool-linux
if [ ! -f "$M/Sarif.Multitool" ] || [ ! -d "$NPM/node_modules/ajv" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund \
    @microsoft/sarif-multitool@5.7.0 @microsoft/sarif-multitool-linux@5.7.0 ajv@8.17.1 >/dev/null 2>&1 || { echo "npm install failed"; exit 1; }
fi
chmod u+x "$M/Sarif.Multitool"   # its postinstall step is not run by npm's script policy
CHECK="node $ROOT/tests/fixtures/reports/check.js"
export NODE_PATH="$NPM/node_modules"
T=$ROOT/build/reports-machine
rm -rf "$T"; mkdir -p "$T/in/my stack"
cp tests/fixtures/reports/bad.compose.yaml "$T/in/my stack/caf$(printf '\303\251'),1:x.compose.yaml"
cp examples/compose.yaml "$T/in/compose.yaml"
for f in tests/fixtures/yaml/*.yaml; do cp "$f" "$T/in/compose.$(basename "$f")"; done
fail=0
# run SET_NAME DIR ARGS...: writes every format for ARGS (run inside DIR) and checks them
run() {
  name=$1; dir=$2; shift 2
  o=$T/$name; mkdir -p "$o"
  for fmt in json sarif gitlab junit checkstyle github compact; do
    (cd "$dir" && "$CL" --format $fmt -o "$o/report.$fmt" "$@"); rc=$?
    [ "$rc" -le 1 ] || { echo "FAIL $name $fmt: exit $rc"; fail=1; }
  done
  $CHECK ajv "$ROOT/docs/json-format.schema.json" "$o/report.json" || fail=1
  $CHECK ajv "$M/sarif-2.1.0.json" "$o/report.sarif" || fail=1
  "$M/Sarif.Multitool" validate "$o/report.sarif" -o "$o/validation.sarif" >"$o/multitool.txt" 2>&1 \
    || { echo "FAIL multitool exit"; cat "$o/multitool.txt"; fail=1; }
  $CHECK multitool-log "$o/validation.sarif" || { cat "$o/multitool.txt"; fail=1; }
  $CHECK gitlab "$o/report.gitlab" || fail=1
  xmllint --noout "$o/report.junit" "$o/report.checkstyle" || fail=1
  n=$($CHECK count json "$o/report.json")
  for c in "sarif $($CHECK count sarif "$o/report.sarif")" \
           "gitlab $($CHECK count gitlab "$o/report.gitlab")" \
           "checkstyle $(xmllint --xpath 'count(/checkstyle/file/error)' "$o/report.checkstyle")" \
           "junit $(xmllint --xpath 'count(/testsuites/testsuite/testcase[@name!="compose-lint"])' "$o/report.junit")" \
           "github $(grep -c '^::' "$o/report.github")" \
           "compact $(wc -l < "$o/report.compact" | tr -d ' ')"; do
    set -- $c
    [ "$2" = "$n" ] || { echo "FAIL $name: $1 has $2 findings, json has $n"; fail=1; }
  done
  echo "$name: $n findings, every format agrees"
}
run fixtures "$T/in" .
# the fixture set: every input with a finding (each tests/fixtures/yaml file,
# the bad one and examples/compose.yaml) is listed once; URIs relative and
# percent-encoded
want=$(( $(ls tests/fixtures/yaml/*.yaml | wc -l) + 2 ))
files=$(xmllint --xpath 'count(/checkstyle/file)' "$T/fixtures/report.checkstyle")
[ "$files" = "$want" ] || { echo "FAIL checkstyle lists $files files, expected $want"; fail=1; }
suites=$(xmllint --xpath 'count(/testsuites/testsuite)' "$T/fixtures/report.junit")
[ "$suites" = "$want" ] || { echo "FAIL junit has $suites suites, expected $want"; fail=1; }
grep -q '"uri": "my%20stack/caf%C3%A9,1%3Ax.compose.yaml", "uriBaseId": "SRCROOT"' "$T/fixtures/report.sarif" \
  || { echo "FAIL sarif uri not relative/encoded"; grep -o '"uri": "my[^"]*"' "$T/fixtures/report.sarif" | head -2; fail=1; }
grep -q '^::error file=my stack/caf.*%2C1%3Ax.compose.yaml,line=5,col=5,' "$T/fixtures/report.github" \
  || { echo "FAIL github file property not escaped"; cat "$T/fixtures/report.github"; fail=1; }
grep -q "duplicate key 'a%25b,c:d%0Ae<&>\"x'" "$T/fixtures/report.github" \
  || { echo "FAIL github message not escaped"; fail=1; }
# the whole corpus in one invocation
# shellcheck disable=SC2046
run corpus "$SHARED" $(cd "$SHARED" && echo corpus/*/*.yaml corpus/*/*.yml)
[ "$(xmllint --xpath 'count(/checkstyle/file)' "$T/corpus/report.checkstyle")" -ge 298 ] || { echo "FAIL corpus files"; fail=1; }
# every registered rule is described in SARIF with its documentation
# shellcheck disable=SC2046
DOCS_DIR=$ROOT/docs/rules $CHECK sarif-consistent "$T/corpus/report.sarif" $("$CL" rules | awk 'NR > 1 { print $1 }') || fail=1
# --docs-url moves every rule page
"$CL" --format sarif --docs-url https://wiki.example/lint/ "$T/in/compose.yaml" > "$T/docs-url.sarif"
n=$(grep -o '"helpUri": "[^"]*"' "$T/docs-url.sarif" | grep -vc '"https://wiki.example/lint/[a-z0-9-]*\.md"')
[ "$n" = 0 ] && grep -q '"helpUri": "https://wiki.example/lint/no-build-and-image.md"' "$T/docs-url.sarif" \
  || { echo "FAIL --docs-url not applied to helpUri"; fail=1; }
# fixes reach SARIF when the json report has any
if grep -q '"fix": {' "$T/corpus/report.json"; then
  grep -q '"fixes": \[{"description"' "$T/corpus/report.sarif" || { echo "FAIL fixes missing from SARIF"; fail=1; }
fi
exit $fail
