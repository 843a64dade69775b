#!/usr/bin/env bash
# Runs every test of driftwatch: starts the services the tests need (a local InfluxDB server; Kafka
# and Flink run inside the test JVMs), runs Maven's full build with tests, stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The demo's HTML report is opened in headless Chromium by its test: Debian's package, installed once.
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium (headless, for the HTML report test)" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# docker-compose.yml is validated without a Docker engine, before Maven: Debian's docker-compose (1.29)
# checks it against the Compose schema with .env.example interpolated (no image pulled, no container
# started; an invalid file fails CI here). ComposeStackTest (cli) then checks it against the code.
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "test.sh: installing Debian's docker-compose (validates docker-compose.yml; no engine needed)" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose --env-file .env.example -f docker-compose.yml config -q
echo "test.sh: docker-compose.yml is valid (docker-compose config)"

INFLUX_URL="$(scripts/influxdb.sh start)"
export INFLUX_URL
trap 'scripts/influxdb.sh stop' EXIT
echo "test.sh: InfluxDB at $INFLUX_URL"

mvn -B -ntp verify "$@"
