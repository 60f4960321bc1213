#!/bin/sh
# A lone file is checked on two threads (stage threads; for 256 KiB or more
# also a reader thread for libfyaml's events), its services validated, put
# through the per-service rules and made canonical for the project while it
# is parsed. The report must be the one `-j 1` (everything on one thread,
# after the parse) gives: every corpus file and fixture one by one, with
# default and with all rules, the semantics fixtures with the project's
# options (release build), and big generated stacks with schema errors, rule
# findings, a suppression, a duplicate key, a syntax error at the very end
# (sanitized build).
set -u
T=build/threads-lone-file
rm -rf "$T"; mkdir -p "$T"
fail=0
n=0
for f in $(find "$SHARED/corpus" tests/fixtures/yaml tests/fixtures/schema tests/fixtures/rules -name '*.y*ml' | sort); do
  "$CL_REL" --format json -j 1 "$f" > "$T/one.json" 2>&1; a=$?
  "$CL_REL" --format json -j 2 "$f" > "$T/two.json" 2>&1; b=$?
  if [ $a != $b ] || ! cmp -s "$T/one.json" "$T/two.json"; then echo "FAIL $f: -j 1 and -j 2 differ"; fail=1; fi
  # every rule, opt-in ones too: the service checks run while parsing with -j 2
  "$CL_REL" --format json --select all -j 1 "$f" > "$T/one.json" 2>&1; a=$?
  "$CL_REL" --format json --select all -j 2 "$f" > "$T/two.json" 2>&1; b=$?
  if [ $a != $b ] || ! cmp -s "$T/one.json" "$T/two.json"; then echo "FAIL $f: -j 1 and -j 2 differ (--select all)"; fail=1; fi
  n=$((n + 1))
done
# the options the project reads (its services are made canonical while parsing with -j 2)
for f in $(find tests/fixtures/semantics -name '*.y*ml' | sort); do
  d=$(dirname "$f")
  for flags in "--no-interpolate" "--profile debug" "--env-file $d/.env" "-p myproj"; do
    # shellcheck disable=SC2086
    "$CL_REL" --format json --select all -j 1 $flags "$f" > "$T/one.json" 2>&1; a=$?
    # shellcheck disable=SC2086
    "$CL_REL" --format json --select all -j 2 $flags "$f" > "$T/two.json" 2>&1; b=$?
    if [ $a != $b ] || ! cmp -s "$T/one.json" "$T/two.json"; then echo "FAIL $f ($flags): -j 1 and -j 2 differ"; fail=1; fi
  done
done
# YAML 1.1 values reached through aliases: each reported once, where written,
# whichever service (or the rest of the file) holds that place
A=tests/fixtures/rules/yaml11-boolean/aliases.yaml
for j in 1 2; do
  got=$("$CL_REL" --format compact --select yaml11-boolean,yaml11-octal-mode -j $j "$A" 2>&1 | grep yaml11- | sed -E 's|^[^:]*:([0-9]+):([0-9]+):[^[]*\[([a-z0-9-]+)\].*|\1:\2 \3|' | tr '\n' ' ')
  want="4:8 yaml11-boolean 5:9 yaml11-octal-mode 11:10 yaml11-boolean 12:17 yaml11-boolean 12:22 yaml11-boolean 15:15 yaml11-octal-mode 28:6 yaml11-boolean "
  [ "$got" = "$want" ] || { echo "FAIL aliases (-j $j): got '$got', want '$want'"; fail=1; }
done
[ $n -gt 300 ] || { echo "FAIL only $n files compared"; fail=1; }
# a big stack (about 1.7 MB) with problems spread over it
sh bench/gen.sh 2500 > "$T/base.yaml"
awk '{ print } /^  svc0:$/ { print "    depends_on: [ghost]"; print "    links: [ghost]" } /^  svc1200:$/ { print "    restrt: always" } /^  svc2400:$/ { print "    privileged: true  # compose-lint disable-line privileged" }
     /^  svc1700:$/ { print "    cap_add: [SYS_ADMIN]" }' "$T/base.yaml" > "$T/findings.yaml"
awk '{ print } /^  svc2000:$/ { print "    image: twice" }' "$T/base.yaml" > "$T/dupkey.yaml"
{ cat "$T/base.yaml"; printf 'networks:\n  n: [unclosed\n'; } > "$T/syntax.yaml"
for c in findings dupkey syntax; do
  "$CL" --format json -j 1 "$T/$c.yaml" > "$T/$c-one.json" 2>&1; a=$?
  "$CL" --format json -j 2 "$T/$c.yaml" > "$T/$c-two.json" 2>&1; b=$?
  [ $a = 1 ] || { echo "FAIL $c: exit $a, expected 1"; head -5 "$T/$c-one.json"; fail=1; }
  if [ $a != $b ] || ! cmp -s "$T/$c-one.json" "$T/$c-two.json"; then echo "FAIL $c: -j 1 and -j 2 differ"; fail=1; fi
done
grep -q '"rule": "schema-unknown-key"' "$T/findings-two.json" || { echo "FAIL no schema finding"; fail=1; }
sed '/^ "suppressed": \[/,$d' "$T/findings-two.json" | grep -q '"rule": "privileged"' && { echo "FAIL the suppression was not applied"; fail=1; }
grep -q '"rule": "undefined-service"' "$T/findings-two.json" || { echo "FAIL no finding of a rule that reads the project"; fail=1; }
grep -q '"rule": "yaml-duplicate-key"' "$T/dupkey-two.json" || { echo "FAIL no duplicate key"; fail=1; }
grep -q '"rule": "yaml-syntax"' "$T/syntax-two.json" || { echo "FAIL no syntax error"; fail=1; }
exit $fail
