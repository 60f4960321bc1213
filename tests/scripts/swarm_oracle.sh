#!/bin/sh
# swarm_oracle.sh - the swarm emitter against the docker CLI's own stack loader.
# For every tests/fixtures/swarm fixture that converts and every corpus file
# compose-lint finds valid (validate and config exit 0): `convert --to swarm`
# must not crash (sanitized binary); when it converts, `docker stack config`
# must accept the stack file, and what docker reads (services, images,
# commands, environment, ports, replicas, resources) must equal the source
# project's normalized values (tests/scripts/swarm_compare.mjs, one process).
# Prints how many files convert and the agreement figure.
set -u
ROOT=$(pwd)
T="$ROOT/build/swarm-oracle"
rm -rf "$T"; mkdir -p "$T"

DOCKER=$(command -v docker || true)
if [ -z "$DOCKER" ]; then sh scripts/deps.sh docker.io || exit 1; DOCKER=$(command -v docker); fi
command -v node >/dev/null 2>&1 || sh scripts/deps.sh nodejs npm || exit 1
Y="$ROOT/build/npm-yaml"
if [ ! -d "$Y/node_modules/yaml" ]; then
  npm install --prefix "$Y" --no-audit --no-fund yaml@2.6.1 >"$T/npm.log" 2>&1 || { cat "$T/npm.log"; exit 1; }
fi
echo "docker: $("$DOCKER" --version)"

# one environment for compose-lint and docker, so interpolation sees the same variables
clean() { env -i PATH="$PATH" HOME="$T" ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$@"; }

fail=0; i=0; valid=0; converted=0; refused=0; accepted=0
: >"$T/list"
# run_one LABEL FILE [convert options...]
run_one() {
  label=$1; f=$2; shift 2
  i=$((i+1))
  if ! clean "$CL_REL" validate "$f" >/dev/null 2>&1 || ! clean "$CL_REL" config --format json "$f" >"$T/n$i.json" 2>/dev/null; then
    case "$label" in fixture*) echo "fixture is not a valid project: $label"; fail=$((fail+1)) ;; esac
    return 0
  fi
  valid=$((valid+1))
  clean "$CL" convert --to swarm "$@" -o "$T/s$i.yaml" "$f" >"$T/c$i.out" 2>"$T/c$i.err"; rc=$?
  if grep -q "Sanitizer\|runtime error" "$T/c$i.err" || [ "$rc" -gt 1 ]; then
    echo "CRASH/LEAK or bad exit ($rc): $label"; head -20 "$T/c$i.err"; fail=$((fail+1)); return 0
  fi
  if [ "$rc" -ne 0 ]; then
    refused=$((refused+1))
    if ! grep -q "error: .*\[convert-unsupported\]\|error: " "$T/c$i.err" || [ -e "$T/s$i.yaml" ]; then
      echo "refused without an error diagnostic, or wrote output: $label"; head -5 "$T/c$i.err"; fail=$((fail+1))
    fi
    grep -o "error: swarm: service '[^']*': '[^']*'" "$T/c$i.err" | sed "s/service '[^']*'/service/" >>"$T/refusals"
    return 0
  fi
  converted=$((converted+1))
  if clean "$DOCKER" stack config -c "$T/s$i.yaml" >"$T/d$i.yaml" 2>"$T/d$i.err"; then
    accepted=$((accepted+1))
    printf '%s\t%s\t%s\n' "$label" "$T/n$i.json" "$T/d$i.yaml" >>"$T/list"
  else
    echo "docker stack config refused the stack converted from $label:"; head -5 "$T/d$i.err"; fail=$((fail+1))
  fi
}

for f in tests/fixtures/swarm/*.yaml; do
  head -1 "${f%.yaml}.out" | grep -q "exit 0" || continue
  case "$f" in *no-interpolate*) run_one "fixture $f" "$f" --no-interpolate ;; *) run_one "fixture $f" "$f" ;; esac
done
nfix=$valid; fixconv=$converted
C="$SHARED/corpus"
[ -d "$C" ] || { echo "corpus not found at $C"; exit 1; }
ncorpus=0
for f in "$C"/*/*.yaml "$C"/*/*.yml; do
  [ -e "$f" ] || continue
  ncorpus=$((ncorpus+1))
  run_one "${f#"$C"/}" "$f"
done
echo "fixtures: $nfix valid, $fixconv converted"
echo "corpus: $ncorpus files, $((valid-nfix)) valid, $((converted-fixconv)) converted, $refused refused (not expressible in swarm)"
[ -s "$T/refusals" ] && { echo "refusal reasons:"; sort "$T/refusals" | uniq -c | sort -rn; }
echo "docker stack config accepted $accepted of $converted converted stacks"
node tests/scripts/swarm_compare.mjs "$Y" "$T/list" || fail=$((fail+1))
[ "$fixconv" -ge 7 ] || { echo "expected at least 7 fixtures to convert, got $fixconv"; fail=$((fail+1)); }
[ "$fail" -eq 0 ]
