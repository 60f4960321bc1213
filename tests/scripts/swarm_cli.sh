#!/bin/sh
# swarm_cli.sh - `convert --to swarm` end to end through the CLI: exit codes,
# --strict, output written only on success, --no-interpolate, '$' escaping,
# stdin, diagnostics at file:line:col, bad input never crashing.
set -u
T=build/swarm-cli
rm -rf "$T"; mkdir -p "$T"
F=tests/fixtures/swarm
fail=0
bad() { echo "FAIL: $1"; fail=$((fail+1)); }
sane() { if grep -q "Sanitizer\|runtime error" "$1"; then bad "sanitizer report in $1"; cat "$1"; fi; }

# warnings only: exit 0, the file is written, each warning names file:line:col
"$CL" convert --to swarm --profile full -o "$T/u.yaml" "$F/unsupported.yaml" 2>"$T/u.err"; rc=$?
sane "$T/u.err"
{ [ "$rc" -eq 0 ] && [ -s "$T/u.yaml" ]; } || bad "unsupported.yaml should convert with warnings (exit $rc)"
grep -q "unsupported.yaml:6:5: warning: swarm: service 'app': 'container_name' is not converted" "$T/u.err" \
  || bad "container_name warning with its location"
grep -q "'depends_on' is not converted" "$T/u.err" || bad "depends_on warning"

# --strict: the same warnings fail and nothing is written
"$CL" convert --to swarm --profile full --strict -o "$T/s.yaml" "$F/unsupported.yaml" 2>"$T/s.err"; rc=$?
sane "$T/s.err"
[ "$rc" -eq 1 ] || bad "--strict with warnings should exit 1 (exit $rc)"
[ -e "$T/s.yaml" ] && bad "--strict failure still wrote the output"
# --strict on a project swarm expresses fully: exit 0
printf 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    restart: always\n' >"$T/clean.yaml"
"$CL" convert --to swarm --strict -o "$T/clean.out" "$T/clean.yaml" 2>"$T/clean.err"; rc=$?
sane "$T/clean.err"
{ [ "$rc" -eq 0 ] && grep -q "condition: any" "$T/clean.out" && grep -q "published: 8080" "$T/clean.out"; } \
  || { bad "--strict on a clean project should pass (exit $rc)"; cat "$T/clean.err"; }

# build without image: the image docker compose would build, said once; with
# --image-prefix/--image-tag, the registry name; an empty tag is an error
"$CL" convert --to swarm -o "$T/b.yaml" "$F/build-image-name.yaml" 2>"$T/b.err"; rc=$?
sane "$T/b.err"
{ [ "$rc" -eq 0 ] && grep -q "image: wip-web$" "$T/b.yaml"; } || { bad "build without image should convert (exit $rc)"; cat "$T/b.err"; }
grep -q "build-image-name.yaml:6:5: info: swarm: service 'web': image 'wip-web' comes from 'build'" "$T/b.err" || bad "build note with location"
"$CL" convert --to swarm --image-prefix reg.example.com/team/ --image-tag 2.0 -o "$T/bp.yaml" "$F/build-image-name.yaml" 2>"$T/bp.err"; rc=$?
{ [ "$rc" -eq 0 ] && grep -q "image: reg.example.com/team/wip-web:2.0$" "$T/bp.yaml"; } || bad "--image-prefix/--image-tag (exit $rc)"
"$CL" convert --to swarm --image-tag 'bad tag' "$F/build-image-name.yaml" >/dev/null 2>"$T/bt.err"; rc=$?
[ "$rc" -eq 2 ] || bad "--image-tag with a space should be a usage error (exit $rc)"
printf 'services:\n  erp:\n    image: "frappe/erpnext:${UNSET_TAG_X}"\n' >"$T/tag.yaml"
"$CL" convert --to swarm -o "$T/tag.out" "$T/tag.yaml" 2>"$T/tag.err"; rc=$?
sane "$T/tag.err"
{ [ "$rc" -eq 1 ] && [ ! -e "$T/tag.out" ] && grep -q "ends in ':'" "$T/tag.err"; } || bad "an empty tag should fail (exit $rc)"

