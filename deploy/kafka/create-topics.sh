#!/usr/bin/env bash
# One-shot topic creation for the compose stack, run in the apache/kafka image before the drift job
# and the services start (producing into a topic created a moment ago can silently lose records).
# TOPICS and COMPACTED_TOPICS are space-separated names set in docker-compose.yml; existing topics are
# left as they are.
set -euo pipefail
: "${BOOTSTRAP_SERVER:?}" "${TOPICS:?}" "${COMPACTED_TOPICS:?}" "${PARTITIONS:?}"
topics=/opt/kafka/bin/kafka-topics.sh

for name in $TOPICS; do
  "$topics" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists --topic "$name" \
    --partitions "$PARTITIONS" --replication-factor 1
done
for name in $COMPACTED_TOPICS; do
  "$topics" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists --topic "$name" \
    --partitions "$PARTITIONS" --replication-factor 1 --config cleanup.policy=compact
done
"$topics" --bootstrap-server "$BOOTSTRAP_SERVER" --list
