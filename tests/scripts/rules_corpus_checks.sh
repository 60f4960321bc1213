#!/bin/sh
# Every rule (--select all, opt-in ones too) over the whole shared corpus in one
# sanitized process: no crash or sanitizer report on 298 real files, and the
# findings the corpus is known to hold are found (cycles, the Docker socket,
# secrets, octal modes, healthy conditions without healthcheck).
set -u
fail=0
set --
for f in "$SHARED"/corpus/*/*.yaml "$SHARED"/corpus/*/*.yml; do [ -f "$f" ] && set -- "$@" "$f"; done
[ $# -ge 290 ] || { echo "FAIL: only $# corpus files"; exit 1; }
out=$("$CL" --select all --format compact --color never "$@" 2>build/rules-corpus.err)
rc=$?
if [ $rc -gt 2 ] || grep -q "Sanitizer\|runtime error" build/rules-corpus.err; then
  echo "FAIL: exit $rc"; head -30 build/rules-corpus.err; exit 1
fi
has() {
  n=$(printf '%s\n' "$out" | grep -F "$1" | grep -cF "[$2]")
  [ "$n" -eq "$3" ] || { echo "FAIL: $1 [$2]: $n finding(s), expected $3"; fail=$((fail+1)); }
}
has "compose-depends-on-cycle.yaml:" depends-on-cycle 1
has "compose-depends-on-self.yaml:" depends-on-cycle 1
has "portainer.yaml:" docker-socket-mount 1
has "wordpress-mysql.yaml:" literal-secret-in-environment 3
has "TestSecretFromEnv__compose.yaml:" yaml11-octal-mode 1
has "TestUpWithDependencyExit__compose.yaml:" healthy-condition-without-healthcheck 1
has "plex.yaml:" host-network 1
has "wireguard.yaml:" dangerous-cap-add 2
# no message ever prints a secret value from the corpus
if printf '%s\n' "$out" | grep -F "[literal-secret-in-environment]" | grep -qE "somewordpress|=wordpress|hunter"; then
  echo "FAIL: a literal-secret message shows a value"; fail=$((fail+1))
fi
echo "corpus: $(printf '%s\n' "$out" | grep -c '\[') findings; $fail failure(s)"
[ "$fail" -eq 0 ]
