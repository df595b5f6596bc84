#!/bin/bash
# Entry point of the zookeeper stand-in; behaves as the official image's does (see Dockerfile).
set -euo pipefail

if [[ "${1:-}" == zkServer.sh && "$(id -u)" == 0 ]]; then
  chown -R zookeeper "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR" "$ZOO_LOG_DIR" "$ZOO_CONF_DIR"
  exec setpriv --reuid=zookeeper --regid=zookeeper --init-groups "$0" "$@"
fi

if [[ ! -f "$ZOO_CONF_DIR/zoo.cfg" ]]; then
  {
    printf 'dataDir=%s\ndataLogDir=%s\n' "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR"
    printf 'tickTime=%s\ninitLimit=%s\nsyncLimit=%s\n' "$ZOO_TICK_TIME" "$ZOO_INIT_LIMIT" "$ZOO_SYNC_LIMIT"
    printf 'autopurge.snapRetainCount=%s\nautopurge.purgeInterval=%s\n' "$ZOO_AUTOPURGE_SNAPRETAINCOUNT" "$ZOO_AUTOPURGE_PURGEINTERVAL"
    printf 'maxClientCnxns=%s\nstandaloneEnabled=%s\nadmin.enableServer=%s\n' "$ZOO_MAX_CLIENT_CNXNS" "$ZOO_STANDALONE_ENABLED" "$ZOO_ADMINSERVER_ENABLED"
    if [[ -z "${ZOO_SERVERS:-}" ]]; then
      printf 'clientPort=2181\nserver.1=localhost:2888:3888;2181\n'
    else
      for server in $ZOO_SERVERS; do printf '%s\n' "$server"; done
    fi
    if [[ -n "${ZOO_4LW_COMMANDS_WHITELIST:-}" ]]; then
      printf '4lw.commands.whitelist=%s\n' "$ZOO_4LW_COMMANDS_WHITELIST"
    fi
  } >"$ZOO_CONF_DIR/zoo.cfg"
fi

if [[ ! -f "$ZOO_DATA_DIR/myid" ]]; then
  echo "${ZOO_MY_ID:-1}" >"$ZOO_DATA_DIR/myid"
fi

exec "$@"
