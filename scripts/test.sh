#!/usr/bin/env bash
# Runs every test of driftwatch: starts the services the tests need (a local InfluxDB server; Kafka
# and Flink run inside the test JVMs), runs Maven's full build with tests, stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

INFLUX_URL="$(scripts/influxdb.sh start)"
export INFLUX_URL
trap 'scripts/influxdb.sh stop' EXIT
echo "test.sh: InfluxDB at $INFLUX_URL"

mvn -B -ntp verify "$@"
