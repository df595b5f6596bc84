#!/bin/sh
# Runs a Java class of this Kafka installation: every jar in ../libs on the classpath, the JVM found as
# $JAVA or on PATH. The environment knobs are those of Kafka's own scripts:
#   KAFKA_HEAP_OPTS             heap (default -Xmx256M; kafka-server-start.sh defaults to 1G)
#   KAFKA_JVM_PERFORMANCE_OPTS  GC and the like
#   KAFKA_LOG4J_OPTS            the logging config (default: ../config, console only)
#   KAFKA_OPTS                  anything else (-D system properties, agents)
#   LOG_DIR                     kafka.logs.dir, for configs that write files
set -eu
base=$(cd "$(dirname "$0")/.." && pwd)
[ "$#" -ge 1 ] || { echo "usage: $0 CLASS [ARGS...]" >&2; exit 2; }
heap=${KAFKA_HEAP_OPTS:--Xmx256M}
perf=${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true}
logdir=${LOG_DIR:-$base/logs}
logging=${KAFKA_LOG4J_OPTS:-}
if [ -z "$logging" ]; then
  cfg=${KAFKA_LOG_CONFIG:-tools}
  if [ -f "$base/config/$cfg-log4j2.properties" ]; then
    logging="-Dlog4j2.configurationFile=$base/config/$cfg-log4j2.properties"
  else
    logging="-Dlog4j.configuration=file:$base/config/$cfg-log4j.properties"
  fi
fi
# shellcheck disable=SC2086 # the *_OPTS are word lists, as in Kafka's own scripts
exec "${JAVA:-java}" $heap $perf $logging "-Dkafka.logs.dir=$logdir" ${KAFKA_OPTS:-} -cp "$base/libs/*" "$@"
