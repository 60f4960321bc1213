#!/bin/sh
# shellcheck disable=SC2016,SC1003
# run_argv.sh - the run-script emitter's scripts really do what they say.
# Each golden script of tests/fixtures/run/ (test_run proves they are the
# emitter's exact output) runs under dash and under bash with a fake docker
# first on PATH (tests/fixtures/run/fake-docker) through `up`, `up` again
# (re-run: containers replaced, networks kept), `down`, `down --volumes`,
# `build` (every built image, present or not) and `push` (each of them).
# Checked: the order of operations equals <fixture>.ops (networks and volumes
# before containers, dependency order, health and exit waits, removal in
# reverse order), both shells pass docker the same arguments byte for byte,
# the hostile fixture's values reach docker unchanged, and nothing in them
# was executed. CL_UPDATE_GOLDEN=1 rewrites the .ops files.
set -u
F=tests/fixtures/run
command -v dash >/dev/null 2>&1 || sh scripts/deps.sh dash
command -v bash >/dev/null 2>&1 || sh scripts/deps.sh bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$(pwd)/$F/fake-docker" "$tmp/bin/docker"
fail=0
rm -f /tmp/cl-pwned /tmp/cl-pwned2

for script in "$F"/*.sh; do
    base=${script%.sh}
    name=$(basename "$base")
    for shell in dash bash; do
        log="$tmp/$name-$shell"
        mkdir "$log"
        for step in up up down "down --volumes" build push; do
            echo "== $step" >>"$log/ops"
            # shellcheck disable=SC2086
            if ! FAKE_DOCKER_LOG="$log" PATH="$tmp/bin:$PATH" "$shell" "$script" $step >"$log/out" 2>&1; then
                echo "FAIL: $script under $shell: '$step' failed"; cat "$log/out"; fail=1
            fi
        done
    done
    # build and push take no arguments (build --missing is up's)
    for step in "build --missing" "push x"; do
        # shellcheck disable=SC2086
        FAKE_DOCKER_LOG="$tmp" PATH="$tmp/bin:$PATH" sh "$script" $step >/dev/null 2>&1
        [ $? -eq 2 ] || { echo "FAIL: $name: '$step' should be a usage error"; fail=1; }
    done
    # both shells: the same calls with the same arguments
    for a in "$tmp/$name-dash"/*.args; do
        b="$tmp/$name-bash/$(basename "$a")"
        if ! cmp -s "$a" "$b"; then echo "FAIL: $name: call $(basename "$a") differs between dash and bash"; fail=1; fi
    done
    [ "$(cat "$tmp/$name-dash/count")" = "$(cat "$tmp/$name-bash/count")" ] || { echo "FAIL: $name: dash and bash made a different number of calls"; fail=1; }
    if [ -n "${CL_UPDATE_GOLDEN:-}" ]; then cp "$tmp/$name-dash/ops" "$base.ops"
    elif ! diff -u "$base.ops" "$tmp/$name-dash/ops"; then echo "FAIL: $name: order of operations differs from $base.ops"; fail=1; fi
    echo "$name: $(cat "$tmp/$name-dash/count") docker calls checked"
done

# hostile values: each expected argument (a printf format) was received exactly
received() {
    # shellcheck disable=SC2059
    printf -- "$1" >"$tmp/want" || { echo "FAIL: bad expectation $1"; fail=1; return; }
    for f in "$tmp"/hostile-dash/[0-9]*/[0-9]*; do
        cmp -s "$tmp/want" "$f" && return 0
    done
    echo "FAIL: hostile: argument not received byte for byte: $1"
    fail=1
}
received "--env=QUOTES=it's \"quoted\" 'twice'"
received '--env=SUBST=$(touch /tmp/cl-pwned) `touch /tmp/cl-pwned2` ${HOME} $$'
received '--env=NEWLINE=line1\nline2\n'
received '--env=GLOB=* ? [a-z] ~ #'
received '--env=DASH=-rf --privileged'
received '--env=BACKSLASH=a\\b\\\\c\\'
received '--env=UTF8=caf\303\251 \342\230\203'
received '-c'
received 'echo "$HOME"; rm -rf *'
received '--'
received "'"
received ''
received ' spaced '
received '-'
received '--label=--x=; exit 1 &'
received '--workdir=/tmp/$(id)'
received '--hostname=-h'
received '--mount=type=bind,"source=/srv/a,b:c",target=/data'
received '--network=name=hostile_default,alias=evil,"alias=x,""y"'
received "--health-cmd=wget -q --spider 'http://localhost/it'\\\\''s'"
# the command words follow the image in order
img=$(grep -lx 'alpine:3.19' "$tmp"/hostile-dash/0*/[0-9]* | head -1)
dir=$(dirname "$img"); k=$(basename "$img")
i=$(( 1$k - 1000 ))
for want in '-c' 'echo "$HOME"; rm -rf *' '--' "'" '' ' spaced ' '-'; do
    i=$((i + 1))
    printf '%s' "$want" >"$tmp/want"
    cmp -s "$tmp/want" "$dir/$(printf %03d "$i")" || { echo "FAIL: hostile: command word $i is not '$want'"; fail=1; }
done
[ -f "$dir/$(printf %03d $((i + 1)))" ] && { echo "FAIL: hostile: extra arguments after the command"; fail=1; }
if [ -e /tmp/cl-pwned ] || [ -e /tmp/cl-pwned2 ]; then echo "FAIL: a command substitution from the compose file was executed"; fail=1; fi

[ "$fail" -eq 0 ] && echo "run_argv: all scripts behave under dash and bash"
exit "$fail"
