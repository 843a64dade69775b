#!/usr/bin/env bash
# A throwaway InfluxDB 1.x server for tests and the demo: Debian's `influxdb` package, data under
# .driftwatch/influxdb, HTTP on 127.0.0.1 only.
#   scripts/influxdb.sh start   installs the package if needed, starts the server, waits for /ping,
#                               prints the URL (export INFLUX_URL=... to use it)
#   scripts/influxdb.sh stop    stops the server started here
#   scripts/influxdb.sh status  prints the URL if it answers
# INFLUX_PORT (default 18086) picks the port, away from a system server on 8086.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${INFLUX_PORT:-18086}"
home="$root/.driftwatch/influxdb"
pidfile="$home/influxd.pid"
url="http://127.0.0.1:$port"

install_influxd() {
  command -v influxd >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 && return 0
  echo "influxdb.sh: installing Debian's influxdb package" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # Keep the package's own service from starting on :8086.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    local added_policy=1
  fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends influxdb influxdb-client curl ca-certificates >/dev/null
  [ "${added_policy:-0}" = 1 ] && $sudo rm -f /usr/sbin/policy-rc.d
  command -v influxd >/dev/null 2>&1 || { echo "influxdb.sh: influxd not found after install" >&2; exit 1; }
}

answers() {
  command -v curl >/dev/null 2>&1 || return 1
  curl -fsS -o /dev/null "$url/ping" 2>/dev/null
}

start() {
  if answers; then
    echo "$url"
    return 0
  fi
  install_influxd
  mkdir -p "$home"
  cat > "$home/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((port + 1))"
[meta]
  dir = "$home/meta"
[data]
  dir = "$home/data"
  wal-dir = "$home/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
  nohup influxd run -config "$home/influxdb.conf" -pidfile "$pidfile" >"$home/influxd.log" 2>&1 &
  for _ in $(seq 1 100); do
    if answers; then
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  echo "influxdb.sh: InfluxDB did not answer on $url within 10 s; see $home/influxd.log" >&2
  tail -20 "$home/influxd.log" >&2 || true
  exit 1
}

stop() {
  if [ -f "$pidfile" ]; then
    # Read once: influxd removes its own pid file as it exits.
    local pid
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    rm -f "$pidfile"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers && echo "$url" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
