/**
 * kraft: the sidecar (the bundle, kafka mode with KRaft metadata) beside a real Kafka 4.3.1 cluster of 3
 * controllers and 3 brokers, no ZooKeeper.
 *
 * Metrics: BENCH_KRAFT_TOPICS x 100 partitions (RF 1, spread over the brokers): each broker sidecar's
 * collection time (sidecar_check_duration_seconds{check="cluster_partitions"}), SCRAPES scrapes of its
 * /metrics, and the RSS of a broker's and of the quorum leader's sidecar.
 *
 * Readiness, beside the ZooKeeper mode's figures of real-broker.bench.ts (same check interval):
 * ROUNDS broker rounds, each SIGKILLs one broker, times its sidecar's /readyz turning 503, restarts it
 * and times from the moment its partitions are all back in the ISR (a peer's Metadata) to 200; ROUNDS
 * controller rounds, each SIGKILLs the quorum leader and times its sidecar's 503, the other two sidecars
 * ready again under a new leader, and the restarted one's 200.
 *
 * Numbers are reported, never asserted. Everything started is stopped; ports are free ones; every loop
 * is bounded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitHostPort } from '../../agents/lib/kafka-identity.ts';
import { BrokerClient } from '../../agents/sidecar/kafka/wire/client.ts';
import { kafkaToolOk } from '../support/kafka.ts';
import { startLocalKraftCluster, type KraftNode, type LocalKraftCluster } from '../support/kraft.ts';
import { startSidecarProcess, type SidecarProcess } from '../support/sidecar.ts';
import { KAFKA_KRAFT_VERSION } from '../support/versions.ts';
import { sleep } from '../support/wait.ts';
import { median, percentile } from './stats.ts';
import { pollUntil, readyzStatus } from './poll.ts';
import { RECOMMENDED_NODE_OPTIONS } from './sidecar.bench.ts';
import type { Figures } from './run.ts';

const TOPICS = Number(process.env.BENCH_KRAFT_TOPICS ?? 20);
const PARTITIONS_PER_TOPIC = 100;
const SCRAPES = 100;
const ROUNDS = 3;

const SIDECAR_ENV = {
  SIDECAR_MODE: 'kafka',
  SIDECAR_KAFKA_METADATA_MODE: 'kraft',
  SIDECAR_CHECK_INTERVAL: '250ms',
  SIDECAR_CHECK_TIMEOUT: '1s',
  SIDECAR_METRICS_INTERVAL: '5s',
  SIDECAR_METRICS_TIMEOUT: '60s',
  NODE_OPTIONS: RECOMMENDED_NODE_OPTIONS,
  LOG_LEVEL: 'error',
};

function get(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    })
      .on('error', reject)
      .end();
  });
}

const rssMiB = (pid: number | undefined) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const metric = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1]);
const fmt = (v: number[]) => `${median(v).toFixed(0)} / ${Math.max(...v).toFixed(0)}`;

/** The quorum leader, as a controller's own DescribeCluster of the controllers names it. */
async function leaderOf(controllers: readonly KraftNode[]): Promise<number> {
  for (const c of controllers.filter((n) => n.running())) {
    const client = new BrokerClient(splitHostPort(c.controllerAddress!)!);
    try {
      const id = (await client.describeCluster(2)).controllerId;
      if (id >= 0) return id;
    } catch {
      // the next one
    } finally {
      client.close();
    }
  }
  throw new Error('no controller names a leader');
}

/** True when `id` is in the ISR of every partition it replicates, as a running peer's Metadata says. */
async function inEveryIsr(kafka: LocalKraftCluster, id: number): Promise<boolean> {
  const peer = kafka.brokers.find((b) => b.id !== id && b.running())!;
  const client = new BrokerClient(splitHostPort(peer.clientAddress!)!);
  try {
    const meta = await client.metadata(null);
    return meta.topics.every((t) => t.partitions.every((p) => !p.replicas.includes(id) || p.isr.includes(id)));
  } finally {
    client.close();
  }
}

