#!/bin/sh
# peers.sh - compose-lint side by side with its peers, written to BENCHMARKS.md:
#  - dclint 3.1.0 (npm, installed here into build/npm-dclint) on all 298 files
#    of ../shared/corpus in one invocation, and on generated 1,000-, 2,000- and
#    10,000-service stacks (given up after 120 s);
#  - `docker stack config` (/usr/local/bin/docker) on the same stacks.
# Wall time is the best of 3 runs (dclint: 1 run), peak memory is the maximum
# resident set size of that run. compose-lint is the release build, running
# every stage (YAML, schema, compose model, rules) with --quiet.
set -eu
cd "$(dirname "$0")/.."
B=build/bench
mkdir -p "$B"
[ -x "$B/measure" ] || cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -o "$B/measure" bench/measure.c
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
CORPUS="$SHARED/corpus"
NPM=build/npm-dclint
DCLINT="$NPM/node_modules/.bin/dclint"
if [ ! -x "$DCLINT" ]; then
  npm install --prefix "$NPM" --no-audit --no-fund dclint@3.1.0 >/dev/null 2>&1 || echo "peers: could not install dclint@3.1.0" >&2
fi
DOCKER=/usr/local/bin/docker
for n in 1000 2000 10000; do
  [ -s "$B/stack-$n.yaml" ] || sh bench/gen.sh $n > "$B/stack-$n.yaml"
done
CL=./compose-lint
LIMIT=120

# run REPEAT CMD...: prints "wall_s rss_kb rc cpu_s" of the fastest of REPEAT runs
run() {
  rep=$1; shift; best=""
  for _ in $(seq "$rep"); do
    r=$("$B/measure" "$@")
    if [ -z "$best" ] || awk "BEGIN{exit !(${r%% *} < ${best%% *})}"; then best=$r; fi
  done
  echo "$best"
}
# better BEST NEW: the faster of two "wall_s rss_kb rc cpu_s" results (BEST may be empty)
better() {
  if [ -z "$1" ] || awk "BEGIN{exit !(${2%% *} < ${1%% *})}"; then echo "$2"; else echo "$1"; fi
}
mb() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
ratio() { awk "BEGIN{ if ($2 > 0) { r = $1/$2; printf (r < 10 ? \"%.1f×\" : \"%.0f×\"), r } else print \"-\" }"; }
# row LABEL RESULT CL_RESULT: a table row, "did not finish" past the limit
row() {
  label=$1 cw=${3%% *}
  # shellcheck disable=SC2086
  set -- $2
  w=$1 kb=$2 rc=$3 cpu=$4
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "| $label | did not finish in ${LIMIT} s | - | - | - | - |"
  else
    echo "| $label | $w | $cpu | $(mb "$kb") | $rc | $(ratio "$w" "$cw") |"
  fi
}

