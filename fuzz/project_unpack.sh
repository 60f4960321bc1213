#!/bin/sh
# project_unpack.sh INPUT DIR - writes the files fuzz_project.c cuts INPUT
# into (at lines `---8<---`) into DIR, to replay a find with the command line:
#   compose-lint check -f DIR/compose.yaml -f DIR/compose.override.yaml
#   compose-lint config -f DIR/compose.yaml -f DIR/compose.override.yaml
set -eu
mkdir -p "$2"
awk -v dir="$2" '
  BEGIN { split("compose.yaml compose.override.yaml ext.yaml inc.yaml .env", name, " "); n = 1; f = dir "/" name[1]; printf "" > f }
  $0 == "---8<---" && n < 5 { close(f); n++; f = dir "/" name[n]; printf "" > f; next }
  { print > f }
' "$1"
