#!/bin/sh
# run_big.sh - a big project's run script waits in a temporary file (TMPDIR)
# in chunks, as it is written, a service at a time: the same bytes as when it
# stays in memory (a TMPDIR that cannot hold a file), to stdout and to -o FILE;
# no temporary file is left behind; the script parses (sh -n); and a
# conversion refused after the containers were written (a NUL byte found by
# the walk that runs beside it) writes nothing.
set -u
fail=0
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
T=$(mktemp -d /tmp/cl-runbig.XXXXXX)
trap 'rm -rf "$T"' EXIT
sh bench/gen.sh 600 >"$T/big.yaml"
mkdir "$T/tmp"
TMPDIR="$T/tmp" "$CL" convert --to run "$T/big.yaml" >"$T/big.out" 2>"$T/big.err"; rc=$?
TMPDIR="$T/none" "$CL" convert --to run "$T/big.yaml" >"$T/big.mem" 2>"$T/big.err2"; rc2=$?
[ "$rc" -eq 0 ] && [ "$rc2" -eq 0 ] || bad "big project: exit 0 both ways (got $rc, $rc2)"
[ "$(wc -c <"$T/big.out")" -gt 524288 ] || bad "big script over 512 KiB (several chunks)"
cmp -s "$T/big.out" "$T/big.mem" && cmp -s "$T/big.err" "$T/big.err2" || bad "big script: spooled and in memory differ"
head -1 "$T/big.out" | grep -q '^#!/bin/sh$' || bad "big script: starts with its #! line"
tail -1 "$T/big.out" | grep -q '^esac$' || bad "big script: ends with the command switch"
[ "$(grep -c '^    remove_container [^ ]*$' "$T/big.out")" -eq 600 ] || bad "big script: up() replaces each of 600 containers"
sh -n "$T/big.out" || bad "big script: sh -n refuses it"
TMPDIR="$T/tmp" "$CL" convert --to run -q "$T/big.yaml" -o "$T/big.file"; rc=$?
[ "$rc" -eq 0 ] && cmp -s "$T/big.out" "$T/big.file" || bad "big -o FILE is the stream (got $rc)"
[ -z "$(ls "$T/tmp")" ] || bad "big script: the temporary file is left in TMPDIR"
# the same project with a NUL byte in a service's environment: refused, nothing written
awk '{ print } /^services:$/ { print "  zz-first:\n    image: x\n    environment:\n      K: \"a\\0b\"" }' "$T/big.yaml" >"$T/nul.yaml"
TMPDIR="$T/tmp" "$CL" convert --to run "$T/nul.yaml" -o "$T/nul.sh" >"$T/nul.out" 2>&1; rc=$?
[ "$rc" -ne 0 ] || bad "a NUL byte: refused (got exit 0)"
grep -q 'NUL byte' "$T/nul.out" || { bad "a NUL byte: said so"; head -3 "$T/nul.out"; }
[ ! -e "$T/nul.sh" ] || bad "a NUL byte: -o FILE written all the same"
[ -z "$(ls "$T/tmp")" ] || bad "a NUL byte: the temporary file is left in TMPDIR"
echo "run big: $fail failures"
[ "$fail" -eq 0 ]
