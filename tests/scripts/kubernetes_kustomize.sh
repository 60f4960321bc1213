#!/bin/sh
# `compose-lint convert --to kubernetes --layout kustomize -o DIR -f a -f b...`
# end to end: for every case of tests/fixtures/kubernetes/kustomize/<case>/
# (files a.yaml b.yaml, or the list in `files`; options in `opts`),
# `kubectl kustomize DIR/base` renders the same objects as converting the first
# file alone, and `kubectl kustomize DIR/overlays/<stem>` the same as
# converting the files up to <stem> (compared as sorted, canonical JSON by
# kubernetes_same_objects.mjs, yaml@2.6.1); the same for pairs of corpus
# files, one on top of the other. Then what the overlays hold
# (patches of what changed only, deletes, JSON 6902 for plain lists), the
# namespace, and the errors: no -o, one file, a bad --layout, another target,
# '-', two files with one stem, a base that does not convert, --strict, a
# folder that cannot be written (nothing written, no folder left).
set -u
ROOT=$(pwd)
K=tests/fixtures/kubernetes/kustomize
# shellcheck source=tests/scripts/lib/checks.sh
. tests/scripts/lib/checks.sh
command -v kubectl >/dev/null || { echo "FAIL: kubectl is needed: kubectl kustomize renders the layout"; exit 1; }
NPM="$ROOT/build/npm-yaml"
if [ ! -d "$NPM/node_modules/yaml" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund --silent yaml@2.6.1 >/dev/null 2>&1 || { echo "npm install of yaml@2.6.1 failed"; exit 1; }
fi
cp tests/scripts/kubernetes_same_objects.mjs "$NPM/same.mjs"
# same GOT WANT: the two streams hold the same objects (the difference printed when not)
same() { node "$NPM/same.mjs" "$1" "$2" >"$T/same.out" 2>&1 || { sed 's/^/    /' "$T/same.out"; return 1; }; }
# render NAME DIR: kubectl kustomize DIR into $T/got (errors shown)
render() { kubectl kustomize "$2" >"$T/got" 2>"$T/kerr" || { echo "    kubectl kustomize $2:"; sed 's/^/    /' "$T/kerr"; return 1; }; }

n=0
for dir in "$K"/*/; do
  c=$(basename "$dir")
  files=$(cat "$dir/files" 2>/dev/null || echo "a.yaml b.yaml")
  opts=$(cat "$dir/opts" 2>/dev/null || true)
  fargs=""
  for f in $files; do fargs="$fargs -f $dir$f"; done
  # shellcheck disable=SC2086
  "$CL" convert --to kubernetes --layout kustomize -q $opts $fargs -o "$T/$c" >"$T/stdout" 2>"$T/err"; rc=$?
  check "$c: exit 0 (got $rc: $(head -3 "$T/err"))" '[ $rc -eq 0 ] && [ ! -s "$T/stdout" ] && san "$T/err"'
  upto=""
  for f in $files; do
    upto="$upto -f $dir$f"
    stem=${f%.yaml}
    if [ "$f" = "${files%% *}" ]; then layer=base; else layer=overlays/$stem; fi
    # shellcheck disable=SC2086
    "$CL" convert --to kubernetes -q $opts $upto >"$T/want" 2>"$T/err"
    check "$c: $layer renders as convert$upto" 'render "$c" "$T/$c/$layer" && same "$T/got" "$T/want"'
    n=$((n+1))
  done
done
check "every case was rendered ($n layers)" '[ $n -ge 20 ]'

# corpus pairs: every sixth schema-valid corpus file on top of the one before it
# (unrelated projects: services that share a name change, the others come and go)
C="$SHARED/corpus"
[ -f "$C/baseline.tsv" ] || { echo "FAIL: corpus not found at $C"; exit 1; }
pairs=0; prev=""; i=0
for f in $(tail -n +2 "$C/baseline.tsv" | awk -F'\t' '$2 == "valid" { print $1 }'); do
  i=$((i+1))
  if [ $((i % 6)) -eq 0 ] && [ -n "$prev" ] &&
     "$CL" convert --to kubernetes --layout kustomize -q -f "$C/$prev" -f "$C/$f" -o "$T/pair$i" 2>/dev/null; then
    stem=$(basename "$f"); stem=${stem%.yaml}; stem=${stem%.yml}
    "$CL" convert --to kubernetes -q -f "$C/$prev" -f "$C/$f" >"$T/want" 2>/dev/null
    check "corpus: $prev + $f" 'render pair "$T/pair$i/overlays/$stem" && same "$T/got" "$T/want"'
    pairs=$((pairs+1))
  fi
  prev=$f
done
check "enough corpus pairs convert ($pairs)" '[ $pairs -ge 25 ]'

# what the overlays hold
O=$T/image-tag/overlays/b
check "image-tag: one patch, nothing else" '[ "$(ls "$O" | tr "\n" " ")" = "kustomization.yaml web-deployment.patch.yaml " ]'
check "image-tag: the patch holds the new image and not the rest" 'grep -q "image: registry.example.com/shop/web:1.5.0" "$O/web-deployment.patch.yaml" && ! grep -q "selector\|worker" "$O/web-deployment.patch.yaml"'
check "image-tag: built on the base" 'grep -q "^- ../../base$" "$O/kustomization.yaml"'
check "replicas: replicas and resources patched" 'grep -q "replicas: 4" "$T/replicas/overlays/b/api-deployment.patch.yaml" && grep -q "memory: 256Mi" "$T/replicas/overlays/b/api-deployment.patch.yaml"'
check "env: the password goes to a new Secret" '[ -f "$T/env/overlays/b/app-env-secret.yaml" ] && grep -q "^- app-env-secret.yaml" "$T/env/overlays/b/kustomization.yaml"'
check "add-service: the new objects are resources of the overlay" 'grep -q "^- cache-deployment.yaml" "$T/add-service/overlays/b/kustomization.yaml" && grep -q "^- cache-data-persistentvolumeclaim.yaml" "$T/add-service/overlays/b/kustomization.yaml"'
O=$T/removed/overlays/b
check "removed: the service out of the profile is deleted" 'grep -q "^\$patch: delete" "$O/debug-deployment.delete.yaml" && grep -q "debug-deployment.delete.yaml" "$O/kustomization.yaml"'
check "removed: the Service of the reset ports is deleted" 'grep -q "^\$patch: delete" "$O/web-service.delete.yaml"'
check "removed: the reset volume mounts go" 'grep -q "volumeMounts: null" "$O/web-deployment.patch.yaml"'
check "ports: the lists are replaced, no empty strategic patch" '[ -f "$T/ports/overlays/b/web-service.json6902.yaml" ] && [ ! -e "$T/ports/overlays/b/web-deployment.patch.yaml" ]'
O=$T/command/overlays/b
check "command: the args list is a JSON 6902 replace" 'grep -q "op: replace" "$O/job-deployment.json6902.yaml" && grep -q "path: /spec/template/spec/containers/0/args" "$O/job-deployment.json6902.yaml"'
check "command: the JSON 6902 patch names its target" 'grep -A5 "job-deployment.json6902.yaml" "$O/kustomization.yaml" | grep -q "kind: Deployment"'
check "chain: prod is built on staging" 'grep -q "^- ../staging$" "$T/chain/overlays/prod/kustomization.yaml" && grep -q "^- ../../base$" "$T/chain/overlays/staging/kustomization.yaml"'
check "chain: prod patches only what prod changes" '! grep -q "shop/web:1.1-rc1\|db" "$T/chain/overlays/prod/web-deployment.patch.yaml" && grep -q "replicas: 6" "$T/chain/overlays/prod/web-deployment.patch.yaml"'
# --namespace: a Namespace object in base/, namespace: in every kustomization, none in the objects
B=$T/namespace/base
check "namespace: base sets it" 'grep -q "^namespace: shop$" "$B/kustomization.yaml" && grep -q "^namespace: shop$" "$T/namespace/overlays/b/kustomization.yaml"'
check "namespace: a Namespace object" 'grep -q "^kind: Namespace" "$B/shop-namespace.yaml" && grep -q "^- shop-namespace.yaml" "$B/kustomization.yaml"'
check "namespace: the objects leave it to kustomize" '! grep -q "namespace: shop" "$B/web-deployment.yaml" "$T/namespace/overlays/b/admin-deployment.yaml"'
"$CL" convert --to kubernetes -q --namespace shop -f "$K/namespace/a.yaml" >"$T/ns.yaml"
check "namespace: first in the stream" '[ "$(grep -m1 "^kind:" "$T/ns.yaml")" = "kind: Namespace" ]'

# one file: base/ only
"$CL" convert --to kubernetes --layout kustomize -q -f "$K/image-tag/a.yaml" -o "$T/one" 2>"$T/err"; rc=$?
check "one file: exit 0, base/ only (got $rc)" '[ $rc -eq 0 ] && [ -f "$T/one/base/kustomization.yaml" ] && [ ! -e "$T/one/overlays" ]'

# usage errors: exit 2, a message, nothing written
A=$K/image-tag/a.yaml; B2=$K/image-tag/b.yaml
usage() { # NAME GREP ARGS...
  name=$1; msg=$2; shift 2
  "$CL" convert "$@" >"$T/stdout" 2>"$T/err"; rc=$?
  check "$name: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q -- "$msg" "$T/err" && [ ! -s "$T/stdout" ] && san "$T/err"'
  check "$name: nothing written" '[ ! -e "$T/u" ]'
}
usage "no -o" "name it with -o DIR" --to kubernetes --layout kustomize -f "$A" -f "$B2"
usage "-o -" "name it with -o DIR" --to kubernetes --layout kustomize -f "$A" -f "$B2" -o -
usage "unknown layout" "--layout takes kustomize or helm, got 'kustomise'" --to kubernetes --layout kustomise -f "$A" -f "$B2" -o "$T/u"
usage "layout of swarm" "needs --to kubernetes" --to swarm --layout kustomize -f "$A" -f "$B2" -o "$T/u"
usage "standard input" "standard input" --to kubernetes --layout kustomize -f "$A" -f - -o "$T/u"
usage "one stem twice" "would both be overlays/b" --to kubernetes --layout kustomize -f "$A" -f "$B2" -f "$K/add-service/b.yaml" -o "$T/u"
: >"$T/file"
"$CL" convert --to kubernetes --layout kustomize -f "$A" -o "$T/file" 2>"$T/err"; rc=$?
check "-o a file: exit 2 (got $rc)" '[ $rc -eq 2 ] && grep -q "is not a directory" "$T/err" && [ ! -s "$T/file" ]'

# a base that does not convert alone: exit 1, the reason, nothing written
printf 'services:\n  web:\n    ports: ["80:80"]\n' >"$T/noimage.yaml"
printf 'services:\n  web:\n    image: web:1\n' >"$T/image.yaml"
"$CL" convert --to kubernetes --layout kustomize -f "$T/noimage.yaml" -f "$T/image.yaml" -o "$T/u" 2>"$T/err"; rc=$?
check "base that does not convert: exit 1 (got $rc)" '[ $rc -eq 1 ] && grep -q "first file.s project alone cannot be converted" "$T/err" && [ ! -e "$T/u" ] && san "$T/err"'
# --strict with warnings: nothing written
printf 'services:\n  web:\n    volumes: ["./data:/data"]\n' >"$T/bind.yaml"
"$CL" convert --to kubernetes --layout kustomize --strict -q -f "$A" -f "$T/bind.yaml" -o "$T/u" 2>"$T/err"; rc=$?
check "--strict fails and writes nothing (got $rc)" '[ $rc -eq 1 ] && [ ! -e "$T/u" ]'
# all or nothing: overlays/ is a file, so no folder and no file of the set stays
mkdir "$T/w" && : >"$T/w/overlays"
"$CL" convert --to kubernetes --layout kustomize -f "$A" -f "$B2" -o "$T/w" 2>"$T/err"; rc=$?
check "unwritable overlay: exit 1, nothing left (got $rc)" '[ $rc -eq 1 ] && [ "$(ls -A "$T/w")" = overlays ] && grep -q "cannot create" "$T/err"'

[ $fail -eq 0 ] && echo "kubernetes kustomize: $n layers and $pairs corpus pairs render as their files converted; all checks passed"
exit $fail
