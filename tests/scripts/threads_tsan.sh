#!/bin/sh
# ThreadSanitizer over every way compose-lint uses threads: the reader
# thread of a big file's events (parser/events.c), the side thread of a lone
# file (project, its rules, validation) beside the rules, services validated
# while parsing, the --jobs pool over many files, a source's line index
# built when threads first ask for positions, a long text report (formatted
# on two threads), and the converters (the project loader's reader thread,
# Kubernetes objects rendered on a second thread). Any data race report
# fails (TSan exits 66).
set -u
B=build/tsan
T=build/threads-tsan
rm -rf "$T"; mkdir -p "$T"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
fail=0
"$B/tests/test_parse_threaded" > "$T/unit.log" 2>&1 || { echo "FAIL test_parse_threaded under TSan"; tail -30 "$T/unit.log"; fail=1; }
"$B/tests/test_source" > "$T/source.log" 2>&1 || { echo "FAIL test_source (line index built by threads) under TSan"; tail -30 "$T/source.log"; fail=1; }
"$B/tests/test_render_thread" > "$T/render.log" 2>&1 || { echo "FAIL test_render_thread (the Kubernetes render thread's rings) under TSan"; tail -30 "$T/render.log"; fail=1; }
sh bench/gen.sh 2500 > "$T/base.yaml"
awk '{ print } /^  svc0:$/ { print "    depends_on: [ghost]" } /^  svc1200:$/ { print "    restrt: always" }' "$T/base.yaml" > "$T/findings.yaml"
awk '{ print } /^  svc2000:$/ { print "    image: twice" }' "$T/base.yaml" > "$T/dupkey.yaml"
{ cat "$T/base.yaml"; printf 'networks:\n  n: [unclosed\n'; } > "$T/syntax.yaml"
for c in findings dupkey syntax; do
  "$B/compose-lint" --format json "$T/$c.yaml" > "$T/$c.json" 2> "$T/$c.err"; rc=$?
  if [ $rc != 1 ] || grep -q ThreadSanitizer "$T/$c.err"; then echo "FAIL $c: exit $rc"; head -40 "$T/$c.err"; fail=1; fi
done
# the converters and config (a lone file's services made canonical while it
# is parsed; Kubernetes objects rendered on a second thread)
# Kubernetes Services and NetworkPolicies are built on the render thread too
# (with the namespace and the StatefulSets' governing Services, and into -o DIR)
for m in "convert --to kubernetes" "convert --to kubernetes --namespace tsan --controller statefulset" \
         "convert --to kubernetes -o $T/k8s-dir/" "convert --to swarm" "convert --to run" "config"; do
  # shellcheck disable=SC2086
  "$B/compose-lint" $m "$T/base.yaml" > /dev/null 2> "$T/convert.err"; rc=$?
  if [ $rc -gt 1 ] || grep -q ThreadSanitizer "$T/convert.err"; then echo "FAIL $m: exit $rc"; grep -A30 ThreadSanitizer "$T/convert.err" | head -40; fail=1; fi
done
# pods whose workloads are built on the render thread with the builders the
# converter began (in the service's arena: growing one there, as sysctls do
# to the pod's securityContext, must not touch the arena the converter has
# gone on to)
awk 'BEGIN { print "services:"; for (i = 0; i < 300; i++)
  printf "  s%d:\n    image: alpine\n    sysctls: {net.core.somaxconn: \"1024\", net.ipv4.tcp_syncookies: \"0\"}\n    environment: [A=1, B=2]\n    ports: [\"%d:80\"]\n    dns: [8.8.8.8]\n    dns_search: [example.com]\n    cap_add: [NET_ADMIN]\n    labels: {a: b}\n", i, 10000 + i }' > "$T/pods.yaml"
"$B/compose-lint" convert --to kubernetes "$T/pods.yaml" > /dev/null 2> "$T/pods.err"; rc=$?
if [ $rc -gt 1 ] || grep -q ThreadSanitizer "$T/pods.err"; then echo "FAIL kubernetes pods: exit $rc"; grep -A30 ThreadSanitizer "$T/pods.err" | head -40; fail=1; fi
# the --jobs pool, and --fix on a lone file (its re-checks use the stage threads)
# (the corpus files are not named compose*.yaml, so a walk of the folder finds
# none: they are named one by one; no file name there has a space)
# shellcheck disable=SC2046
"$B/compose-lint" --quiet -j 2 $(find "$SHARED/corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort) > /dev/null 2> "$T/pool.err"; rc=$?
if [ $rc -gt 1 ] || grep -q ThreadSanitizer "$T/pool.err"; then echo "FAIL corpus pool: exit $rc"; head -40 "$T/pool.err"; fail=1; fi
# a long text report is formatted on two threads (cli/report_text.c): 300
# services of the lean shapes give some 2,700 findings, 11 chunks; 1,500 in
# flow style, one line of 78 KB that both threads read (masked once); each
# must give a frame per finding (--format compact is written by one thread)
sh bench/gen_lean.sh anchor 300 > "$T/lean.yaml"
sh bench/gen_lean.sh flow 1500 > "$T/lean-flow.yaml"
for f in lean lean-flow; do
  "$B/compose-lint" check --select all --color always "$T/$f.yaml" > "$T/$f.txt" 2> "$T/$f.err"; rc=$?
  if [ $rc -gt 1 ] || grep -q ThreadSanitizer "$T/$f.err"; then echo "FAIL text report $f: exit $rc"; head -40 "$T/$f.err"; fail=1; fi
  n=$("$B/compose-lint" check --select all --format compact "$T/$f.yaml" 2>/dev/null | grep -c ': \(warning\|info\|error\) ')
  [ "$n" -gt 2048 ] && [ "$(grep -c '\^' "$T/$f.txt")" -eq "$n" ] || { echo "FAIL text report $f: $n findings, $(grep -c '\^' "$T/$f.txt") frames"; fail=1; }
done
cp "$T/findings.yaml" "$T/fix.yaml"
"$B/compose-lint" --quiet --fix --unsafe-fixes "$T/fix.yaml" > /dev/null 2> "$T/fix.err"; rc=$?
if [ $rc -gt 1 ] || grep -q ThreadSanitizer "$T/fix.err"; then echo "FAIL --fix: exit $rc"; head -40 "$T/fix.err"; fail=1; fi
cmp -s "$T/fix.yaml" "$T/findings.yaml" && { echo "FAIL --fix changed nothing"; fail=1; }
exit $fail
