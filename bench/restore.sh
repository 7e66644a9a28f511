#!/usr/bin/env bash
# Times `carport restore` of the test bed's bob.test (2,500 bulk records by default) on a private
# two-PDS test bed: export from PDS 1, stop PDS 1 for good, restore onto PDS 2. Reports the wall
# time, carport's own CPU time, the servers' CPU time during the restore (PLC + PDSes run in one
# Node process: the delta of its utime+stime), and the time of each step from carport's progress
# lines. Nothing is asserted; see bench/README.md ("restore").
#
#   bench/restore.sh [--bob-records N] [--runs N] [--keep]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BOB=2500
RUNS=1
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bob-records) BOB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: bench/restore.sh [--bob-records N] [--runs N] [--keep]" >&2; exit 2 ;;
  esac
done
command -v python3 >/dev/null || { echo "bench/restore.sh needs python3 (to read the test bed's JSON)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/restore.sh needs GNU time (/usr/bin/time)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/carport-bench-restore.XXXXXX")"
JSON="$WORK/testbed.json"
cleanup() {
  bash "$ROOT/testbed/testbed.sh" stop --out "$JSON" >/dev/null 2>&1 || true
  [ "$KEEP" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [d:=d[k] for k in sys.argv[2].split(".")]; print(d)' "$JSON" "$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

(cd "$ROOT" && ./carport --version >/dev/null) # build the jar before anything is timed
for run in $(seq 1 "$RUNS"); do
  bash "$ROOT/testbed/testbed.sh" start --out "$JSON" --bob-records "$BOB" --second-pds >/dev/null
  DID="$(field accounts.bob.did)"
  PLC="$(field plcUrl)"
  PDS2="$(field pds2Url)"
  NODE="$(field pid)"
  printf '%s\n' "$(field accounts.bob.password)" >"$WORK/pw"
  install -m 600 /dev/null "$WORK/bob.key"
  field accounts.bob.rotationKey.privateKeyMultibase >"$WORK/bob.key"
  printf 'restored-pass\n' >"$WORK/newpw"
  rm -rf "$WORK/export"
  "$ROOT/carport" export "$DID" -o "$WORK/export" --plc-host "$PLC" --login --password-file "$WORK/pw" -q
  curl -fsS -X POST "$(field controlUrl)/pds1/stop" >/dev/null

  CAR_BYTES=$(stat -c %s "$WORK/export/$DID/_repo.car")
  BLOBS=$(ls "$WORK/export/$DID/_blob" | wc -l)
  TICK=$(getconf CLK_TCK)
  before=$(cpu_ticks "$NODE")
  start=$(now_ms)
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$ROOT/carport" restore "$WORK/export/$DID" --to "$PDS2" \
    --rotation-key "$WORK/bob.key" --email bob@restored.test --handle bob.test2 \
    --new-password-file "$WORK/newpw" --plc-host "$PLC" >"$WORK/out" 2> >(while IFS= read -r line; do
      echo "$(( $(now_ms) - start )) $line"; done >"$WORK/err")
  code=$?
  set -e
  sleep 0.2 # the timestamping reader finishes
  after=$(cpu_ticks "$NODE")
  read -r wall user sys rss <"$WORK/time"
  if [ "$code" != 0 ]; then
    echo "restore exited $code:" >&2; cat "$WORK/err" "$WORK/out" >&2; exit 1
  fi
  server=$(awk -v a="$after" -v b="$before" -v t="$TICK" 'BEGIN{printf "%.2f", (a-b)/t}')
  echo "## run $run: restore of bob ($BOB bulk records, _repo.car $CAR_BYTES bytes, $BLOBS blobs)"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| wall time of \`carport restore\` | $wall s |"
  echo "| carport CPU (user + sys) | $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}') s |"
  echo "| servers' CPU during it (PLC + PDSes, one Node process) | $server s |"
  echo "| carport max RSS | $((rss / 1024)) MB |"
  echo
  echo "Progress lines, milliseconds since start:"
  echo
  echo '```'
  grep -E '^[0-9]+ restore: ' "$WORK/err" | sed 's/ restore: / /' | cut -c1-150
  echo '```'
  bash "$ROOT/testbed/testbed.sh" stop --out "$JSON" >/dev/null
done
