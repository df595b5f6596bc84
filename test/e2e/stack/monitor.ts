/**
 * What a fault cost, sampled once a second while it runs: each broker's readiness (its sidecar's
 * /readyz, as the kubelet probes it), partitions of the canary's topic under-replicated and under
 * min.insync.replicas (metadata from the brokers), and the service-mode canary's counters (/metrics).
 */
import type { Admin } from 'kafkajs';
import { httpGet, type StatefulSetPods } from '../pods/runner.ts';

export interface Sample {
  readonly t: number;
  readonly unready: readonly string[];
  /** undefined when no broker answered for metadata. */
  readonly underReplicated: number | undefined;
  readonly underMinIsr: number | undefined;
}

export interface CanaryCounts {
  readonly sent: number;
  readonly acknowledged: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly produceErrors: number;
  /** Cumulative count at or below each histogram bound (seconds), over all partitions. */
  readonly latencyBuckets: ReadonlyMap<number, number>;
}

const COUNTERS: Record<string, keyof Omit<CanaryCounts, 'latencyBuckets'>> = {
  canary_messages_sent_total: 'sent',
  canary_messages_acknowledged_total: 'acknowledged',
  canary_messages_received_total: 'received',
  canary_messages_lost_total: 'lost',
  canary_messages_duplicated_total: 'duplicated',
  canary_produce_errors_total: 'produceErrors',
};

/** Sums the canary's per-partition series from a /metrics text. */
export function canaryCounts(text: string): CanaryCounts {
  const out = { sent: 0, acknowledged: 0, received: 0, lost: 0, duplicated: 0, produceErrors: 0 };
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name, labels, value] = m as unknown as [string, string, string, string];
    const key = COUNTERS[name];
    if (key) out[key] += Number(value);
    if (name === 'canary_end_to_end_latency_seconds_bucket') {
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      const bound = le === '+Inf' ? Infinity : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + Number(value));
    }
  }
  return { ...out, latencyBuckets: buckets };
}

/** The smallest histogram bound that holds every latency observed between two scrapes (Infinity: above the last bound; 0: nothing observed). */
export function worstLatencyBound(before: CanaryCounts, after: CanaryCounts): number {
  const total = (after.latencyBuckets.get(Infinity) ?? 0) - (before.latencyBuckets.get(Infinity) ?? 0);
  if (total === 0) return 0;
  const bounds = [...after.latencyBuckets.keys()].sort((a, b) => a - b);
  return bounds.find((b) => (after.latencyBuckets.get(b) ?? 0) - (before.latencyBuckets.get(b) ?? 0) === total) ?? Infinity;
}

export interface Cost {
  readonly fault: string;
  readonly seconds: number;
  /** Seconds during which at least one broker was not ready. */
  readonly unreadySeconds: number;
  readonly maxUnderReplicated: number;
  readonly underMinIsrSeconds: number;
  readonly maxUnderMinIsr: number;
  readonly sent: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly produceErrors: number;
  /** Upper bound of the worst end-to-end latency, seconds (a histogram bound). */
  readonly worstLatencySeconds: number;
  /** Exit code of the job-mode check after the fault. */
  checkExit?: number;
  /** Containers restarted by restartPolicy Always during the fault. */
  restarts?: number;
}

/** Summarises the samples of one fault window. */
export function costOf(fault: string, samples: readonly Sample[], before: CanaryCounts, after: CanaryCounts): Cost {
  let unready = 0;
  let underMinIsr = 0;
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i]!.t - samples[i - 1]!.t;
    if (samples[i - 1]!.unready.length > 0) unready += dt;
    if ((samples[i - 1]!.underMinIsr ?? 0) > 0) underMinIsr += dt;
  }
  return {
    fault,
    seconds: samples.length > 1 ? (samples.at(-1)!.t - samples[0]!.t) / 1000 : 0,
    unreadySeconds: unready / 1000,
    maxUnderReplicated: Math.max(0, ...samples.map((s) => s.underReplicated ?? 0)),
    underMinIsrSeconds: underMinIsr / 1000,
    maxUnderMinIsr: Math.max(0, ...samples.map((s) => s.underMinIsr ?? 0)),
    sent: after.sent - before.sent,
    lost: after.lost - before.lost,
    duplicated: after.duplicated - before.duplicated,
    produceErrors: after.produceErrors - before.produceErrors,
    worstLatencySeconds: worstLatencyBound(before, after),
  };
}

export class FaultMonitor {
  private samples: Sample[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly brokers: StatefulSetPods,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly minIsr: number,
    private readonly canaryMetrics: { host: string; port: number },
  ) {}

  async canary(): Promise<CanaryCounts> {
    const r = await httpGet(this.canaryMetrics.host, this.canaryMetrics.port, '/metrics', 5_000);
    if (r.status !== 200) throw new Error(`canary /metrics answered ${r.status}`);
    return canaryCounts(r.body);
  }

  private async sample(): Promise<Sample> {
    const t = Date.now();
    const ordinals = Array.from({ length: this.brokers.replicas }, (_, i) => i);
    const probes = await Promise.all(ordinals.map((i) => this.brokers.readiness(i, 'kafka')));
    const unready = ordinals.filter((i) => !(probes[i]!.status >= 200 && probes[i]!.status < 400)).map((i) => this.brokers.podName(i));
    let underReplicated: number | undefined;
    let underMinIsr: number | undefined;
    try {
      const md = await Promise.race([
        this.admin.fetchTopicMetadata({ topics: [this.topic] }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('metadata timeout')), 3_000)),
      ]);
      const parts = md.topics[0]?.partitions ?? [];
      underReplicated = parts.filter((p) => p.isr.length < p.replicas.length).length;
      underMinIsr = parts.filter((p) => p.isr.length < this.minIsr).length;
    } catch {
      /* no broker answered: counted as unknown */
    }
    return { t, unready, underReplicated, underMinIsr };
  }

  /** Starts sampling (once a second) for one fault. */
  start(): void {
    this.samples = [];
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const s = await this.sample();
        this.samples.push(s);
        const wait = 1000 - (Date.now() - s.t);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async stop(): Promise<Sample[]> {
    this.running = false;
    await this.loop;
    this.samples.push(await this.sample());
    return this.samples;
  }
}
