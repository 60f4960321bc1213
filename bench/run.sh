#!/bin/sh
# run.sh - `make bench`: speed and memory of compose-lint on generated stacks.
# Prints the speed issue's table (bench/table.sh, medians), then best of 3
# wall times and peak RSS by stage. Not part of `make check`.
set -eu
cd "$(dirname "$0")/.."
B=build/bench
mkdir -p "$B"
CFL="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror"
cc $CFL -o $B/events_only bench/events_only.c $(pkg-config --cflags --libs libfyaml)
cc $CFL -o $B/measure bench/measure.c
LIBOBJ=$(ls parser/*.c schema/*.c model/*.c rules/*.c emitters/*.c cli/*.c | grep -v '^cli/main.c' | sed 's|^\(.*\)\.c$|build/rel/\1.o|')
cc $CFL -o $B/stages bench/stages.c $LIBOBJ $(pkg-config --libs libfyaml libpcre2-8) -lm -lpthread
for n in 1000 10000 20000; do
  [ -s $B/stack-$n.yaml ] || sh bench/gen.sh $n > $B/stack-$n.yaml
done
best() { # best wall and its rss over 3 runs: prints "wall rss"
  b=""; for _ in 1 2 3; do r=$($B/measure "$@"); w=${r%% *}; rest=${r#* }; m=${rest%% *}
    if [ -z "$b" ] || awk "BEGIN{exit !($w < ${b%% *})}"; then b="$w $m"; fi; done; echo "$b"; }
echo "the speed issue's table (bench/table.sh; medians of 7 rounds, 21 for the lean shapes, each row paired with its peer):"
sh bench/table.sh | tee $B/table.txt
echo
printf "%-8s %10s | %-22s | %-22s | %-22s | %s\n" services size "events-only s / MB" "parse+model s / MB" "compose-lint check s/MB" "model/events"
for n in 1000 10000 20000; do
  f=$B/stack-$n.yaml
  size=$(wc -c < $f)
  e=$(best $B/events_only $f)
  s=$(best $B/stages $f)
  c=$(best ./compose-lint --quiet $f)
  # parse+model time measured inside the process (excludes process start and file read)
  pm=$($B/stages $f | awk '/^parse\+model/{print $2}')
  printf "%-8s %10s | %8s s %7.1f MB | %8s s %7.1f MB | %8s s %7.1f MB | %s\n" $n $size \
    ${e%% *} $(awk "BEGIN{print ${e#* }/1024}") $pm $(awk "BEGIN{print ${s#* }/1024}") \
    ${c%% *} $(awk "BEGIN{print ${c#* }/1024}") $(awk "BEGIN{printf \"%.2f\", $pm/${e%% *}}")
  eval "pm_$n=$pm"
done
echo
echo "linearity: parse+model 20k/10k = $(awk "BEGIN{printf \"%.2f\", $pm_20000/$pm_10000}")"
echo "compose-lint check on the 10,000-service file (wall s, peak KB, exit, cpu s; best of 3):"
for j in 2 1; do
  b=""; for _ in 1 2 3; do r=$($B/measure ./compose-lint --quiet --jobs $j $B/stack-10000.yaml)
    if [ -z "$b" ] || awk "BEGIN{exit !(${r%% *} < ${b%% *})}"; then b=$r; fi; done
  echo "  --jobs $j: $b$( [ $j = 1 ] && echo '   (one core: no stage threads)')"
done
echo "stages on the 10,000-service file:"
$B/stages $B/stack-10000.yaml
echo
echo "instructions (callgrind, repeatable whatever the machine's load) on the 10,000-service file:"
if command -v valgrind >/dev/null 2>&1; then
  ev=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $B/events_only $B/stack-10000.yaml 2>&1 >/dev/null | awk '/refs:/{gsub(",","",$NF); print $NF}')
  pm=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='cl_doc_parse' $B/stages $B/stack-10000.yaml 2>&1 >/dev/null | awk '/refs:/{gsub(",","",$NF); print $NF}')
  echo "events-only: $ev   parse+model (cl_doc_parse, includes its libfyaml events): $pm   ratio $(awk "BEGIN{printf \"%.2f\", $pm/$ev}")"
fi
echo
echo "schema validation (issue 3 figure: at most 30% of parse+model) on the 10,000-service file:"
pmb=""; vb=""
for _ in 1 2 3; do
  r=$($B/stages $B/stack-10000.yaml)
  p=$(printf '%s\n' "$r" | awk '/^parse\+model/{print $2}'); v=$(printf '%s\n' "$r" | awk '/^validate/{print $2}')
  if [ -z "$pmb" ] || awk "BEGIN{exit !($p < $pmb)}"; then pmb=$p; fi
  if [ -z "$vb" ] || awk "BEGIN{exit !($v < $vb)}"; then vb=$v; fi
done
echo "wall, best of 3: parse+model $pmb s, validate $vb s: +$(awk "BEGIN{printf \"%.1f\", 100*$vb/$pmb}")%"
if command -v valgrind >/dev/null 2>&1; then
  ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="$1" $B/stages $B/stack-10000.yaml 2>&1 >/dev/null | awk '/refs:/{gsub(",","",$NF); print $NF}'; }
  pi=$(ir cl_doc_parse); vi=$(ir cl_stage_validate)
  echo "instructions: parse+model $pi, validate $vi: +$(awk "BEGIN{printf \"%.1f\", 100*$vi/$pi}")%"
fi
echo
sh bench/rules.sh
echo
echo "peers (written to BENCHMARKS.md):"
sh bench/peers.sh
