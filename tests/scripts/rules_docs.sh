#!/bin/sh
# docs/rules/ must be exactly what `make docs` generates from the registry.
set -u
out=build/docs-check
rm -rf "$out"
sh scripts/gen-rule-docs.sh "$CL_REL" "$out" || exit 1
if ! diff -r docs/rules "$out"; then
  echo "docs/rules is stale: run 'make docs' and commit the result"; exit 1
fi
echo "docs/rules up to date ($(ls "$out" | wc -l) pages)"
