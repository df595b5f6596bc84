/**
 * Assembles a running canary from its configuration and plan: the HTTP server first (so /readyz says
 * what it waits for), then the topic, the consumer positioned on every partition, the producer; the
 * sweep that declares losses, the summary line, and in job mode the end and the verdict.
 */
import { randomBytes } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Admin } from 'kafkajs';
import type { ConfigOf } from '../lib/config/index.ts';
import { AgentError, ExitCode } from '../lib/exit-codes.ts';
import type { Logger } from '../lib/log.ts';
import { buildCanaryApp, type Readiness } from './http.ts';
import { kafkaClient } from './kafka/client.ts';
import { startConsuming, type Consumption } from './kafka/consumer.ts';
import { watchLeaders } from './kafka/leaders.ts';
import { startProducing, type Production } from './kafka/producer.ts';
import { ensureTopic } from './kafka/topic.ts';
import { canaryMetrics } from './metrics.ts';
import type { CanaryPlan } from './plan.ts';
import type { settings } from './settings.ts';
import { jobVerdict, lostPhrase, summaryFields, summaryMessage } from './summary.ts';
import { Tracker } from './tracker.ts';
import { waitUntil, withTimeout } from './waits.ts';

/** How long closing the clients may take at the end. */
const CLOSE_TIMEOUT_MS = 5000;

export type CanaryConfig = ConfigOf<typeof settings>;

export interface CanaryOptions {
  /** Listen address instead of CANARY_LISTEN_ADDRESS (tests bind 127.0.0.1). */
  readonly host?: string;
  /** Node process metrics; off in golden-file tests. */
  readonly processMetrics?: boolean;
  /** Told the HTTP port once the server listens (CANARY_PORT may be 0 in tests). */
  readonly onListening?: (port: number) => void;
}

