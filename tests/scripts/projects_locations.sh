#!/bin/sh
# Findings in a file the project reads on the way (an extends file here; an
# include file or .env the same way) keep their file and position in every
# report format: the sources stay alive until the report is written.
set -u
D=tests/fixtures/projects/extends-location
fail=0
bad() { echo "FAIL $1"; fail=1; }
unset CL_TEST_UNSET_TAG
out=$(cd "$D" && "$CL" --format compact compose.yaml)
printf '%s\n' "$out" | grep -q '^common.yaml:3:19: warning \[interpolation-unset\]' || bad "compact: no common.yaml:3:19 ($out)"
out=$(cd "$D" && "$CL" --format github compose.yaml)
printf '%s\n' "$out" | grep -q '::warning file=common.yaml,line=3,col=19,' || bad "github: no file=common.yaml ($out)"
out=$(cd "$D" && "$CL" --format sarif compose.yaml)
printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
res = [r for r in d["runs"][0]["results"] if r["ruleId"] == "CL640"]
assert res, "no CL640 result"
loc = res[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "common.yaml", loc
assert loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 19, loc
' || bad "sarif: the result has no location in common.yaml"
out=$(cd "$D" && "$CL" --format json compose.yaml)
printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
fs = json.dumps(d)
assert "common.yaml" in fs, "no common.yaml in the JSON report"
' || bad "json: no common.yaml"
[ $fail -eq 0 ] && echo "projects_locations: ok"
exit $fail
