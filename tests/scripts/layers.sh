#!/bin/sh
# layers.sh - the layering of CONTRIBUTING.md, checked on the includes:
#   parser/  <-  schema/, model/  <-  rules/, emitters/  <-  cli/
# A file may include headers of its own folder and of the layers below it,
# never of a layer above or beside it; no weak symbols anywhere (a renamed
# function must fail to link, not turn a stage off). Also no circle of
# includes between the modules (x.c with x.h) of one folder.
set -u
fail=0
allowed() { # folder -> the folders it may include from
  case "$1" in
    parser) echo "parser" ;;
    schema) echo "parser schema" ;;
    model) echo "parser model" ;;
    rules) echo "parser schema model rules" ;;
    emitters) echo "parser schema model emitters" ;;
    cli) echo "parser schema model rules emitters cli" ;;
  esac
}
n=0
for dir in parser schema model rules emitters cli; do
  ok=$(allowed "$dir")
  for f in "$dir"/*.c "$dir"/*.h; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
      case "$inc" in
        ../*/*) to=${inc#../}; to=${to%%/*} ;;
        */*) echo "FAIL $f includes \"$inc\": name headers as \"x.h\" or \"../layer/x.h\""; fail=1; continue ;;
        *) to=$dir ;;
      esac
      case " $ok " in
        *" $to "*) ;;
        *) echo "FAIL $f ($dir) includes \"$inc\" ($to): $dir may include only: $ok"; fail=1 ;;
      esac
    done
  done
done
# no weak symbols
if grep -rnE 'CL_WEAK|pragma[[:space:]]+weak|__attribute__[[:space:]]*\(\([[:space:]]*weak' \
     parser schema model rules emitters cli tests/unit tests/tools fuzz bench 2>/dev/null; then
  echo "FAIL weak symbols remain (above)"; fail=1
fi
# no circle of includes between the modules of one folder (tsort finds loops)
for dir in parser schema model rules emitters cli; do
  edges=$(for f in "$dir"/*.c "$dir"/*.h; do
    [ -e "$f" ] || continue
    m=$(basename "$f"); m=${m%.*}
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_0-9]*\)\.h".*/\1/p' "$f"); do
      [ "$inc" = "$m" ] || echo "$m $inc"
    done
  done)
  [ -n "$edges" ] || continue
  if printf '%s\n' "$edges" | tsort 2>&1 >/dev/null | grep -q 'loop'; then
    echo "FAIL $dir: a circle of includes:"; printf '%s\n' "$edges" | tsort 2>&1 >/dev/null | head -5; fail=1
  fi
done
# the check itself must see the tree
[ "$n" -gt 50 ] || { echo "FAIL only $n files found: run from the project root"; fail=1; }
echo "layers: $n files checked"
exit $fail
