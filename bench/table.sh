#!/bin/sh
# shellcheck disable=SC2086,SC2046  # CFL and pkg-config output are word lists
# table.sh - the speed issue's table (run by bench/run.sh, or alone after
# `make`): medians of 7 rounds, 21 for the lean shapes (wall, cpu, peak memory; output to /dev/null),
# each row taking turns with its peer and its 20,000 twin, of `check` and each
# converter and `config` on the 10,000-service file (goal: within 2x check's
# time and memory, 20k/10k <= 2.2), the three lean shapes of bench/gen_lean.sh under `check --select all` (goal: within 5x the floor's
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
RUNS=${RUNS:-7}
# med3 "ROW CMD" "PEER CMD" "ROW CMD ON THE 20,000 FILE": RUNS rounds, each
# running the three in turn (paired: a host that drifts moves all three
# alike), then "wall cpu peak_kb" medians of each, and the medians of each
# round's row/peer and 20k/row wall ratios (as farm-bench pairs: a round the
# host slowed down moves a ratio of medians, not the median of the rounds'
# ratios), on one line
med3() {
  for _ in $(seq "$RUNS"); do
    echo "a $($B/measure $1)"; echo "p $($B/measure $2)"; echo "z $($B/measure $3)"
  done |
    awk 'function m(a, n,  i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
         { k = $1; n[k]++; w[k, n[k]] = $2; r[k, n[k]] = $3; c[k, n[k]] = $5 }
         function col(k, x, a,  i) { for (i = 1; i <= n[k]; i++) a[i] = x[k, i]; return m(a, n[k]) }
         END { split("a p z", ks, " "); for (q = 1; q <= 3; q++) { k = ks[q]; delete A; delete B; delete C
                 printf "%.4f %.4f %d ", col(k, w, A), col(k, c, B), col(k, r, C) }
               delete X; delete Y
               for (i = 1; i <= n["a"]; i++) { X[i] = w["p", i] > 0 ? w["a", i] / w["p", i] : 0; Y[i] = w["a", i] > 0 ? w["z", i] / w["a", i] : 0 }
               printf "%.4f %.4f\n", m(X, n["a"]), m(Y, n["a"]) }'
}
echo "load: $(uptime | sed 's/.*load average: //')"
printf "%-26s %8s %8s %8s | %-22s %8s %8s | %7s %8s %7s\n" row "wall s" "cpu s" "peak MB" peer "wall s" "MB" "x time" "x memory" "20k/10k"
# row LABEL PEER "PEER CMD" PEER_KB FILE CMD...: CMD FILE, the peer's command
# and CMD on FILE's 20,000 twin, taking turns; x time against the peer's
# wall time and 20k/10k, each the median of the rounds' ratios; x memory
# against the peer's peak (PEER_KB given: the file's size, for the lean shapes)
row() {
  label=$1 peer=$2 pc=$3 rk=$4 f=$5; shift 5
  r=$(med3 "$* $f" "$pc" "$* $(echo "$f" | sed 's/10000/20000/')")
  echo "$label $peer $r $rk" | awk '{ pk = ($14 != "" ? $14 : $8); printf "%-26s %8.4f %8.4f %8.1f | %-22s %8.4f %8.1f | %6.2fx %7.2fx %7.2f\n", $1, $3, $4, $5 / 1024, $2, $6, pk / 1024, $12, (pk > 0 ? $5 / pk : 0), $13 }'
}
S=$B/stack-10000.yaml
EV="$B/events_only --file $S"
# the floor: each way libfyaml reads a file, against --file (libfyaml maps it itself)
for how in file string mmap fp; do
  row "floor:events-$how(10k)" "events-file" "$EV" "" $S $B/events_only --$how
done
row "check(10k)" "events-file" "$EV" "" $S ./compose-lint check
for to in swarm kubernetes run; do
  row "convert-$to(10k)" "check(10k)" "./compose-lint check $S" "" $S ./compose-lint convert --to $to
done
row "config(10k)" "check(10k)" "./compose-lint check $S" "" $S ./compose-lint config
# the lean shapes take a tenth of a second: 3x the rounds (as long as one
# round of the big file), so a few slow ones do not make the median
RUNS=$((RUNS * 3))
for s in anchor volumes flow; do
  f=$B/lean-$s-10000.yaml
  size_kb=$(wc -c < "$f")
  size_kb=$((size_kb / 1024))
  row "lean-$s(10k)" "events-file;file-size" "$B/events_only --file $f" "$size_kb" "$f" ./compose-lint check --select all
done
