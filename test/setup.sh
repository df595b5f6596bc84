#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, idempotently, as root:
# Debian packages (ZooKeeper, kcat, podman and friends, iproute2, kubectl, Maven), the npm packages,
# Apache Kafka from Maven Central (test/kafka/install.sh, versions in test/versions.env), and a Kubernetes
# control plane built from the Go module proxy (test/kubernetes/install.sh; about 9 minutes the first time).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "test/setup.sh installs Debian packages: run it as root (sudo bash test/setup.sh)" >&2
  exit 2
fi

packages=(
  zookeeper            # real ZooKeeper 3.8 for the integration tests
  default-jre-headless # ZooKeeper and Kafka run on the machine's JDK (17)
  maven                # fetches Kafka's jars from Maven Central
  kcat                 # librdkafka's mock Kafka cluster, the stand-in broker
  iproute2 util-linux  # network namespaces, unshare: test hosts with their own names
  podman buildah runc uidmap fuse-overlayfs slirp4netns debootstrap  # images and pods, without a Docker engine
  ca-certificates
  openssl              # the test control plane's certificates (test/kubernetes/pki.ts)
)
command -v kubectl >/dev/null 2>&1 || packages+=(kubectl)  # kubectl kustomize renders manifests offline

# shellcheck source=support/debian-packages.sh
. test/support/debian-packages.sh
apt_install_missing setup "${packages[@]}"

# The Debian zookeeper package ships an init script; the tests start their own servers only.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now zookeeper >/dev/null 2>&1 || true; fi

npm ci --no-audit --no-fund
bash test/kafka/install.sh
bash test/kubernetes/install.sh
bash test/kubernetes/node-install.sh
# Only the real-broker benchmark compares with kafka_exporter; setup goes on without it.
bash test/kafka-exporter/install.sh || echo "kafka_exporter not installed: test/bench/real-broker.bench.ts measures the sidecar alone"
echo "setup done"
