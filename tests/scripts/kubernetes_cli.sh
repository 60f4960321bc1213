#!/bin/sh
# `compose-lint convert --to kubernetes` end to end: a short-syntax stack
# through project loading matches its golden output (manifests on stdout,
# diagnostics on stderr); -o DIR writes one file per object and nothing else;
# --strict with warnings fails and writes nothing; bad options and unreadable
# secret files fail with a message; no sanitizer reports anywhere.
set -u
F=tests/fixtures/kubernetes/e2e
# shellcheck source=tests/scripts/lib/checks.sh
. tests/scripts/lib/checks.sh

# golden: manifests and diagnostics
env -u API_TAG -u DB_PASSWORD "$CL" convert --to kubernetes --color never --namespace shop "$F/compose.yaml" >"$T/out" 2>"$T/err"; rc=$?
check "e2e exit 0 (got $rc)" '[ $rc -eq 0 ]'
check "no sanitizer report" 'san "$T/err"'
if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$T/out" "$F/expected.yaml"; cp "$T/err" "$F/expected.err"; fi
check "manifests match $F/expected.yaml" 'diff -u "$F/expected.yaml" "$T/out"'
check "diagnostics match $F/expected.err" 'diff -u "$F/expected.err" "$T/err"'

# -o DIR: one file per object, named <name>-<kind>.yaml (the Namespace of --namespace too), no temporaries left
mkdir "$T/dir"
"$CL" convert --to kubernetes -q --namespace shop "$F/compose.yaml" -o "$T/dir" >"$T/stdout" 2>"$T/err"; rc=$?
check "-o DIR exit 0 (got $rc)" '[ $rc -eq 0 ]'
check "-o DIR prints nothing" '[ ! -s "$T/stdout" ]'
n=$(grep -c '^kind:' "$T/out")
check "one file per object ($n)" '[ "$(ls "$T/dir" | wc -l)" -eq "$n" ]'
check "no temporary files" '[ -z "$(ls -A "$T/dir" | grep "tmp~")" ]'
check "deployment file" 'grep -q "^kind: Deployment" "$T/dir/web-deployment.yaml"'
check "statefulset file" 'grep -q "^kind: StatefulSet" "$T/dir/db-statefulset.yaml"'
check "job file" 'grep -q "^kind: Job" "$T/dir/migrate-job.yaml"'
check "--namespace: a Namespace first in the stream, and its file" '[ "$(grep -m1 "^kind:" "$T/out")" = "kind: Namespace" ] && grep -q "^  name: shop$" "$T/dir/shop-namespace.yaml"'
cat "$T"/dir/*.yaml | grep -v '^---' >"$T/all1"; grep -v '^---' "$T/out" >"$T/all2"
check "the files hold the same objects as the stream" '[ "$(sort "$T/all1" | md5sum)" = "$(sort "$T/all2" | md5sum)" ]'
# a path ending in / is a directory even when it does not exist yet
"$CL" convert --to kubernetes -q "$F/compose.yaml" -o "$T/new/" 2>"$T/err"; rc=$?
check "-o new/ exit 0 (got $rc)" '[ $rc -eq 0 ] && [ -f "$T/new/web-service.yaml" ]'

# --strict: warnings fail and nothing is written
mkdir "$T/strict"
"$CL" convert --to kubernetes --strict -q "$F/compose.yaml" -o "$T/strict" 2>"$T/err"; rc=$?
check "--strict exit 1 (got $rc)" '[ $rc -eq 1 ]'
check "--strict wrote nothing" '[ -z "$(ls -A "$T/strict")" ]'
"$CL" convert --to kubernetes --strict -q "$F/compose.yaml" -o "$T/strict.yaml" 2>"$T/err"; rc=$?
check "--strict file exit 1" '[ $rc -eq 1 ] && [ ! -e "$T/strict.yaml" ]'

# bad options: exit non-zero with a message naming the option, no output
for opt in "--controller replicaset" "--namespace Bad_NS" "--service-type External" "--pvc-size lots"; do
  # shellcheck disable=SC2086
  "$CL" convert --to kubernetes $opt "$F/compose.yaml" >"$T/out2" 2>"$T/err"; rc=$?
  name=${opt%% *}
  check "$opt exit 1 (got $rc)" '[ $rc -eq 1 ] && [ ! -s "$T/out2" ] && grep -q -- "$name" "$T/err" && san "$T/err"'
done

# a secret file that cannot be read is an error naming it
printf 'services:\n  a:\n    image: a\n    secrets: [s]\nsecrets:\n  s:\n    file: ./missing.txt\n' >"$T/c.yaml"
"$CL" convert --to kubernetes "$T/c.yaml" >"$T/out2" 2>"$T/err"; rc=$?
check "missing secret file exit 1 (got $rc)" '[ $rc -eq 1 ] && grep -q "missing.txt" "$T/err" && [ ! -s "$T/out2" ]'

# an output directory that cannot be written: error, no partial files
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
  "$CL" convert --to kubernetes -q "$F/compose.yaml" -o "$T/ro" 2>"$T/err"; rc=$?
  check "read-only dir fails (got $rc)" '[ $rc -ne 0 ] && [ -z "$(ls -A "$T/ro")" ]'
fi
"$CL" convert --to kubernetes "$F/compose.yaml" -o "$T/c.yaml/sub/" 2>"$T/err"; rc=$?
check "dir under a file fails (got $rc)" '[ $rc -ne 0 ] && grep -q "cannot create" "$T/err"'

# --allow-hostpath turns the bind mount into a hostPath volume
printf 'services:\n  a:\n    image: a\n    volumes: ["./data:/data"]\n' >"$T/b.yaml"
"$CL" convert --to kubernetes "$T/b.yaml" >"$T/out2" 2>"$T/err"
check "bind mount reported" 'grep -q "bind mount of" "$T/err" && ! grep -q hostPath "$T/out2"'
"$CL" convert --to kubernetes --allow-hostpath "$T/b.yaml" >"$T/out2" 2>"$T/err"
check "hostPath with --allow-hostpath" 'grep -q "hostPath:" "$T/out2" && grep -q "path: $T/data" "$T/out2"'

[ $fail -eq 0 ] && echo "kubernetes cli: all checks passed"
exit $fail
