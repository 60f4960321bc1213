#!/bin/sh
# Parity with dclint 3.1.0 (npm, pinned): on the shared fixtures (every rule's
# failing.yaml and passing.yaml, plus tests/fixtures/rules/parity/*.yaml) each
# of dclint's 15 rules and the compose-lint rule of the same name flag the same
# lines (or services); the deliberate differences are listed, with reasons, in
# tests/fixtures/rules/parity/differences.txt and must all occur.
set -u
command -v python3 >/dev/null 2>&1 || sh scripts/deps.sh python3 || exit 1
command -v npm >/dev/null 2>&1 || sh scripts/deps.sh nodejs npm || exit 1
pfx=build/npm-dclint
dclint="$pfx/node_modules/.bin/dclint"
if [ ! -x "$dclint" ] || ! "$dclint" --version 2>/dev/null | grep -q '^3\.1\.0$'; then
  npm install --prefix "$pfx" --no-audit --no-fund dclint@3.1.0 >/dev/null 2>&1 || { echo "cannot install dclint@3.1.0"; exit 1; }
fi
"$dclint" --version
work=build/dclint-parity; rm -rf "$work"; mkdir -p "$work"
: > "$work/empty-config.yaml"
files="$(ls tests/fixtures/rules/*/failing.yaml tests/fixtures/rules/*/passing.yaml tests/fixtures/rules/parity/*.yaml)"
# dclint runs all its rules by default; exit 1 means "problems found"
# shellcheck disable=SC2086
"$dclint" -f json $files > "$work/dclint.json"; rc=$?
[ "$rc" -le 1 ] || { echo "dclint failed (exit $rc)"; exit 1; }
# shellcheck disable=SC2086
"$CL" --config "$work/empty-config.yaml" --select all --format json $files > "$work/ours.json"; rc=$?
[ "$rc" -le 1 ] || { echo "compose-lint failed (exit $rc)"; exit 1; }
python3 tests/tools/dclint_parity.py "$work/dclint.json" "$work/ours.json" tests/fixtures/rules/parity/differences.txt .
