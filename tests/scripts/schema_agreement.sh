#!/bin/sh
# Verdict agreement with the official compose-spec schema: installs the pinned
# oracle (ajv, ajv-formats, yaml) into build/npm-ajv, then compares
# `compose-lint validate` with ../shared/tools/spec-validate.mjs on every corpus
# file and on 2,384 deterministic mutants of them (schema_agreement.mjs).
# Fails below the agreement reached (100% corpus, 100% mutants).
set -u
root="$(pwd)"
npmdir="$root/build/npm-ajv"
if [ ! -f "$npmdir/node_modules/ajv/package.json" ] || [ ! -f "$npmdir/node_modules/yaml/package.json" ] ||
   [ ! -f "$npmdir/node_modules/ajv-formats/package.json" ]; then
  command -v npm >/dev/null 2>&1 || sh scripts/deps.sh nodejs npm || exit 1
  npm install --prefix "$npmdir" --no-audit --no-fund ajv@8.17.1 ajv-formats@3.0.1 yaml@2.8.1 >/dev/null || exit 1
fi
cd "$npmdir" && node "$root/tests/scripts/schema_agreement.mjs" "$CL" "$SHARED" "$root/build/schema-mutants" 100 100
