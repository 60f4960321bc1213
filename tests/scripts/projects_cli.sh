#!/bin/sh
# The rules that judge meaning read the project docker compose would run (the
# files merged, interpolated, extends and include resolved, inactive profiles
# left out) and report where the value at fault was written, in whichever
# file; nothing is repeated through anchors, merges or extends.
#
# The team layout (tests/fixtures/projects/team): compose.yaml publishes
# ${WEB_PORT}:8000 (.env: WEB_PORT=8080), compose.override.yaml adds adminer on
# 8080, a restart policy only in the base, a volume used as
# "${PGDATA:-pgdata}:/..." and one used only by the override, extends and
# include, a service in an inactive profile.
set -u
CL="${CL:-$(pwd)/build/asan/compose-lint}"
ROOT=$(pwd)
TEAM=$ROOT/tests/fixtures/projects/team
VALUES=$ROOT/tests/fixtures/projects/values
T=$ROOT/build/projects-cli
rm -rf "$T"; mkdir -p "$T"
fail=0

# expect NAME FILE REGEX: a line of FILE matches REGEX
expect() {
  if ! grep -Eq "$3" "$2"; then echo "FAIL $1: no line matching: $3"; sed 's/^/  | /' "$2"; fail=1; fi
}
# refuse NAME FILE REGEX: no line of FILE matches REGEX
refuse() {
  if grep -Eq "$3" "$2"; then echo "FAIL $1: unexpected: $3"; grep -E "$3" "$2" | sed 's/^/  | /'; fail=1; fi
}
# team NAME OUT: the clash at the override's port line, naming the base's
# line, and no false reference, unused or restart finding
team() {
  expect "$1" "$2" '^(.*/)?compose\.override\.yaml:8:9: error \[host-port-clash\] service .adminer. publishes host port 8080/tcp, which service .web.'
  refuse "$1" "$2" 'undefined-(network|volume|secret|config|service)|unused-resource'
  refuse "$1" "$2" '(compose\.yaml|compose\.override\.yaml):[0-9]+:[0-9]+: [a-z]+ \[no-restart-policy\]'
  refuse "$1" "$2" "debug-shell"
  [ "$(grep -c 'host-port-clash' "$2")" = 1 ] || { echo "FAIL $1: the clash is not reported once"; fail=1; }
}

# no argument: the default file with its override
(cd "$TEAM" && "$CL" --format compact) > "$T/default.txt" 2>&1
team "no argument" "$T/default.txt"
# the related span names the base file's line
(cd "$TEAM" && "$CL" --format json) > "$T/default.json" 2>&1
expect "related span" "$T/default.json" '"related": \[\{"message": "service .web. publishes it here", "file": "compose\.yaml", "span": \{"line": 7, "col": 9'

# -f base -f override
(cd "$TEAM" && "$CL" --format compact -f compose.yaml -f compose.override.yaml) > "$T/f.txt" 2>&1
team "-f compose.yaml -f compose.override.yaml" "$T/f.txt"

# the folder (compose.prod.yaml is walked as a project of its own: what it
# gets is the plan's, cli/projects.c, not checked here)
"$CL" --format compact "$TEAM" > "$T/folder.txt" 2>&1
team "the folder" "$T/folder.txt"

# the override alone (as pre-commit passes it): the base beside it is context
(cd "$TEAM" && "$CL" --format compact compose.override.yaml) > "$T/alone.txt" 2>&1
team "the override alone" "$T/alone.txt"
refuse "the override alone" "$T/alone.txt" '^compose\.yaml:'

# three -f files: compose.prod.yaml binds web to 127.0.0.1, adminer still
# takes 8080 on every interface: the clash names prod's line
(cd "$TEAM" && "$CL" --format json -f compose.yaml -f compose.override.yaml -f compose.prod.yaml) > "$T/prod.json" 2>&1
expect "three files" "$T/prod.json" '"file": "compose\.prod\.yaml", "span": \{"line": 6, "col": 9'

# the inactive profile's service is judged once the profile is active
(cd "$TEAM" && "$CL" --format compact --profile debug --select no-restart-policy) > "$T/debug.txt" 2>&1
expect "--profile debug" "$T/debug.txt" 'compose\.override\.yaml:13:3: info \[no-restart-policy\] service .debug-shell.'

# --no-interpolate: ${WEB_PORT} is unknown (no clash), the volume given by a
# variable may be any: nothing reported unused
(cd "$TEAM" && "$CL" --format compact --no-interpolate) > "$T/noint.txt" 2>&1
refuse "--no-interpolate" "$T/noint.txt" 'host-port-clash|unused-resource|undefined-volume'

# values read as compose reads them; one finding per anchored node
(cd "$VALUES" && "$CL" --format compact) > "$T/values.txt" 2>&1
expect 'privileged: "true"' "$T/values.txt" '^compose\.yaml:10:17: error \[privileged\] service .quoted.'
expect 'privileged: ${PRIV:-true}' "$T/values.txt" '^compose\.yaml:14:17: error \[privileged\] service .defaulted.'
refuse 'privileged: "off"' "$T/values.txt" "service .spelled."
[ "$(grep -c 'dangerous-cap-add' "$T/values.txt")" = 1 ] || { echo "FAIL anchor: cap_add through <<: *base not reported once"; sed 's/^/  | /' "$T/values.txt"; fail=1; }
refuse 'container_name: ${NAME:-web}' "$T/values.txt" 'service-container-name-regex'
(cd "$VALUES" && PRIV=no "$CL" --format compact) > "$T/values-no.txt" 2>&1
refuse 'PRIV=no' "$T/values-no.txt" "service .defaulted."
(cd "$VALUES" && NAME='bad name' "$CL" --format compact) > "$T/values-name.txt" 2>&1
expect "NAME='bad name'" "$T/values-name.txt" '^compose\.yaml:28:5: error \[service-container-name-regex\]'
(cd "$VALUES" && "$CL" --format compact --no-interpolate) > "$T/values-noint.txt" 2>&1
refuse '--no-interpolate privileged' "$T/values-noint.txt" "service .defaulted."

# a variant (compose.prod.yaml) is linted over the base beside it: alone it
# would miss the base's restart policy; from the folder nothing false either
(cd "$TEAM" && "$CL" --format compact compose.prod.yaml) > "$T/prod.txt" 2>&1
refuse "variant" "$T/prod.txt" 'no-restart-policy|undefined-|unused-resource'
refuse "variant" "$T/prod.txt" '^compose\.(override\.)?yaml:'
(cd "$TEAM" && "$CL" --format compact .) > "$T/folder-all.txt" 2>&1
refuse "folder" "$T/folder-all.txt" 'compose\.prod\.yaml:[0-9]+:[0-9]+: [a-z]+ \[no-restart-policy\]'

[ $fail = 0 ] && echo "projects_cli: ok"
exit $fail
