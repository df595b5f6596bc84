/** Every setting of the canary, declared once (flag, env, default, help). */
import { InvalidValue, parseDurationMs, setting, showDuration } from '../lib/config/index.ts';
import { splitHostPort } from '../lib/kafka-identity.ts';

export const MODES = ['service', 'job', 'chaos'] as const;
export type CanaryMode = (typeof MODES)[number];

/** host:port,host:port: the brokers to bootstrap from. */
function bootstrap(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InvalidValue('must list at least one host:port');
  for (const i of items) {
    if (splitHostPort(i) === null) throw new InvalidValue(`must be host:port[,host:port...] (e.g. kafka:9092), got ${JSON.stringify(i)}`);
  }
  return items;
}

/** Kafka's own rule for topic names (legal characters, at most 249 of them, not . or ..). */
function topicName(raw: string): string {
  const s = raw.trim();
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(s) || s === '.' || s === '..') {
    throw new InvalidValue(`must be a Kafka topic name (letters, digits, . _ -, at most 249), got ${JSON.stringify(raw)}`);
  }
  return s;
}

/** Empty means unset, so a manifest can leave it blank. */
function optionalDuration(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const ms = parseDurationMs(raw);
  if (ms < 1000) throw new InvalidValue(`must be at least 1s, got ${raw}`);
  return ms;
}

function optionalCount(raw: string): number | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  if (!/^\d+$/.test(s) || Number(s) < 1 || !Number.isSafeInteger(Number(s))) throw new InvalidValue(`must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(s);
}

/** Port 9405: beside the sidecar's 9404, not a port of Kafka or ZooKeeper. */
export const DEFAULT_PORT = 9405;

export const settings = {
  bootstrap: setting.custom<string[]>('<host:port,...>', bootstrap, {
    env: 'CANARY_BOOTSTRAP',
    default: ['kafka:9092'],
    help: 'Brokers to bootstrap from (the bootstrap Service kafka:9092 in the cluster); the client then follows the advertised addresses',
  }, (v) => v.join(',')),
  topic: setting.custom('<topic>', topicName, {
    env: 'CANARY_TOPIC',
    default: 'canary',
    help: 'Topic the canary produces to and consumes from. Created when missing (a partition per broker, replication factor 3 or the broker count, min.insync.replicas 2 where it is 3); an existing topic is used as it is',
  }),
  mode: setting.oneOf(MODES, {
    env: 'CANARY_MODE',
    default: 'service',
    help: 'service runs until stopped (a Deployment); job runs for CANARY_DURATION or CANARY_MESSAGES and exits 0 when nothing acknowledged was lost, 1 when something was; chaos deletes the pods of CANARY_CHAOS_PODS one at a time and exits 1 when a round does not recover',
  }),
  group: setting.custom('<group>', topicName, {
    env: 'CANARY_GROUP',
    default: 'canary',
    help: 'Consumer group of the canary\'s consumer; every canary running at the same time needs its own (the canary-check Job uses canary-check)',
  }),
  duration: setting.custom<number | undefined>('<duration>', optionalDuration, {
    env: 'CANARY_DURATION',
    help: 'job mode: how long to produce (e.g. 5m); with CANARY_MESSAGES too, whichever comes first',
  }, (v) => (v === undefined ? '' : showDuration(v))),
  messages: setting.custom<number | undefined>('<int>', optionalCount, {
    env: 'CANARY_MESSAGES',
    help: 'job mode: how many messages to produce in all partitions together; with CANARY_DURATION too, whichever comes first',
  }, (v) => (v === undefined ? '' : String(v))),
  rate: setting.int({
    env: 'CANARY_RATE',
    default: 10,
    min: 1,
    max: 10_000,
    help: 'Messages per second, in all partitions together, spread evenly over them',
  }),
  lossGrace: setting.duration({
    env: 'CANARY_LOSS_GRACE',
    default: 30_000,
    minMs: 100,
    help: 'An acknowledged message not received this long after its acknowledgement counts as lost',
  }),
  interval: setting.duration({
    env: 'CANARY_INTERVAL',
    default: 10_000,
    minMs: 100,
    help: 'How often the summary line is logged',
  }),
  produceTimeout: setting.duration({
    env: 'CANARY_PRODUCE_TIMEOUT',
    default: 30_000,
    minMs: 1000,
    help: 'How long a produce request may take to be acknowledged, retries included, before its messages count as produce errors',
  }),
  startTimeout: setting.duration({
    env: 'CANARY_START_TIMEOUT',
    default: 120_000,
    minMs: 1000,
    help: 'How long connecting, setting up the topic and joining the group may take before the canary gives up (exit 1)',
  }),
  port: setting.port({
    env: 'CANARY_PORT',
    default: DEFAULT_PORT,
    help: 'HTTP port for /healthz, /readyz and /metrics',
  }),
  listenAddress: setting.string({
    env: 'CANARY_LISTEN_ADDRESS',
    default: '0.0.0.0',
    nonEmpty: true,
    help: 'Address the HTTP server binds (0.0.0.0, :: on IPv6 clusters, 127.0.0.1 to keep it inside the pod)',
  }),
  chaosPods: setting.list({
    env: 'CANARY_CHAOS_PODS',
    default: ['kafka-0', 'kafka-1', 'kafka-2', 'zoo-0', 'zoo-1', 'zoo-2'],
    nonEmpty: true,
    help: 'chaos mode: the pods deleted, one a round, in this order; every one of them must be Ready before a round ends. The Role that lets it delete them lists the same names',
  }),
  chaosRounds: setting.int({
    env: 'CANARY_CHAOS_ROUNDS',
    default: 6,
    min: 1,
    max: 1000,
    help: 'chaos mode: how many pods are deleted, one after the other',
  }),
  chaosRecoveryTimeout: setting.duration({
    env: 'CANARY_CHAOS_RECOVERY_TIMEOUT',
    default: 600_000,
    minMs: 1000,
    help: 'chaos mode: how long a round may take for the deleted pod to come back and every pod to be Ready; longer fails the run (exit 1)',
  }),
  chaosPause: setting.duration({
    env: 'CANARY_CHAOS_PAUSE',
    default: 30_000,
    help: 'chaos mode: wait between a round that recovered and the next one',
  }),
  chaosNamespace: setting.optionalString({
    env: 'CANARY_CHAOS_NAMESPACE',
    fallbackEnv: ['POD_NAMESPACE'],
    help: "chaos mode: namespace of the pods; by default the pod's own (its service account's namespace file)",
  }),
  serviceAccountDir: setting.path({
    env: 'CANARY_SERVICE_ACCOUNT_DIR',
    default: '/var/run/secrets/kubernetes.io/serviceaccount',
    help: "chaos mode: the mounted service account (token, ca.crt, namespace) it calls the Kubernetes API with",
  }),
};
