# checks.sh - what the end-to-end scripts share, sourced (not a test): $T, a
# temporary folder removed on exit; check NAME CONDITION, which evaluates
# CONDITION and prints FAIL: NAME (setting fail=1) when it is false; san FILE,
# true when FILE holds no sanitizer report.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { if eval "$2"; then :; else echo "FAIL: $1"; fail=1; fi; }
san() { ! grep -q "Sanitizer\|runtime error" "$1"; }
