#!/bin/sh
# The rule engine from the command line: rules/explain, configuration files
# (found by walking up, or --config), --select/--ignore, --severity,
# --max-warnings, exit codes 0/1/2 and clear config errors with locations.
set -u
fail=0
t=build/rules-engine-cli; rm -rf "$t"; mkdir -p "$t/proj/sub"
ok() { if [ "$1" = "$2" ]; then :; else echo "FAIL: $3 (expected $2, got $1)"; fail=$((fail+1)); fi; }
has() { case "$1" in *"$2"*) ;; *) echo "FAIL: $3: output lacks '$2'"; echo "$1" | head -20; fail=$((fail+1));; esac; }

printf 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n' > "$t/proj/sub/compose.yaml"
printf 'services:\n  web:\n    image: nginx:1.27\n' > "$t/clean.yaml"
: > "$t/empty.yaml"

out=$("$CL" rules); ok $? 0 "rules"; has "$out" "CL006  no-version-field" "rules table"
out=$("$CL" explain CL006); ok $? 0 "explain"; has "$out" "Why:" "explain text"
out=$("$CL" explain no-version-fild 2>&1); ok $? 2 "explain unknown"; has "$out" "did you mean 'no-version-field'" "explain suggestion"
out=$("$CL" explain 2>&1); ok $? 2 "explain without rule"

out=$("$CL" --color never "$t/proj/sub/compose.yaml"); ok $? 0 "a warning is shown but does not fail (default --fail-on error)"
has "$out" ":1:1: warning: the top-level 'version' field" "rule report"
"$CL" -q "$t/clean.yaml"; ok $? 0 "clean file"
"$CL" -q --fail-on warning "$t/proj/sub/compose.yaml"; ok $? 1 "--fail-on warning"
"$CL" -q --max-warnings 1 "$t/proj/sub/compose.yaml"; ok $? 0 "--max-warnings 1"
"$CL" -q --max-warnings 0 "$t/proj/sub/compose.yaml"; ok $? 1 "--max-warnings 0"
"$CL" -q --severity error "$t/proj/sub/compose.yaml"; ok $? 0 "--severity error hides warnings"
"$CL" -q --ignore no-version-field "$t/proj/sub/compose.yaml"; ok $? 0 "--ignore"
"$CL" -q --ignore style,CL000 "$t/proj/sub/compose.yaml"; ok $? 0 "--ignore category"
out=$("$CL" --ignore no-versoin-field "$t/proj/sub/compose.yaml" 2>&1); ok $? 2 "--ignore unknown"
has "$out" "did you mean 'no-version-field'" "--ignore suggestion"

# config found by walking up from the file
printf 'rules:\n  no-version-field: error\n' > "$t/proj/.compose-lint.yaml"
out=$("$CL" --color never "$t/proj/sub/compose.yaml"); ok $? 1 "config walk-up"
has "$out" "error: the top-level 'version'" "severity from config"
printf 'rules:\n  no-version-field: off\n' > "$t/proj/.compose-lint.yaml"
"$CL" -q "$t/proj/sub/compose.yaml"; ok $? 0 "rule off in config"
out=$("$CL" --select no-version-field --fail-on warning --color never "$t/proj/sub/compose.yaml"); ok $? 1 "--select beats config"
# bad config: location, did you mean, exit 2
printf 'rules:\n  no-version-field: off\n  no-versoin-field: on\n' > "$t/proj/.compose-lint.yaml"
out=$("$CL" --color never "$t/proj/sub/compose.yaml" 2>&1); ok $? 2 "bad config exit"
has "$out" ".compose-lint.yaml:3:3: error: unknown rule 'no-versoin-field' (did you mean 'no-version-field'?)" "bad config location"
printf 'rules:\n  a: 1\n  a: 2\n' > "$t/proj/.compose-lint.yaml"
out=$("$CL" --color never "$t/proj/sub/compose.yaml" 2>&1); ok $? 2 "duplicate key in config"
has "$out" ".compose-lint.yaml:3:3: error:" "duplicate key location"
printf 'rules: [\n' > "$t/bad.yaml"
out=$("$CL" --config "$t/bad.yaml" "$t/clean.yaml" 2>&1); ok $? 2 "--config syntax error"
has "$out" "bad.yaml:" "syntax error location"
out=$("$CL" --config "$t/missing.yaml" "$t/clean.yaml" 2>&1); ok $? 2 "--config missing"
has "$out" "missing.yaml" "missing config named"
printf 'rules:\n  no-version-field: [2]\n' > "$t/dclint.yaml"
out=$("$CL" --config "$t/dclint.yaml" --color never "$t/proj/sub/compose.yaml" 2>&1); ok $? 1 "dclint level form"
has "$out" "error: the top-level" "dclint level 2 = error"

# suppressions end to end
printf 'version: "3" # compose-lint disable-line no-version-field\nservices:\n  web:\n    image: nginx:1.27\n' > "$t/supp.yaml"
"$CL" -q --config "$t/dclint.yaml" "$t/supp.yaml"; ok $? 0 "disable-line"
# --fix / --diff: mode kept, unchanged files untouched, stdin fixed to stdout, diff writes nothing
printf 'version: "3"\nservices:\n  web:\n    image: nginx:1.27\n' > "$t/fix.yaml"
cp "$t/fix.yaml" "$t/fix.orig"
chmod 640 "$t/fix.yaml"
out=$("$CL" --config "$t/empty.yaml" --fail-on warning --diff "$t/fix.yaml" 2>&1); ok $? 1 "--diff exit"
has "$out" "-version: \"3\"" "--diff shows the removed line"
cmp -s "$t/fix.yaml" "$t/fix.orig" || { echo "FAIL: --diff wrote the file"; fail=$((fail+1)); }
"$CL" --config "$t/empty.yaml" -q --fix "$t/fix.yaml"; ok $? 0 "--fix leaves nothing to report"
ok "$(stat -c %a "$t/fix.yaml")" 640 "--fix keeps the file mode"
ok "$(head -1 "$t/fix.yaml")" "services:" "--fix removed the version line"
ls "$t"/fix.yaml.cl-tmp.* >/dev/null 2>&1 && { echo "FAIL: temporary file left behind"; fail=$((fail+1)); }
touch -d '2001-01-01' "$t/clean.yaml"
"$CL" --config "$t/empty.yaml" -q --fix "$t/clean.yaml"; ok $? 0 "--fix on a clean file"
ok "$(stat -c %Y "$t/clean.yaml")" "$(date -d 2001-01-01 +%s)" "an unchanged file is not rewritten"
out=$(cat "$t/fix.orig" | "$CL" --config "$t/empty.yaml" --fix - 2>/dev/null); ok $? 0 "--fix on stdin"
ok "$(printf '%s\n' "$out" | head -1)" "services:" "--fix on stdin prints the fixed text on stdout"
out=$(cat "$t/fix.orig" | "$CL" --config "$t/empty.yaml" --fail-on warning --diff - 2>&1); ok $? 1 "--diff on stdin"
has "$out" "-version" "--diff on stdin prints the diff"
echo "rules engine cli: $fail failure(s)"
[ "$fail" -eq 0 ]
