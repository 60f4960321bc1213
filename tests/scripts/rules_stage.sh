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

# every code a stage reports is a registered rule (so --ignore, explain and SARIF know it)
names=$("$CL" rules --format names)
for code in $(grep -rhoE '"(yaml|schema|compose|interpolation|env-file|convert|include|extends|project|depends-on|config|fix)(-[a-z0-9]+)*"' \
                parser schema model emitters cli rules/config.c | tr -d '"' | sort -u); do
  case "$code" in *-*) ;; *) continue;; esac   # one word: a key or a command, not a code (extends, include: below)
  [ "$code" = compose-lint ] && continue
  printf '%s\n' "$names" | grep -qx "$code" || bad "stage code '$code' is not a registered rule"
done
for code in extends include; do printf '%s\n' "$names" | grep -qx "$code" || bad "stage code '$code' is not a registered rule"; done

# every stage rule is listed, explained, and can be named by code
"$CL" rules | grep -q '^CL640  interpolation-unset .* stage$' || bad "rules does not list interpolation-unset as a stage rule"
"$CL" rules | grep -q '^CL600  yaml-syntax .* always .* stage, fatal$' || bad "rules does not mark yaml-syntax always on"
"$CL" explain CL640 | grep -q 'interpolation-unset' || bad "explain CL640"
"$CL" explain schema-unknown-key >/dev/null || bad "explain schema-unknown-key"

# one unset variable used 5 times: one finding, at its first use
U="$F/unset-five.yaml"
got=$("$CL" --select interpolation-unset --format compact --color never "$U" | grep -F '[interpolation-unset]')
[ "$(printf '%s\n' "$got" | grep -c '"TAG"')" = 1 ] || bad "TAG reported more than once: $got"
printf '%s\n' "$got" | grep -q ':3:19: .*"TAG" variable is not set.*; also used in 4 other places$' || bad "TAG not at its first use with a count: $got"
printf '%s\n' "$got" | grep -q '"OTHER" variable is not set; defaulting to a blank string$' || bad "OTHER (one use) changed: $got"

# --ignore, the config file and inline suppressions accept a stage rule
"$CL" --ignore interpolation-unset --format compact "$U" | grep -q interpolation-unset && bad "--ignore interpolation-unset"
"$CL" --ignore CL640 --format compact "$U" | grep -q interpolation-unset && bad "--ignore CL640"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
printf 'rules:\n  interpolation-unset: error\n' > "$T/sev.yaml"
"$CL" --config "$T/sev.yaml" --format compact "$U" | grep -q 'error \[interpolation-unset\]' || bad "configured severity not applied"
printf 'rules:\n  interpolation-unset: off\n' > "$T/off.yaml"
"$CL" --config "$T/off.yaml" --format compact "$U" | grep -q interpolation-unset && bad "rules: interpolation-unset: off"
printf 'services:\n  web:\n    image: "nginx:${TAG}"  # compose-lint disable-line interpolation-unset\n' > "$T/line.yaml"
out=$("$CL" --format compact "$T/line.yaml")
printf '%s\n' "$out" | grep -q -e interpolation-unset -e unused-suppression && bad "disable-line interpolation-unset: $out"

# convert applies the configuration too, and reports an unset variable once
out=$("$CL" convert --to kubernetes "$U" 2>&1 >/dev/null)
[ "$(printf '%s\n' "$out" | grep -c 'interpolation-unset')" = 2 ] || bad "convert: one interpolation-unset per variable: $out"
out=$("$CL" convert --to kubernetes --ignore interpolation-unset "$U" 2>&1 >/dev/null)
printf '%s\n' "$out" | grep -q interpolation-unset && bad "convert --ignore interpolation-unset: $out"

# a fatal one cannot be turned off (usage error) nor suppressed
out=$("$CL" --ignore yaml-syntax "$U" 2>&1); rc=$?
[ $rc = 2 ] || bad "--ignore yaml-syntax exits $rc"
printf '%s\n' "$out" | grep -q "rule 'yaml-syntax' cannot be turned off" || bad "--ignore yaml-syntax message: $out"
printf 'rules:\n  yaml-duplicate-key: warning\n' > "$T/fatal.yaml"
"$CL" --config "$T/fatal.yaml" "$U" >/dev/null 2>&1; rc=$?
[ $rc = 2 ] || bad "rules: yaml-duplicate-key: warning exits $rc"
"$CL" -q --ignore correctness --select all "$U" >/dev/null 2>&1; rc=$?
[ $rc -le 1 ] || bad "--ignore correctness (holding fatal rules) exits $rc"
printf 'services:\n  web:\n    image: a\n    image: b  # compose-lint disable-line yaml-duplicate-key\n' > "$T/dup.yaml"
"$CL" --format compact "$T/dup.yaml" | grep -q 'yaml-duplicate-key' || bad "yaml-duplicate-key was suppressed"
printf 'services:\n  web:\n    image: a\n    restrat: b  # compose-lint disable-line compose-root\n' > "$T/fs.yaml"
"$CL" --format compact "$T/fs.yaml" | grep -q "'compose-root' cannot be suppressed" || bad "suppressing a fatal rule is not reported"

echo "stage rules: $fail failure(s)"
[ "$fail" -eq 0 ]
