#!/bin/sh
# Fixtures of the correctness/security/reliability rules (CL1xx-CL3xx):
# tests/fixtures/rules/<rule-name>/ holding fail.yaml (the dclint rules use
# failing.yaml and tests/scripts/rules_fixtures.sh):
#   fail.yaml        must trigger the rule exactly at the LINE:COL listed in fail.expected (in order)
#   pass.yaml        must not trigger it
#   suppressed.yaml  fail.yaml with inline suppressions: no finding and no unused-suppression
#   fixed.yaml       (fixable rules) golden result of the fixes, checked by tests/unit/test_rules_checks.c
#   fail.messages    (optional) the rule's messages on fail.yaml, in order (compact format, after LINE:COL: )
#   also             (optional) another code that reports the same finding before the rule runs
#                    (missing-env-file: the project stage's env-file-missing); it counts as the rule's
# Other stages (schema, interpolation) may report more; only the rule's findings and
# unused suppressions are compared.
# One compose-lint process per rule (all three files at once), with --select RULE
# so opt-in rules run too. Files other than these (app.env, ctx/) are inputs the
# fixtures refer to.
set -u
fail=0; n=0
for d in tests/fixtures/rules/*/; do
  rule=$(basename "$d")
  [ -f "$d/fail.yaml" ] || continue
  n=$((n+1))
  sel=$rule; [ -f "$d/also" ] && sel="$rule,$(cat "$d/also")"   # the stage rule that reports it is selected too
  out=$("$CL" --select "$sel" --format compact --color never "${d}fail.yaml" "${d}pass.yaml" "${d}suppressed.yaml" 2>&1)
  rc=$?
  if [ $rc -gt 1 ]; then echo "FAIL $rule: exit $rc (expected 0 or 1)"; echo "$out" | head -5; fail=$((fail+1)); continue; fi
  also="[$rule]"; [ -f "$d/also" ] && also="[$(cat "$d/also")]"
  got=$(printf '%s\n' "$out" | grep -F "${d}fail.yaml:" | grep -F -e "[$rule]" -e "$also" | sed -E 's|^[^:]*:([0-9]+):([0-9]+):.*|\1:\2|')
  want=$(cat "$d/fail.expected")
  if [ "$got" != "$want" ]; then
    echo "FAIL $rule: fail.yaml findings differ"; echo "  want: $(echo $want)"; echo "  got:  $(echo $got)"
    printf '%s\n' "$out" | grep -F "${d}fail.yaml:" | head -10
    fail=$((fail+1))
  fi
  if [ -f "$d/fail.messages" ]; then   # (optional) the rule's messages too, in order
    msgs=$(printf '%s\n' "$out" | grep -F "${d}fail.yaml:" | grep -F "[$rule]" | sed -E 's|^[^:]*:[0-9]+:[0-9]+: ||')
    if [ "$msgs" != "$(cat "$d/fail.messages")" ]; then
      echo "FAIL $rule: fail.yaml messages differ"; printf '%s\n' "$msgs" | diff "$d/fail.messages" - | head -10
      fail=$((fail+1))
    fi
  fi
  bad=$(printf '%s\n' "$out" | grep -F -e "${d}pass.yaml:" -e "${d}suppressed.yaml:" |
        grep -F -e "[$rule]" -e "$also" -e "[unused-suppression]")
  if [ -n "$bad" ]; then echo "FAIL $rule: pass.yaml / suppressed.yaml report something"; echo "$bad"; fail=$((fail+1)); fi
done
[ "$n" -ge 32 ] || { echo "FAIL: only $n rule fixture folders"; fail=$((fail+1)); }
echo "rule fixtures: $n rules, $fail failure(s)"
[ "$fail" -eq 0 ]
