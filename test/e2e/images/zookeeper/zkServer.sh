#!/bin/bash
# zkServer.sh of the zookeeper stand-in: `start-foreground` runs the server with $ZOOCFGDIR/zoo.cfg as
# ZooKeeper 3.8's script does (ZOOCFGDIR first on the classpath, so logback.xml there configures logging;
# ZK_SERVER_HEAP in MB, JVMFLAGS and SERVER_JVMFLAGS honoured). Other commands are not provided.
set -euo pipefail
cfgdir="${ZOOCFGDIR:-/conf}"
cfg="${2:-$cfgdir/zoo.cfg}"
case "${1:-}" in
  start-foreground)
    classpath="$cfgdir:/usr/share/java/zookeeper.jar:/usr/share/java/logback-classic.jar:/usr/share/java/logback-core.jar"
    # shellcheck disable=SC2086 # JVMFLAGS and SERVER_JVMFLAGS are word lists, as in ZooKeeper's script
    exec java "-Dzookeeper.log.dir=${ZOO_LOG_DIR:-/logs}" "-Xmx${ZK_SERVER_HEAP:-1000}m" \
      -XX:+HeapDumpOnOutOfMemoryError -XX:OnOutOfMemoryError='kill -9 %p' \
      ${SERVER_JVMFLAGS:-} ${JVMFLAGS:-} \
      -cp "$classpath" org.apache.zookeeper.server.quorum.QuorumPeerMain "$cfg"
    ;;
  *)
    echo "zkServer.sh (test stand-in): only start-foreground is provided" >&2
    exit 2
    ;;
esac