# --no-interpolate keeps \${VAR} for deploy time; without it the value is resolved
TAG=9.9 "$CL" convert --to swarm --no-interpolate "$F/no-interpolate.yaml" >"$T/ni.yaml" 2>"$T/ni.err"
sane "$T/ni.err"
grep -qF 'image: "example/web:${TAG:-latest}"' "$T/ni.yaml" || { bad "--no-interpolate should keep \${TAG:-latest}"; cat "$T/ni.yaml"; }
TAG=9.9 "$CL" convert --to swarm "$F/no-interpolate.yaml" >"$T/i.yaml" 2>"$T/i.err"
grep -q 'image: example/web:9.9' "$T/i.yaml" || { bad "interpolated image"; cat "$T/i.yaml"; }

# a '$' left after interpolation is doubled so docker does not interpolate again
"$CL" convert --to swarm "$F/dollars.yaml" >"$T/d.yaml" 2>"$T/d.err"
grep -qF 'PRICE: $$5' "$T/d.yaml" || { bad "\$ escaping"; cat "$T/d.yaml"; }

# stdin
"$CL" convert --to swarm -f - <"$F/ports.yaml" >"$T/p.yaml" 2>"$T/p.err"; rc=$?
sane "$T/p.err"
{ [ "$rc" -eq 0 ] && grep -q "published: 8080" "$T/p.yaml"; } || bad "stdin input (exit $rc)"

# bad input: clear message, non-zero exit, no crash, no file
"$CL" convert --to swarm -o "$T/m.yaml" "$T/missing.yaml" 2>"$T/m.err"; rc=$?
sane "$T/m.err"
{ [ "$rc" -eq 2 ] && [ ! -e "$T/m.yaml" ]; } || bad "missing file should exit 2 (exit $rc)"
printf 'services:\n  web: [unclosed\n' >"$T/broken.yaml"
"$CL" convert --to swarm -o "$T/br.yaml" "$T/broken.yaml" 2>"$T/br.err"; rc=$?
sane "$T/br.err"
{ [ "$rc" -ge 1 ] && [ "$rc" -le 2 ] && [ ! -e "$T/br.yaml" ]; } || bad "broken YAML should fail cleanly (exit $rc)"
"$CL" convert --to swarm -o "$T/nodir/x.yaml" "$T/clean.yaml" 2>"$T/nd.err"; rc=$?
sane "$T/nd.err"
[ "$rc" -eq 2 ] || bad "unwritable output should exit 2 (exit $rc)"

# check --target swarm: the converter's findings join the lint report at their
# lines with their codes (a promotion gate); a convert-error fails the run
mkdir -p "$T/gate"
printf 'name: shop\nservices:\n  web:\n    build:\n      context: .\n    restart: always\n    privileged: true\n' >"$T/gate/compose.yaml"
"$CL" check --format compact "$T/gate/compose.yaml" >"$T/g0.out" 2>&1
grep -q "convert-" "$T/g0.out" && bad "check without --target should not convert"
"$CL" check --target swarm --format compact "$T/gate/compose.yaml" >"$T/g1.out" 2>&1
sane "$T/g1.out"
grep -q "compose.yaml:4:5: info \[convert-caveat\] swarm: service 'web': image 'shop-web' comes from 'build'" "$T/g1.out" \
  || { bad "check --target: build note at the build key"; cat "$T/g1.out"; }
grep -q "compose.yaml:7:5: warning \[convert-unsupported\] swarm: service 'web': 'privileged' is not converted" "$T/g1.out" \
  || { bad "check --target: unconvertible key at its line"; cat "$T/g1.out"; }
