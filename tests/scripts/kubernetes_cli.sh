#!/bin/sh
# `compose-lint convert --to kubernetes` end to end: a short-syntax stack
# through project loading matches its golden output (manifests on stdout,
# diagnostics on stderr); -o DIR writes one file per object and nothing else;
# --strict with warnings fails and writes nothing; bad options and unreadable
# secret files fail with a message; bind mounts become ConfigMaps, claims or
# emptyDir, and bad sources (fifo, huge, unreadable) get a message, never a
# hang; no sanitizer reports anywhere.
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

# bind mounts without --allow-hostpath: the files travel in ConfigMaps, read relative to the
# project directory (not the working directory); what does not fit is a claim to copy into
mkdir -p "$T/p/conf/sub" "$T/p/empty" "$T/p/big" "$T/p/odd"
printf 'worker_processes 1;\n' >"$T/p/nginx.conf"
printf 'a\n' >"$T/p/conf/a.txt"; printf 'b\n' >"$T/p/conf/sub/b.txt"
head -c 1500000 /dev/zero | tr '\0' 'x' >"$T/p/huge.txt"
for i in 1 2 3; do head -c 400000 /dev/zero | tr '\0' 'y' >"$T/p/big/f$i"; done
mkfifo "$T/p/fifo" "$T/p/odd/pipe"; printf 'ok\n' >"$T/p/odd/ok.txt"
cat >"$T/p/compose.yaml" <<'YAML'
services:
  a:
    image: a
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - ./conf:/conf
      - ./huge.txt:/huge.txt
      - ./big:/big
      - ./empty:/empty
      - ./fifo:/fifo
      - ./odd:/odd
      - ./nothing:/nothing
      - /etc/hostname:/etc/host-hostname:ro
YAML
(cd / && timeout 60 "$CL" convert --to kubernetes "$T/p/compose.yaml" >"$T/out3" 2>"$T/err3"); rc=$?
check "binds: exit 0, no hang on a fifo (got $rc)" '[ $rc -eq 0 ] && san "$T/err3"'
check "file bind: ConfigMap with the content, subPath" 'grep -q "nginx.conf: \"worker_processes 1;" "$T/out3" && grep -q "subPath: nginx.conf" "$T/out3"'
check "folder bind: nested file through items" 'grep -q "sub_b.txt: \"b" "$T/out3" && grep -q "path: sub/b.txt" "$T/out3"'
check "huge file: a claim to copy the file into" 'grep -q "name: a-bind2\$" "$T/out3" && grep -q "huge.txt: the file is larger than the 1 MiB.*copy the file" "$T/err3"'
check "big folder: a claim" 'grep -q "name: a-bind3\$" "$T/out3" && grep -q "big: the folder is larger than the 1 MiB" "$T/err3"'
check "empty folder: a claim" 'grep -q "name: a-bind4\$" "$T/out3" && grep -q "empty: the folder holds no file.*PersistentVolumeClaim" "$T/err3"'
check "fifo source: not converted, said why" 'grep -q "fifo (a fifo): pods do not see" "$T/err3" && ! grep -q "mountPath: /fifo" "$T/out3"'
check "fifo in a folder: left out, said so" 'grep -q "left out: pipe (a fifo)" "$T/err3" && grep -q "ok.txt" "$T/out3"'
check "a host path outside the project is not read" 'grep -q "/etc/hostname: a host path outside the project" "$T/err3" && ! grep -q "host-hostname" "$T/out3"'
check "missing source: emptyDir, said so" 'grep -q "nothing: it does not exist here.*emptyDir" "$T/err3"'
check "a Deployment with a bind claim rolls out with Recreate" 'grep -q "type: Recreate" "$T/out3"'
if [ "$(id -u)" != 0 ]; then
  chmod 000 "$T/p/conf/a.txt"
  "$CL" convert --to kubernetes "$T/p/compose.yaml" >"$T/out3" 2>"$T/err3"; rc=$?
  check "unreadable file in a bind: exit 1, named (got $rc)" '[ $rc -eq 1 ] && grep -q "cannot read .*a.txt: Permission denied" "$T/err3" && [ ! -s "$T/out3" ]'
  chmod 644 "$T/p/conf/a.txt"
fi
# with --allow-hostpath the hostPath type is what the source is
"$CL" convert --to kubernetes --allow-hostpath "$T/p/compose.yaml" >"$T/out3" 2>"$T/err3"
check "hostPath types: File, Directory, DirectoryOrCreate" 'grep -A1 "path: $T/p/nginx.conf" "$T/out3" | grep -q "type: File\$" &&
  grep -A1 "path: $T/p/conf\$" "$T/out3" | grep -q "type: Directory\$" && grep -A1 "path: $T/p/nothing" "$T/out3" | grep -q "type: DirectoryOrCreate"'