export async function runCanary(c: CanaryConfig, plan: CanaryPlan, log: Logger, signal: AbortSignal, o: CanaryOptions = {}): Promise<number> {
  const run = randomBytes(6).toString('hex');
  const registry = new Registry();
  if (o.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'canary_' });
  let tracker: Tracker | undefined;
  let step = 'connecting to the cluster';
  let consumption: Consumption | undefined;
  let production: Production | undefined;
  const metrics = canaryMetrics(registry, { topic: c.topic, stats: () => tracker?.stats(Date.now()) ?? [] });
  const readiness = (): Readiness => {
    if (!tracker || !production || !consumption) return { ready: false, reason: `starting: ${step}` };
    const mine = consumption.assigned().length;
    if (mine < tracker.partitions) {
      return { ready: false, reason: `the consumer has ${mine} of ${tracker.partitions} partitions of ${c.topic} in group ${c.group}: another member holds the rest (every canary needs its own CANARY_GROUP), or a rebalance is under way` };
    }
    return { ready: true, reason: `producing to and consuming all ${tracker.partitions} partitions of ${c.topic} in group ${c.group}` };
  };
  const app = buildCanaryApp(() => {
    const r = readiness();
    metrics.ready(r.ready);
    return r;
  }, registry);
  const host = o.host ?? c.listenAddress;
  try {
    await app.listen({ host, port: c.port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new AgentError('E_LISTEN', `cannot serve HTTP on ${host}:${c.port} (${code}): set CANARY_PORT to a free port or CANARY_LISTEN_ADDRESS to an address of this pod`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : c.port;
  o.onListening?.(port);
  log.info({ port, run }, `serving /healthz, /readyz and /metrics on port ${port}`);

  const kafka = kafkaClient(c.bootstrap, `canary-${c.group}`, log, Math.max(c.produceTimeout, 10_000));
  let admin: Admin | undefined;
  const timers: Array<NodeJS.Timeout> = [];
  let leaders: { stop(): void } | undefined;
  const logSummary = (msg: string, level: 'info' | 'error' = 'info') => {
    if (tracker) log[level]({ topic: c.topic, run, ...summaryFields(c.topic, tracker.stats(Date.now())) }, `${msg}${summaryMessage(tracker.stats(Date.now()))}`);
  };
  try {
    await withTimeout(c.startTimeout, signal, () => `the canary did not start within CANARY_START_TIMEOUT (${c.startTimeout} ms) while ${step}: check CANARY_BOOTSTRAP (${c.bootstrap.join(',')}) and that the brokers serve`, async () => {
      admin = kafka.admin();
      await admin.connect();
      step = `setting up topic ${c.topic}`;
      const topic = await ensureTopic(admin, c.topic, log);
      tracker = new Tracker(topic.partitions, c.lossGrace);
      step = `joining group ${c.group} and positioning on all ${topic.partitions} partitions (a member of the same group elsewhere would hold some: every canary needs its own CANARY_GROUP)`;
      consumption = await startConsuming(kafka, tracker, { topic: c.topic, group: c.group, run }, log, (partition, kind, latencyMs) => {
        if (kind === 'new' || kind === 'late') metrics.observeLatency(partition, latencyMs / 1000);
        if (kind === 'late') log.warn({ partition }, `a message of ${c.topic}-${partition} counted lost arrived after all, ${latencyMs} ms after it was created`);
      });
      await consumption.positioned;
      step = 'connecting the producer';
      production = await startProducing(kafka, tracker, { topic: c.topic, run, rate: c.rate, tickMs: plan.tickMs, produceTimeoutMs: c.produceTimeout, limit: plan.messages }, log);
    }).catch((e: unknown) => {
      if (e instanceof AgentError || signal.aborted) throw e;
      throw new AgentError('E_START', `the canary could not start while ${step}: ${(e as Error).message}`);
    });
    const t = tracker!;
    leaders = watchLeaders(admin!, c.topic, t);
    timers.push(
      setInterval(() => {
        const lost = t.sweep(Date.now());
        for (let p = 0; p < t.partitions; p++) {
          const here = lost.filter((l) => l.partition === p);
          if (here.length > 0) log.error({ topic: c.topic, partition: p, lost: here.length }, `lost: ${lostPhrase(c.topic, p, here)} acknowledged and not received within CANARY_LOSS_GRACE`);
        }
      }, Math.min(1000, Math.max(50, c.lossGrace / 4))),
      setInterval(() => logSummary('summary: '), c.interval),
    );
    log.info({ topic: c.topic, group: c.group, partitions: t.partitions, rate: c.rate, mode: plan.mode }, `producing ${c.rate} messages/s to ${t.partitions} partitions of ${c.topic}`);

    if (plan.mode === 'service') {
      await waitUntil(signal, () => false);
      logSummary('stopping: ');
      return ExitCode.OK;
    }
    const started = Date.now();
    const ended = await waitUntil(signal, () =>
      (plan.durationMs !== undefined && Date.now() - started >= plan.durationMs) || (plan.messages !== undefined && production!.created() >= plan.messages),
    );
    await production!.stop();
    // The sweep timer declares what the grace time is over for; settled once nothing is awaited.
    if (ended) await waitUntil(signal, () => t.settled());
    if (!ended || signal.aborted) {
      logSummary('stopped before the end of the job: ');
      return ExitCode.TERMINATED;
    }
    const verdict = jobVerdict(c.topic, t.stats(Date.now()));
    logSummary(verdict.ok ? 'verdict: nothing lost; ' : 'verdict: LOST; ', verdict.ok ? 'info' : 'error');
    if (!verdict.ok) throw new AgentError('E_LOST', verdict.message);
    log.info(verdict.message);
    return ExitCode.OK;
  } finally {
    for (const t of timers) clearInterval(t);
    leaders?.stop();
    // Bounded: a client still connecting to a broker that never answers would not give way.
    const closing = (async () => {
      await production?.stop().catch(() => undefined);
      await Promise.allSettled([production?.producer.disconnect(), consumption?.stop(), admin?.disconnect()]);
    })();
    await Promise.race([closing, new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref())]);
    await app.close();
  }
}
