# Images of the four agents. Build them all with `docker buildx bake`; see README.md ("Images").
# The bundles must exist first: `npm run build` writes dist/<agent>.js, which each image copies.
# test/images/bake.ts reads this file and builds the same targets with podman, so CI tests it.

variable "REGISTRY" {
  default = "ghcr.io/kafka-statefulset"
}

variable "TAG" {
  default = "0.1.0"
}

# The Node runtime every image starts FROM: distroless Node 24 (LTS), Debian 12, as the nonroot variant.
# Where no registry can be reached, point it at a local base (test/images/local-bases.ts makes one).
variable "NODE_BASE" {
  default = "gcr.io/distroless/nodejs24-debian12:nonroot"
}

variable "SOURCE_URL" {
  default = "https://github.com/kafka-statefulset/kafka-statefulset"
}

group "default" {
  targets = ["zookeeper-init", "kafka-init", "sidecar", "canary"]
}

# What every agent image shares; each target below adds its name and description.
target "_agent" {
  context   = "."
  platforms = ["linux/amd64", "linux/arm64"]
  args = {
    NODE_BASE = "${NODE_BASE}"
    VERSION   = "${TAG}"
    SOURCE    = "${SOURCE_URL}"
  }
  labels = {
    "org.opencontainers.image.source"   = "${SOURCE_URL}"
    "org.opencontainers.image.version"  = "${TAG}"
    "org.opencontainers.image.licenses" = "Apache-2.0"
    "org.opencontainers.image.vendor"   = "kafka-statefulset"
  }
}

target "zookeeper-init" {
  inherits   = ["_agent"]
  dockerfile = "images/zookeeper-init/Dockerfile"
  tags       = ["${REGISTRY}/zookeeper-init:${TAG}"]
  labels = {
    "org.opencontainers.image.title"       = "zookeeper-init"
    "org.opencontainers.image.description" = "Init container of the ZooKeeper StatefulSet: writes myid and the ensemble's zoo.cfg"
  }
}

target "kafka-init" {
  inherits   = ["_agent"]
  dockerfile = "images/kafka-init/Dockerfile"
  tags       = ["${REGISTRY}/kafka-init:${TAG}"]
  labels = {
    "org.opencontainers.image.title"       = "kafka-init"
    "org.opencontainers.image.description" = "Init container of the Kafka StatefulSet: derives broker.id, rack and listeners, writes server.properties"
  }
}

target "sidecar" {
  inherits   = ["_agent"]
  dockerfile = "images/sidecar/Dockerfile"
  tags       = ["${REGISTRY}/sidecar:${TAG}"]
  labels = {
    "org.opencontainers.image.title"       = "sidecar"
    "org.opencontainers.image.description" = "Container beside ZooKeeper and Kafka: /readyz, /healthz and Prometheus /metrics"
  }
}

target "canary" {
  inherits   = ["_agent"]
  dockerfile = "images/canary/Dockerfile"
  tags       = ["${REGISTRY}/canary:${TAG}"]
  labels = {
    "org.opencontainers.image.title"       = "canary"
    "org.opencontainers.image.description" = "Kafka canary: numbered messages with acks=all, per-partition loss, duplicates and latency; /readyz and /metrics"
  }
}
