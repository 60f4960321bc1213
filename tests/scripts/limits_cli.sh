#!/bin/sh
# Every limit, reached from the command line, is a clear error with a location
# (or, for the file count, a clear message) and a non-zero exit; never a crash.
set -u
fail=0
expect() { # expect NAME EXIT_CODE PATTERN CMD...
  name=$1 want=$2 pat=$3; shift 3
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$want" ] || ! printf '%s\n' "$out" | grep -q -- "$pat"; then
    echo "FAIL $name: exit $rc (want $want), output:"; printf '%s\n' "$out" | head -5; fail=$((fail+1))
  else echo "ok   $name"; fi
}
T=build/limits; rm -rf $T; mkdir -p $T/many
printf 'services:\n  web:\n    image: nginx:1.25\n    labels: {a: "1"}\n' > $T/small.yaml
expect file-size 2 "larger than the limit of 10 bytes (--max-file-size)" "$CL" --max-file-size 10 $T/small.yaml
expect depth 1 "small.yaml:4:13: error: nesting is deeper than 3 levels (raise with --max-depth) \[yaml-limit\]" "$CL" --max-depth 3 $T/small.yaml
expect nodes 1 "small.yaml:3:5: error: the file has more than 5 YAML nodes (raise with --max-nodes) \[yaml-limit\]" "$CL" --max-nodes 5 $T/small.yaml
expect alias-bomb 1 "billion-laughs.yaml:8:12: error: aliases expand this document past 10000000 nodes" "$CL" tests/fixtures/yaml/billion-laughs.yaml
expect alias-small 1 "error: aliases expand this document past 3 nodes" "$CL" --max-alias-expansion 3 $T/small.yaml
for i in 1 2 3 4; do cp $T/small.yaml $T/many/compose.$i.yaml; done
expect files 2 "4 files to check, more than the limit of 3 (raise with --max-files)" "$CL" --max-files 3 $T/many
expect files-ok 0 "" "$CL" --max-files 4 --quiet $T/many
expect bad-limit 2 "needs a whole number" "$CL" --max-depth lots $T/small.yaml
# a deep file made of 100,000 nested flow levels is refused, not a stack overflow
python3 -c "print('a: ' + '['*100000 + ']'*100000)" > $T/deep.yaml 2>/dev/null || awk 'BEGIN{s="a: "; for(i=0;i<100000;i++) s=s "["; for(i=0;i<100000;i++) s=s "]"; print s}' > $T/deep.yaml
expect deep-100k 1 "nesting is deeper than 200 levels" "$CL" $T/deep.yaml
echo "$fail failures"
[ "$fail" -eq 0 ]
