#!/bin/sh
# Starts a broker (or KRaft controller) in the foreground on the given server.properties, as Kafka's own
# script does: a 1 GiB heap unless KAFKA_HEAP_OPTS says otherwise, the console log config, and exec, so
# that SIGTERM reaches the JVM and the broker shuts down cleanly.
set -eu
[ "$#" -ge 1 ] || { echo "usage: $0 server.properties [--override key=value ...]" >&2; exit 2; }
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}
KAFKA_LOG_CONFIG=${KAFKA_LOG_CONFIG:-server}
export KAFKA_HEAP_OPTS KAFKA_LOG_CONFIG
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
