#!/bin/sh
# Differential test against `docker stack config` (docker's v3 loader, which
# interpolates and merges -c files by the v3 rules without a daemon). For every
# corpus file it accepts (stack_config_rc 0 in baseline.tsv) and every case of
# tests/fixtures/semantics-diff (a `files` list given as -f / -c in order), run
# with one fixed environment (semantics-diff/env), the values both keep must be
# equal: services, image, command, entrypoint, environment, labels, ports'
# target/published, volumes' source/target (tests/scripts/semantics_compare.mjs).
# Multi-file projects too: every fixture's compose.yaml + compose.override.yaml
# and every corpus override with the compose file beside it (-f a -f b
# against -c a -c b); the last line counts the pairs, how many docker
# accepts and how many agree.
# Where the v3 rules differ from the compose-spec by design the case is listed
# with its reason in semantics-diff/KNOWN_DIFFERENCES, and it must differ.
set -u
root="$(pwd)"
fx="$root/tests/fixtures/semantics-diff"
command -v docker >/dev/null 2>&1 || sh scripts/deps.sh docker.io || exit 1
YAML_DIR="$root/build/npm-yaml"
if [ ! -d "$YAML_DIR/node_modules/yaml" ]; then
  npm install --prefix "$YAML_DIR" --no-audit --no-fund yaml@2.9.1 >/dev/null 2>&1 || { echo "cannot install yaml@2.9.1"; exit 1; }
fi
out="$root/build/semantics-diff"
rm -rf "$out"; mkdir -p "$out"
: > "$out/list"
envset="PATH=$PATH HOME=/home/tester $(grep -v '^#' "$fx/env" | tr '\n' ' ')"
skipped=0
run_case() { # name dir file...
  name="$1"; dir="$2"; shift 2
  key="$(printf '%s' "$name" | tr '/' '_')"
  dargs=""; oargs=""
  for f in "$@"; do dargs="$dargs -c $f"; oargs="$oargs -f $f"; done
  # shellcheck disable=SC2086
  if ! (cd "$dir" && env -i $envset docker stack config $dargs >"$out/$key.d.yaml" 2>"$out/$key.d.err"); then
    skipped=$((skipped+1)); echo "skip $name: docker stack config refuses it: $(head -c 160 "$out/$key.d.err")"; return
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && env -i $envset COMPOSE_PROFILES='*' "$CL_REL" config --format json -p diff $oargs >"$out/$key.o.json" 2>"$out/$key.o.err") ||
    echo "note $name: compose-lint config failed: $(grep -m1 error "$out/$key.o.err")"
  printf '%s\t%s\t%s\n' "$name" "$out/$key.d.yaml" "$out/$key.o.json" >> "$out/list"
}
for case in "$fx"/*/; do
  case="${case%/}"
  # shellcheck disable=SC2046
  run_case "fixture:$(basename "$case")" "$case" $(cat "$case/files")
done
for f in "$root"/tests/fixtures/semantics/*/compose.yaml; do
  run_case "fixture:semantics/$(basename "$(dirname "$f")")" "$(dirname "$f")" compose.yaml
done
# multi-file projects, -f / -c in merge order: a fixture's compose.yaml with the
# compose.override.yaml beside it, and each corpus file with "override" in its
# name with the compose file of its folder (same flattened prefix)
npairs=0; skipped_before=$skipped
for o in "$root"/tests/fixtures/semantics/*/compose.override.yaml; do
  [ -e "$o" ] || continue
  npairs=$((npairs+1))
  run_case "pair:semantics/$(basename "$(dirname "$o")")" "$(dirname "$o")" compose.yaml compose.override.yaml
done
for o in "$SHARED"/corpus/*/*override*.y*ml; do
  [ -e "$o" ] || continue
  d=$(dirname "$o"); b=$(basename "$o"); prefix=${b%__*}
  for base in compose.yaml compose.yml docker-compose.yml docker-compose.yaml; do
    [ -e "$d/${prefix}__$base" ] && [ "${prefix}__$base" != "$b" ] || continue
    npairs=$((npairs+1))
    run_case "pair:$(basename "$d")/$prefix" "$d" "${prefix}__$base" "$b"
  done
done
pairs_refused=$((skipped-skipped_before))
awk -F'\t' 'NR > 1 && $4 == 0 { print $1 }' "$SHARED/corpus/baseline.tsv" > "$out/corpus"
while read -r f; do
  run_case "$f" "$SHARED/corpus/$(dirname "$f")" "$(basename "$f")"
done < "$out/corpus"
YAML_MODULE_DIR="$YAML_DIR/node_modules" node tests/scripts/semantics_compare.mjs "$out/list" > "$out/result"
cat "$out/result"
echo "skipped (docker stack config refuses them): $skipped"
pairs_differ=$(grep '^DIFF' "$out/result" | cut -f2 | grep -c '^pair:')
echo "multi-file pairs: $npairs, accepted by docker stack config: $((npairs-pairs_refused)), agreeing: $((npairs-pairs_refused-pairs_differ))"
# every disagreement must be a known, explained one, and every known one must still disagree
fail=0
grep '^DIFF' "$out/result" | cut -f2 | sort -u > "$out/differing"
grep -v '^#' "$fx/KNOWN_DIFFERENCES" | cut -f1 | grep . | sort -u > "$out/known"
unexpected="$(comm -23 "$out/differing" "$out/known")"
fixed="$(comm -13 "$out/differing" "$out/known")"
[ -n "$unexpected" ] && { echo "unexpected disagreements:"; echo "$unexpected"; fail=1; }
[ -n "$fixed" ] && { echo "listed in KNOWN_DIFFERENCES but now equal (update the list):"; echo "$fixed"; fail=1; }
grep -q '^agreement:' "$out/result" || fail=1
exit "$fail"
