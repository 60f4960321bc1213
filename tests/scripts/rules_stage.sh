#!/bin/sh
# Stage rules: every diagnostic a stage reports (YAML, schema, project,
# interpolation, conversion) is a registered rule; and values that still hold
# "${...}" (--no-interpolate) are accepted by the model and not judged by rules.
set -u
fail=0
bad() { echo "FAIL $1"; fail=$((fail+1)); }
F=tests/fixtures/stage

# --no-interpolate: "${WEB_PORT}:8000" is a port whose published part is unknown
out=$("$CL" --no-interpolate --select all --format compact --color never "$F/no-interpolate.yaml" 2>&1)
printf '%s\n' "$out" | grep -q -e '\[compose-port\]' -e '\[compose-volume\]' && bad "--no-interpolate: \${...} port/volume reported: $out"
printf '%s\n' "$out" | grep -q -e '\[service-container-name-regex\]' -e '\[no-unbound-port-interfaces\]' && bad "--no-interpolate: a rule judged a \${...} value: $out"
cfg=$("$CL" config --no-interpolate "$F/no-interpolate.yaml" 2>&1) || bad "config --no-interpolate exits $?"
printf '%s\n' "$cfg" | grep -q 'published: "${WEB_PORT}"' || bad "config --no-interpolate: published kept as written: $cfg"

echo "stage rules: $fail failure(s)"
[ "$fail" -eq 0 ]
