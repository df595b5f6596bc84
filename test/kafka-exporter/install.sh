#!/usr/bin/env bash
# Builds danielqsj/kafka_exporter at KAFKA_EXPORTER_VERSION (test/versions.env) from the Go module proxy
# into .cache/bin/kafka_exporter, for test/bench/real-broker.bench.ts to compare our sidecar with.
# Everything Go writes stays under .cache/go (GOPATH, GOBIN, GOCACHE, GOMODCACHE), so a rebuild is cached.
# Idempotent: skips when .cache/bin/kafka_exporter.version already names the pinned version.
# Exits 1 when the module cannot be had (no Go, or the proxy refuses it); nothing but the benchmark needs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../versions.env
. "$root/test/versions.env"
# shellcheck source=../support/go-build.sh
. "$root/test/support/go-build.sh"

module=github.com/danielqsj/kafka_exporter
bin="$root/.cache/bin"
stamp="$bin/kafka_exporter.version"
if [ -x "$bin/kafka_exporter" ] && stamp_is "$stamp" "$KAFKA_EXPORTER_VERSION"; then
  echo "kafka_exporter $KAFKA_EXPORTER_VERSION: present in .cache/bin"
  exit 0
fi

if ! go_build_env "$root/.cache/go"; then
  echo "kafka_exporter: the benchmark runs without it" >&2
  exit 1
fi
mkdir -p "$bin"
export GOBIN="$bin"
echo "kafka_exporter $KAFKA_EXPORTER_VERSION: building $module from the Go module proxy"
start=$(date +%s)
rm -f "$stamp"
if ! "$go" install "$module@$KAFKA_EXPORTER_VERSION"; then
  echo "kafka_exporter: go install $module@$KAFKA_EXPORTER_VERSION failed; the benchmark runs without it" >&2
  exit 1
fi
echo "$KAFKA_EXPORTER_VERSION" >"$stamp"
echo "kafka_exporter $KAFKA_EXPORTER_VERSION: built into .cache/bin in $(($(date +%s) - start)) s"
