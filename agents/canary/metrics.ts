/**
 * The canary's Prometheus metrics. Counts are read from the tracker at each scrape (one source of
 * truth); the end-to-end latency is a histogram observed as messages arrive.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PartitionStats } from './tracker.ts';

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface CanaryMetrics {
  observeLatency(partition: number, seconds: number): void;
  ready(ok: boolean): void;
}

export interface MetricsSource {
  readonly topic: string;
  readonly stats: () => readonly PartitionStats[];
}

/** The tracker's counts exported as counters: name and help by the count they read. */
const COUNTERS = {
  sent: { name: 'canary_messages_sent_total', help: 'Messages handed to the producer' },
  acknowledged: { name: 'canary_messages_acknowledged_total', help: 'Messages the brokers acknowledged (acks=all)' },
  produceErrors: { name: 'canary_produce_errors_total', help: 'Messages whose produce request failed after its retries' },
  received: { name: 'canary_messages_received_total', help: 'Messages of this run received, each counted once' },
  duplicated: { name: 'canary_messages_duplicated_total', help: 'Messages received again at another offset: the log holds them twice' },
  redelivered: { name: 'canary_messages_redelivered_total', help: 'Offsets read again by the consumer (after a rebalance); not a fault of the log' },
  outOfOrder: { name: 'canary_messages_out_of_order_total', help: 'Messages first received after a later message of the same partition' },
  lostTotal: { name: 'canary_messages_lost_total', help: 'Acknowledged messages not received within CANARY_LOSS_GRACE' },
  late: { name: 'canary_messages_late_total', help: 'Messages counted lost that arrived afterwards' },
} as const satisfies Partial<Record<keyof PartitionStats, { name: string; help: string }>>;

export function canaryMetrics(registry: Registry, source: MetricsSource): CanaryMetrics {
  const labelNames = ['topic', 'partition'] as const;
  const each = (f: (s: PartitionStats, labels: { topic: string; partition: string }) => void) => {
    for (const s of source.stats()) f(s, { topic: source.topic, partition: String(s.partition) });
  };
  for (const [key, { name, help }] of Object.entries(COUNTERS) as Array<[keyof typeof COUNTERS, { name: string; help: string }]>) {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        each((s, l) => this.inc(l, s[key]));
      },
    });
  }
  new Gauge({
    name: 'canary_messages_pending',
    help: 'Acknowledged messages not received yet, within the grace time',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((s, l) => this.set(l, s.pending));
    },
  });
  new Gauge({
    name: 'canary_messages_missing',
    help: 'Acknowledged messages lost now: past the grace time and not received',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((s, l) => this.set(l, s.lostNow));
    },
  });
  new Counter({
    name: 'canary_partition_leaderless_seconds_total',
    help: 'Time the partition had no leader in the metadata the canary read',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      each((s, l) => this.inc(l, s.leaderlessMs / 1000));
    },
  });
  const latency = new Histogram({
    name: 'canary_end_to_end_latency_seconds',
    help: 'From handing a message to the producer to receiving it',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const ready = new Gauge({ name: 'canary_ready', help: 'Whether /readyz answers 200 (1) or 503 (0)', registers: [registry] });
  ready.set(0);
  return {
    observeLatency(partition, seconds) {
      latency.observe({ topic: source.topic, partition: String(partition) }, seconds);
    },
    ready(ok) {
      ready.set(ok ? 1 : 0);
    },
  };
}