export async function bench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kraft-'));
  const stops: Array<() => Promise<void>> = [];
  let keep = false;
  try {
    const t0 = performance.now();
    const kafka = await startLocalKraftCluster(dir, { controllers: 3, brokers: 3, listener: 'INTERNAL', overrides: { 'replica.lag.time.max.ms': 2000, 'num.io.threads': 4 } });
    stops.push(() => kafka.stop());
    const startMs = performance.now() - t0;
    const b = ['--bootstrap-server', kafka.bootstrap];
    for (let i = 0; i < TOPICS; i++) {
      await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', `bench-${String(i).padStart(3, '0')}`, '--partitions', String(PARTITIONS_PER_TOPIC), '--replication-factor', '1'], { version: KAFKA_KRAFT_VERSION });
    }
    // A replicated topic for the broker rounds: a restarted broker must catch up on it.
    await kafkaToolOk('kafka-topics', [...b, '--create', '--topic', 'ready', '--partitions', '6', '--replication-factor', '3'], { version: KAFKA_KRAFT_VERSION });

    const sidecars = new Map<number, SidecarProcess>();
    for (const n of kafka.nodes) {
      const s = await startSidecarProcess({ ...SIDECAR_ENV, SIDECAR_KAFKA_CONFIG_FILE: n.propertiesFile, POD_NAME: `node-${n.id}` }, dir, `sidecar-${n.id}`);
      sidecars.set(n.id, s);
      stops.unshift(s.stop);
    }
    const url = (id: number) => sidecars.get(id)!.url;
    const allReady = (ids = [...sidecars.keys()]) => pollUntil('every sidecar ready', async () => (await Promise.all(ids.map((id) => readyzStatus(url(id))))).every((c) => c === 200), 120_000);
    await allReady();

    // Metrics: every broker sidecar's collection of its share of the partitions.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    stops.push(async () => agent.destroy());
    const collectMs: number[] = [];
    for (const n of kafka.brokers) {
      const text = await (async () => {
        const end = performance.now() + 120_000;
        for (;;) {
          const t = await (await fetch(`${url(n.id)}/metrics`)).text();
          if (t.includes('sidecar_check_success{check="cluster_partitions"} 1')) return t;
          if (performance.now() > end) throw new Error(`no collection from sidecar ${n.id}`);
          await sleep(500);
        }
      })();
      collectMs.push(metric(text, 'sidecar_check_duration_seconds{check="cluster_partitions"}') * 1000);
    }
    const scrapeMs: number[] = [];
    for (let i = 0; i < SCRAPES; i++) scrapeMs.push(await get(agent, `${url(kafka.brokers[0]!.id)}/metrics`));
    scrapeMs.sort((x, y) => x - y);
    const leader0 = await leaderOf(kafka.controllers);
    const brokerRss = rssMiB(sidecars.get(kafka.brokers[0]!.id)!.proc.pid);
    const leaderRss = rssMiB(sidecars.get(leader0)!.proc.pid);

    // Broker rounds.
    const brokerKill: number[] = [];
    const brokerLines: string[] = [];
    const isrToReady: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const n = kafka.brokers[round % kafka.brokers.length]!;
      const killed = performance.now();
      const unready = pollUntil(`sidecar ${n.id} 503`, async () => (await readyzStatus(url(n.id))) === 503, 30_000);
      await n.kill();
      brokerKill.push((await unready) - killed);
      await pollUntil(`broker ${n.id} out of an ISR`, async () => !(await inEveryIsr(kafka, n.id).catch(() => true)), 60_000);
      await kafka.restart(n.id);
      let readyAt = 0;
      const seen: string[] = [];
      const ready = pollUntil(`sidecar ${n.id} 200`, async () => (await readyzStatus(url(n.id), seen)) === 200, 120_000).then((t) => (readyAt = t));
      const inIsr = await pollUntil(`broker ${n.id} back in every ISR`, () => inEveryIsr(kafka, n.id).catch(() => false), 120_000);
      await ready;
      isrToReady.push(readyAt - inIsr);
      if (round === 0) brokerLines.push(...seen.map((l) => l.slice(0, 160)));
      await allReady();
    }

    // Controller rounds: the quorum leader each time.
    const leaderKill: number[] = [];
    const othersReady: number[] = [];
    const restartReady: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const old = await leaderOf(kafka.controllers);
      const others = kafka.controllers.map((c) => c.id).filter((id) => id !== old);
      const killed = performance.now();
      const unready = pollUntil(`sidecar ${old} 503`, async () => (await readyzStatus(url(old))) === 503, 30_000);
      await kafka.nodes.find((x) => x.id === old)!.kill();
      leaderKill.push((await unready) - killed);
      // Ready again under a new leader: the other two say so in their reason.
      await pollUntil('a new leader named', async () => (await leaderOf(kafka.controllers).catch(() => old)) !== old, 60_000);
      othersReady.push((await allReady(others)) - killed);
      const restarted = performance.now();
      await kafka.restart(old);
      restartReady.push((await pollUntil(`sidecar ${old} 200`, async () => (await readyzStatus(url(old))) === 200, 120_000)) - restarted);
      await allReady();
    }
    return {
      'cluster start (3 controllers + 3 brokers, formatted), ms': startMs,
      'sidecar settings': Object.entries(SIDECAR_ENV).filter(([k]) => k !== 'LOG_LEVEL' && k !== 'SIDECAR_MODE').map(([k, v]) => `${k}=${v}`).join(' '),
      [`metrics: partitions (${TOPICS} topics x ${PARTITIONS_PER_TOPIC}, RF 1) + 6 RF 3`]: TOPICS * PARTITIONS_PER_TOPIC + 6,
      'metrics: collection per broker sidecar, ms median / max': fmt(collectMs),
      [`metrics: /metrics scrape p50 / p99 ms (${SCRAPES})`]: `${percentile(scrapeMs, 50).toFixed(1)} / ${percentile(scrapeMs, 99).toFixed(1)}`,
      'memory: broker sidecar RSS MiB': brokerRss,
      'memory: quorum leader sidecar RSS MiB': leaderRss,
      [`readiness: broker rounds`]: ROUNDS,
      'readiness: broker SIGKILL -> /readyz 503, ms median / max': fmt(brokerKill),
      'readiness: broker all back in ISR -> /readyz 200, ms median / max': fmt(isrToReady),
      'readiness: first broker round, /readyz after the restart': brokerLines.join(' -> '),
      'readiness: controller rounds (the quorum leader killed)': ROUNDS,
      'readiness: leader SIGKILL -> its /readyz 503, ms median / max': fmt(leaderKill),
      'readiness: leader SIGKILL -> the other two 200 under a new leader, ms median / max': fmt(othersReady),
      'readiness: old leader restart -> its /readyz 200, ms median / max': fmt(restartReady),
    };
  } catch (e) {
    keep = true;
    throw e;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    if (keep) process.stderr.write(`kraft: logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