printf 'services:\n  erp:\n    image: "erp:${UNSET_TAG_GATE}"\n    restart: always\n' >"$T/gate/tag.yaml"
"$CL" check --target swarm --format compact --ignore interpolation-unset "$T/gate/tag.yaml" >"$T/g2.out" 2>&1; rc=$?
sane "$T/g2.out"
{ [ "$rc" -eq 1 ] && grep -q "tag.yaml:3:12: error \[convert-error\]" "$T/g2.out"; } || { bad "check --target: a convert-error exits 1 (exit $rc)"; cat "$T/g2.out"; }
# an override: the project of both files is converted
printf 'services:\n  web:\n    devices: ["/dev/fuse"]\n' >"$T/gate/compose.override.yaml"
"$CL" check --target swarm --format compact -f "$T/gate/compose.yaml" -f "$T/gate/compose.override.yaml" >"$T/g4.out" 2>&1
grep -q "compose.override.yaml:3:5: warning \[convert-unsupported\] swarm: service 'web': 'devices'" "$T/g4.out" \
  || { bad "check --target: a finding in the override file"; cat "$T/g4.out"; }
"$CL" check --target swarm-ish "$T/gate/compose.yaml" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || bad "check --target with an unknown target should exit 2 (exit $rc)"

# short-syntax port ranges keep every port; network_mode: host joins the node's
# external 'host' network; docker's own loader accepts the result
printf 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8000-8010:8000-8010", "9000-9002"]\n  agent:\n    image: prom/node-exporter:v1.8.2\n    network_mode: host\n' >"$T/rh.yaml"
"$CL" convert --to swarm -o "$T/rh.out" "$T/rh.yaml" 2>"$T/rh.err"; rc=$?
sane "$T/rh.err"
[ "$rc" -eq 0 ] || { bad "port ranges + host network should convert (exit $rc)"; cat "$T/rh.err"; }
n=$(grep -c "target: 80[0-9][0-9]$\|target: 90[0-9][0-9]$" "$T/rh.out")
[ "$n" -eq 14 ] || bad "port ranges: expected 14 ports (8000-8010 and 9000-9002), got $n"
grep -q "published: 8010$" "$T/rh.out" || bad "port ranges: 8010 published"
awk '/^networks:/{n=1} n&&/^  host:/{h=1} h&&/external: true/{e=1} h&&/name: host/{m=1} END{exit !(e&&m)}' "$T/rh.out" \
  || { bad "network_mode: host: the external host network"; cat "$T/rh.out"; }
if command -v docker >/dev/null 2>&1; then
  docker stack config -c "$T/rh.out" >"$T/rh.docker" 2>&1 || { bad "docker stack config refused the host network / port ranges"; cat "$T/rh.docker"; }
fi

# a big project: the stack waits in a temporary file in chunks (TMPDIR); the
# same bytes as when it stays in memory (a TMPDIR that cannot hold a file), to
# stdout and -o FILE; a refused conversion writes nothing
sh bench/gen.sh 600 >"$T/big.yaml"
mkdir "$T/tmp"
TMPDIR="$T/tmp" "$CL" convert --to swarm "$T/big.yaml" >"$T/big.out" 2>"$T/big.err"; rc=$?
TMPDIR="$T/none" "$CL" convert --to swarm "$T/big.yaml" >"$T/big.mem" 2>"$T/big.err2"; rc2=$?
sane "$T/big.err"; sane "$T/big.err2"
[ "$rc" -eq 0 ] && [ "$rc2" -eq 0 ] || bad "big project: exit 0 both ways (got $rc, $rc2)"
[ "$(wc -c <"$T/big.out")" -gt 524288 ] || bad "big stack over 512 KiB (several chunks)"
cmp -s "$T/big.out" "$T/big.mem" && cmp -s "$T/big.err" "$T/big.err2" || bad "big stack: spooled and in memory differ"
head -2 "$T/big.out" | grep -q '^services:$' || bad "big stack: the version, then services:"
TMPDIR="$T/tmp" "$CL" convert --to swarm -q "$T/big.yaml" -o "$T/big.file"; rc=$?
[ "$rc" -eq 0 ] && cmp -s "$T/big.out" "$T/big.file" || bad "big -o FILE is the stream (got $rc)"
[ -z "$(ls "$T/tmp")" ] || bad "big stack: the temporary file is left in TMPDIR"
if command -v docker >/dev/null 2>&1; then
  docker stack config -c "$T/big.out" >"$T/big.docker" 2>&1 || { bad "docker stack config refused the big stack"; head "$T/big.docker"; }
fi

echo "swarm cli: $fail failures"
[ "$fail" -eq 0 ]
