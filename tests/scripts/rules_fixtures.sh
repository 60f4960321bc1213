#!/bin/sh
# Every dclint-compatible rule has tests/fixtures/rules/<name>/ with
#   failing.yaml + failing.expected  what the rule alone reports (compact format;
#                                    other stages' findings, e.g. schema, are left out)
#   passing.yaml                     nothing reported by the rule, no unused suppression
#   suppressed.yaml                  the failing case silenced by inline comments
#   fixed.yaml                       (fixable rules) failing.yaml after --fix;
#                                    a second --fix changes nothing
set -u
root=$(pwd)
work="$root/build/rules-fixtures"; rm -rf "$work"; mkdir -p "$work"
: > "$work/empty-config.yaml"
cfg="--config $work/empty-config.yaml"
fail=0; n=0
bad() { echo "FAIL $1: $2"; fail=$((fail+1)); }
for r in no-build-and-image no-duplicate-container-names no-duplicate-exported-ports no-quotes-in-volumes \
         no-unbound-port-interfaces no-version-field require-project-name-field require-quotes-in-ports \
         service-container-name-regex service-dependencies-alphabetical-order service-image-require-explicit-tag \
         service-keys-order service-ports-alphabetical-order services-alphabetical-order top-level-properties-order; do
  d="tests/fixtures/rules/$r"
  [ -d "$d" ] || { bad "$r" "no fixtures"; continue; }
  for f in failing.yaml failing.expected passing.yaml suppressed.yaml; do [ -f "$d/$f" ] || bad "$r" "missing $f"; done
  n=$((n+1))
  # shellcheck disable=SC2086
  got=$(cd "$d" && "$CL" $cfg --select "$r" --format compact --color never failing.yaml); rc=$?
  got=$(printf '%s\n' "$got" | grep -F "[$r]")
  [ "$rc" -le 1 ] || bad "$r" "failing.yaml exit $rc"
  [ -n "$got" ] || bad "$r" "failing.yaml reports nothing"
  [ "$got" = "$(cat "$d/failing.expected")" ] || { bad "$r" "failing.yaml report differs"; printf '%s\n' "$got" | diff "$d/failing.expected" - | head -10; }
  for f in passing suppressed; do
    # shellcheck disable=SC2086
    got=$(cd "$d" && "$CL" $cfg --select "$r,unused-suppression" --format compact --color never $f.yaml); rc=$?
    got=$(printf '%s\n' "$got" | grep -F -e "[$r]" -e "[unused-suppression]")
    [ "$rc" -le 1 ] && [ -z "$got" ] || { bad "$r" "$f.yaml: exit $rc, reported: $got"; }
  done
  fixable=1
  "$CL" explain "$r" | head -1 | grep -q 'fix: none' && fixable=0
  if [ $fixable = 1 ]; then
    [ -f "$d/fixed.yaml" ] || { bad "$r" "fixable rule without fixed.yaml"; continue; }
    cp "$d/failing.yaml" "$work/$r.yaml"
    # shellcheck disable=SC2086
    "$CL" $cfg --select "$r" -q --fix "$work/$r.yaml"; rc=$?
    [ "$rc" -le 1 ] || bad "$r" "--fix exit $rc"
    cmp -s "$work/$r.yaml" "$d/fixed.yaml" || { bad "$r" "--fix result differs from fixed.yaml"; diff "$d/fixed.yaml" "$work/$r.yaml" | head -10; }
    cp "$work/$r.yaml" "$work/$r.again.yaml"
    # shellcheck disable=SC2086
    "$CL" $cfg --select "$r" -q --fix "$work/$r.again.yaml"
    cmp -s "$work/$r.yaml" "$work/$r.again.yaml" || bad "$r" "a second --fix changed the file"
    # --diff writes nothing and its patch gives the fixed file
    cp "$d/failing.yaml" "$work/$r.diff.yaml"
    # shellcheck disable=SC2086
    (cd "$work" && "$CL" $cfg --select "$r" --diff --format compact "$r.diff.yaml" > "$r.out")
    cmp -s "$work/$r.diff.yaml" "$d/failing.yaml" || bad "$r" "--diff wrote the file"
    command -v patch >/dev/null 2>&1 || sh scripts/deps.sh patch >/dev/null 2>&1
    if command -v patch >/dev/null 2>&1; then
      sed -n '/^--- /,$p' "$work/$r.out" | grep -E '^(---|\+\+\+|@@| |-|\+|\\)' > "$work/$r.patch"
      (cd "$work" && patch -s "$r.diff.yaml" < "$r.patch") && cmp -s "$work/$r.diff.yaml" "$d/fixed.yaml" || bad "$r" "--diff output does not patch failing.yaml into fixed.yaml"
    else
      bad "$r" "patch(1) is missing and could not be installed"
    fi
  elif [ -f "$d/fixed.yaml" ]; then
    bad "$r" "fixed.yaml for a rule without a fix"
  fi
done
echo "rule fixtures: $n rules, $fail failure(s)"
[ "$fail" -eq 0 ] && [ "$n" -eq 15 ]
