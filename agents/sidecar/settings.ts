/** Every setting of the sidecar, declared once (flag, env, default, help). */
import { InvalidValue, setting } from '../lib/config/index.ts';
import { splitHostPort } from '../lib/kafka-identity.ts';

/** "host:port" of the local server. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

function target(raw: string): Target {
  const hp = splitHostPort(raw.trim());
  if (hp === null) throw new InvalidValue(`must be host:port (e.g. 127.0.0.1:9092), got ${JSON.stringify(raw)}`);
  return hp;
}

/** A default for a regex setting, anchored as the setting anchors what it parses. */
function wholeName(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

export const DEFAULT_TARGET = { zookeeper: '127.0.0.1:2181', kafka: '127.0.0.1:9092' } as const;

/**
 * Port 9404: not ZooKeeper's 2181/2888/3888 or its AdminServer's 8080, not
 * Kafka's 9092/9094, and the port users already scrape for broker metrics
 * (the JMX exporter's usual one), so the sidecar can take that exporter's place.
 */
export const DEFAULT_PORT = 9404;

export const settings = {
  mode: setting.oneOf(['zookeeper', 'kafka'] as const, {
    env: 'SIDECAR_MODE',
    required: true,
    help: 'Which server runs beside the sidecar: zookeeper or kafka. Decides the checks, the metrics and the default target',
  }),
  port: setting.port({
    env: 'SIDECAR_PORT',
    default: DEFAULT_PORT,
    help: 'HTTP port for /healthz, /readyz and /metrics',
  }),
  listenAddress: setting.string({
    env: 'SIDECAR_LISTEN_ADDRESS',
    default: '0.0.0.0',
    nonEmpty: true,
    help: 'Address the HTTP server binds: 0.0.0.0 (every IPv4 address, so the kubelet and Prometheus reach it), :: on IPv6 clusters, 127.0.0.1 to keep it inside the pod',
  }),
  httpTimeout: setting.duration({
    env: 'SIDECAR_HTTP_TIMEOUT',
    default: 5000,
    minMs: 500,
    maxMs: 60_000,
    help: 'How long an HTTP client may take to send its request, a keep-alive connection may stay idle, and an answer may wait on a client that does not read it; then the connection is closed',
  }),
  httpMaxConnections: setting.int({
    env: 'SIDECAR_HTTP_MAX_CONNECTIONS',
    default: 32,
    min: 2,
    help: 'At most this many HTTP connections are open; one more closes the oldest that is not being answered (so idle clients cannot lock out the kubelet), or is refused while all are',
  }),
  target: setting.custom<Target | undefined>('<host:port>', target, {
    env: 'SIDECAR_TARGET',
    help: `The local server: ZooKeeper's client port (default ${DEFAULT_TARGET.zookeeper}) or the broker's internal listener (default ${DEFAULT_TARGET.kafka}; with kraft metadata, the inter-broker listener of SIDECAR_KAFKA_CONFIG_FILE)`,
  }, (t) => (t ? `${t.host}:${t.port}` : '')),
  metadataMode: setting.oneOf(['zookeeper', 'kraft'] as const, {
    env: 'SIDECAR_KAFKA_METADATA_MODE',
    default: 'zookeeper',
    help: 'kafka mode: where the cluster keeps its metadata, as KAFKA_METADATA_MODE of kafka-init: zookeeper (Kafka 3.9, checks read ZooKeeper) or kraft (Kafka 4.x, checks ask the broker and the controller quorum; process.roles in SIDECAR_KAFKA_CONFIG_FILE decides which)',
  }),
  identityFile: setting.path({
    env: 'SIDECAR_IDENTITY_FILE',
    default: '/etc/kafka-broker/identity.json',
    help: 'kafka mode with zookeeper metadata: the identity.json kafka-init writes (broker id, expected endpoints, zookeeper.connect)',
  }),
  kafkaConfigFile: setting.path({
    env: 'SIDECAR_KAFKA_CONFIG_FILE',
    default: '/etc/kafka-broker/server.properties',
    help: 'kafka mode with kraft metadata: the server.properties Kafka runs with (kafka-init writes it); node.id, process.roles, broker.rack and the listeners say what to check and where',
  }),
  podName: setting.optionalString({
    env: 'POD_NAME',
    fallbackEnv: ['HOSTNAME'],
    help: 'kafka mode with kraft metadata: this pod\'s name for the pod label of kafka_broker_info and kafka_controller_info (downward API metadata.name; $HOSTNAME, which a StatefulSet sets to it, otherwise)',
  }),
  checkInterval: setting.duration({
    env: 'SIDECAR_CHECK_INTERVAL',
    default: 2000,
    minMs: 100,
    help: 'How often the readiness checks run; /readyz answers from the latest result',
  }),
  checkTimeout: setting.duration({
    env: 'SIDECAR_CHECK_TIMEOUT',
    default: 1500,
    minMs: 50,
    help: 'How long one check may take before it counts as failed',
  }),
  metricsCacheTtl: setting.duration({
    env: 'SIDECAR_METRICS_CACHE_TTL',
    default: 1000,
    maxMs: 60_000,
    help: 'Scrapes of /metrics within this time of a render get that render again (0s renders every scrape); keeps many scrapers cheap',
  }),
  isrMaxWait: setting.duration({
    env: 'SIDECAR_ISR_MAX_WAIT',
    default: 600_000,
    help: 'kafka mode: how long partitions that cannot catch up (no leader, or a leader that is not registered) may hold readiness back once the broker is up and registered; behind a live leader it waits however long catching up takes. 0s waits without limit',
  }),
  quorumMaxLag: setting.int({
    env: 'SIDECAR_QUORUM_MAX_LAG',
    default: 1000,
    min: 0,
    help: 'kraft controllers: a voter is caught up when its log end offset is at most this many records behind the quorum\'s high watermark (and SIDECAR_QUORUM_MAX_LAG_TIME holds); an idle cluster adds about 2 records a second',
  }),
  quorumMaxLagTime: setting.duration({
    env: 'SIDECAR_QUORUM_MAX_LAG_TIME',
    default: 5000,
    minMs: 500,
    help: 'kraft controllers: a voter is caught up only when, on the leader\'s clock, it last reached the leader\'s log end within this time (a restarted voter the leader has not heard from yet is behind by its downtime)',
  }),
  zkSessionTimeout: setting.duration({
    env: 'SIDECAR_ZK_SESSION_TIMEOUT',
    default: 10_000,
    minMs: 2000,
    maxMs: 60_000,
    help: 'kafka mode: session timeout of the sidecar\'s own ZooKeeper session (reads registration and partition state)',
  }),
  metricsInterval: setting.duration({
    env: 'SIDECAR_METRICS_INTERVAL',
    default: 30_000,
    minMs: 1000,
    help: 'kafka mode: how often cluster metrics (partitions, offsets, lag) are collected; scrapes are served from the last collection',
  }),
  metricsTimeout: setting.duration({
    env: 'SIDECAR_METRICS_TIMEOUT',
    default: 20_000,
    minMs: 100,
    help: 'kafka mode: how long one cluster-metrics collection may take before it is abandoned and counted as failed',
  }),
  topicInclude: setting.regex({
    env: 'SIDECAR_TOPIC_INCLUDE',
    default: wholeName('.*'),
    help: 'kafka mode: topics whose partition metrics are exported (a regular expression matched against the whole name)',
  }),
  topicExclude: setting.regex({
    env: 'SIDECAR_TOPIC_EXCLUDE',
    default: wholeName('__.*'),
    help: 'kafka mode: topics left out even when included (the default leaves out internal topics such as __consumer_offsets)',
  }),
  groupInclude: setting.regex({
    env: 'SIDECAR_GROUP_INCLUDE',
    default: wholeName('.*'),
    help: 'kafka mode: consumer groups whose offsets and lag are exported (whole-name regular expression)',
  }),
  groupExclude: setting.regex({
    env: 'SIDECAR_GROUP_EXCLUDE',
    default: wholeName('(?!)'),
    help: 'kafka mode: consumer groups left out even when included (the default (?!) matches none)',
  }),
  maxPartitionSeries: setting.int({
    env: 'SIDECAR_MAX_PARTITIONS',
    default: 20_000,
    min: 1,
    help: 'kafka mode: at most this many partitions are exported per sidecar; beyond it the rest are dropped and counted in sidecar_kafka_partitions_dropped',
  }),
};
