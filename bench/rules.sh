#!/bin/sh
# rules.sh - the rule engine's figures (run by bench/run.sh, or alone after
# `make`): all rules on the 10,000-service file against libfyaml's events-only
# pass (target <= 3x), and each rule's 20k/10k time ratio (target <= 2.2:
# nothing quadratic).
set -eu
cd "$(dirname "$0")/.."
B=build/bench
CFL="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror"
mkdir -p $B
[ -x $B/events_only ] || cc $CFL -o $B/events_only bench/events_only.c $(pkg-config --cflags --libs libfyaml)
[ -x $B/measure ] || cc $CFL -o $B/measure bench/measure.c
LIBOBJ=$(ls parser/*.c schema/*.c model/*.c rules/*.c emitters/*.c cli/*.c | grep -v '^cli/main.c' | sed 's|^\(.*\)\.c$|build/rel/\1.o|')
cc $CFL -o $B/rules bench/rules.c $LIBOBJ $(pkg-config --libs libfyaml libpcre2-8) -lm -lpthread
for n in 10000 20000; do
  [ -s $B/stack-$n.yaml ] || sh bench/gen.sh $n > $B/stack-$n.yaml
  $B/rules $B/stack-$n.yaml > $B/rules-$n.txt
done
ev=""; for _ in 1 2 3; do w=$($B/measure $B/events_only $B/stack-10000.yaml | cut -d' ' -f1)
  if [ -z "$ev" ] || awk "BEGIN{exit !($w < $ev)}"; then ev=$w; fi; done
all=$(awk '$1=="all-rules"{print $2}' $B/rules-10000.txt)
all20=$(awk '$1=="all-rules"{print $2}' $B/rules-20000.txt)
echo "rules on the 10,000-service file (all $(grep -c '^rule ' $B/rules-10000.txt) rules, --select all):"
printf "  %-42s %9s %9s %7s %9s\n" rule "10k s" "20k s" 20k/10k "findings"
awk '$1=="rule"{print $2, $3, $4}' $B/rules-10000.txt | sort > $B/rules-a.txt
awk '$1=="rule"{print $2, $3}' $B/rules-20000.txt | sort > $B/rules-b.txt
join $B/rules-a.txt $B/rules-b.txt |
  awk '{ r = ($2 > 0.0005) ? sprintf("%.2f", $4 / $2) : "-"; printf "  %-42s %9.5f %9.5f %7s %9d\n", $1, $2, $4, r, $3 }'
echo "  all rules: $all s (20k: $all20 s, ratio $(awk "BEGIN{printf \"%.2f\", $all20/$all}"))"
echo "  events-only pass: $ev s; all rules / events-only = $(awk "BEGIN{printf \"%.2f\", $all/$ev}") (target <= 3)"
if command -v valgrind >/dev/null 2>&1; then
  echo "instructions (callgrind; repeatable whatever the machine's load):"
  ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/{gsub(",","",$NF); print $NF}'; }
  ev=$(ir $B/events_only $B/stack-10000.yaml)
  r10=$(ir --toggle-collect=bench_stage $B/rules $B/stack-10000.yaml --stage)
  r20=$(ir --toggle-collect=bench_stage $B/rules $B/stack-20000.yaml --stage)
  echo "  events-only 10k: $ev   all rules 10k: $r10   20k: $r20"
  echo "  all rules / events-only = $(awk "BEGIN{printf \"%.2f\", $r10/$ev}") (target <= 3); 20k/10k = $(awk "BEGIN{printf \"%.2f\", $r20/$r10}") (target <= 2.2)"
fi
