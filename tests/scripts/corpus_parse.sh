#!/bin/sh
# Every file of ../shared/corpus parses under ASan/UBSan without a crash or a
# leak (exit 0 or 1, nothing from the sanitizers), and files the official
# tooling reads as YAML give no yaml-* error.
set -u
C="$SHARED/corpus"
[ -d "$C" ] || { echo "corpus not found at $C"; exit 1; }
fail=0; n=0
for f in "$C"/*/*.yaml "$C"/*/*.yml; do
  [ -e "$f" ] || continue
  n=$((n+1))
  out="$("$CL" --color never "$f" 2>&1)"; rc=$?
  if [ "$rc" -gt 1 ] || printf '%s' "$out" | grep -q "Sanitizer\|runtime error"; then
    echo "CRASH/LEAK ($rc): $f"; printf '%s\n' "$out" | head -20; fail=$((fail+1)); continue
  fi
  if printf '%s' "$out" | grep -q "\[yaml-"; then
    echo "YAML error on a file the official schema tooling parses: $f"; printf '%s\n' "$out" | head -5; fail=$((fail+1))
  fi
done
echo "corpus: $n files parsed, $fail failures"
[ "$n" -ge 298 ] && [ "$fail" -eq 0 ]
