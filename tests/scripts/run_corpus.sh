#!/bin/sh
# run_corpus.sh - the run emitter on every file of ../shared/corpus that the
# official schema calls valid: conversion (release build: the sanitized one
# runs the fixtures and the unit tests) never crashes and fails only with a
# diagnostic; every emitted script passes
# shellcheck; and `up` of every script, run with the recording fake docker,
# gives the real docker CLI (DOCKER_HOST on a missing socket) only calls it
# accepts: the flag oracle. Prints the figures.
set -u
C="$SHARED/corpus"
[ -f "$C/baseline.tsv" ] || { echo "FAIL: corpus not found at $C"; exit 1; }
command -v shellcheck >/dev/null 2>&1 || sh scripts/deps.sh shellcheck >&2
real=$(command -v docker || true)
if [ -z "$real" ]; then sh scripts/deps.sh docker.io >&2; real=$(command -v docker || true); fi
[ -n "$real" ] || { echo "FAIL: no docker CLI and it could not be installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/ctx" "$tmp/scripts"
echo "FROM scratch" >"$tmp/ctx/Dockerfile"
ln -s "$(pwd)/tests/fixtures/run/fake-docker" "$tmp/bin/docker"
fail=0; valid=0; converted=0; refused=0
while IFS="$(printf '\t')" read -r file verdict _rest; do
    [ "$verdict" = valid ] || continue
    valid=$((valid + 1))
    out="$tmp/scripts/$(printf %03d "$valid").sh"
    "$CL_REL" convert --to run -f "$C/$file" -o "$out" >"$tmp/log" 2>&1; rc=$?
    if grep -q "Sanitizer\|runtime error" "$tmp/log" || [ "$rc" -gt 2 ]; then
        echo "FAIL: convert crashed or leaked ($rc) on $file"; head -20 "$tmp/log"; fail=1; continue
    fi
    if [ "$rc" -eq 0 ]; then
        converted=$((converted + 1)); echo "$file" >"$out.name"
    else
        refused=$((refused + 1))
        grep -q "error" "$tmp/log" || { echo "FAIL: $file refused without an error message"; cat "$tmp/log"; fail=1; }
        echo "refused: $file: $(grep -m1 error "$tmp/log")"
    fi
done <"$C/baseline.tsv"
echo "corpus: $valid valid files, $converted converted, $refused refused with an error"

# shellcheck, all scripts in one process
if shellcheck -s sh "$tmp"/scripts/*.sh >"$tmp/sc.log" 2>&1; then sc_bad=0
else sc_bad=$(grep -c '^In ' "$tmp/sc.log"); cat "$tmp/sc.log" | head -60; fail=1; fi
echo "shellcheck: $converted corpus scripts checked, $(grep -o '^In [^ ]*' "$tmp/sc.log" | sort -u | wc -l) with findings ($sc_bad findings)"

# flag oracle: `up` of each script
calls=0; ok=0
for s in "$tmp"/scripts/*.sh; do
    log="$s.log"
    mkdir "$log"
    FAKE_DOCKER_LIGHT=1 FAKE_DOCKER_LOG="$log" REAL_DOCKER="$real" ORACLE_CONTEXT="$tmp/ctx" PATH="$tmp/bin:$PATH" \
        sh "$s" up >"$log/out" 2>&1 || { echo "FAIL: up failed for $(cat "$s.name")"; cat "$log/out"; fail=1; }
    good=$(cat "$log/oracle.ok" 2>/dev/null | wc -l)
    bad=$(grep -c "(exit " "$log/oracle.bad" 2>/dev/null || true)
    ok=$((ok + good)); calls=$((calls + good + ${bad:-0}))
    if [ -s "$log/oracle.bad" ]; then echo "FAIL: docker rejected a call for $(cat "$s.name"):"; head -8 "$log/oracle.bad"; fail=1; fi
done
echo "flag oracle: $ok of $calls docker run / build / network create / volume create calls from $converted corpus scripts accepted by the docker CLI"
[ "$ok" -eq "$calls" ] || fail=1
[ "$valid" -ge 280 ] || { echo "FAIL: only $valid valid corpus files"; fail=1; }
exit "$fail"
