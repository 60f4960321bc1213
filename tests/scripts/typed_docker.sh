#!/bin/sh
# typed_docker.sh - values as docker reads them (model/values.h), checked
# against `docker stack config` (go-yaml v3, docker's own stack loader; no
# daemon needed). Installs nothing: without the docker CLI it fails.
# On tests/fixtures/semantics-typed/compose.yaml (mode: 0444, mode: 0o440,
# read_only: yes, tty: on, a volume's read_only: no, external: yes):
#   1. config prints the numbers and booleans docker uses (mode: 292, 288;
#      read_only: true), in YAML and JSON;
#   2. docker stack config refuses the file as written (read_only: yes is a
#      string to go-yaml v3), which is why the fixes must not quote;
#   3. convert --to swarm writes a stack docker accepts, with mode 292 / 288
#      and read_only true;
#   4. --fix (yaml11-boolean, yaml11-octal-mode) gives a file docker accepts,
#      with the same values, and config reads it as it read the original;
#   5. the rules' own fixed octal-mode fixture is accepted with 288/420/384.
set -u
ROOT=$(pwd)
T="$ROOT/build/typed-docker"
rm -rf "$T"; mkdir -p "$T"
DOCKER=$(command -v docker || true)
if [ -z "$DOCKER" ]; then
  echo "FAIL: the docker CLI is not on PATH: this test needs 'docker stack config' (no daemon) as its oracle"
  exit 1
fi
echo "docker: $("$DOCKER" --version)"
clean() { env -i PATH="$PATH" HOME="$T" ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$@"; }
fail=0
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
# has FILE PATTERN COUNT WHAT: FILE holds COUNT lines matching PATTERN
has() { n=$(grep -c -E "$2" "$1"); [ "$n" -eq "$3" ] || { bad "$4: $n lines match '$2' in $1, want $3"; sed 's/^/    /' "$1" | head -40; }; }

cp tests/fixtures/semantics-typed/compose.yaml tests/fixtures/semantics-typed/key tests/fixtures/semantics-typed/conf "$T/"
cd "$T" || exit 1

# 1. config
clean "$CL" config compose.yaml >config.yaml 2>config.err || { bad "config failed"; cat config.err; }
has config.yaml '^    - mode: 292$' 1 "config: secret mode 0444"
has config.yaml '^    - mode: 288$' 1 "config: config mode 0o440"
has config.yaml '^    read_only: true$' 1 "config: read_only: yes"
has config.yaml '^    tty: true$' 1 "config: tty: on"
has config.yaml '^    external: true$' 1 "config: external: yes"
clean "$CL" config --format json compose.yaml >config.json 2>config.err || { bad "config --format json failed"; cat config.err; }
has config.json '"mode": 292' 1 "config --format json: secret mode"
has config.json '"mode": 288' 1 "config --format json: config mode"

# 2. docker refuses the file as written
if clean "$DOCKER" stack config -c compose.yaml >orig.d.yaml 2>orig.d.err; then
  bad "docker stack config accepted read_only: yes (the fixture no longer shows why the fix writes true)"
else
  grep -q "must be a boolean" orig.d.err || bad "docker refused the original for another reason: $(cat orig.d.err)"
  echo "docker on the file as written: $(head -1 orig.d.err)"
fi

# docker_reads LABEL FILE: docker stack config accepts FILE and reads the
# modes as 292 and 288, read_only, tty and external as true
docker_reads() {
  if clean "$DOCKER" stack config -c "$2" >"$2.d" 2>"$2.err"; then
    for m in 292 288; do has "$2.d" "^ +mode: $m\$" 1 "$1: mode $m"; done
    for k in read_only tty external; do has "$2.d" "^    $k: true\$" 1 "$1: $k"; done
  else
    bad "docker stack config refused $1: $(cat "$2.err")"
  fi
}

# 3. convert --to swarm
if clean "$CL" convert --to swarm -o swarm.yaml compose.yaml >convert.out 2>convert.err; then
  for m in 292 288; do has swarm.yaml "^    - mode: $m\$" 1 "convert --to swarm: mode $m"; done
  docker_reads "the converted stack" swarm.yaml
else
  bad "convert --to swarm failed"; cat convert.err
fi

# 4. --fix
cp compose.yaml fixed.yaml
clean "$CL" --select yaml11-boolean,yaml11-octal-mode -q --fix fixed.yaml
for m in 292 288; do has fixed.yaml "^        mode: $m\$" 1 "--fix: mode $m written in decimal"; done
has fixed.yaml '^    read_only: true$' 1 "--fix: read_only"
has fixed.yaml '^        read_only: false$' 1 "--fix: the volume's read_only"
docker_reads "the fixed file" fixed.yaml
clean "$CL" config fixed.yaml >fixed.config.yaml 2>/dev/null
cmp -s config.yaml fixed.config.yaml || { bad "config reads the fixed file otherwise than the original"; diff config.yaml fixed.config.yaml | head; }

# 5. the rule's golden fixed file
mkdir -p octal && cp "$ROOT/tests/fixtures/rules/yaml11-octal-mode/fixed.yaml" octal/compose.yaml && : >octal/key && : >octal/conf
if (cd octal && clean "$DOCKER" stack config -c compose.yaml >d.yaml 2>d.err); then
  for m in 288 420 384; do has octal/d.yaml "^ +mode: $m$" 1 "docker on yaml11-octal-mode/fixed.yaml: mode $m"; done
else
  bad "docker stack config refused yaml11-octal-mode/fixed.yaml: $(cat octal/d.err)"
fi

# 6. numbers given as strings: config casts them as compose-go does, and
#    the swarm stack writes numbers docker accepts
cp "$ROOT/tests/fixtures/semantics-typed/numbers.yaml" numbers.yaml
if clean "$DOCKER" stack config -c numbers.yaml >numbers.orig.d 2>numbers.orig.err; then
  bad "docker stack config accepted replicas: \"3\" (the fixture no longer shows the cast)"
fi
clean "$CL" config numbers.yaml >numbers.config.yaml 2>numbers.config.err || { bad "config numbers.yaml failed"; cat numbers.config.err; }
for want in '^    cpus: 1\.5$' '^    pids_limit: 200$' '^      retries: 4$' '^      nproc: 65535$' '^        soft: 20000$' \
            '^        hard: 40000$' '^      replicas: 3$' '^        parallelism: 2$' '^        max_failure_ratio: 0\.25$' \
            '^        max_attempts: 5$' '^        max_replicas_per_node: 2$'; do
  has numbers.config.yaml "$want" 1 "config casts a number given as a string"
done
if clean "$CL" convert --to swarm -o numbers.swarm.yaml numbers.yaml >/dev/null 2>numbers.swarm.err; then
  if clean "$DOCKER" stack config -c numbers.swarm.yaml >numbers.swarm.d 2>numbers.swarm.derr; then
    for want in '^      replicas: 3$' '^        parallelism: 2$' '^        max_attempts: 5$' '^      retries: 4$'; do
      has numbers.swarm.d "$want" 1 "docker reads the converted numbers"
    done
  else
    bad "docker stack config refused the converted numbers: $(cat numbers.swarm.derr)"
  fi
else
  bad "convert --to swarm numbers.yaml failed"; cat numbers.swarm.err
fi

[ "$fail" -eq 0 ] && echo "typed values: config, convert --to swarm and --fix agree with docker stack config"
exit "$fail"
