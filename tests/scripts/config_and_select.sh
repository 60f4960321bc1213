#!/bin/sh
# `config` refuses what validate (and docker compose) refuses; a rule that the
# configuration turns off by name stays off under `select: [all]`, a category,
# or `--select all`, and comes back only when named.
set -u
T=build/config-and-select
rm -rf "$T"; mkdir -p "$T"
fail=0
bad() { echo "FAIL $1"; fail=1; }
printf 'services:\n  web:\n    imag: nginx\n' > "$T/bad.yaml"
out=$("$CL" config "$T/bad.yaml" 2>"$T/err"); rc=$?
[ "$rc" = 1 ] || bad "config on a schema-invalid file: exit $rc, want 1"
[ -z "$out" ] || bad "config printed a project for a schema-invalid file"
grep -q 'schema-unknown-key' "$T/err" || bad "config does not say why"
printf 'services:\n  web:\n    image: nginx:1.27\n' > "$T/good.yaml"
"$CL" config "$T/good.yaml" >/dev/null 2>&1 || bad "config on a valid file fails"

mkdir -p "$T/p"
printf 'services:\n  a:\n    image: a:1\n    privileged: true\n' > "$T/p/compose.yaml"
printf 'rules:\n  privileged: off\nselect: [all]\n' > "$T/p/.compose-lint.yaml"
n=$(cd "$T/p" && "$CL" --format compact compose.yaml | grep -c '\[privileged\]')
[ "$n" = 0 ] || bad "select: [all] turned privileged back on"
n=$(cd "$T/p" && "$CL" --format compact --select all compose.yaml | grep -c '\[privileged\]')
[ "$n" = 0 ] || bad "--select all turned privileged back on"
n=$(cd "$T/p" && "$CL" --format compact --select security compose.yaml | grep -c '\[privileged\]')
[ "$n" = 0 ] || bad "--select security turned privileged back on"
n=$(cd "$T/p" && "$CL" --format compact --select privileged compose.yaml | grep -c '\[privileged\]')
[ "$n" = 1 ] || bad "--select privileged (by name) does not turn it on"
printf 'rules:\n  privileged:\n    enabled: false\n' > "$T/p/.compose-lint.yaml"
out=$(cd "$T/p" && "$CL" --format compact compose.yaml 2>&1); rc=$?
echo "$out" | grep -q 'config-error' && bad "enabled: false is refused as a config error"
echo "$out" | grep -q '\[privileged\]' && bad "enabled: false does not turn the rule off"
[ $fail = 0 ] && echo "config_and_select: ok"
exit $fail
