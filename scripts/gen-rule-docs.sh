#!/bin/sh
# gen-rule-docs.sh BINARY DIR - writes DIR/README.md (the rule index) and one
# DIR/<name>.md per rule from the registry, removing pages of rules that are gone.
set -eu
bin=$1; dir=$2
mkdir -p "$dir"
rm -f "$dir"/*.md
"$bin" rules --format markdown > "$dir/README.md"
for n in $("$bin" rules --format names); do
  "$bin" explain --format markdown "$n" > "$dir/$n.md"
done