# kompose's labels through project loading (list form, numbers): a CronJob, an
# autoscaler and a NodePort, none copied into annotations; a bad schedule fails at its line
printf 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    labels:\n      - kompose.service.type=nodeport\n      - kompose.hpa.cpu=80\n      - kompose.service.group=x\n  tick:\n    image: busybox\n    command: date\n    restart: "no"\n    labels:\n      kompose.cronjob.schedule: "*/10 * * * *"\n      kompose.cronjob.backoff_limit: 2\n' >"$T/k.yaml"
mkdir "$T/kdir"
"$CL" convert --to kubernetes "$T/k.yaml" -o "$T/kdir" 2>"$T/err"; rc=$?
check "kompose labels exit 0 (got $rc)" '[ $rc -eq 0 ] && san "$T/err"'
check "CronJob file" 'grep -q "^kind: CronJob" "$T/kdir/tick-cronjob.yaml" && grep -q "backoffLimit: 2" "$T/kdir/tick-cronjob.yaml"'
check "autoscaler file" 'grep -q "averageUtilization: 80" "$T/kdir/web-horizontalpodautoscaler.yaml"'
check "NodePort Service (the published one: 8080 is not the container port)" 'grep -q "type: NodePort" "$T/kdir/web-published-service.yaml" && grep -q "type: ClusterIP" "$T/kdir/web-service.yaml"'
check "no kompose label in the manifests" '! grep -rq "kompose\." "$T/kdir"'
check "kompose.service.group reported at its line" 'grep -q "k.yaml:8:.*kompose.service.group. is not converted" "$T/err"'
sed 's|"\*/10 \* \* \* \*"|"every ten minutes"|' "$T/k.yaml" >"$T/k2.yaml"
"$CL" convert --to kubernetes "$T/k2.yaml" -o "$T/k2.out" 2>"$T/err"; rc=$?
check "bad schedule exit 1 at its line (got $rc)" '[ $rc -eq 1 ] && [ ! -e "$T/k2.out" ] && grep -q "k2.yaml:14:.*not a cron schedule" "$T/err"'

# a big project: the text waits in a temporary file in chunks (TMPDIR); the same
# bytes as when it stays in memory (a TMPDIR that cannot hold a file), to stdout,
# -o FILE and -o DIR; the temporary is gone, even when the conversion is refused
sh bench/gen.sh 300 >"$T/big.yaml"
mkdir "$T/tmp" "$T/bigdir" "$T/bigdir2"
TMPDIR="$T/tmp" "$CL" convert --to kubernetes "$T/big.yaml" >"$T/big.out" 2>"$T/big.err"; rc=$?
TMPDIR="$T/none" "$CL" convert --to kubernetes "$T/big.yaml" >"$T/big.mem" 2>"$T/big.err2"; rc2=$?
check "big project exit 0 both ways (got $rc, $rc2)" '[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && san "$T/big.err" && san "$T/big.err2"'
check "big stream over 512 KiB (several chunks)" '[ "$(wc -c <"$T/big.out")" -gt 524288 ]'
check "big stream: spooled and in memory alike" 'cmp "$T/big.out" "$T/big.mem" && cmp "$T/big.err" "$T/big.err2"'
TMPDIR="$T/tmp" "$CL" convert --to kubernetes -q "$T/big.yaml" -o "$T/big.file"; rc=$?
check "big -o FILE is the stream (got $rc)" '[ $rc -eq 0 ] && cmp "$T/big.out" "$T/big.file"'
TMPDIR="$T/tmp" "$CL" convert --to kubernetes -q "$T/big.yaml" -o "$T/bigdir"; rc=$?
TMPDIR="$T/none" "$CL" convert --to kubernetes -q "$T/big.yaml" -o "$T/bigdir2"; rc2=$?
check "big -o DIR: spooled and in memory alike (got $rc, $rc2)" '[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && diff -r "$T/bigdir" "$T/bigdir2"'
check "big -o DIR: one file per object" '[ "$(ls "$T/bigdir" | wc -l)" -eq "$(grep -c "^kind:" "$T/big.out")" ]'
sed 's/^  svc299:$/  svc299:\n    ports: ["no-such-port"]/' "$T/big.yaml" >"$T/bigbad.yaml"
TMPDIR="$T/tmp" "$CL" convert --to kubernetes -q "$T/bigbad.yaml" -o "$T/bigbad.out" 2>/dev/null; rc=$?
check "refused big project writes nothing (got $rc)" '[ $rc -ne 0 ] && [ ! -e "$T/bigbad.out" ]'
check "no temporary left in TMPDIR" '[ -z "$(ls -A "$T/tmp")" ]'

# a key not converted is named whole in its finding, however long (a
# healthcheck's, deploy's or resources' path was cut at 63 bytes)
long=x-a-key-of-a-healthcheck-named-at-length-well-past-sixty-three-bytes-to-be-sure
printf 'name: p\nservices:\n  a:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      %s: 1\n    deploy:\n      resources:\n        limits:\n          %s: 1\n' "$long" "$long" >"$T/long.yaml"
"$CL" convert --to kubernetes "$T/long.yaml" >/dev/null 2>"$T/long.err"
check "a long key is named whole (healthcheck)" 'grep -q "'"'"'healthcheck.$long'"'"' is not converted" "$T/long.err"'
check "a long key is named whole (resources)" 'grep -q "'"'"'deploy.resources.limits.$long'"'"' is not converted" "$T/long.err"'

[ $fail -eq 0 ] && echo "kubernetes cli: all checks passed"
exit $fail
