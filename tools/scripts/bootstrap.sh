#!/bin/sh
# Every npm script enters here: install the locked dependencies when they are missing or older
# than package-lock.json (this is what brings Node 24 LTS, from the `node` devDependency), then
# run the given command with node_modules/.bin first on the PATH.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
stamp=node_modules/.package-lock.json
stale() { [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; }
if stale; then
  # One install at a time: scripts started together (parallel test runs) wait for the first one's
  # npm ci instead of each deleting node_modules under the others.
  mkdir -p .meridian
  exec 9>.meridian/npm-install.lock
  flock 9
  if stale; then
    echo "[meridian] installing dependencies (npm ci) ..."
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
  fi
  flock -u 9
fi
# The dashboard's browser test drives Debian's chromium with playwright-core (never a browser
# download): installed here when missing, as root with apt-get. CHROMIUM_PATH names another binary
# instead (then nothing is installed). Present, this costs one file test.
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  mkdir -p .meridian
  exec 9>.meridian/chromium-install.lock
  flock 9
  if [ ! -x "$chromium" ]; then
    if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "[meridian] installing Debian's chromium for the dashboard browser test (log: .meridian/chromium-install.log) ..."
      install() { DEBIAN_FRONTEND=noninteractive apt-get install -y chromium </dev/null; }
      { install || { apt-get update && install; }; } >.meridian/chromium-install.log 2>&1 ||
        echo "[meridian] chromium install failed (.meridian/chromium-install.log): the dashboard browser test cannot run"
    else
      echo "[meridian] no chromium at $chromium: the dashboard browser test needs Debian's chromium (apt-get install chromium) or CHROMIUM_PATH"
    fi
  fi
  flock -u 9
fi
PATH="$root/node_modules/.bin:$PATH"
# kafkajs 2.2.4 schedules a timer with a negative delay, which Node 24 reports on every connect
# (tulios/kafkajs#1751); Node then uses 1 ms, which is what kafkajs meant. Silence only that.
NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning ${NODE_OPTIONS:-}"
export PATH NODE_OPTIONS
exec "$@"
