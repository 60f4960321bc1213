#!/bin/sh
# The project's .pre-commit-hooks.yaml, used from a local path by Debian's
# pre-commit in a throwaway git repository: a commit adding a broken compose
# file is refused (and the finding shown), a good one passes, and files that
# are not compose files are not handed to the hook. Offline: language system.
set -u
ROOT=$(pwd)
sh scripts/deps.sh pre-commit git >/dev/null || exit 1
T=$ROOT/build/precommit
rm -rf "$T"; mkdir -p "$T/bin" "$T/hooks" "$T/work"
ln -s "$CL" "$T/bin/compose-lint"
export PATH="$T/bin:$PATH" PRE_COMMIT_HOME="$T/cache" HOME="$T"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
git config --global init.defaultBranch main
git config --global protocol.file.allow always
# the hook repository: this working tree's .pre-commit-hooks.yaml, committed
# and tagged with the release the README's example pins (rev: vX.Y.Z), so the
# hook is fetched by that tag as a user's .pre-commit-config.yaml does
cp "$ROOT/.pre-commit-hooks.yaml" "$T/hooks/"
rev=$(sed -n 's/^ *rev: *\(v[0-9][^ ]*\).*/\1/p' "$ROOT/README.md" | head -1)
[ -n "$rev" ] || { echo "FAIL no 'rev: vX.Y.Z' in the README's pre-commit example"; exit 1; }
[ "$rev" = "v$(cat "$ROOT/VERSION")" ] || { echo "FAIL the README pins $rev, the VERSION file says $(cat "$ROOT/VERSION")"; exit 1; }
(cd "$T/hooks" && git init -q && git add .pre-commit-hooks.yaml && git commit -qm hooks && git tag "$rev") || exit 1
cd "$T/work" || exit 1
git init -q
# the README's example, with the placeholder repository replaced by the local one
sed -n '/^  # .pre-commit-config.yaml/,/^  ```/p' "$ROOT/README.md" | sed '1d;$d' | sed 's/^  //' \
  | sed "s|repo: [^ ]*|repo: $T/hooks|" > .pre-commit-config.yaml
grep -q "rev: $rev" .pre-commit-config.yaml || { echo "FAIL the README's example was not found"; cat .pre-commit-config.yaml; exit 1; }
git add .pre-commit-config.yaml && git commit -qm config || exit 1
pre-commit install >/dev/null || { echo "FAIL pre-commit install"; exit 1; }
fail=0
mkdir -p deploy
cp "$ROOT/tests/fixtures/yaml/duplicate-key.yaml" deploy/docker-compose.yml
git add deploy/docker-compose.yml
if git commit -qm bad > "$T/bad.log" 2>&1; then echo "FAIL a commit with a broken compose file went through"; fail=1; fi
grep -q "deploy/docker-compose.yml:4:5: error: duplicate key 'image'" "$T/bad.log" \
  || { echo "FAIL the finding is not shown"; fail=1; }
cat "$T/bad.log"
cp "$ROOT/tests/fixtures/reports/good.compose.yaml" deploy/docker-compose.yml
cp "$ROOT/tests/fixtures/yaml/duplicate-key.yaml" values.yaml   # not a compose file name: not checked
git add deploy/docker-compose.yml values.yaml
if ! git commit -qm good > "$T/good.log" 2>&1; then echo "FAIL a good commit was refused"; cat "$T/good.log"; fail=1; fi
grep -q "compose-lint.*Passed" "$T/good.log" || { echo "FAIL the hook did not run on the good commit"; cat "$T/good.log"; fail=1; }
[ "$(git rev-list --count HEAD)" = 2 ] || { echo "FAIL expected 2 commits"; fail=1; }
exit $fail
