#!/bin/sh
# shellcheck disable=SC2086,SC2046  # CFL and pkg-config output are word lists
# table.sh - the speed issue's table (run by bench/run.sh, or alone after
# `make`): medians of 5 runs (wall, cpu, peak memory; output to /dev/null) of
# `check` and each converter and `config` on the 10,000-service file (goal:
# within 2x check's time and memory, 20k/10k <= 2.2), the three lean shapes of
# bench/gen_lean.sh under `check --select all` (goal: within 5x the floor's
# time, 20x the file's size in memory), and the floor: libfyaml's events pass
# (bench/events_only.c) in each way libfyaml reads a file. Each row has its
# peer beside it: the floor for check and the lean shapes (whose memory is
# measured against the file's size), check for the converters and config.
set -eu
cd "$(dirname "$0")/.."
B=build/bench
CFL="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror"
mkdir -p $B
cc $CFL -o $B/events_only bench/events_only.c $(pkg-config --cflags --libs libfyaml)
cc $CFL -o $B/measure bench/measure.c
for n in 10000 20000; do
  [ -s $B/stack-$n.yaml ] || sh bench/gen.sh $n > $B/stack-$n.yaml
  for s in anchor volumes flow; do
    [ -s $B/lean-$s-$n.yaml ] || sh bench/gen_lean.sh $s $n > $B/lean-$s-$n.yaml
  done
done
RUNS=${RUNS:-5}
# med CMD...: "wall cpu peak_kb" medians over RUNS runs
med() {
  for _ in $(seq "$RUNS"); do $B/measure "$@"; done |
    awk '{ w[NR] = $1; k[NR] = $2; c[NR] = $4 }
         function m(a,  n, i, j, t) { n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
         END { printf "%.4f %.4f %d\n", m(w), m(c), m(k) }'
}
echo "load: $(uptime | sed 's/.*load average: //')"
printf "%-26s %8s %8s %8s | %-22s %8s %8s | %7s %8s %7s\n" row "wall s" "cpu s" "peak MB" peer "wall s" "MB" "x time" "x memory" "20k/10k"
# row LABEL PEER PEER_WALL PEER_KB FILE CMD...: CMD FILE, then CMD on FILE's
# 20,000 twin; x time and x memory against the peer's (for the lean shapes
# the peer's memory is the file's size)
row() {
  label=$1 peer=$2 rw=$3 rk=$4 f=$5; shift 5
  r=$(med "$@" "$f")
  r2=$(med "$@" "$(echo "$f" | sed 's/10000/20000/')")
  echo "$label $peer $r $r2 $rw $rk" | awk '{ printf "%-26s %8.4f %8.4f %8.1f | %-22s %8.4f %8.1f | %6.2fx %7.2fx %7.2f\n", $1, $3, $4, $5 / 1024, $2, $9, $10 / 1024, ($9 > 0 ? $3 / $9 : 0), ($10 > 0 ? $5 / $10 : 0), ($3 > 0 ? $6 / $3 : 0) }'
}
S=$B/stack-10000.yaml
ev=$(med $B/events_only --file $S)
evw=$(echo "$ev" | cut -d' ' -f1); evk=$(echo "$ev" | cut -d' ' -f3)
# the floor: each way libfyaml reads a file, against --file (libfyaml maps it itself)
for how in file string mmap fp; do
  row "floor:events-$how(10k)" "events-file" "$evw" "$evk" $S $B/events_only --$how
done
ck=$(med ./compose-lint check $S)
cw=$(echo "$ck" | cut -d' ' -f1); ckb=$(echo "$ck" | cut -d' ' -f3)
row "check(10k)" "events-file" "$evw" "$evk" $S ./compose-lint check
for to in swarm kubernetes run; do
  row "convert-$to(10k)" "check(10k)" "$cw" "$ckb" $S ./compose-lint convert --to $to
done
row "config(10k)" "check(10k)" "$cw" "$ckb" $S ./compose-lint config
for s in anchor volumes flow; do
  f=$B/lean-$s-10000.yaml
  e=$(med $B/events_only --file "$f")
  size_kb=$(wc -c < "$f")
  size_kb=$((size_kb / 1024))
  row "lean-$s(10k)" "events-file;file-size" "$(echo "$e" | cut -d' ' -f1)" "$size_kb" "$f" ./compose-lint check --select all
done
