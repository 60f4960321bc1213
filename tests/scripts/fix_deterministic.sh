#!/bin/sh
# --fix gives one result whatever the threads did: the same file fixed several
# times on two threads, and once on one (--jobs 1), ends byte-identical, with
# the same count of fixed problems. A pass takes the fixes that do not collide
# in the order of the findings; the project rules' findings are made on
# whichever thread claims each rule first, so before the findings were sorted
# for a pass, two edits wanting one place (cap_drop and security_opt added at
# the end of a service) came out in either order from run to run.
# Uses the ASan binary (CL) on a small stack and the release binary (CL_REL)
# on a bigger one, where the threads race the most.
set -u
fail=0
T=$(mktemp -d /tmp/cl-fixdet.XXXXXX)
trap 'rm -rf "$T"' EXIT
# same BIN N RUNS: N services, RUNS runs on two threads and one on one
same() {
  sh bench/gen.sh "$2" > "$T/src.yaml"
  cp "$T/src.yaml" "$T/one.yaml"
  c1=$("$1" --jobs 1 check --select all --fix --unsafe-fixes "$T/one.yaml" 2>&1 | grep -o 'Fixed [0-9]* problems*')
  if cmp -s "$T/one.yaml" "$T/src.yaml"; then echo "FAIL $2 services: nothing was fixed (the check proves nothing)"; fail=$((fail+1)); return; fi
  for i in $(seq "$3"); do
    cp "$T/src.yaml" "$T/two.yaml"
    c2=$("$1" --jobs 2 check --select all --fix --unsafe-fixes "$T/two.yaml" 2>&1 | grep -o 'Fixed [0-9]* problems*')
    if ! cmp -s "$T/one.yaml" "$T/two.yaml" || [ "$c1" != "$c2" ]; then
      echo "FAIL $2 services, run $i: two threads fixed it otherwise than one ('$c2' against '$c1')"
      diff "$T/one.yaml" "$T/two.yaml" | head -6
      fail=$((fail+1)); return
    fi
  done
  echo "ok   $2 services: $3 runs on two threads fixed it as one thread did ($c1)"
}
same "$CL" 150 4
same "$CL_REL" 1500 8
[ "$fail" -eq 0 ]
