#!/bin/sh
# run_oracle.sh - flag oracle for the run-script emitter: every docker call the
# golden scripts of tests/fixtures/run/ make (up, up again, down --volumes,
# build, push) is
# also given to the real docker CLI with DOCKER_HOST on a socket that does not
# exist. Each must fail only because the daemon cannot be reached, never with
# "unknown flag" or "invalid argument": docker accepts every flag and value.
# Installs the docker CLI (Debian's docker.io) when it is missing.
set -u
F=tests/fixtures/run
real=$(command -v docker || true)
if [ -z "$real" ]; then sh scripts/deps.sh docker.io >&2; real=$(command -v docker || true); fi
[ -n "$real" ] || { echo "FAIL: no docker CLI and it could not be installed"; exit 1; }
"$real" --version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/ctx"
echo "FROM scratch" >"$tmp/ctx/Dockerfile"
ln -s "$(pwd)/$F/fake-docker" "$tmp/bin/docker"
fail=0; total=0
for script in "$F"/*.sh; do
    name=$(basename "$script" .sh)
    log="$tmp/$name"
    mkdir "$log"
    for step in up up "down --volumes" build push; do
        # shellcheck disable=SC2086
        FAKE_DOCKER_LOG="$log" REAL_DOCKER="$real" ORACLE_CONTEXT="$tmp/ctx" PATH="$tmp/bin:$PATH" \
            sh "$script" $step >"$log/out" 2>&1 || { echo "FAIL: $name: $step failed"; cat "$log/out"; fail=1; }
    done
    ok=$(wc -l <"$log/oracle.ok" 2>/dev/null || echo 0)
    calls=$(cat "$log/count")
    total=$((total + calls))
    echo "$name: $ok of $calls docker calls accepted by the docker CLI"
    if [ -s "$log/oracle.bad" ]; then echo "FAIL: $name: docker rejected:"; cat "$log/oracle.bad"; fail=1; fi
    [ "$ok" -eq "$calls" ] || fail=1
done
echo "flag oracle: $total calls checked"
exit "$fail"
