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
# download): installed here when missing. CHROMIUM_PATH names another binary instead (then nothing
# is installed). Present, this costs one file test.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sh tools/scripts/debian-packages.sh "the dashboard browser test" chromium ||
    echo "[meridian] without chromium the dashboard browser test cannot run"
fi
PATH="$root/node_modules/.bin:$PATH"
# kafkajs 2.2.4 schedules a timer with a negative delay, which Node 24 reports on every connect
# (tulios/kafkajs#1751); Node then uses 1 ms, which is what kafkajs meant. Silence only that.
NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning ${NODE_OPTIONS:-}"
export PATH NODE_OPTIONS
exec "$@"
