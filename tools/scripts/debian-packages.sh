#!/bin/sh
# Installs the named Debian packages that are missing (as root, with apt-get; `apt-get update` only
# when an install fails on stale lists), one install at a time across processes. Used for what the
# tests need from Debian: chromium (the dashboard's browser test), podman, runc and debootstrap (the
# images). Prints one line naming the log; exits non-zero when a package could not be installed.
# Present, this costs one dpkg-query.
#   usage: debian-packages.sh <purpose> <package>...
set -e
purpose=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
missing() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$' || echo "$package"
  done
}
[ -z "$(missing "$@")" ] && exit 0
mkdir -p "$root/.meridian"
log="$root/.meridian/debian-packages.log"
exec 9>"$root/.meridian/debian-packages.lock"
flock 9
todo=$(missing "$@")
[ -z "$todo" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[meridian] $purpose needs Debian's $todo: install it (apt-get install $todo) as root" >&2
  exit 1
fi
echo "[meridian] installing Debian's $todo for $purpose (log: .meridian/debian-packages.log) ..."
# shellcheck disable=SC2086
install() { DEBIAN_FRONTEND=noninteractive apt-get install -y $todo </dev/null; }
if ! { install || { apt-get update && install; }; } >>"$log" 2>&1; then
  echo "[meridian] installing $todo failed: see .meridian/debian-packages.log" >&2
  exit 1
fi
