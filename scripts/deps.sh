#!/bin/sh
# deps.sh - makes sure the Debian -dev packages the build needs are present.
# Installs them with apt-get when run as root; otherwise names them and fails.
# Extra package names may be given as arguments (test tools: clang, valgrind...).
set -eu
need=""
pkgconfig_ok() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkgconfig_ok libfyaml   || need="$need libfyaml-dev"
pkgconfig_ok libpcre2-8 || need="$need libpcre2-dev"
pkgconfig_ok cmocka     || need="$need libcmocka-dev"
command -v cc >/dev/null 2>&1 || need="$need gcc"
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps: installing$need" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || apt-get update
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 || apt-get install -y --no-install-recommends $need
  exit 0
fi
echo "compose-lint needs these Debian packages:$need" >&2
echo "install them with: sudo apt-get install$need" >&2
exit 1
