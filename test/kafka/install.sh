#!/usr/bin/env bash
# Installs Apache Kafka from Maven Central into .cache/kafka/<version>/ for every version in
# test/versions.env: libs/ (the broker, the tools and their runtime dependencies), bin/ (our launchers:
# kafka-run-class.sh, kafka-server-start.sh and one script per tool in tools.tsv) and config/ (console
# logging). Idempotent: a version whose inputs are unchanged is left as it is. Needs mvn and a JDK 17+.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../versions.env
. "$root/test/versions.env"

install_version() {
  local version=$1 line=$2 column=$3
  local dest="$root/.cache/kafka/$version"
  local stamp
  stamp=$(cat "$here/pom.xml" "$here/tools.tsv" "$here"/bin/* "$here"/config/* "$0" | sha256sum | cut -c1-16)
  if [ -f "$dest/.installed" ] && [ "$(cat "$dest/.installed")" = "$stamp" ]; then
    echo "Kafka $version: present in .cache/kafka/$version"
    return
  fi
  echo "Kafka $version: fetching the broker and tools from Maven Central"
  local tmp="$dest.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp/bin" "$tmp/config" "$tmp/logs"
  mvn -q -B -f "$here/pom.xml" -P "$line" -Dkafka.version="$version" -Dkafka.libs="$tmp/libs" dependency:copy-dependencies
  install -m 0755 "$here/bin/kafka-run-class.sh" "$here/bin/kafka-server-start.sh" "$tmp/bin/"
  case $line in
    kafka-3) cp "$here/config/server-log4j.properties" "$here/config/tools-log4j.properties" "$tmp/config/" ;;
    kafka-4) cp "$here/config/server-log4j2.properties" "$here/config/tools-log4j2.properties" "$tmp/config/" ;;
  esac
  local script class
  while IFS=$'\t' read -r script c3 c4; do
    case $script in ''|'#'*) continue ;; esac
    if [ "$column" = 3 ]; then class=$c3; else class=$c4; fi
    printf '#!/bin/sh\n# %s: runs %s (from test/kafka/tools.tsv)\nexec "$(dirname "$0")/kafka-run-class.sh" %s "$@"\n' \
      "$script" "$class" "$class" >"$tmp/bin/$script"
    chmod 0755 "$tmp/bin/$script"
  done <"$here/tools.tsv"
  echo "$version" >"$tmp/VERSION"
  echo "$stamp" >"$tmp/.installed"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  echo "Kafka $version: installed in .cache/kafka/$version ($(du -sh "$dest/libs" | cut -f1) of jars)"
}

install_version "$KAFKA_ZK_VERSION" kafka-3 3
install_version "$KAFKA_KRAFT_VERSION" kafka-4 4