CORPUS_FILES=$(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
nfiles=$(printf '%s\n' "$CORPUS_FILES" | wc -l)
out=BENCHMARKS.md
{
echo "# Benchmarks: compose-lint and its peers"
echo
echo "Written by \`make bench\` (bench/peers.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
echo
echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "- compose-lint $($CL --version | awk '{print $2}') (commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), release build, \`-O2\`), \`check --quiet\`: YAML, schema, compose model and every enabled rule"
echo "- dclint $("$DCLINT" --version 2>/dev/null || echo 'not installed') on Node.js $(node --version 2>/dev/null || echo '?')"
echo "- $("$DOCKER" --version 2>/dev/null || echo 'docker ?') (client only), \`docker stack config -c FILE\`"
echo "- wall time: best of 3 runs (compose-lint, compose-lint \`-j 1\` and the libfyaml baseline on the generated stacks: best of 11 rounds, the three taking turns; dclint: one run, stopped after ${LIMIT} s); cpu: user + system time of that run (more than wall when a second core works: compose-lint checks a lone big file on two threads); memory: peak resident set size of that run"
echo "- the machine is shared with other jobs while this runs, so figures vary from run to run"
echo
echo "## All $nfiles files of ../shared/corpus, one invocation"
echo
echo "| tool | wall s | cpu s | peak MB | exit | × compose-lint |"
echo "|---|---|---|---|---|---|"
# shellcheck disable=SC2086
c=$(run 3 $CL --quiet $CORPUS_FILES)
row compose-lint "$c" "$c"
# shellcheck disable=SC2086
d=$(run 1 timeout $LIMIT "$DCLINT" $CORPUS_FILES)
row dclint "$d" "$c"
for n in 1000 2000 10000; do
  f=$B/stack-$n.yaml
  echo
  echo "## Generated stack: $n services ($(wc -c < "$f" | awk '{printf "%.1f MB", $1/1048576}'), bench/gen.sh)"
  echo
  echo "| tool | wall s | cpu s | peak MB | exit | × compose-lint |"
  echo "|---|---|---|---|---|---|"
  [ -x "$B/events_only" ] || cc -std=c11 -O2 -o "$B/events_only" bench/events_only.c $(pkg-config --cflags --libs libfyaml)
  # interleaved rounds: a burst of load on the shared host hits all three alike
  c="" j1="" ev=""
  for _ in $(seq 11); do
    c=$(better "$c" "$("$B/measure" $CL --quiet "$f")")
    j1=$(better "$j1" "$("$B/measure" $CL --quiet -j 1 "$f")")
    ev=$(better "$ev" "$("$B/measure" "$B/events_only" "$f")")
  done
  row compose-lint "$c" "$c"
  row "compose-lint, one core (\`-j 1\`)" "$j1" "$c"
  row "libfyaml's event parser alone (baseline, not a linter)" "$ev" "$c"
  row "dclint" "$(run 1 timeout $LIMIT "$DCLINT" "$f")" "$c"
  row "docker stack config" "$(run 3 timeout $LIMIT "$DOCKER" stack config -c "$f")" "$c"
done
echo
echo "Targets: the corpus in ≤ 0.3 s wall; the 10,000-service stack fully linted in ≤ 0.25 s with ≤ 60 MB peak memory."
echo "Exit: the measured run's exit code. dclint exits 1 on the generated stacks (it reports one problem);"
echo "\`docker stack config\` exits 1 on them because swarm's schema refuses \`depends_on\` with conditions"
echo "(it stops at that check, so its figure is a lower bound for a full read)."
echo
if [ -s "$B/table.txt" ]; then
  echo "## The speed issue's table (bench/table.sh, medians of 7 rounds (lean shapes: 21), from this \`make bench\`)"
  echo
  echo "Each row has its peer beside it, and x time / x memory are against that peer: libfyaml's events pass"
  echo "(the floor) for check and the lean shapes (for whose memory the peer is the file's size), check on the"
  echo "10,000-service file for the converters and config; 20k/10k: the same command on the 20,000-service file."
  echo "In each of the 7 rounds the row, its peer and its 20,000 twin run in turn, so a ratio compares runs"
  echo "made under the same load: wall, cpu and MB are the medians of their 7 runs; x time and 20k/10k the"
  echo "medians of the 7 rounds' own ratios (as farm-bench pairs runs), so one round the host slowed moves them"
  echo "no more than one pair. The lean shapes, a tenth of a second each, get 21 rounds."
  echo "The floor rows are each way libfyaml reads a file (bench/events_only.c): --file, libfyaml opens and maps"
  echo "the file itself (fy_parser_set_input_file); --string, read into memory, then fy_parser_set_string;"
  echo "--mmap, mapped, then fy_parser_set_string; --fp, a FILE* (fy_parser_set_input_fp). --file and --mmap"
  echo "do the same work (1.411e9 instructions each, callgrind), --string copies the file first, --fp reads it"
  echo "through stdio (1.427e9): --file is the floor. The load average is the table's first line."
  echo
  echo '```'
  cat "$B/table.txt"
  echo '```'
  echo
fi
echo "## Where compose-lint's time goes on the 10,000-service stack (bench/stages.c, one run)"
echo
echo '```'
if [ ! -x "$B/stages" ]; then
  cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -o "$B/stages" bench/stages.c \
    $(ls parser/*.c schema/*.c model/*.c rules/*.c emitters/*.c cli/*.c | grep -v '^cli/main.c' | sed 's|^\(.*\)\.c$|build/rel/\1.o|') $(pkg-config --libs libfyaml libpcre2-8) -lm -lpthread
fi
"$B/stages" "$B/stack-10000.yaml" || true
echo '```'
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
