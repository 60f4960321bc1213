#!/bin/sh
# The Kubernetes emitter against an outside oracle: kubernetes-models@5.1.0
# (the Kubernetes OpenAPI schemas) plus the API server's naming/selector rules
# (tests/scripts/kubernetes_validate.mjs) validate every object of every golden
# fixture and of every corpus file the official schema calls valid, converted
# by the sanitized binary. Also checks that the oracle rejects known-bad
# manifests, so a silent validator cannot pass. Prints the counts.
set -u
ROOT=$(pwd)
NPM="$ROOT/build/npm-kubernetes-models"
if [ ! -d "$NPM/node_modules/kubernetes-models" ] || [ ! -d "$NPM/node_modules/yaml" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund --silent kubernetes-models@5.1.0 yaml@2.6.1 >/dev/null 2>&1 ||
    { echo "npm install of kubernetes-models@5.1.0 failed"; exit 1; }
fi
cp tests/scripts/kubernetes_validate.mjs "$NPM/validate.mjs"
fail=0

# 1. the oracle must reject bad manifests (every object of this file is wrong)
out=$(cd "$NPM" && node validate.mjs "$ROOT/tests/fixtures/kubernetes/oracle-invalid.manifests")
echo "$out" | tail -1
echo "$out" | grep -q "objects: 11, valid: 0, invalid: 11" || { echo "oracle does not reject bad manifests:"; echo "$out"; fail=1; }

# 2. every golden fixture's manifests
out=$(cd "$NPM" && node validate.mjs "$ROOT"/tests/fixtures/kubernetes/*.expected "$ROOT"/tests/fixtures/kubernetes/e2e/expected.yaml) || { echo "$out"; fail=1; }
echo "fixtures: $(echo "$out" | tail -1)"

# 3. every corpus file the official schema calls valid, converted by $CL
C="$SHARED/corpus"
[ -f "$C/baseline.tsv" ] || { echo "corpus not found at $C"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0; ok=0; problems=0; crash=0
tab=$(printf '\t')
while IFS="$tab" read -r f verdict rest; do
  [ "$verdict" = valid ] || continue
  n=$((n+1))
  o="$T/$(echo "$f" | tr / _).k8s.yaml"
  "$CL" convert --to kubernetes -q -f "$C/$f" -o "$o" 2>"$T/err"; rc=$?
  if [ "$rc" -gt 1 ] && ! grep -q "^compose-lint:" "$T/err" || grep -q "Sanitizer\|runtime error" "$T/err"; then
    echo "CRASH ($rc): $f"; head -20 "$T/err"; crash=$((crash+1)); continue
  fi
  if [ "$rc" -eq 0 ]; then ok=$((ok+1)); else problems=$((problems+1)); rm -f "$o"; fi
done <<EOF_
$(tail -n +2 "$C/baseline.tsv")
EOF_
out=$(cd "$NPM" && node validate.mjs "$T"/*.k8s.yaml) || { echo "$out" | head -40; fail=1; }
echo "corpus: $n schema-valid files, $ok converted, $problems refused with a diagnostic, $crash crashed"
echo "corpus objects: $(echo "$out" | tail -2 | tr '\n' ' ')"
[ "$crash" -eq 0 ] || fail=1
# at the time of writing 234 of 285 convert; the rest lack files (secrets, env files) or images
[ "$ok" -ge 220 ] || { echo "too few corpus files convert ($ok)"; fail=1; }
exit $fail
