#!/usr/bin/env bash
# The compose stack's simulated model service. driftwatch has no standalone traffic generator (the
# demo's simulator runs only inside `driftwatch demo`), so this plays the closest thing with the CLI:
# it builds the baseline of $SIM_MODEL $SIM_VERSION from examples/reference.csv, publishes it, then
# alternates phases of $SIM_PHASE_SECONDS: reference.csv traffic (stationary) and current.csv traffic
# (income and channel shifted, see examples/README.md), sending the file every $SIM_INTERVAL_SECONDS
# stamped with the current time. Drift alerts fire in the shifted phases and resolve in the others.
# It touches $SIM_HEARTBEAT after every successful send (the container's health check).
set -euo pipefail
: "${KAFKA_BOOTSTRAP:?}" "${SIM_MODEL:?}" "${SIM_VERSION:?}" "${SIM_PHASE_SECONDS:?}" "${SIM_INTERVAL_SECONDS:?}"
jar=/opt/driftwatch/driftwatch.jar
examples=/opt/driftwatch/examples
heartbeat=${SIM_HEARTBEAT:-/var/lib/driftwatch/simulator/heartbeat}
baseline=/var/lib/driftwatch/simulator/baseline-$SIM_MODEL-$SIM_VERSION.avro
dw() { java -XX:MaxRAMPercentage=50 -jar "$jar" "$@"; }

dw baseline build --input "$examples/reference.csv" --model "$SIM_MODEL" --version "$SIM_VERSION" \
  --score-column score --categorical country,channel --out "$baseline"
dw baseline publish "$baseline" --bootstrap "$KAFKA_BOOTSTRAP"

phase=stationary
while true; do
  file=$examples/reference.csv
  [ "$phase" = shifted ] && file=$examples/current.csv
  echo "simulate: phase $phase ($file) for ${SIM_PHASE_SECONDS}s"
  end=$(( $(date +%s) + SIM_PHASE_SECONDS ))
  while [ "$(date +%s)" -lt "$end" ]; do
    dw produce --input "$file" --model "$SIM_MODEL" --version "$SIM_VERSION" --bootstrap "$KAFKA_BOOTSTRAP" \
      --score-column score --categorical country,channel
    touch "$heartbeat"
    sleep "$SIM_INTERVAL_SECONDS"
  done
  if [ "$phase" = stationary ]; then phase=shifted; else phase=stationary; fi
done
